// yaml::parse's entry point and the raw byte checks that run before any parsing.
#include <algorithm>
#include <cstdio>

#include "store/yaml.hpp"
#include "store/yaml_chars.hpp"
#include "store/yaml_reader.hpp"

namespace deals::yaml {

namespace detail {
namespace {

std::string code_point_name(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

/// Why a decoded code point is not allowed in a deal file, or nullptr.
const char* forbidden(char32_t cp) {
  if (cp == 0) return "NUL byte";
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) return "control character";
  if (cp == 0xFEFF) return "byte order mark inside the file";
  if (cp == 0xFFFE || cp == 0xFFFF) return "non-character";
  return nullptr;
}

/// Invisible characters that are never allowed raw (a double-quoted `\u` escape is).
const char* invisible(char32_t cp) {
  if (cp == 0x200B) return "zero-width space";
  if (cp == 0x2060) return "word joiner";
  if (cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
      (cp >= 0x2066 && cp <= 0x2069)) {
    return "bidirectional control character";
  }
  return nullptr;
}

/// A no-break space where YAML syntax wants a plain space: in the indentation, right after
/// `:` or `-`, or right before `:`. (Inside text it is text.)
bool nbsp_as_syntax(std::string_view in, std::size_t i) {
  const std::size_t ls = i == 0 ? 0 : in.rfind('\n', i - 1) + 1;  // npos + 1 == 0
  const std::string_view before = in.substr(ls, i - ls);
  bool indentation = true;
  for (std::size_t k = 0; k < before.size(); ++k) {
    if (before[k] == ' ') continue;
    if (before.compare(k, 2, "\xC2\xA0") == 0) {
      ++k;
      continue;
    }
    indentation = false;
    break;
  }
  if (indentation) return true;
  const char prev = before.back();
  return prev == ':' || prev == '-' || (i + 2 < in.size() && in[i + 2] == ':');
}

/// 1-based column (in characters) of byte `i`.
std::size_t column_of(std::string_view in, std::size_t i) {
  const std::size_t ls = i == 0 ? 0 : in.rfind('\n', i - 1) + 1;
  std::size_t col = 1;
  for (std::size_t k = ls; k < i; ++k) {
    if ((static_cast<unsigned char>(in[k]) & 0xC0) != 0x80) ++col;
  }
  return col;
}

}  // namespace

std::string_view check_bytes(std::string_view in, std::string& buf, const Limits& limits) {
  if (in.size() > limits.max_bytes) {
    throw Failure{1, "file is too large (" + std::to_string(in.size()) + " bytes; the limit is " +
                         std::to_string(limits.max_bytes) + ")"};
  }
  if (in.size() >= 3 && in.compare(0, 3, "\xEF\xBB\xBF") == 0) in.remove_prefix(3);
  // Line numbers are only needed for an error, so the hot loop does not count them.
  const auto fail = [&](std::size_t at, std::string message) {
    const auto line =
        1 + std::count(in.begin(), in.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    throw Failure{static_cast<int>(line), std::move(message)};
  };
  bool crlf = false;
  for (std::size_t i = 0, n = in.size(); i < n;) {
    const auto c = static_cast<unsigned char>(in[i]);
    if ((c >= 0x20 && c < 0x7F) || c == '\n' || c == '\t') {
      ++i;
      continue;
    }
    if (c == '\r') {
      if (i + 1 < n && in[i + 1] == '\n') {
        crlf = true;
        ++i;
        continue;
      }
      fail(i, "carriage return without a line feed (lone CR); use LF or CRLF line ends");
    }
    char32_t cp = 0;
    const std::size_t len = decode_utf8(in, i, cp);
    if (len == 0) fail(i, "invalid UTF-8 byte sequence; the file must be UTF-8");
    if (const char* why = forbidden(cp)) {
      fail(i, std::string(why) + " (" + code_point_name(cp) + ") is not allowed");
    }
    if (const char* name = invisible(cp)) {
      fail(i, std::string("invisible character ") + code_point_name(cp) + " (" + name +
                  ") at column " + std::to_string(column_of(in, i)) +
                  "; delete it (or write it as an escape in double quotes)");
    }
    if (cp == 0xA0 && nbsp_as_syntax(in, i)) {
      fail(i, "no-break space (U+00A0) at column " + std::to_string(column_of(in, i)) +
                  "; use a plain space");
    }
    i += len;
  }
  if (!crlf) return in;
  buf.clear();
  buf.reserve(in.size());
  for (std::size_t i = 0; i < in.size();) {
    const std::size_t cr = in.find('\r', i);
    const std::size_t stop = cr == std::string_view::npos ? in.size() : cr;
    buf.append(in.data() + i, stop - i);
    i = stop + 1;
  }
  return buf;
}

}  // namespace detail

std::string_view parsed_text(std::string_view text, std::string& buf) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  if (text.find('\r') == std::string_view::npos) return text;
  buf.clear();
  buf.reserve(text.size());
  for (const char c : text) {
    if (c != '\r') buf += c;
  }
  return buf;
}

Node::~Node() = default;

bool Node::is_null() const {
  if (kind != Kind::Scalar || !plain || scalar.size() > 4) return false;
  const std::string_view s = scalar;
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

const Node* Node::find(std::string_view key) const {
  for (const auto& [k, v] : entries) {
    if (k.scalar == key) return &v;
  }
  return nullptr;
}

namespace {

/// Git's conflict markers make a file unreadable; say so instead of a syntax error.
void conflict_marker(std::string_view text, ParseError& error) {
  int line = 1;
  for (std::size_t i = 0; i < text.size(); ++line) {
    const std::size_t nl = text.find('\n', i);
    const std::string_view l =
        text.substr(i, nl == std::string_view::npos ? std::string_view::npos : nl - i);
    for (const char* marker : {"<<<<<<<", "=======", ">>>>>>>", "|||||||"}) {
      if (l.starts_with(marker) && (l.size() == 7 || l[7] == ' ' || l[7] == '\r')) {
        error.line = line;
        error.message = std::string("unresolved merge conflict (git's '") + marker +
                        "' marker); keep the lines you want and delete the markers";
        return;
      }
    }
    if (nl == std::string_view::npos) break;
    i = nl + 1;
  }
}

}  // namespace

bool parse(std::string_view text, Node& out, ParseError& error, const Limits& limits) {
  try {
    std::string buf;
    const std::string_view checked = detail::check_bytes(text, buf, limits);
    out = Node{};
    detail::Reader(checked, limits).document(out);
    return true;
  } catch (const detail::Failure& f) {
    error.line = f.line;
    error.message = f.message;
    conflict_marker(text, error);
    out = Node{};
    return false;
  }
}

}  // namespace deals::yaml

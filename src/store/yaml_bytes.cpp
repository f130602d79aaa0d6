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
    out = Node{};
    return false;
  }
}

}  // namespace deals::yaml

// Scalars of the strict YAML reader: plain, quoted, literal and folded block.
#include <algorithm>

#include "store/yaml_chars.hpp"
#include "store/yaml_reader.hpp"

namespace deals::yaml::detail {

std::size_t Reader::scan_plain_line(std::size_t i, bool& comment, bool continuation) const {
  std::size_t end = i;
  comment = false;
  for (; i < s_.size() && s_[i] != '\n'; ++i) {
    const char c = s_[i];
    if (c == '#' && is_ws(at(i - 1))) {
      comment = true;
      break;
    }
    if (c == ':' && ws_or_end(i + 1)) {
      fail(line_, continuation
                      ? "this line is indented more than the key above it (or, if ': ' is "
                        "part of the text, quote the value)"
                      : "unexpected ': ' in a value (nested mappings go on the next lines; or "
                        "quote it)");
    }
    if (!is_ws(c)) end = i + 1;
  }
  return end;
}

void Reader::plain_block(Node& out, int parent) {
  init(out, Node::Kind::Scalar, line_);
  out.plain = true;
  bool comment = false;
  std::size_t end = scan_plain_line(p_, comment, false);
  out.scalar.assign(s_.data() + p_, end - p_);
  out.end = static_cast<std::uint32_t>(end);
  for (;;) {
    while (p_ < s_.size() && s_[p_] != '\n') ++p_;  // rest of the line (spaces, comment)
    if (p_ >= s_.size()) return;
    newline();
    if (comment) return;  // a comment ends a plain scalar
    int blanks = 0;
    for (;;) {  // blank lines inside the scalar
      std::size_t i = p_;
      while (is_ws(at(i))) ++i;
      if (at(i) != '\n') break;
      p_ = i;
      newline();
      ++blanks;
    }
    std::size_t i = p_;
    while (at(i) == ' ') ++i;
    const int indent = static_cast<int>(i - p_);
    while (is_ws(at(i))) ++i;
    if (indent <= parent || at(i) == '#' || at(i) == '\0' || (indent == 0 && is_doc_marker(p_))) {
      return;  // p_ stays at this line's start
    }
    end = scan_plain_line(i, comment, true);
    if (blanks == 0) {
      out.scalar += ' ';
    } else {
      out.scalar.append(static_cast<std::size_t>(blanks), '\n');
    }
    out.scalar.append(s_.data() + i, end - i);
    out.end = static_cast<std::uint32_t>(end);
    p_ = end;
  }
}

void Reader::fold_quoted(std::string& r, std::size_t keep, int start_line, char quote) {
  while (r.size() > keep && is_ws(r.back())) r.pop_back();
  newline();
  int blanks = 0;
  for (;;) {
    if (is_doc_marker(p_)) break;
    while (is_ws(at(p_))) ++p_;
    if (at(p_) != '\n') break;
    newline();
    ++blanks;
  }
  if (p_ >= s_.size() || (p_ == line_start_ && is_doc_marker(p_))) {
    fail(start_line, std::string("unclosed quoted string (the ") + quote + " on this line)");
  }
  check_continuation(start_line, false, quote);
  if (blanks == 0) {
    r += ' ';
  } else {
    r.append(static_cast<std::size_t>(blanks), '\n');
  }
}

namespace {

// The escapes of one character in a double-quoted string, and what each stands for.
struct CharEscape {
  char c;
  char32_t cp;
};
constexpr CharEscape kCharEscapes[] = {
    {'0', 0},    {'a', '\a'},  {'b', '\b'}, {'t', '\t'}, {'\t', '\t'},  {'n', '\n'},
    {'v', '\v'}, {'f', '\f'},  {'r', '\r'}, {'e', 0x1B}, {' ', ' '},    {'"', '"'},
    {'/', '/'},  {'\\', '\\'}, {'N', 0x85}, {'_', 0xA0}, {'L', 0x2028}, {'P', 0x2029},
};

// How many hex digits follow `\x`, `\u` and `\U`; 0 for any other letter.
int hex_digits(char e) {
  return e == 'x' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : 0;
}

int hex_value(char h) {
  return h >= '0' && h <= '9'   ? h - '0'
         : h >= 'a' && h <= 'f' ? h - 'a' + 10
         : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                : -1;
}

}  // namespace

void Reader::escape(std::string& r) {
  ++p_;  // the backslash
  const char e = at(p_++);
  for (const auto& x : kCharEscapes) {
    if (x.c == e) {
      append_utf8(r, x.cp);
      return;
    }
  }
  if (e == '\n') {  // an escaped line break joins the lines without a space; empty lines
    --p_;           // after it are line breaks, as YAML reads them
    newline();
    for (;;) {
      while (is_ws(at(p_))) ++p_;
      if (at(p_) != '\n') break;
      r += '\n';
      newline();
    }
    return;
  }
  const int digits = hex_digits(e);
  if (digits == 0)
    fail(line_,
         std::string("unknown escape '\\") + (e == '\0' ? ' ' : e) + "' in a double-quoted string");
  char32_t cp = 0;
  for (int k = 0; k < digits; ++k, ++p_) {
    const int v = hex_value(at(p_));
    if (v < 0) fail(line_, std::string("bad escape '\\") + e + "': expected hex digits");
    cp = cp * 16 + static_cast<char32_t>(v);
  }
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    fail(line_, "escape '\\" + std::string(1, e) + "' is not a valid Unicode code point");
  }
  append_utf8(r, cp);
}

void Reader::double_quoted(Node& out) {
  const int start_line = line_;
  init(out, Node::Kind::Scalar, line_);
  std::string& r = out.scalar;
  std::size_t keep = 0;  // escaped or folded whitespace before this index is content
  ++p_;
  for (;;) {
    if (p_ >= s_.size()) fail(start_line, "unclosed quoted string (the \" on this line)");
    const char c = s_[p_];
    if (c == '"') {
      out.end = static_cast<std::uint32_t>(++p_);
      return;
    }
    if (c == '\\') {
      escape(r);
      keep = r.size();
    } else if (c == '\n') {
      fold_quoted(r, keep, start_line, '"');
      keep = r.size();
    } else {
      const std::size_t stop = s_.find_first_of("\"\\\n", p_);
      const std::size_t end = stop == std::string_view::npos ? s_.size() : stop;
      r.append(s_.data() + p_, end - p_);
      p_ = end;
    }
  }
}

void Reader::single_quoted(Node& out) {
  const int start_line = line_;
  init(out, Node::Kind::Scalar, line_);
  std::string& r = out.scalar;
  std::size_t keep = 0;
  ++p_;
  for (;;) {
    if (p_ >= s_.size()) fail(start_line, "unclosed quoted string (the ' on this line)");
    const char c = s_[p_];
    if (c == '\'') {
      if (at(p_ + 1) != '\'') {
        out.end = static_cast<std::uint32_t>(++p_);
        return;
      }
      r += '\'';
      p_ += 2;
      keep = r.size();
    } else if (c == '\n') {
      fold_quoted(r, keep, start_line, '\'');
      keep = r.size();
    } else {
      const std::size_t stop = s_.find_first_of("'\n", p_);
      const std::size_t end = stop == std::string_view::npos ? s_.size() : stop;
      r.append(s_.data() + p_, end - p_);
      p_ = end;
    }
  }
}

int Reader::detect_block_indent(int parent) const {
  int max_blank = 0;
  for (std::size_t i = p_; i < s_.size();) {
    std::size_t j = i;
    while (at(j) == ' ') ++j;
    const int sp = static_cast<int>(j - i);
    if (at(j) == '\n') {
      max_blank = std::max(max_blank, sp);
      i = j + 1;
      continue;
    }
    if (at(j) == '\0') break;
    if (sp > parent && sp < max_blank) {
      fail(line_, "a leading blank line of a block scalar has more spaces than its first line");
    }
    return std::max({sp, parent + 1, 1});
  }
  return std::max({max_blank, parent + 1, 1});
}

namespace {

// A block scalar's header: `|` or `>`, then a chomping and an indentation indicator in
// either order.
struct BlockHeader {
  bool literal = false;
  char chomp = 0;  // '-', '+' or none
  int indent = 0;  // the indentation indicator, 0 when none
};

// Reads the header at `s[p]`; returns the position after it.
std::size_t read_block_header(std::string_view s, std::size_t p, BlockHeader& h) {
  auto at = [&](std::size_t i) { return i < s.size() ? s[i] : '\0'; };
  h.literal = at(p++) == '|';
  for (int k = 0; k < 2; ++k) {
    const char c = at(p);
    if ((c == '-' || c == '+') && !h.chomp) {
      h.chomp = c;
      ++p;
    } else if (c >= '1' && c <= '9' && !h.indent) {
      h.indent = c - '0';
      ++p;
    }
  }
  return p;
}

// Joins the content lines of a block scalar: a literal one keeps its line breaks, a folded
// one turns a single break between two lines that are not more indented into a space.
struct BlockJoin {
  bool literal;
  bool have_content = false, prev_more = false;

  // Appends `line`, after the `pending` empty lines before it.
  void add(std::string& r, std::string_view line, int pending) {
    const bool more = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    if (!have_content) {
      r.append(static_cast<std::size_t>(pending), '\n');
    } else if (!literal && !prev_more && !more) {
      if (pending == 0) {
        r += ' ';
      } else {
        r.append(static_cast<std::size_t>(pending), '\n');
      }
    } else {
      r.append(static_cast<std::size_t>(pending) + 1, '\n');
    }
    r.append(line);
    have_content = true;
    prev_more = more;
  }
};

}  // namespace

void Reader::block_scalar(Node& out, int parent) {
  init(out, Node::Kind::Scalar, line_);
  BlockHeader h;
  p_ = read_block_header(s_, p_, h);
  if (!ws_or_end(p_)) fail(line_, "unexpected text after the block scalar indicator");
  out.end = static_cast<std::uint32_t>(p_);
  finish_line();
  const int indent = h.indent ? std::max(parent, 0) + h.indent : detect_block_indent(parent);
  std::string& r = out.scalar;
  int pending = 0;  // empty lines since the last content line
  BlockJoin join{h.literal};
  bool last_break = false;
  while (p_ < s_.size()) {
    std::size_t i = p_;
    while (at(i) == ' ' && static_cast<int>(i - p_) < indent) ++i;
    // The end of the text after indentation spaces ends the scalar too (found by fuzzing:
    // ">\n\n " read one byte past the end).
    if (static_cast<int>(i - p_) < indent || at(i) == '\n' || i >= s_.size()) {
      std::size_t j = i;
      while (at(j) == ' ') ++j;
      if (at(j) == '\0') {
        p_ = j;
        break;
      }
      if (at(j) != '\n') break;  // a less indented line ends the scalar
      ++pending;
      p_ = j;
      newline();
      continue;
    }
    const std::size_t nl = s_.find('\n', i);
    const std::size_t e = nl == std::string_view::npos ? s_.size() : nl;
    join.add(r, s_.substr(i, e - i), pending);
    out.end = static_cast<std::uint32_t>(e);
    pending = 0;
    p_ = e;
    last_break = p_ < s_.size();
    if (last_break) newline();
  }
  if (h.chomp == '+') {
    if (join.have_content && last_break) r += '\n';
    r.append(static_cast<std::size_t>(pending), '\n');
  } else if (h.chomp == 0 && join.have_content && last_break) {
    r += '\n';
  }
}

}  // namespace deals::yaml::detail

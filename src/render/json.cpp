#include "render/json.hpp"

#include <array>
#include <cmath>
#include <cstdio>

#include "core/text.hpp"

namespace deals {

namespace {

std::string unicode_escape(char32_t cp) {
  char buf[12];
  std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
  return buf;
}

// How each ASCII character is written inside a JSON string ("" = as it is): the quote,
// the backslash, \n \r \t, and every other C0 control and DEL as \u00XX.
const std::array<std::string, 128>& ascii_escapes() {
  static const std::array<std::string, 128> table = [] {
    std::array<std::string, 128> t{};
    for (char32_t c = 0; c < 0x20; ++c) t[c] = unicode_escape(c);
    t[0x7F] = unicode_escape(0x7F);
    t['"'] = "\\\"";
    t['\\'] = "\\\\";
    t['\n'] = "\\n";
    t['\r'] = "\\r";
    t['\t'] = "\\t";
    return t;
  }();
  return table;
}

// C1 controls, bidirectional controls and the line and paragraph separators: JSON allows
// them raw, but a terminal obeys C1 controls and bidi overrides reorder text.
bool invisible(char32_t cp) {
  return (cp >= 0x80 && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029 || is_bidi_control(cp);
}

// Appends `s` to `out` as a JSON string: runs of plain ASCII are copied at once.
void append_json_string(std::string& out, std::string_view s) {
  const auto& escapes = ascii_escapes();
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    std::size_t plain = i;
    while (plain < s.size()) {
      const auto c = static_cast<unsigned char>(s[plain]);
      if (c >= 0x80 || !escapes[c].empty()) break;
      ++plain;
    }
    out.append(s, i, plain - i);
    if ((i = plain) == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += escapes[c];
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t len = decode_utf8(s, i, cp);
    if (len == 0) len = 1;  // not UTF-8: the byte as it is
    if (invisible(cp) && len > 1)
      out += unicode_escape(cp);
    else
      out.append(s, i, len);
    i += len;
  }
  out += '"';
}

}  // namespace

std::string json_string(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 2);
  append_json_string(out, s);
  return out;
}

void Json::newline() {
  out_ += '\n';
  out_.append(2 * (depth_ + first_.size()), ' ');
}

void Json::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
}

Json& Json::begin_object() {
  before_value();
  out_ += '{';
  first_.push_back(true);
  return *this;
}

Json& Json::end_object() {
  bool empty = first_.back();
  first_.pop_back();
  if (!empty) newline();
  out_ += '}';
  return *this;
}

Json& Json::begin_array() {
  before_value();
  out_ += '[';
  first_.push_back(true);
  return *this;
}

Json& Json::end_array() {
  end_object();
  out_.back() = ']';
  return *this;
}

Json& Json::key(std::string_view k) {
  before_value();
  append_json_string(out_, k);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

Json& Json::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
  return *this;
}

Json& Json::value(double d) {
  before_value();
  if (!std::isfinite(d)) {
    out_ += "null";
    return *this;
  }
  // Round to 6 decimals so sums of money do not print float noise.
  double r = std::round(d * 1e6) / 1e6;
  out_ += format_number(r == 0 ? 0 : r);
  return *this;
}

Json& Json::value(int i) {
  before_value();
  out_ += std::to_string(i);
  return *this;
}

Json& Json::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
  return *this;
}

Json& Json::null() {
  before_value();
  out_ += "null";
  return *this;
}

Json& Json::rendered(std::string_view value) {
  before_value();
  if (value.ends_with('\n')) value.remove_suffix(1);
  out_ += value;
  return *this;
}

std::string json_array(std::vector<std::string>& values) {
  std::size_t bytes = 4;
  for (const auto& v : values) bytes += v.size() + 2;
  Json j;
  j.reserve(bytes);
  j.begin_array();
  for (auto& v : values) {
    j.rendered(v);
    std::string().swap(v);
  }
  j.end_array();
  return std::move(j).str();
}

Json& Json::value(const std::vector<std::string>& list) {
  begin_array();
  for (const auto& s : list) value(s);
  return end_array();
}

}  // namespace deals

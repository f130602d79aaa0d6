#include "render/json.hpp"

#include <cmath>
#include <cstdio>

#include "core/text.hpp"

namespace deals {

namespace {

// The code point of a C1 control (U+0080-U+009F), a bidirectional control or a line or
// paragraph separator (U+2028, U+2029) encoded at s[i], with its length; 0 otherwise.
// JSON allows them raw, but a terminal obeys C1 controls and bidi overrides reorder text.
std::size_t invisible_at(std::string_view s, std::size_t i, unsigned& cp) {
  auto b = [&](std::size_t k) {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u;
  };
  if (b(0) == 0xC2 && b(1) >= 0x80 && b(1) <= 0x9F) return cp = b(1), 2;
  if (b(0) == 0xD8 && b(1) == 0x9C) return cp = 0x061C, 2;
  if (b(0) == 0xE2 && b(1) == 0x80 &&
      (b(2) == 0x8E || b(2) == 0x8F || (b(2) >= 0xA8 && b(2) <= 0xAE)))
    return cp = 0x2000 + (b(2) - 0x80), 3;
  if (b(0) == 0xE2 && b(1) == 0x81 && b(2) >= 0xA6 && b(2) <= 0xA9)
    return cp = 0x2040 + (b(2) - 0x80), 3;
  return 0;
}

}  // namespace

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    unsigned cp = 0;
    if (std::size_t len = c >= 0xC2 ? invisible_at(s, i, cp) : 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", cp);
      out += buf;
      i += len - 1;
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

void Json::newline() {
  out_ += '\n';
  out_.append(2 * first_.size(), ' ');
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
  out_ += json_string(k);
  out_ += ": ";
  after_key_ = true;
  return *this;
}

Json& Json::value(std::string_view s) {
  before_value();
  out_ += json_string(s);
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

Json& Json::value(const std::vector<std::string>& list) {
  begin_array();
  for (const auto& s : list) value(s);
  return end_array();
}

}  // namespace deals

#include "render/json.hpp"

#include <cmath>
#include <cstdio>

#include "core/text.hpp"

namespace deals {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
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

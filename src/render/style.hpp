#pragma once
// Text styling: ANSI colour only when enabled (a terminal, no NO_COLOR, no --no-color).
#include <string>
#include <string_view>

namespace deals {

struct Style {
  bool color = false;
  std::string wrap(std::string_view s, const char* code) const {
    if (!color) return std::string(s);
    return std::string("\x1b[") + code + "m" + std::string(s) + "\x1b[0m";
  }
  std::string bold(std::string_view s) const { return wrap(s, "1"); }
  std::string dim(std::string_view s) const { return wrap(s, "2"); }
  std::string red(std::string_view s) const { return wrap(s, "31"); }
  std::string green(std::string_view s) const { return wrap(s, "32"); }
  std::string yellow(std::string_view s) const { return wrap(s, "33"); }
};

/// "12,000" or "1,234.50": thousands separators, cents only when not whole.
std::string money(double value);

}  // namespace deals

#include "core/date.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace deals {
namespace {

namespace chr = std::chrono;

chr::sys_days to_sys(int32_t days) {
  return chr::sys_days{chr::days{days}};
}

chr::year_month_day civil(int32_t days) {
  return chr::year_month_day{to_sys(days)};
}

int32_t from_civil(const chr::year_month_day& ymd) {
  return static_cast<int32_t>(chr::sys_days{ymd}.time_since_epoch().count());
}

bool parse_uint(std::string_view s, int& out) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31) {
    return std::nullopt;
  }
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return std::nullopt;
  return from_days(from_civil(ymd));
}

std::optional<Date> Date::parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y, m, d;
  if (!parse_uint(t.substr(0, 4), y) || !parse_uint(t.substr(5, 2), m) ||
      !parse_uint(t.substr(8, 2), d))
    return std::nullopt;
  return from_ymd(y, m, d);
}

int Date::year() const {
  return static_cast<int>(civil(days_).year());
}
int Date::month() const {
  return static_cast<int>(static_cast<unsigned>(civil(days_).month()));
}
int Date::day() const {
  return static_cast<int>(static_cast<unsigned>(civil(days_).day()));
}

int Date::weekday() const {
  return static_cast<int>(chr::weekday{to_sys(days_)}.iso_encoding()) - 1;  // Monday = 0
}

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year(), month(), day());
  return buf;
}

std::string Date::month_key() const {
  return str().substr(0, 7);
}

Date Date::add_months(int n) const {
  const chr::year_month_day ymd = civil(days_);
  const chr::year_month target = chr::year_month{ymd.year(), ymd.month()} + chr::months{n};
  const chr::day last =
      chr::year_month_day_last{target.year(), chr::month_day_last{target.month()}}.day();
  return from_days(from_civil(target / std::min(ymd.day(), last)));
}

std::optional<Date> parse_date_arg(std::string_view t, Date today) {
  if (t == "today") return today;
  if (t == "yesterday") return today.add_days(-1);
  if (t == "tomorrow") return today.add_days(1);
  if (t.size() >= 3 && (t[0] == '+' || t[0] == '-')) {
    int n;
    char unit = t.back();
    if (!parse_uint(t.substr(1, t.size() - 2), n) || n > 100000) return std::nullopt;
    if (t[0] == '-') n = -n;
    switch (unit) {
      case 'd':
        return today.add_days(n);
      case 'w':
        return today.add_days(7 * n);
      case 'm':
        return today.add_months(n);
      default:
        return std::nullopt;
    }
  }
  return Date::parse(t);
}

std::optional<Date> parse_iso_week(std::string_view t) {
  // YYYY-Www
  if (t.size() != 8 || t[4] != '-' || (t[5] != 'W' && t[5] != 'w')) return std::nullopt;
  int y, w;
  if (!parse_uint(t.substr(0, 4), y) || !parse_uint(t.substr(6, 2), w)) return std::nullopt;
  auto jan4 = Date::from_ymd(y, 1, 4);
  if (!jan4 || w < 1) return std::nullopt;
  Date week1 = jan4->add_days(-jan4->weekday());
  // Years have 53 ISO weeks when Jan 1 is a Thursday, or a Wednesday in a leap year.
  auto jan1 = *Date::from_ymd(y, 1, 1);
  const bool leap = chr::year{y}.is_leap();
  int weeks = (jan1.weekday() == 3 || (jan1.weekday() == 2 && leap)) ? 53 : 52;
  if (w > weeks) return std::nullopt;
  return week1.add_days(7 * (w - 1));
}

}  // namespace deals

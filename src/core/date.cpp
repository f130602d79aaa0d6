#include "core/date.hpp"

#include <charconv>
#include <cstdio>

namespace deals {
namespace {

// Howard Hinnant's civil-date algorithms (public domain).
int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
  int y;
  unsigned m, d;
};

Civil civil_from_days(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool leap(int y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int month_length(int y, int m) {
  static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : lengths[m - 1];
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
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > month_length(year, month)) return std::nullopt;
  return from_days(days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
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
  return civil_from_days(days_).y;
}
int Date::month() const {
  return static_cast<int>(civil_from_days(days_).m);
}
int Date::day() const {
  return static_cast<int>(civil_from_days(days_).d);
}

int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  int w = (days_ + 3) % 7;
  return w < 0 ? w + 7 : w;
}

std::string Date::str() const {
  Civil c = civil_from_days(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

std::string Date::month_key() const {
  return str().substr(0, 7);
}

Date Date::add_months(int n) const {
  Civil c = civil_from_days(days_);
  int total = c.y * 12 + static_cast<int>(c.m) - 1 + n;
  int y = total / 12, m = total % 12 + 1;
  int d = std::min(static_cast<int>(c.d), month_length(y, m));
  return from_days(days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)));
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
  int weeks = (jan1.weekday() == 3 || (jan1.weekday() == 2 && leap(y))) ? 53 : 52;
  if (w > weeks) return std::nullopt;
  return week1.add_days(7 * (w - 1));
}

}  // namespace deals

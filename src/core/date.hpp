#pragma once
// Calendar dates without time or zone, as days since 1970-01-01 (std::chrono
// sys_days inside; the calendar arithmetic is <chrono>'s year_month_day and weekday).
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace deals {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }
  /// Builds a date from a valid civil date; returns nullopt for impossible ones (Feb 30).
  static std::optional<Date> from_ymd(int year, int month, int day);
  /// Parses exactly `YYYY-MM-DD` (a real calendar date); nullopt otherwise.
  static std::optional<Date> parse(std::string_view text);

  int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  /// 0 = Monday ... 6 = Sunday.
  int weekday() const;
  /// `YYYY-MM-DD`.
  std::string str() const;
  /// `YYYY-MM`.
  std::string month_key() const;

  Date add_days(int n) const { return from_days(days_ + n); }
  /// Adds calendar months, clamping the day to the target month's length.
  Date add_months(int n) const;

  friend constexpr auto operator<=>(Date a, Date b) = default;
  friend constexpr int operator-(Date a, Date b) { return a.days_ - b.days_; }

 private:
  int32_t days_ = 0;
};

/// Parses a DATE argument: `YYYY-MM-DD`, `today`, `yesterday`, `tomorrow`, or `+N`/`-N`
/// with a unit `d`, `w` or `m` relative to `today`. nullopt when it is none of these.
std::optional<Date> parse_date_arg(std::string_view text, Date today);

/// ISO week (`YYYY-Www`) to its Monday; nullopt when malformed.
std::optional<Date> parse_iso_week(std::string_view text);

}  // namespace deals

#include "core/week.hpp"

#include <cstdio>

namespace deals {

Date start_of_week(Date d, int week_start) {
  int back = ((d.weekday() - week_start) % 7 + 7) % 7;
  return d.add_days(-back);
}

std::string iso_week_label(Date d) {
  // The ISO week belongs to the year of its Thursday; week 1 holds the year's first
  // Thursday.
  Date thursday = d.add_days(3 - d.weekday());
  int year = thursday.year();
  Date jan1 = *Date::from_ymd(year, 1, 1);
  int week = (thursday - jan1) / 7 + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-W%02d", year, week);
  return buf;
}

std::optional<Period> parse_week(std::string_view arg, Date today, int week_start) {
  if (arg == "this" || arg == "last") {
    Date start = start_of_week(today, week_start);
    if (arg == "last") start = start.add_days(-7);
    return Period{start, start.add_days(6)};
  }
  auto monday = parse_iso_week(arg);
  if (!monday) return std::nullopt;
  return Period{*monday, monday->add_days(6)};
}

Period default_review_period(Date today) {
  return {today.add_days(-6), today};
}

}  // namespace deals

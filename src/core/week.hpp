#pragma once
// Weeks and report periods: `--week YYYY-Www|last|this` and the review's default period.
#include <optional>
#include <string>
#include <string_view>

#include "core/date.hpp"

namespace deals {

/// A closed date range [since, until], both days included.
struct Period {
  Date since;
  Date until;
  bool contains(Date d) const { return since <= d && d <= until; }
  bool operator==(const Period&) const = default;
};

/// The first day of the week holding `d`, for weeks starting on `week_start`
/// (0 = Monday ... 6 = Sunday, as Config::week_start).
Date start_of_week(Date d, int week_start);

/// The ISO 8601 week holding `d`, as `YYYY-Www` (the ISO year may differ from d.year()
/// around New Year: 2027-01-01 is in 2026-W53).
std::string iso_week_label(Date d);

/// The period of a `--week` argument:
/// * `this`: the week holding `today`, starting on `week_start`, 7 days;
/// * `last`: the week before that;
/// * `YYYY-Www` (or `YYYY-wWW`): the ISO week, Monday to Sunday, whatever `week_start` is
///   (ISO week numbers are defined for Monday weeks).
/// nullopt when the argument is none of these or names a week the year does not have.
std::optional<Period> parse_week(std::string_view arg, Date today, int week_start);

/// The review's default period: the 7 days ending today.
Period default_review_period(Date today);

}  // namespace deals

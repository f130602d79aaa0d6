#pragma once
// Pipeline metrics (spec section 7, `deals stats`). Pure: no I/O, no clock.
#include <optional>
#include <string>
#include <vector>

#include "core/breakdown.hpp"
#include "core/config.hpp"
#include "core/deal.hpp"
#include "core/money.hpp"

namespace deals {

/// One open stage of the conversion funnel.
struct StageStats {
  std::string stage;
  /// Deals of the population whose furthest stage (see furthest_stage: the furthest open
  /// stage in their history by pipeline order; every stage for won deals; the first stage
  /// for deals that never entered a configured open stage) is at or beyond this one.
  /// Skipped stages count as reached.
  int reached = 0;
  /// reached(next stage) / reached(this stage); for the last open stage won / reached.
  /// nullopt when reached is 0.
  std::optional<double> conversion;
  /// Mean, over the population's deals that left this stage, of the days each spent in
  /// it: a visit lasts from its history entry's date to the next history entry's date
  /// (whatever stage that is, backwards included); a deal's visits are summed. Visits
  /// still in progress are not counted. nullopt when no deal left the stage.
  std::optional<double> avg_days;
};

/// Deals of one `source`.
struct SourceStats {
  std::optional<std::string> source;  // nullopt: deals without a source ("(none)")
  int deals = 0;                      // in the population: open + won + lost
  int open = 0;
  int won = 0;
  int lost = 0;
  std::optional<double> win_rate;  // won / (won + lost); nullopt when none closed
  double won_value = 0;  // sum of the won deals' values in the pipeline's currency (see money)
};

struct CycleDays {
  double mean = 0;
  double median = 0;  // the mean of the two middle values for an even count
};

/// Metrics over a population of deals.
///
/// The population: the deals open at the end of the period (as they stood on `until`,
/// see as_of; now when there is no `until`) plus the deals closed in the period. A deal is
/// closed when its last history entry (as of `until`) is won or lost; its close date is
/// that entry's date; "closed in the period" means since <= close date <= until, a
/// missing bound being open-ended. Without bounds the population is every deal. Deals
/// closed before `since`, and deals created after `until`, are left out.
struct Stats {
  int open = 0;  // deals open at the end of the period
  int won = 0;   // deals won in the period
  int lost = 0;  // deals lost in the period
  /// won / (won + lost); nullopt when no deal closed in the period.
  std::optional<double> win_rate;
  /// Mean value, in the pipeline's currency, of the deals won in the period that have a
  /// convertible value (deals without a value or a rate are left out, not counted as 0);
  /// nullopt when there is none.
  std::optional<double> average_won_value;
  /// Close date − created, in days, over the deals won in the period; nullopt when none.
  std::optional<CycleDays> cycle_days;
  /// The funnel over the population, one entry per configured open stage, in order.
  /// Every population deal reaches the first stage, so stages[0].reached = open + won +
  /// lost, and with no open deals the product of the conversions equals win_rate.
  std::vector<StageStats> stages;
  /// Per source over the population, sorted by source name (byte order), deals without a
  /// source last.
  std::vector<SourceStats> by_source;
  /// open × average_won_value × win_rate / cycle_days.mean: expected won value per day.
  /// nullopt when any factor is missing or the mean cycle is 0 days.
  std::optional<double> velocity_per_day;
  /// Why the deals lost in the period were lost (see lost_reasons), most frequent first.
  std::vector<ReasonCount> lost_reasons;
  /// Per tag over the population (see tag_stats), by tag.
  std::vector<TagStats> by_tag;

  /// The rates behind average_won_value, won_value and velocity, and the deals left out
  /// of them for want of a rate (they still count in open/won/lost and win_rate).
  MoneySummary money;
};

/// Computes the Stats of `deals` for the period [since, until] (both inclusive, either
/// may be absent). Values are converted to the pipeline's currency (MoneySummary::take);
/// a value without a rate is left out of every sum and average.
Stats compute_stats(const std::vector<Deal>& deals, const Config& config,
                    std::optional<Date> since = std::nullopt,
                    std::optional<Date> until = std::nullopt);

}  // namespace deals

#pragma once
// Breakdowns of closed deals for `deals stats`: per month, quarter or year, lost reasons,
// figures by tag (SPEC §13). Pure.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "core/money.hpp"

namespace deals {

enum class PeriodUnit { Month, Quarter, Year };

/// "month", "quarter" or "year"; nullopt otherwise.
std::optional<PeriodUnit> parse_period_unit(std::string_view text);
const char* period_unit_name(PeriodUnit unit);
/// The period holding `date`: "2017-03", "2017-Q1" or "2017".
std::string period_label(Date date, PeriodUnit unit);

/// Deals closed in one period (by close date, see closing_of).
struct PeriodRow {
  std::string period;  // period_label
  int won = 0;
  double won_value = 0;  // sum of the won deals' values (absent = 0)
  int lost = 0;
  std::optional<double> win_rate;  // won / (won + lost); nullopt when none closed
};

/// The deals closed in [since, until] (either bound may be absent) as they stood on
/// `until`, by period, oldest first: every period from the first to the last that has a
/// closing, the empty ones between included. Values are summed in the pipeline's
/// currency through `money` (which records the rates used and the deals left out).
std::vector<PeriodRow> closed_by_period(const std::vector<Deal>& deals, PeriodUnit unit,
                                        std::optional<Date> since, std::optional<Date> until,
                                        const Config& config, MoneySummary& money);

/// Why deals were lost: the closing entry's reason, or "(no reason)".
struct ReasonCount {
  std::string reason;
  int count = 0;
  double value = 0;  // the lost deals' values summed
};

/// Deals of one tag (a deal with several tags counts under each).
struct TagStats {
  std::string tag;
  int deals = 0;  // open + won + lost
  int open = 0;
  int won = 0;
  int lost = 0;
  std::optional<double> win_rate;
  double open_value = 0;
  double won_value = 0;
};

/// The population of compute_stats (open at `until` plus closed in the period): lost
/// reasons, most frequent first (then by reason); tags by name.
/// Values are summed in the pipeline's currency through `money`.
std::vector<ReasonCount> lost_reasons(const std::vector<Deal>& deals, std::optional<Date> since,
                                      std::optional<Date> until, const Config& config,
                                      MoneySummary& money);
std::vector<TagStats> tag_stats(const std::vector<Deal>& deals, std::optional<Date> since,
                                std::optional<Date> until, const Config& config,
                                MoneySummary& money);

}  // namespace deals

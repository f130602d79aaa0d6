#pragma once
// Weighted forecast by expected close month (spec section 7, `deals forecast`). Pure.
#include <optional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "core/money.hpp"

namespace deals {

enum class ForecastMethod { stage, historical };

/// "stage" or "historical".
const char* method_name(ForecastMethod method);
/// Parses "stage" or "historical"; nullopt otherwise.
std::optional<ForecastMethod> parse_method(const std::string& text);

/// Open deals summed: how many, their values (absent = 0) and weighted values.
struct ForecastBucket {
  int count = 0;
  double value = 0;
  double weighted = 0;
};

struct ForecastMonth {
  std::string month;  // "YYYY-MM"
  ForecastBucket sums;
};

/// The probability of one open stage: the configured one, and the one the forecast used.
struct StageProbability {
  std::string stage;
  double configured = 0;
  double used = 0;  // = configured for the stage method
  /// Historical evidence (filled for both methods): closed deals that reached the stage
  /// (see furthest_stage) and how many of them were won.
  int closed_reached = 0;
  int won_reached = 0;
  /// True when `used` is the historical share (historical method and closed_reached >=
  /// kHistoricalMinimum).
  bool historical = false;
};

/// Closed deals a stage needs before its historical share replaces the configured value.
inline constexpr int kHistoricalMinimum = 10;

/// The forecast. Only open deals count (see is_open_deal).
///
/// * months: `months` calendar months starting with today's month (at least 1). A deal
///   counts in the month of its expected_close. A deal whose expected_close lies before
///   today's month (overdue, still open) counts in the first month, and also in
///   `overdue`.
/// * later: deals expected to close after the last month of the window.
/// * unscheduled: deals without expected_close.
/// * total: every open deal (= months + later + unscheduled).
/// * A deal's weighted value is value × its own `probability` if set, else the used
///   probability of its stage (a stage not configured: the configured probability_for,
///   which is 0 for an unknown stage).
/// * Historical method: for each open stage, the share of closed deals (won or lost;
///   every closed deal passed in) that reached the stage and were won, when at least
///   kHistoricalMinimum closed deals reached it; else the configured probability.
struct Forecast {
  ForecastMethod method = ForecastMethod::stage;
  std::vector<ForecastMonth> months;
  ForecastBucket overdue;  // already included in months[0]
  ForecastBucket later;
  ForecastBucket unscheduled;
  ForecastBucket total;
  std::vector<StageProbability> probabilities;  // open stages, pipeline order
  /// Values are in the pipeline's currency; a deal whose value has no rate is counted in
  /// its buckets but left out of their sums, and listed here.
  MoneySummary money;
};

Forecast compute_forecast(const std::vector<Deal>& deals, const Config& config, Date today,
                          int months, ForecastMethod method);

}  // namespace deals

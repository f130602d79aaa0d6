#include "core/outcome.hpp"

#include <algorithm>

#include "core/derive.hpp"

namespace deals {

std::optional<Closed> outcome_of(const Deal& deal) {
  // The last effective history entry: the file's, else the implied one (stage entered on
  // created, see first_entry).
  return closed_stage(deal.history.empty() ? deal.stage : deal.history.back().stage);
}

std::optional<Closing> closing_of(const Deal& deal) {
  auto outcome = outcome_of(deal);
  if (!outcome) return std::nullopt;
  if (deal.history.empty()) return Closing{*outcome == Closed::won, deal.created, {}};
  const HistoryEntry& last = deal.history.back();
  return Closing{*outcome == Closed::won, last.on, last.reason};
}

std::optional<Date> close_date(const Deal& deal) {
  if (!outcome_of(deal)) return std::nullopt;
  return stage_entered(deal);
}

int furthest_stage(const Deal& deal, const Config& config) {
  const int last = static_cast<int>(config.stages.size()) - 1;
  if (last < 0) return -1;
  auto closing = closing_of(deal);
  if (closing && closing->won) return last;
  int furthest = 0;
  for (const auto& entry : effective_history(deal))
    furthest = std::max(furthest, config.open_index(entry.stage));
  return furthest;
}

double value_or_zero(const Deal& deal) {
  return deal.value.value_or(0);
}

double deal_probability(const Deal& deal, const Config& config) {
  return deal_probability(deal, config.probability_for(deal.stage));
}

double weighted_value(const Deal& deal, const Config& config) {
  return value_or_zero(deal) * deal_probability(deal, config);
}

}  // namespace deals

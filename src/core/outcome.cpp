#include "core/outcome.hpp"

#include <algorithm>

#include "core/derive.hpp"

namespace deals {

std::optional<Closing> closing_of(const Deal& deal) {
  const HistoryEntry* last = nullptr;
  HistoryEntry implied;
  if (!deal.history.empty()) {
    last = &deal.history.back();
  } else {
    implied.on = deal.created;
    implied.stage = deal.stage;
    last = &implied;
  }
  if (!Config::is_closed(last->stage)) return std::nullopt;
  return Closing{last->stage == "won", last->on, last->reason};
}

bool is_open_deal(const Deal& deal) {
  return !closing_of(deal).has_value();
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
  return deal.probability ? *deal.probability : config.probability_for(deal.stage);
}

double weighted_value(const Deal& deal, const Config& config) {
  return value_or_zero(deal) * deal_probability(deal, config);
}

}  // namespace deals

#include "core/asof.hpp"

#include <algorithm>

namespace deals {

std::optional<Deal> deal_as_of(const Deal& deal, Date date) {
  if (deal.created > date) return std::nullopt;
  Deal d = deal;
  std::erase_if(d.log, [&](const LogEntry& e) { return e.on > date; });
  if (d.history.empty()) return d;
  std::erase_if(d.history, [&](const HistoryEntry& e) { return e.on > date; });
  if (d.history.empty()) {
    HistoryEntry implied;
    implied.on = d.created;
    implied.stage = deal.history.front().stage;
    d.history.push_back(implied);
  }
  d.stage = d.history.back().stage;
  return d;
}

std::vector<Deal> as_of(const std::vector<Deal>& deals, Date date) {
  std::vector<Deal> out;
  out.reserve(deals.size());
  for (const auto& deal : deals)
    if (auto d = deal_as_of(deal, date)) out.push_back(std::move(*d));
  return out;
}

}  // namespace deals

#include "core/asof.hpp"

#include <algorithm>

#include "core/new_deal.hpp"

namespace deals {

std::optional<Deal> deal_as_of(const Deal& deal, Date date) {
  if (deal.created > date) return std::nullopt;
  Deal d = deal;
  std::erase_if(d.log, [&](const LogEntry& e) { return e.on > date; });
  if (d.history.empty()) return d;
  std::erase_if(d.history, [&](const HistoryEntry& e) { return e.on > date; });
  if (d.history.empty()) d.history.push_back(first_entry(d.created, deal.history.front().stage));
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

namespace {

// True when deal_as_of(deal, date) would return the deal unchanged.
bool unchanged_as_of(const Deal& deal, Date date) {
  if (deal.created > date) return false;
  for (const auto& e : deal.log)
    if (e.on > date) return false;
  for (const auto& e : deal.history)
    if (e.on > date) return false;
  return deal.history.empty() || deal.history.back().stage == deal.stage;
}

}  // namespace

const std::vector<Deal>& as_of(const std::vector<Deal>& deals, Date date,
                               std::vector<Deal>& storage) {
  if (std::all_of(deals.begin(), deals.end(),
                  [&](const Deal& d) { return unchanged_as_of(d, date); }))
    return deals;
  storage = as_of(deals, date);
  return storage;
}

}  // namespace deals

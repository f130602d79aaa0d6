#include "core/derive.hpp"

#include <algorithm>
#include <cmath>

#include "core/new_deal.hpp"
#include "core/outcome.hpp"

namespace deals {

Qualification qualify(const Bant& bant, const Config& config) {
  Qualification q;
  q.required = config.required;
  for (const auto& c : config.criteria) {
    auto a = bant.get(c);
    if (!a)
      q.unknown.push_back(c);
    else if (*a)
      ++q.met;
    else
      q.unmet.push_back(c);
  }
  q.passed = q.met >= q.required;
  return q;
}

std::vector<HistoryEntry> effective_history(const Deal& deal) {
  if (!deal.history.empty()) return deal.history;
  return {first_entry(deal.created, deal.stage)};
}

Date stage_entered(const Deal& deal) {
  return deal.history.empty() ? deal.created : deal.history.back().on;
}

Date last_activity(const Deal& deal) {
  Date last = deal.created;
  for (const auto& h : deal.history) last = std::max(last, h.on);
  for (const auto& l : deal.log) last = std::max(last, l.on);
  return last;
}

namespace {

// "1 day", "3 days".
std::string days_phrase(int n) {
  return std::to_string(n) + (n == 1 || n == -1 ? " day" : " days");
}

void score(const Deal& deal, const Config& config, Date today, Derived& d) {
  double points = 0, max = 0;
  auto part = [&](std::string label, double got, double weight) {
    d.score_parts.push_back({std::move(label), got, weight});
    points += got;
    max += weight;
  };
  for (const auto& c : config.criteria) {
    double w = config.criterion_weight(c);
    auto a = deal.bant.get(c);
    part(c + (a ? (*a ? " met" : " not met") : " unknown"), a && *a ? w : 0, w);
  }
  double w = config.score.activity;
  double fresh = d.stall_days > 0 ? 1.0 - static_cast<double>(d.days_idle) / d.stall_days
                                  : (d.days_idle <= 0 ? 1.0 : 0.0);
  fresh = std::clamp(fresh, 0.0, 1.0);
  if (!d.open)  // a closed deal has no idle clock: no inactivity penalty
    part("closed: no idle clock", w, w);
  else
    part("last activity " + days_phrase(d.days_idle) + " ago (stall after " +
             std::to_string(d.stall_days) + ")",
         w * fresh, w);
  w = config.score.next_action;
  if (!deal.next)
    part("no next action", 0, w);
  else if (deal.next->due && *deal.next->due < today)
    part("next action overdue", 0, w);
  else
    part("next action scheduled", w, w);
  d.score = max > 0 ? static_cast<int>(std::lround(100.0 * points / max)) : 0;
}

}  // namespace

Derived derive(const Deal& deal, const Config& config, Date today) {
  Derived d;
  d.last_activity = last_activity(deal);
  d.days_idle = today - d.last_activity;
  d.stage_entered = stage_entered(deal);
  d.days_in_stage = today - d.stage_entered;
  d.open = is_open_deal(deal);
  d.stall_days = config.stall_days_for(deal.stage);
  d.waiting = d.open && is_waiting(deal, today);
  d.stalled = d.open && !d.waiting && d.days_idle > d.stall_days;
  d.probability = deal_probability(deal, config);
  d.weighted_value = deal.value.value_or(0) * d.probability;
  d.qualification = qualify(deal.bant, config);
  score(deal, config, today, d);
  return d;
}

bool is_waiting(const Deal& deal, Date today) {
  return deal.next && deal.next->due && *deal.next->due >= today;
}

}  // namespace deals

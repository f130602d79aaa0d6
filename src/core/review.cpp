#include "core/review.hpp"

#include <algorithm>
#include <tuple>

#include "core/asof.hpp"
#include "core/derive.hpp"
#include "core/metrics.hpp"
#include "core/money.hpp"
#include "core/outcome.hpp"

namespace deals {

std::vector<StalledRow> stalled_deals(const std::vector<Deal>& deals, const Config& config,
                                      Date today, std::optional<int> days) {
  std::vector<StalledRow> rows;
  for (const auto& deal : deals) {
    if (!is_open_deal(deal) || is_waiting(deal, today)) continue;  // waiting is not stalled
    StalledRow r;
    r.last_activity = last_activity(deal);
    r.days_idle = today - r.last_activity;
    r.stall_days = days ? *days : config.stall_days_for(deal.stage);
    if (r.days_idle <= r.stall_days) continue;
    r.id = deal.id;
    r.title = deal.title;
    r.company = deal.company;
    r.stage = deal.stage;
    r.value = deal.value;
    r.currency = currency_of(deal, config);
    r.next = deal.next;
    rows.push_back(std::move(r));
  }
  std::sort(rows.begin(), rows.end(), [](const StalledRow& a, const StalledRow& b) {
    return std::tie(b.days_idle, a.id) < std::tie(a.days_idle, b.id);
  });
  return rows;
}

std::vector<DueRow> due_actions(const std::vector<Deal>& deals, Date today, int within) {
  std::vector<DueRow> rows;
  const Date through = today.add_days(within);
  for (const auto& deal : deals) {
    if (!deal.next || !deal.next->due || *deal.next->due > through) continue;
    auto closing = closing_of(deal);
    if (closing && !closing->won) continue;
    const Date due = *deal.next->due;
    rows.push_back({deal.id, deal.next->action, due, due < today, due - today});
  }
  std::sort(rows.begin(), rows.end(), [](const DueRow& a, const DueRow& b) {
    return std::tie(a.due, a.id) < std::tie(b.due, b.id);
  });
  return rows;
}

namespace {

void snapshot(const std::vector<Deal>& state, const Config& config, Review& r) {
  for (const auto& s : config.stages) r.snapshot.push_back({s.name, 0, 0, 0});
  for (const auto& deal : state) {
    int i = config.open_index(deal.stage);
    if (i < 0 || !is_open_deal(deal)) continue;
    auto value = r.money.take(deal, config);  // none without a rate: counted, not summed
    for (SnapshotRow* row : {&r.snapshot[i], &r.totals}) {
      ++row->count;
      row->value += value.value_or(0);
      row->weighted += value.value_or(0) * deal_probability(deal, config);
    }
  }
}

void movement(const std::vector<Deal>& deals, const Period& p, Review& r) {
  std::vector<std::pair<Date, std::string>> created;
  for (const auto& deal : deals) {
    if (p.contains(deal.created)) created.push_back({deal.created, deal.id});
    for (size_t i = 1; i < deal.history.size(); ++i) {
      const auto& prev = deal.history[i - 1];
      const auto& entry = deal.history[i];
      if (!p.contains(entry.on) || is_closed_stage(entry.stage) || prev.stage == entry.stage)
        continue;
      r.advanced.push_back({deal.id, prev.stage, entry.stage, entry.on});
    }
  }
  std::sort(created.begin(), created.end());
  for (auto& c : created) r.new_deals.push_back(std::move(c.second));
  // stable: moves of one deal on one day keep their history order.
  std::stable_sort(r.advanced.begin(), r.advanced.end(), [](const auto& a, const auto& b) {
    return std::tie(a.on, a.id) < std::tie(b.on, b.id);
  });
}

void closings(const std::vector<Deal>& at_until, const Config& config, const Period& p, Review& r) {
  for (const auto& deal : at_until) {
    auto c = closing_of(deal);
    if (!c || !p.contains(c->on)) continue;
    auto converted = r.money.take(deal, config);
    (c->won ? r.won_total : r.lost_total) += converted.value_or(0);
    (c->won ? r.won : r.lost)
        .push_back({deal.id, deal.value, currency_of(deal, config), converted, c->on, c->reason});
  }
  for (auto* list : {&r.won, &r.lost})
    std::sort(list->begin(), list->end(), [](const ClosedRow& a, const ClosedRow& b) {
      return std::tie(a.on, a.id) < std::tie(b.on, b.id);
    });
}

void closing_soon(const std::vector<Deal>& state, const Config& config, Date through,
                  Date reference, Review& r) {
  for (const auto& deal : state) {
    if (!is_open_deal(deal) || !deal.expected_close || *deal.expected_close > through) continue;
    r.closing_soon.push_back({deal.id, deal.value, currency_of(deal, config),
                              in_pipeline_currency(deal, config), *deal.expected_close,
                              *deal.expected_close < reference});
  }
  std::sort(r.closing_soon.begin(), r.closing_soon.end(), [](const auto& a, const auto& b) {
    return std::tie(a.expected_close, a.id) < std::tie(b.expected_close, b.id);
  });
}

void won_by_week(const std::vector<Deal>& at_until, const Config& config, Date until, Review& r) {
  const Date last = start_of_week(until, config.week_start);
  for (int i = kReviewChartWeeks - 1; i >= 0; --i) {
    Date start = last.add_days(-7 * i);
    r.won_by_week.push_back({start, start.add_days(6), iso_week_label(start), 0, 0});
  }
  const Date first = r.won_by_week.front().start;
  for (const auto& deal : at_until) {
    auto c = closing_of(deal);
    if (!c || !c->won || c->on < first || c->on > until) continue;
    auto& week = r.won_by_week[(c->on - first) / 7];
    ++week.count;
    week.value += r.money.take(deal, config).value_or(0);
  }
}

}  // namespace

Review compute_review(const std::vector<Deal>& deals, const Config& config, Date since, Date until,
                      Date today) {
  Review r;
  r.money = MoneySummary(config);
  r.period = {since, until};
  r.reference = std::min(until, today);
  std::vector<Deal> state_storage, until_storage;
  const std::vector<Deal>& state =
      r.reference < today ? as_of(deals, r.reference, state_storage) : deals;
  // A past week (`--week last`): the state at its end is the state at `until`, one copy.
  const std::vector<Deal>& at_until =
      r.reference == until ? state : as_of(deals, until, until_storage);

  snapshot(state, config, r);
  movement(deals, r.period, r);
  closings(at_until, config, r.period, r);
  r.stalled = stalled_deals(state, config, r.reference);
  r.due = due_actions(state, r.reference, until.add_days(7) - r.reference);
  closing_soon(state, config, until.add_days(30), r.reference, r);
  won_by_week(at_until, config, until, r);

  // at_until is already the pipeline at `until`: compute_stats finds nothing to cut.
  Stats st = compute_stats(at_until, config, std::nullopt, until);
  r.metrics.win_rate = st.win_rate;
  r.metrics.average_won_value = st.average_won_value;
  r.money.merge(st.money);
  if (st.cycle_days) r.metrics.cycle_days_mean = st.cycle_days->mean;
  return r;
}

}  // namespace deals

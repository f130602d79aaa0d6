#include "core/breakdown.hpp"

#include <algorithm>
#include <map>

#include "core/asof.hpp"
#include "core/outcome.hpp"

namespace deals {
namespace {

bool in_period(Date on, std::optional<Date> since, std::optional<Date> until) {
  return (!since || on >= *since) && (!until || on <= *until);
}

std::optional<double> ratio(int num, int den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / den;
}

// Calls f(deal, closing) for each deal of the stats population.
template <typename F>
void each_member(const std::vector<Deal>& deals, std::optional<Date> since,
                 std::optional<Date> until, F f) {
  std::vector<Deal> storage;
  const std::vector<Deal>& scoped = until ? as_of(deals, *until, storage) : deals;
  for (const auto& deal : scoped) {
    auto closing = closing_of(deal);
    if (closing && !in_period(closing->on, since, until)) continue;
    f(deal, closing);
  }
}

// The first day of the period holding `d`, and the first day of the next one.
Date period_start(Date d, PeriodUnit unit) {
  int month = unit == PeriodUnit::Month     ? d.month()
              : unit == PeriodUnit::Quarter ? (d.month() - 1) / 3 * 3 + 1
                                            : 1;
  return *Date::from_ymd(d.year(), month, 1);
}

Date next_period(Date start, PeriodUnit unit) {
  return start.add_months(unit == PeriodUnit::Month ? 1 : unit == PeriodUnit::Quarter ? 3 : 12);
}

}  // namespace

std::optional<PeriodUnit> parse_period_unit(std::string_view text) {
  if (text == "month") return PeriodUnit::Month;
  if (text == "quarter") return PeriodUnit::Quarter;
  if (text == "year") return PeriodUnit::Year;
  return std::nullopt;
}

const char* period_unit_name(PeriodUnit unit) {
  return unit == PeriodUnit::Month ? "month" : unit == PeriodUnit::Quarter ? "quarter" : "year";
}

std::string period_label(Date date, PeriodUnit unit) {
  switch (unit) {
    case PeriodUnit::Month:
      return date.month_key();
    case PeriodUnit::Quarter:
      return std::to_string(date.year()) + "-Q" + std::to_string((date.month() - 1) / 3 + 1);
    default:
      return std::to_string(date.year());
  }
}

std::vector<PeriodRow> closed_by_period(const std::vector<Deal>& deals, PeriodUnit unit,
                                        std::optional<Date> since, std::optional<Date> until,
                                        const Config& config, MoneySummary& money) {
  std::map<Date, PeriodRow> rows;  // by period start
  each_member(deals, since, until, [&](const Deal& deal, const std::optional<Closing>& c) {
    if (!c) return;
    PeriodRow& row = rows[period_start(c->on, unit)];
    if (c->won) {
      ++row.won;
      row.won_value += money.take(deal, config).value_or(0);
    } else {
      ++row.lost;
    }
  });
  std::vector<PeriodRow> out;
  if (rows.empty()) return out;
  Date last = rows.rbegin()->first;
  for (Date d = rows.begin()->first; d <= last; d = next_period(d, unit)) {
    PeriodRow row = rows.count(d) ? rows[d] : PeriodRow{};
    row.period = period_label(d, unit);
    row.win_rate = ratio(row.won, row.won + row.lost);
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<ReasonCount> lost_reasons(const std::vector<Deal>& deals, std::optional<Date> since,
                                      std::optional<Date> until, const Config& config,
                                      MoneySummary& money) {
  std::map<std::string, ReasonCount> groups;
  each_member(deals, since, until, [&](const Deal& deal, const std::optional<Closing>& c) {
    if (!c || c->won) return;
    std::string reason = c->reason && !c->reason->empty() ? *c->reason : "(no reason)";
    ReasonCount& g = groups[reason];
    g.reason = reason;
    ++g.count;
    g.value += money.take(deal, config).value_or(0);
  });
  std::vector<ReasonCount> out;
  for (auto& [k, g] : groups) out.push_back(std::move(g));
  std::stable_sort(out.begin(), out.end(),
                   [](const ReasonCount& a, const ReasonCount& b) { return a.count > b.count; });
  return out;
}

std::vector<TagStats> tag_stats(const std::vector<Deal>& deals, std::optional<Date> since,
                                std::optional<Date> until, const Config& config,
                                MoneySummary& money) {
  std::map<std::string, TagStats> groups;
  each_member(deals, since, until, [&](const Deal& deal, const std::optional<Closing>& c) {
    for (const auto& tag : deal.tags) {
      TagStats& g = groups[tag];
      g.tag = tag;
      ++g.deals;
      if (!c) {
        ++g.open;
        g.open_value += money.take(deal, config).value_or(0);
      } else if (c->won) {
        ++g.won;
        g.won_value += money.take(deal, config).value_or(0);
      } else {
        ++g.lost;
      }
    }
  });
  std::vector<TagStats> out;
  for (auto& [k, g] : groups) {
    g.win_rate = ratio(g.won, g.won + g.lost);
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace deals

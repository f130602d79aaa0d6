#include "core/metrics.hpp"

#include <algorithm>
#include <map>

#include "core/asof.hpp"
#include "core/derive.hpp"
#include "core/outcome.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

/// A population deal with its outcome worked out once.
struct Member {
  const Deal* deal;
  std::optional<Closing> closing;  // nullopt: open
};

bool in_period(Date on, std::optional<Date> since, std::optional<Date> until) {
  return (!since || on >= *since) && (!until || on <= *until);
}

std::optional<double> ratio(int num, int den) {
  if (den == 0) return std::nullopt;
  return static_cast<double>(num) / den;
}

std::optional<CycleDays> cycle_days(std::vector<int> days) {
  if (days.empty()) return std::nullopt;
  std::sort(days.begin(), days.end());
  double sum = 0;
  for (int d : days) sum += d;
  size_t n = days.size();
  CycleDays c;
  c.mean = sum / n;
  c.median = n % 2 ? days[n / 2] : (days[n / 2 - 1] + days[n / 2]) / 2.0;
  return c;
}

std::vector<StageStats> funnel(const std::vector<Member>& members, const Config& config, int won) {
  const size_t n = config.stages.size();
  std::vector<int> reached(n, 0), leavers(n, 0);
  std::vector<double> days(n, 0);
  for (const auto& m : members) {
    int furthest = furthest_stage(*m.deal, config);
    for (int i = 0; i <= furthest; ++i) ++reached[i];
    // Days per stage for this deal, summed over its completed visits.
    std::vector<int> spent(n, -1);
    auto history = effective_history(*m.deal);
    for (size_t i = 0; i + 1 < history.size(); ++i) {
      int s = config.open_index(history[i].stage);
      if (s < 0) continue;
      spent[s] = std::max(spent[s], 0) + std::max(0, history[i + 1].on - history[i].on);
    }
    for (size_t s = 0; s < n; ++s) {
      if (spent[s] < 0) continue;
      ++leavers[s];
      days[s] += spent[s];
    }
  }
  std::vector<StageStats> out;
  for (size_t s = 0; s < n; ++s) {
    StageStats st;
    st.stage = config.stages[s].name;
    st.reached = reached[s];
    st.conversion = ratio(s + 1 < n ? reached[s + 1] : won, reached[s]);
    if (leavers[s] > 0) st.avg_days = days[s] / leavers[s];
    out.push_back(st);
  }
  return out;
}

std::vector<SourceStats> by_source(const std::vector<Member>& members, const Config& config,
                                   MoneySummary& money) {
  // Key: has-no-source flag first so that deals without a source sort last; sources are
  // one whatever their case (as --source matches them), named as first written.
  std::map<std::pair<bool, std::string>, SourceStats> groups;
  for (const auto& m : members) {
    auto& g = groups[{!m.deal->source.has_value(), fold_case(m.deal->source.value_or(""))}];
    if (g.deals == 0) g.source = m.deal->source;
    ++g.deals;
    if (!m.closing) {
      ++g.open;
    } else if (m.closing->won) {
      ++g.won;
      g.won_value += money.take(*m.deal, config).value_or(0);
    } else {
      ++g.lost;
    }
  }
  std::vector<SourceStats> out;
  for (auto& [key, g] : groups) {
    g.win_rate = ratio(g.won, g.won + g.lost);
    out.push_back(std::move(g));
  }
  return out;
}

}  // namespace

Stats compute_stats(const std::vector<Deal>& deals, const Config& config, std::optional<Date> since,
                    std::optional<Date> until) {
  std::vector<Deal> storage;
  const std::vector<Deal>& scoped = until ? as_of(deals, *until, storage) : deals;
  std::vector<Member> members;
  for (const auto& deal : scoped) {
    auto closing = closing_of(deal);
    if (closing && !in_period(closing->on, since, until)) continue;
    members.push_back({&deal, closing});
  }

  Stats st;
  st.money = MoneySummary(config);
  std::vector<int> cycles;
  double won_value_sum = 0;
  int won_with_value = 0;
  for (const auto& m : members) {
    if (!m.closing) {
      ++st.open;
    } else if (!m.closing->won) {
      ++st.lost;
    } else {
      ++st.won;
      cycles.push_back(m.closing->on - m.deal->created);
      if (auto v = st.money.take(*m.deal, config)) {
        won_value_sum += *v;
        ++won_with_value;
      }
    }
  }
  st.win_rate = ratio(st.won, st.won + st.lost);
  if (won_with_value > 0) st.average_won_value = won_value_sum / won_with_value;
  st.cycle_days = cycle_days(std::move(cycles));
  st.stages = funnel(members, config, st.won);
  st.by_source = by_source(members, config, st.money);
  if (st.average_won_value && st.win_rate && st.cycle_days && st.cycle_days->mean > 0)
    st.velocity_per_day = st.open * *st.average_won_value * *st.win_rate / st.cycle_days->mean;
  st.lost_reasons = lost_reasons(deals, since, until, config, st.money);
  st.by_tag = tag_stats(deals, since, until, config, st.money);
  return st;
}

}  // namespace deals

#include "core/forecast.hpp"

#include <algorithm>

#include "core/outcome.hpp"

namespace deals {
namespace {

void add(ForecastBucket& b, double value, double weighted) {
  ++b.count;
  b.value += value;
  b.weighted += weighted;
}

std::vector<StageProbability> probabilities(const std::vector<Deal>& deals, const Config& config,
                                            ForecastMethod method) {
  std::vector<StageProbability> out;
  for (const auto& s : config.stages) {
    StageProbability p;
    p.stage = s.name;
    p.configured = s.probability;
    out.push_back(p);
  }
  for (const auto& deal : deals) {
    auto closing = closing_of(deal);
    if (!closing) continue;
    int furthest = furthest_stage(deal, config);
    for (int i = 0; i <= furthest; ++i) {
      ++out[i].closed_reached;
      if (closing->won) ++out[i].won_reached;
    }
  }
  for (auto& p : out) {
    p.historical = method == ForecastMethod::historical && p.closed_reached >= kHistoricalMinimum;
    p.used = p.historical ? static_cast<double>(p.won_reached) / p.closed_reached : p.configured;
  }
  return out;
}

}  // namespace

const char* method_name(ForecastMethod method) {
  return method == ForecastMethod::historical ? "historical" : "stage";
}

std::optional<ForecastMethod> parse_method(const std::string& text) {
  if (text == "stage") return ForecastMethod::stage;
  if (text == "historical") return ForecastMethod::historical;
  return std::nullopt;
}

Forecast compute_forecast(const std::vector<Deal>& deals, const Config& config, Date today,
                          int months, ForecastMethod method) {
  Forecast f;
  f.money = MoneySummary(config);
  f.method = method;
  f.probabilities = probabilities(deals, config, method);
  months = std::max(months, 1);
  const Date first = *Date::from_ymd(today.year(), today.month(), 1);
  for (int i = 0; i < months; ++i) f.months.push_back({first.add_months(i).month_key(), {}});
  const Date after_window = first.add_months(months);

  for (const auto& deal : deals) {
    if (!is_open_deal(deal)) continue;
    int stage = config.open_index(deal.stage);
    double p = deal_probability(
        deal, stage >= 0 ? f.probabilities[stage].used : config.probability_for(deal.stage));
    // Without a rate the deal is counted in its bucket but adds nothing to the sums.
    const double value = f.money.take(deal, config).value_or(0);
    double weighted = value * p;
    add(f.total, value, weighted);
    if (!deal.expected_close) {
      add(f.unscheduled, value, weighted);
    } else if (*deal.expected_close >= after_window) {
      add(f.later, value, weighted);
    } else if (*deal.expected_close < first) {
      add(f.overdue, value, weighted);
      add(f.months.front().sums, value, weighted);
    } else {
      const Date close = *deal.expected_close;
      int index = (close.year() - first.year()) * 12 + close.month() - first.month();
      add(f.months[index].sums, value, weighted);
    }
  }
  return f;
}

}  // namespace deals

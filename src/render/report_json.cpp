// JSON of the reports: the keys of spec sections 6 and 7, in that order. Rates with no
// closed deals are null (never NaN).
#include "render/json.hpp"
#include "render/report.hpp"

namespace deals {
namespace {

void bucket(Json& j, int count, double value, double weighted, const std::string& currency) {
  j.begin_object().key("count").value(count).key("value").value(value);
  j.key("weighted").value(weighted).key("currency").value(currency).end_object();
}

void next_action(Json& j, const std::optional<NextAction>& next) {
  if (!next) {
    j.null();
    return;
  }
  j.begin_object().key("action").value(next->action).key("due");
  j.value(next->due);
  j.end_object();
}

}  // namespace

void money_keys(Json& j, const MoneySummary& m) {
  j.key("currency").value(m.currency).key("rates").begin_object();
  for (const auto& [cur, rate] : m.rates) j.key(cur).value(rate);
  j.end_object().key("rates_date");
  j.value(m.rates_date);
  j.key("excluded").begin_array();
  for (const auto& id : m.excluded) j.value(id);
  j.end_array();
}

std::string stalled_json(const std::vector<StalledRow>& rows) {
  Json j;
  j.begin_array();
  for (const auto& r : rows) {
    j.begin_object().key("id").value(r.id).key("title").value(r.title);
    j.key("company").value(r.company).key("stage").value(r.stage).key("value").value(r.value);
    j.key("currency")
        .value(r.currency)
        .key("days_idle")
        .value(r.days_idle)
        .key("stall_days")
        .value(r.stall_days);
    j.key("last_activity").value(r.last_activity).key("next");
    next_action(j, r.next);
    j.end_object();
  }
  j.end_array();
  return j.str();
}

// Additions: the won and lost rows summed in the pipeline's currency.
static void won_lost_totals(Json& j, const Review& r) {
  j.key("won_total").begin_object().key("value").value(r.won_total);
  j.key("currency").value(r.money.currency).end_object();
  j.key("lost_total").begin_object().key("value").value(r.lost_total);
  j.key("currency").value(r.money.currency).end_object();
}

// New deals, stage moves, won and lost.
static void movement_json(Json& j, const Review& r) {
  j.key("new").value(r.new_deals);
  j.key("advanced").begin_array();
  for (const auto& m : r.advanced) {
    j.begin_object().key("id").value(m.id).key("from").value(m.from).key("to").value(m.to);
    j.key("on").value(m.on).key("currency").value(r.money.currency).end_object();
  }
  j.end_array();
  j.key("won").begin_array();
  for (const auto& w : r.won) {
    j.begin_object().key("id").value(w.id).key("value").value(w.value);
    j.key("currency").value(w.currency).key("converted").value(w.converted);
    j.key("on").value(w.on).end_object();
  }
  j.end_array();
  j.key("lost").begin_array();
  for (const auto& l : r.lost) {
    j.begin_object().key("id").value(l.id).key("value").value(l.value);
    j.key("currency").value(l.currency).key("converted").value(l.converted).key("on").value(l.on);
    j.key("reason").value(l.reason).end_object();
  }
  j.end_array();
}

// Stalled deals, next actions due and deals expected to close soon.
static void attention_json(Json& j, const Review& r) {
  j.key("stalled").begin_array();
  for (const auto& s : r.stalled) {
    j.begin_object().key("id").value(s.id).key("stage").value(s.stage);
    j.key("days_idle").value(s.days_idle).key("value").value(s.value);
    j.key("currency").value(s.currency).end_object();
  }
  j.end_array();
  j.key("due").begin_array();
  for (const auto& d : r.due) {
    j.begin_object().key("id").value(d.id).key("action").value(d.action).key("due").value(d.due);
    j.key("overdue").value(d.overdue).key("currency").value(r.money.currency).end_object();
  }
  j.end_array();
  j.key("closing_soon").begin_array();
  for (const auto& c : r.closing_soon) {
    j.begin_object().key("id").value(c.id).key("value").value(c.value);
    j.key("currency").value(c.currency).key("converted").value(c.converted);
    j.key("expected_close").value(c.expected_close).end_object();
  }
  j.end_array();
}

std::string review_json(const Review& r) {
  Json j;
  j.begin_object();
  j.key("period").begin_object().key("since").value(r.period.since);
  j.key("until").value(r.period.until).end_object();
  j.key("snapshot").begin_array();
  for (const auto& s : r.snapshot) {
    j.begin_object().key("stage").value(s.stage).key("count").value(s.count);
    j.key("value").value(s.value).key("weighted").value(s.weighted);
    j.key("currency").value(r.money.currency).end_object();
  }
  j.end_array();
  j.key("totals");
  bucket(j, r.totals.count, r.totals.value, r.totals.weighted, r.money.currency);
  movement_json(j, r);
  attention_json(j, r);
  j.key("metrics").begin_object().key("win_rate").value(r.metrics.win_rate);
  j.key("average_won_value").value(r.metrics.average_won_value);
  j.key("cycle_days_mean").value(r.metrics.cycle_days_mean);
  j.key("currency").value(r.money.currency).end_object();
  j.key("won_by_week").begin_array();
  for (const auto& w : r.won_by_week) {
    j.begin_object().key("week").value(w.label).key("start").value(w.start);
    j.key("count").value(w.count).key("value").value(w.value);
    j.key("currency").value(r.money.currency).end_object();
  }
  j.end_array();
  won_lost_totals(j, r);
  money_keys(j, r.money);
  j.end_object();
  return j.str();
}

std::string stats_json(const Stats& s, std::optional<Date> since, std::optional<Date> until) {
  Json j;
  j.begin_object();
  j.key("period").begin_object().key("since");
  j.value(since);
  j.key("until");
  j.value(until);
  j.end_object();
  j.key("deals").begin_object().key("open").value(s.open).key("won").value(s.won);
  j.key("lost").value(s.lost).end_object();
  j.key("win_rate").value(s.win_rate).key("average_won_value").value(s.average_won_value);
  j.key("cycle_days").begin_object();
  if (s.cycle_days)
    j.key("mean").value(s.cycle_days->mean).key("median").value(s.cycle_days->median);
  else
    j.key("mean").null().key("median").null();
  j.end_object();
  j.key("stages").begin_array();
  for (const auto& st : s.stages) {
    j.begin_object().key("stage").value(st.stage).key("reached").value(st.reached);
    j.key("conversion").value(st.conversion).key("avg_days").value(st.avg_days);
    j.key("currency").value(s.money.currency).end_object();
  }
  j.end_array();
  j.key("by_source").begin_array();
  for (const auto& b : s.by_source) {
    j.begin_object().key("source").value(b.source).key("deals").value(b.deals);
    j.key("open").value(b.open).key("won").value(b.won).key("lost").value(b.lost);
    j.key("win_rate").value(b.win_rate).key("won_value").value(b.won_value);
    j.key("currency").value(s.money.currency).end_object();
  }
  j.end_array();
  j.key("velocity_per_day").value(s.velocity_per_day);
  breakdown_json(j, s);
  money_keys(j, s.money);
  j.end_object();
  return j.str();
}

std::string forecast_json(const Forecast& f) {
  Json j;
  j.begin_object().key("method").value(method_name(f.method));
  j.key("months").begin_array();
  for (const auto& m : f.months) {
    j.begin_object().key("month").value(m.month).key("count").value(m.sums.count);
    j.key("value").value(m.sums.value).key("weighted").value(m.sums.weighted);
    j.key("currency").value(f.money.currency).end_object();
  }
  j.end_array();
  j.key("unscheduled");
  bucket(j, f.unscheduled.count, f.unscheduled.value, f.unscheduled.weighted, f.money.currency);
  j.key("probabilities").begin_object();
  for (const auto& p : f.probabilities) j.key(p.stage).value(p.used);
  j.end_object();
  // Additions to the spec's keys: the other buckets and where each probability came from.
  j.key("overdue");
  bucket(j, f.overdue.count, f.overdue.value, f.overdue.weighted, f.money.currency);
  j.key("later");
  bucket(j, f.later.count, f.later.value, f.later.weighted, f.money.currency);
  j.key("total");
  bucket(j, f.total.count, f.total.value, f.total.weighted, f.money.currency);
  j.key("stages").begin_array();
  for (const auto& p : f.probabilities) {
    j.begin_object().key("stage").value(p.stage).key("configured").value(p.configured);
    j.key("historical");
    if (p.closed_reached > 0)
      j.value(static_cast<double>(p.won_reached) / p.closed_reached);
    else
      j.null();
    j.key("used").value(p.used).key("source").value(p.historical ? "historical" : "configured");
    j.key("closed_reached").value(p.closed_reached).key("won_reached").value(p.won_reached);
    j.key("currency").value(f.money.currency).end_object();
  }
  j.end_array();
  money_keys(j, f.money);
  j.end_object();
  return j.str();
}

}  // namespace deals

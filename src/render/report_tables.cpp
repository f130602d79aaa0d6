#include "render/report_tables.hpp"

#include <cmath>

#include "core/money.hpp"
#include "core/outcome.hpp"
#include "core/text.hpp"
#include "core/week.hpp"

namespace deals {

using Col = ColumnType;

const Deal* ReportEnv::find(const std::string& id) const {
  if (index_.empty())
    for (const auto& d : deals) index_[d.id] = &d;
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : it->second;
}

std::string percent(std::optional<double> share) {
  if (!share) return "–";
  double p = std::round(*share * 1000) / 10;
  return format_number(p) + "%";
}

std::string days_text(std::optional<double> days) {
  if (!days) return "–";
  return format_number(std::round(*days * 10) / 10);
}

std::string block_bar(double value, double max, int width) {
  static const char* kEighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
  if (!(value > 0) || !(max > 0) || width <= 0) return "";
  int eighths = static_cast<int>(std::lround(value / max * width * 8));
  if (eighths == 0) eighths = 1;  // something, however small, is visible
  std::string out;
  for (int i = 0; i < eighths / 8; ++i) out += "█";
  return out + kEighths[eighths % 8];
}

std::string deal_money(const ReportEnv& env, const std::string& id, std::optional<double> value) {
  if (!value) return "";
  std::string out = money(*value);
  const Deal* d = env.find(id);
  if (d && d->currency && *d->currency != env.config.currency) out += " " + *d->currency;
  return out;
}

std::string closed_sum(const std::vector<ClosedRow>& rows, double total,
                       const std::string& currency) {
  return rows.empty() ? "" : money(total) + " " + currency;
}

std::string deal_label(const ReportEnv& env, const std::string& id) {
  const Deal* d = env.find(id);
  if (!d) return "";
  if (d->company && !d->company->empty()) return *d->company + " · " + d->title;
  return d->title;
}

std::string period_text(const Period& p) {
  std::string out = p.since.str() + " to " + p.until.str();
  if (p.until - p.since == 6 && p.since.weekday() == 0) out += " (" + iso_week_label(p.since) + ")";
  return out;
}

std::string review_heading(const Review& r, const ReportEnv& env) {
  return env.config.name + " · weekly review · " + period_text(r.period);
}

std::string move_text(const StageMove& m, const Config& config) {
  std::string out = m.from + " → " + m.to;
  if (is_closed_stage(m.from)) return out + " (reopened)";
  int a = config.open_index(m.from), b = config.open_index(m.to);
  if (a >= 0 && b >= 0 && b < a) return out + " (back)";
  if (a >= 0 && b > a + 1) return out + " (skipped " + std::to_string(b - a - 1) + ")";
  return out;
}

Table snapshot_table(const Review& r, bool with_total) {
  Table t;
  t.columns = {{"STAGE"}, {"DEALS", Col::count}, {"VALUE", Col::money}, {"WEIGHTED", Col::money}};
  for (const auto& s : r.snapshot)
    t.rows.push_back({s.stage, std::to_string(s.count), money(s.value), money(s.weighted)});
  if (with_total) {
    t.rows.push_back(
        {"total", std::to_string(r.totals.count), money(r.totals.value), money(r.totals.weighted)});
    t.mark_total();
  }
  return t;
}

Table new_table(const Review& r, const ReportEnv& env) {
  Table t;
  t.columns = {{"CREATED", Col::date},
               {"ID", Col::id},
               {"DEAL", Col::deal, 44},
               {"VALUE", Col::money},
               {"STAGE"}};
  for (const auto& id : r.new_deals) {
    const Deal* d = env.find(id);
    t.rows.push_back({d ? d->created.str() : "", id, deal_label(env, id),
                      d ? deal_money(env, id, d->value) : "", d ? d->stage : ""});
  }
  return t;
}

Table advanced_table(const Review& r, const ReportEnv& env) {
  Table t;
  t.columns = {{"ON", Col::date}, {"ID", Col::id}, {"MOVE"}, {"VALUE", Col::money}};
  for (const auto& m : r.advanced) {
    const Deal* d = env.find(m.id);
    t.rows.push_back(
        {m.on.str(), m.id, move_text(m, env.config), d ? deal_money(env, m.id, d->value) : ""});
  }
  return t;
}

Table won_table(const Review& r, const ReportEnv& env) {
  Table t;
  t.columns = {{"ON", Col::date}, {"ID", Col::id}, {"DEAL", Col::deal, 44}, {"VALUE", Col::money}};
  for (const auto& w : r.won)
    t.rows.push_back({w.on.str(), w.id, deal_label(env, w.id), deal_money(env, w.id, w.value)});
  t.mark_all(RowKind::won);
  return t;
}

Table lost_table(const Review& r, const ReportEnv& env) {
  Table t;
  t.columns = {
      {"ON", Col::date}, {"ID", Col::id}, {"VALUE", Col::money}, {"REASON", Col::text, 50}};
  for (const auto& l : r.lost)
    t.rows.push_back(
        {l.on.str(), l.id, deal_money(env, l.id, l.value), l.reason.value_or("(no reason given)")});
  return t;
}

Table due_table(const Review& r, const ReportEnv& env) {
  Table t;
  t.columns = {{"DUE", Col::date}, {"ID", Col::id}, {"ACTION", Col::text, 50}};
  for (const auto& d : r.due) {
    std::string when = d.due.str();
    if (d.overdue) when += " (" + std::to_string(-d.days) + "d late)";
    t.rows.push_back({when, d.id, d.action});
    t.kinds.push_back(d.overdue ? RowKind::late : RowKind::body);
  }
  (void)env;
  return t;
}

Table closing_table(const Review& r, const ReportEnv& env) {
  Table t;
  t.columns = {{"EXPECTED", Col::date},
               {"ID", Col::id},
               {"STAGE"},
               {"VALUE", Col::money},
               {"WEIGHTED", Col::money}};
  for (const auto& c : r.closing_soon) {
    const Deal* d = env.find(c.id);
    std::string when = c.expected_close.str();
    if (c.overdue) when += " (past)";
    t.rows.push_back(
        {when, c.id, d ? d->stage : "", deal_money(env, c.id, c.value),
         d ? deal_money(
                 env, c.id,
                 d->value ? std::optional<double>(weighted_value(*d, env.config)) : std::nullopt)
           : ""});
    t.kinds.push_back(c.overdue ? RowKind::past : RowKind::body);
  }
  return t;
}

Table review_metrics_table(const Review& r, const ReportEnv& env) {
  Table t;
  t.columns = {{"METRIC"}, {"VALUE", Col::number}};
  const auto& m = r.metrics;
  t.rows.push_back({"win rate", percent(m.win_rate)});
  t.rows.push_back(
      {"average won value",
       m.average_won_value ? money(*m.average_won_value) + " " + env.config.currency : "–"});
  t.rows.push_back(
      {"sales cycle (mean)", m.cycle_days_mean ? days_text(m.cycle_days_mean) + " days" : "–"});
  return t;
}

Table stats_summary_table(const Stats& s, const ReportEnv& env) {
  Table t;
  t.columns = {{"METRIC"}, {"VALUE", Col::number}};
  const std::string& cur = env.config.currency;
  t.rows.push_back({"open deals", std::to_string(s.open)});
  t.rows.push_back({"won", std::to_string(s.won)});
  t.rows.push_back({"lost", std::to_string(s.lost)});
  t.rows.push_back({"win rate", percent(s.win_rate)});
  t.rows.push_back(
      {"average won value", s.average_won_value ? money(*s.average_won_value) + " " + cur : "–"});
  t.rows.push_back(
      {"sales cycle (mean)", s.cycle_days ? days_text(s.cycle_days->mean) + " days" : "–"});
  t.rows.push_back(
      {"sales cycle (median)", s.cycle_days ? days_text(s.cycle_days->median) + " days" : "–"});
  t.rows.push_back(
      {"velocity", s.velocity_per_day ? money(*s.velocity_per_day) + " " + cur + "/day" : "–"});
  return t;
}

Table funnel_table(const Stats& s) {
  Table t;
  t.columns = {
      {"STAGE"}, {"REACHED", Col::count}, {"CONVERSION", Col::percent}, {"AVG DAYS", Col::days}};
  for (const auto& st : s.stages)
    t.rows.push_back(
        {st.stage, std::to_string(st.reached), percent(st.conversion), days_text(st.avg_days)});
  return t;
}

Table source_table(const Stats& s, const ReportEnv&) {
  Table t;
  t.columns = {{"SOURCE"},
               {"DEALS", Col::count},
               {"OPEN", Col::count},
               {"WON", Col::count},
               {"LOST", Col::count},
               {"WIN RATE", Col::percent},
               {"WON VALUE", Col::money}};
  for (const auto& b : s.by_source)
    t.rows.push_back({b.source.value_or("(none)"), std::to_string(b.deals), std::to_string(b.open),
                      std::to_string(b.won), std::to_string(b.lost), percent(b.win_rate),
                      money(b.won_value)});
  return t;
}

Table forecast_table(const Forecast& f, const ReportEnv&) {
  Table t;
  t.columns = {{"MONTH"}, {"DEALS", Col::count}, {"VALUE", Col::money}, {"WEIGHTED", Col::money}};
  auto row = [&](const std::string& label, const ForecastBucket& b) {
    t.rows.push_back({label, std::to_string(b.count), money(b.value), money(b.weighted)});
  };
  for (const auto& m : f.months) row(m.month, m.sums);
  row("later", f.later);
  row("unscheduled", f.unscheduled);
  row("total", f.total);
  t.mark_total();
  return t;
}

Table probability_table(const Forecast& f) {
  Table t;
  t.columns = {{"STAGE"},
               {"CONFIGURED", Col::percent},
               {"HISTORICAL", Col::percent},
               {"CLOSED", Col::number},
               {"USED", Col::percent}};
  for (const auto& p : f.probabilities) {
    std::optional<double> hist;
    if (p.closed_reached > 0) hist = static_cast<double>(p.won_reached) / p.closed_reached;
    t.rows.push_back({p.stage, percent(p.configured), percent(hist),
                      std::to_string(p.won_reached) + "/" + std::to_string(p.closed_reached),
                      percent(p.used) + (p.historical ? " (hist.)" : "")});
  }
  return t;
}

Table stalled_table(const std::vector<StalledRow>& rows) {
  Table t;
  t.columns = {{"IDLE", Col::days},
               {"ID", Col::id},
               {"STAGE"},
               {"LAST ACTIVITY", Col::date},
               {"NEXT ACTION", Col::text, 44}};
  for (const auto& r : rows) {
    std::string next;
    if (r.next) next = (r.next->due ? r.next->due->str() + " " : "") + r.next->action;
    t.rows.push_back({std::to_string(r.days_idle) + "d", r.id, r.stage, r.last_activity.str(),
                      next.empty() ? "(none)" : next});
  }
  return t;
}

Table stalled_csv_table(const std::vector<StalledRow>& rows) {
  Table t;
  t.columns = {{"id", Col::id},
               {"title"},
               {"company"},
               {"stage"},
               {"value", Col::number},
               {"days_idle", Col::count},
               {"stall_days", Col::count},
               {"last_activity", Col::date},
               {"next_action"},
               {"next_due", Col::date}};
  for (const auto& r : rows) {
    t.rows.push_back(
        {r.id, r.title, r.company.value_or(""), r.stage, r.value ? format_number(*r.value) : "",
         std::to_string(r.days_idle), std::to_string(r.stall_days), r.last_activity.str(),
         r.next ? r.next->action : "", r.next && r.next->due ? r.next->due->str() : ""});
  }
  return t;
}

Table forecast_csv_table(const Forecast& f) {
  Table t;
  t.columns = {{"month"}, {"count", Col::count}, {"value", Col::number}, {"weighted", Col::number}};
  auto row = [&](const std::string& label, const ForecastBucket& b) {
    t.rows.push_back({label, std::to_string(b.count), format_number(round_cents(b.value)),
                      format_number(round_cents(b.weighted))});
  };
  for (const auto& m : f.months) row(m.month, m.sums);
  row("later", f.later);
  row("unscheduled", f.unscheduled);
  return t;
}

}  // namespace deals

#pragma once
// The reports (spec sections 6 and 7): stalled deals, the weekly review, stats and the
// forecast, each rendered from one pure report value as text, Markdown, JSON, CSV or HTML.
#include <map>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "core/forecast.hpp"
#include "core/metrics.hpp"
#include "core/review.hpp"
#include "render/json.hpp"
#include "render/style.hpp"
#include "render/table.hpp"

namespace deals {

/// What a renderer needs besides the report value: the configuration (pipeline name,
/// currency, stages), the deals the report was computed from (for titles and
/// companies), the day the report looks from, and text styling.
struct ReportEnv {
  ReportEnv(const Config& c, const std::vector<Deal>& d, Date t, Style s)
      : config(c), deals(d), today(t), style(s) {}
  const Config& config;
  const std::vector<Deal>& deals;
  Date today;
  Style style;
  /// The deal with this id, or nullptr.
  const Deal* find(const std::string& id) const;

 private:
  mutable std::map<std::string, const Deal*> index_;
};

// ---- stalled ----

/// The `stalled` table (text and Markdown): idle days, id, stage, last activity, next
/// action. Text prints nothing at all for no rows (see cmd_stalled).
Table stalled_table(const std::vector<StalledRow>& rows);
/// CSV columns: id, title, company, stage, value, days_idle, stall_days, last_activity,
/// next_action, next_due.
Table stalled_csv_table(const std::vector<StalledRow>& rows);
/// An array of {id, title, company, stage, value, days_idle, stall_days, last_activity,
/// next {action, due}} (a superset of the review's stalled objects).
std::string stalled_json(const std::vector<StalledRow>& rows);

// ---- review ----

/// JSON with the spec's keys (section 6) plus `won_by_week`.
std::string review_json(const Review& review);
/// For people on a terminal: headed sections and a bar chart of the pipeline by stage.
std::string review_text(const Review& review, const ReportEnv& env);
/// Markdown, ready to mail.
std::string review_md(const Review& review, const ReportEnv& env);
/// One self-contained HTML page: inline CSS and SVG charts, no scripts, no network.
std::string review_html(const Review& review, const ReportEnv& env);

// ---- stats ----

std::string stats_json(const Stats& stats, std::optional<Date> since, std::optional<Date> until);
std::string stats_text(const Stats& stats, const ReportEnv& env, std::optional<Date> since,
                       std::optional<Date> until);
std::string stats_md(const Stats& stats, const ReportEnv& env, std::optional<Date> since,
                     std::optional<Date> until);

/// Stats breakdowns (render/report_breakdown.cpp): lost reasons (REASON, LOST, VALUE),
/// figures by tag, and the `stats --by` table (PERIOD, WON, WON VALUE, LOST, WIN RATE,
/// with a total row when `total`).
Table lost_reasons_table(const Stats& stats);
Table tag_table(const Stats& stats);
/// Adds `lost_reasons` and `by_tag` to an open JSON object.
void breakdown_json(Json& json, const Stats& stats);
Table periods_table(const std::vector<PeriodRow>& rows, PeriodUnit unit, bool total);
/// CSV columns: <unit>, won, won_value, lost, win_rate (a share 0..1, empty when none).
Table periods_csv_table(const std::vector<PeriodRow>& rows, PeriodUnit unit);
/// {by, currency, since, until, periods [ {period, won, won_value, lost, win_rate} ]}.
std::string periods_json(const std::vector<PeriodRow>& rows, PeriodUnit unit,
                         const MoneySummary& money, std::optional<Date> since,
                         std::optional<Date> until);

class Json;
/// The keys every money report's JSON carries (spec section 12): `currency` (the
/// pipeline's), `rates` used, `rates_date` and `excluded` (ids left out for want of a rate).
void money_keys(Json& j, const MoneySummary& money);

// ---- forecast ----

std::string forecast_json(const Forecast& forecast);
std::string forecast_text(const Forecast& forecast, const ReportEnv& env);
std::string forecast_md(const Forecast& forecast, const ReportEnv& env);
/// One row per month, then `later` and `unscheduled`: month, count, value, weighted.
Table forecast_csv_table(const Forecast& forecast);

// ---- helpers shared by the report renderers ----

/// "62.5%" (one decimal, trailing .0 dropped), "–" for nullopt.
std::string percent(std::optional<double> share);
/// A number of days with one decimal at most ("12", "12.5"), "–" for nullopt.
std::string days_text(std::optional<double> days);
/// A bar of `width` character cells at most, drawn with Unicode eighth blocks, for
/// value / max (empty for 0).
std::string block_bar(double value, double max, int width);

}  // namespace deals

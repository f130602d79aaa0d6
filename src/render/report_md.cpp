// The reports as Markdown, ready to paste into a mail: a heading per section, GitHub
// tables, no colour.
#include <fmt/format.h>

#include "core/text.hpp"
#include "render/report_tables.hpp"

namespace deals {
namespace {

std::string section(const std::string& title, const Table& t, const std::string& note = "") {
  std::string out = "\n## " + title + "\n\n";
  if (!note.empty()) out += "_" + md_escape(note) + "_\n\n";
  if (t.rows.empty()) return out + "None.\n";
  return out + render_md(t);
}

std::string total_of(const std::vector<ClosedRow>& rows, double total,
                     const std::string& currency) {
  return rows.empty() ? "" : "Total " + closed_sum(rows, total, currency);
}

// The conversion and the deals left out, once per report (spec section 12).
std::string money_lines(const MoneySummary& money) {
  std::string out;
  for (const auto& line : money_notes(money)) out += "\n_" + md_escape(line) + "._\n";
  return out;
}

}  // namespace

std::string review_md(const Review& r, const ReportEnv& env) {
  const std::string& cur = env.config.currency;
  std::string out = "# " + md_escape(review_heading(r, env)) + "\n";
  if (r.reference < r.period.until) out += "\n_As of " + r.reference.str() + "._\n";
  out += money_lines(r.money);
  out += section("Pipeline now", snapshot_table(r, true),
                 fmt::format("{} open deals, {} {}, weighted {} {}", r.totals.count,
                             money(r.totals.value), cur, money(r.totals.weighted), cur));
  out += section(fmt::format("New deals ({})", r.new_deals.size()), new_table(r, env));
  out += section(fmt::format("Moved ({})", r.advanced.size()), advanced_table(r, env));
  out += section(fmt::format("Won ({})", r.won.size()), won_table(r, env),
                 total_of(r.won, r.won_total, cur));
  out += section(fmt::format("Lost ({})", r.lost.size()), lost_table(r, env),
                 total_of(r.lost, r.lost_total, cur));
  out += section(fmt::format("Stalled ({})", r.stalled.size()), stalled_table(r.stalled),
                 "Idle longer than the stage allows");
  out += section(fmt::format("Due ({})", r.due.size()), due_table(r, env),
                 "Overdue or due by " + r.period.until.add_days(7).str());
  out += section(fmt::format("Closing soon ({})", r.closing_soon.size()), closing_table(r, env),
                 "Expected to close by " + r.period.until.add_days(30).str());
  out += section("Metrics", review_metrics_table(r, env),
                 "All deals closed up to " + r.period.until.str());
  return out;
}

std::string stats_md(const Stats& s, const ReportEnv& env, std::optional<Date> since,
                     std::optional<Date> until) {
  std::string scope = "all deals";
  if (since || until)
    scope = "deals closed " + (since ? "from " + since->str() : std::string("up")) +
            (until ? " to " + until->str() : std::string(" onwards"));
  std::string out = "# " + md_escape(env.config.name + " · stats · " + scope) + "\n";
  out += money_lines(s.money);
  out += section("Summary", stats_summary_table(s, env));
  out += section("Funnel", funnel_table(s), "Deals that reached each stage");
  out += section("By source", source_table(s, env));
  out += section("Lost reasons", lost_reasons_table(s));
  out += section("By tag", tag_table(s), "A deal counts under each of its tags.");
  return out;
}

std::string forecast_md(const Forecast& f, const ReportEnv& env) {
  std::string out = "# " +
                    md_escape(env.config.name + " · forecast · " +
                              (f.method == ForecastMethod::historical ? "historical probabilities"
                                                                      : "stage probabilities") +
                              " · as of " + env.today.str()) +
                    "\n";
  out += money_lines(f.money);
  std::string note = "Open deals by expected close month, in " + env.config.currency;
  if (f.overdue.count > 0)
    note += fmt::format("; {} past their expected close count in {}", f.overdue.count,
                        f.months.front().month);
  out += section("Weighted by expected close", forecast_table(f, env), note);
  out += section("Probabilities", probability_table(f),
                 fmt::format("Historical where at least {} closed deals reached the stage",
                             kHistoricalMinimum));
  return out;
}

}  // namespace deals

// The reports for people on a terminal: headed sections of aligned tables, and Unicode
// block bars for the funnel. Colour comes only through Style (off unless a terminal).
#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"
#include "render/report_tables.hpp"

namespace deals {
namespace {

std::string indent(const std::string& block, const char* pad = "  ") {
  std::string out;
  size_t start = 0;
  while (start < block.size()) {
    size_t end = block.find('\n', start);
    if (end == std::string::npos) end = block.size();
    out += pad + block.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

// "NEW DEALS (3)" in bold, then the table indented, or "none" dimmed.
std::string section(const Style& st, const std::string& title, const Table& t,
                    const std::string& extra = "") {
  std::string out = "\n" + st.bold(title) + (extra.empty() ? "" : "  " + st.dim(extra)) + "\n";
  if (t.rows.empty()) return out + "  " + st.dim("none") + "\n";
  return out + indent(render_text(t, st));
}

// Adds a bar column after the first column of `t`, scaled to the largest of `values`.
void add_bars(Table& t, const std::vector<double>& values, int width) {
  double max = values.empty() ? 0 : *std::max_element(values.begin(), values.end());
  t.columns.insert(t.columns.begin() + 1, Column{""});
  for (size_t i = 0; i < t.rows.size(); ++i) {
    std::string bar = i < values.size() ? block_bar(values[i], max, width) : "";
    // Pad to the full width so the numbers after it stay aligned.
    bar.append(width - display_width(bar), ' ');
    t.rows[i].insert(t.rows[i].begin() + 1, bar);
  }
}

// The conversion and the deals left out, once per report (spec section 12).
std::string money_lines(const Style& st, const MoneySummary& money) {
  std::string out;
  for (const auto& line : money_notes(money)) out += st.dim(line) + "\n";
  return out;
}

// Ids are what people type, so text shows them whole and leaves out the longer
// "Company · Title" label (the id is built from the same words).
Table without_label(Table t) {
  for (size_t c = 0; c < t.columns.size(); ++c) {
    if (t.columns[c].type != ColumnType::deal) continue;
    t.columns.erase(t.columns.begin() + c);
    for (auto& row : t.rows) row.erase(row.begin() + c);
    break;
  }
  return t;
}

}  // namespace

std::string review_text(const Review& r, const ReportEnv& env) {
  const Style& st = env.style;
  const std::string cur = sanitize(env.config.currency);  // pipeline.toml: escaped like deal data
  std::string out = st.bold(sanitize(review_heading(r, env))) + "\n";
  if (r.reference < r.period.until) out += st.dim("as of " + r.reference.str()) + "\n";
  out += money_lines(st, r.money);

  Table snap = snapshot_table(r, true);
  std::vector<double> counts;
  for (const auto& s : r.snapshot) counts.push_back(s.count);
  add_bars(snap, counts, 20);
  out += "\n" + st.bold("PIPELINE NOW") + "  " +
         st.dim(fmt::format("{} open, {} {}, weighted {} {}", r.totals.count, money(r.totals.value),
                            cur, money(r.totals.weighted), cur)) +
         "\n" + indent(render_text(snap, st));

  out += section(st, fmt::format("NEW ({})", r.new_deals.size()), without_label(new_table(r, env)));
  out += section(st, fmt::format("MOVED ({})", r.advanced.size()), advanced_table(r, env));
  out += section(st, fmt::format("WON ({})", r.won.size()), without_label(won_table(r, env)),
                 closed_sum(r.won, r.won_total, cur));
  out += section(st, fmt::format("LOST ({})", r.lost.size()), lost_table(r, env),
                 closed_sum(r.lost, r.lost_total, cur));
  out += section(st, fmt::format("STALLED ({})", r.stalled.size()), stalled_table(r.stalled),
                 "idle longer than the stage allows");
  out += section(st, fmt::format("DUE ({})", r.due.size()), due_table(r, env),
                 "overdue or due by " + r.period.until.add_days(7).str());
  out += section(st, fmt::format("CLOSING SOON ({})", r.closing_soon.size()), closing_table(r, env),
                 "expected by " + r.period.until.add_days(30).str());
  Table m = review_metrics_table(r, env);
  m.columns[0].header = "";
  m.columns[1].header = "";
  std::string metrics = render_text(m, st);
  metrics = metrics.substr(metrics.find('\n') + 1);  // no header row
  out += "\n" + st.bold("METRICS") + "  " + st.dim("deals closed up to " + r.period.until.str()) +
         "\n" + indent(metrics);
  return out;
}

std::string stats_text(const Stats& s, const ReportEnv& env, std::optional<Date> since,
                       std::optional<Date> until) {
  const Style& st = env.style;
  std::string scope = "all deals";
  if (since || until)
    scope = "deals closed " + (since ? "from " + since->str() : std::string("up")) +
            (until ? " to " + until->str() : std::string(" onwards"));
  std::string out = st.bold(sanitize(env.config.name) + " · stats · " + scope) + "\n";
  out += money_lines(st, s.money);
  Table sum = stats_summary_table(s, env);
  std::string summary = render_text(sum, st);
  out += "\n" + indent(summary.substr(summary.find('\n') + 1));

  Table funnel = funnel_table(s);
  std::vector<double> reached;
  for (const auto& x : s.stages) reached.push_back(x.reached);
  add_bars(funnel, reached, 20);
  out += "\n" + st.bold("FUNNEL") + "  " + st.dim("deals that reached each stage") + "\n" +
         indent(render_text(funnel, st));
  out += section(st, "BY SOURCE", source_table(s, env));
  out += section(st, "LOST REASONS", lost_reasons_table(s));
  out += section(st, "BY TAG", tag_table(s), "a deal counts under each of its tags");
  return out;
}

std::string forecast_text(const Forecast& f, const ReportEnv& env) {
  const Style& st = env.style;
  const std::string cur = sanitize(env.config.currency);  // pipeline.toml: escaped like deal data
  std::string out = st.bold(sanitize(env.config.name) + " · forecast · " +
                            (f.method == ForecastMethod::historical ? "historical probabilities"
                                                                    : "stage probabilities") +
                            " · as of " + env.today.str()) +
                    "\n";
  out += money_lines(st, f.money);
  Table t = forecast_table(f, env);
  std::vector<double> weighted;
  for (const auto& m : f.months) weighted.push_back(m.sums.weighted);
  weighted.push_back(f.later.weighted);
  weighted.push_back(f.unscheduled.weighted);
  add_bars(t, weighted, 20);
  out += "\n" + st.bold("WEIGHTED BY EXPECTED CLOSE") + "  " + st.dim(cur) + "\n" +
         indent(render_text(t, st));
  if (f.overdue.count > 0)
    out +=
        "  " +
        st.yellow(fmt::format(
            "{} includes {} past {} expected close: {} {}, weighted {} {}", f.months.front().month,
            f.overdue.count == 1 ? "1 deal" : std::to_string(f.overdue.count) + " deals",
            f.overdue.count == 1 ? "its" : "their", money(f.overdue.value), cur,
            money(f.overdue.weighted), cur)) +
        "\n";
  out += section(st, "PROBABILITIES", probability_table(f),
                 fmt::format("historical where at least {} closed deals reached the stage",
                             kHistoricalMinimum));
  return out;
}

}  // namespace deals

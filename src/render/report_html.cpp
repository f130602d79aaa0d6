// The review as one self-contained HTML page: inline CSS, inline SVG charts, no scripts,
// no fonts or images from the network. Every piece of deal text is escaped.
#include <fmt/format.h>

#include "core/forecast.hpp"
#include "core/week.hpp"
#include "render/report_svg.hpp"
#include "render/report_tables.hpp"

namespace deals {
namespace {

constexpr const char* kCss = R"css(
:root{--ink:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bg:#f4f5f7;--card:#fff;
--blue:#2563eb;--green:#15803d;--red:#b91c1c;--amber:#b45309}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,
"Noto Sans","DejaVu Sans",sans-serif}
main{max-width:1000px;margin:0 auto;padding:32px 24px 48px}
header{margin-bottom:20px}
.eyebrow{margin:0;color:var(--blue);font-weight:600;letter-spacing:.08em;text-transform:uppercase;
font-size:12px}
h1{margin:4px 0 2px;font-size:28px;letter-spacing:-.01em}
.period{margin:0;color:var(--muted)}
.money{margin:2px 0 0;color:var(--muted);font-size:13px}
h2{margin:0 0 12px;font-size:16px}
h3{margin:18px 0 6px;font-size:13px;color:var(--muted);text-transform:uppercase;
letter-spacing:.06em}
h3 .n{color:var(--ink);margin-left:4px}
h3 .sum{float:right;text-transform:none;letter-spacing:0;color:var(--ink);font-weight:600}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-bottom:16px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px}
.kpi .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.kpi .big{font-size:24px;font-weight:650;margin-top:2px;font-variant-numeric:tabular-nums}
.kpi .sub{color:var(--muted);font-size:13px}
.kpi.good .big{color:var(--green)} .kpi.bad .big{color:var(--red)}
.grid2{display:grid;grid-template-columns:1fr 1fr;gap:16px;margin-bottom:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:18px 20px;
margin-bottom:16px}
.grid2 .card{margin-bottom:0}
.card>h3:first-of-type{margin-top:4px}
table{width:100%;border-collapse:collapse;font-size:14px}
th{text-align:left;color:var(--muted);font-weight:600;font-size:12px;text-transform:uppercase;
letter-spacing:.04em;border-bottom:1px solid var(--line);padding:6px 8px;white-space:nowrap}
td{padding:7px 8px;border-bottom:1px solid #f0f1f3;vertical-align:top}
tr:last-child td{border-bottom:0}
tr.total td{font-weight:650;border-top:2px solid var(--line)}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.date{white-space:nowrap;font-variant-numeric:tabular-nums}
.deal b{font-weight:600}
.id{display:block;color:var(--muted);font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
tr.late td:first-child{color:var(--red);font-weight:600}
tr.warn td:first-child{color:var(--amber);font-weight:600}
.none{color:var(--muted);margin:4px 0 0;font-style:italic}
.note{color:var(--muted);font-size:13px;margin:-8px 0 8px}
footer{color:var(--muted);font-size:12px;text-align:center;margin-top:24px}
@media (max-width:760px){.kpis{grid-template-columns:1fr 1fr}.grid2{grid-template-columns:1fr}}
@media print{body{background:#fff}.card,.kpi{break-inside:avoid}}
)css";

// Phones and paper (SPEC §13). At 600 px and below every table becomes stacked rows (a
// block per row, each cell labelled from its column), KPI cards go two by two with
// smaller figures that wrap instead of overflowing. Printing is A4 with small margins;
// cards may split between pages (rows, charts and headings do not), so no page is left
// half empty in front of a card too tall to fit; the closing block (pipeline by stage and
// the forecast, about 45% of a page) is never split, so the last page is never nearly
// empty.
constexpr const char* kResponsiveCss = R"css(
svg{display:block;max-width:100%;height:auto}
.forecast svg{max-width:620px;margin:0 auto}
@media (max-width:600px){
main{padding:16px 10px 32px}
h1{font-size:22px}
.kpis{grid-template-columns:1fr 1fr;gap:8px}
.kpi{padding:10px 12px;min-width:0}
.kpi .big{font-size:18px;overflow-wrap:anywhere}
.kpi .sub{font-size:12px}
.card{padding:14px 12px}
h3 .sum{float:none;display:block;margin-top:2px}
table,thead,tbody,tr,td{display:block;width:100%}
thead{display:none}
tr{border-bottom:1px solid var(--line);padding:6px 0}
tr:last-child{border-bottom:0}
td{border:0;padding:2px 0;text-align:left;white-space:normal;overflow-wrap:anywhere}
td.num{text-align:left}
td[data-label]:not(.deal)::before{content:attr(data-label) ": ";color:var(--muted);
font-size:12px;text-transform:uppercase;letter-spacing:.04em}
tr.total td{border-top:0}
}
@page{size:A4;margin:12mm 12mm 14mm}
@media print{
body{font-size:10pt;line-height:1.35;-webkit-print-color-adjust:exact;print-color-adjust:exact}
table{font-size:9.5pt}
td{padding:4px 6px}
th{padding:4px 6px}
h3{margin:12px 0 4px}
main{max-width:none;padding:0}
.card,.kpi{box-shadow:none}
.card{break-inside:auto;padding:10px 14px;margin-bottom:10px}
.kpis{break-inside:avoid;grid-template-columns:repeat(4,1fr);gap:8px;margin-bottom:10px}
.kpi{padding:8px 10px}
.kpi .big{font-size:17px}
.grid2{break-inside:avoid;grid-template-columns:1fr 1fr;gap:10px;margin-bottom:10px}
.forecast svg{max-width:520px}
.tail{break-inside:avoid}
h2,h3{break-after:avoid}
tr,svg{break-inside:avoid}
footer{margin-top:8px}
}
)css";

constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string esc(const std::string& s) {
  return html_escape(s);
}

// Late rows (stalled, overdue) lead in red, past expected closes in amber, totals bold;
// won rows need no mark on a page that heads them "Won".
const char* row_class(RowKind kind) {
  switch (kind) {
    case RowKind::late:
      return " class=\"late\"";
    case RowKind::past:
      return " class=\"warn\"";
    case RowKind::total:
      return " class=\"total\"";
    case RowKind::body:
    case RowKind::won:
      break;
  }
  return "";
}

// One cell: an id becomes "Company · Title" with the id under it, numbers align right,
// a date leading its row keeps on one line.
std::string html_cell(const Column& col, bool first, const std::string& cell,
                      const std::string& label, const ReportEnv& env) {
  if (col.type == ColumnType::id) {
    std::string deal = deal_label(env, cell);
    std::string out = "<td class=\"deal\"" + label + ">";
    if (!deal.empty()) out += "<b>" + esc(deal) + "</b>";
    return out + "<span class=\"id\">" + esc(cell) + "</span></td>";
  }
  const char* cls = "";
  if (col.right())
    cls = " class=\"num\"";
  else if (first && col.type == ColumnType::date && !cell.empty())
    cls = " class=\"date\"";
  return "<td" + std::string(cls) + label + ">" + esc(cell) + "</td>";
}

// A Table as HTML, marked from its column types and row kinds. The id column is headed
// "deal" and a separate deal label column is left out (the id cell shows the label).
std::string html_table(const Table& t, const ReportEnv& env) {
  std::string out = "<table><thead><tr>";
  std::vector<std::string> labels;  // each cell's data-label, for the stacked phone layout
  for (const Column& col : t.columns) {
    std::string h = col.type == ColumnType::id ? "DEAL" : col.header;
    for (auto& ch : h) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    labels.push_back(" data-label=\"" + esc(h) + "\"");
    if (col.type == ColumnType::deal) continue;
    out += col.right() ? "<th class=\"num\">" : "<th>";
    out += esc(h) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  for (size_t r = 0; r < t.rows.size(); ++r) {
    out += "<tr" + std::string(row_class(t.kind(r))) + ">";
    for (size_t c = 0; c < t.columns.size(); ++c)
      if (t.columns[c].type != ColumnType::deal)
        out += html_cell(t.columns[c], c == 0, t.rows[r][c], labels[c], env);
    out += "</tr>\n";
  }
  return out + "</tbody></table>\n";
}

std::string block(const std::string& title, size_t n, const Table& t, const ReportEnv& env,
                  const std::string& sum = "") {
  std::string out = "<h3>" + esc(title) + fmt::format("<span class=\"n\">{}</span>", n);
  if (!sum.empty()) out += "<span class=\"sum\">" + esc(sum) + "</span>";
  out += "</h3>\n";
  if (t.rows.empty()) return out + "<p class=\"none\">None.</p>\n";
  return out + html_table(t, env);
}

std::string kpi(const std::string& label, const std::string& big, const std::string& sub,
                const char* cls = "") {
  return fmt::format(
      "<div class=\"kpi {}\"><div class=\"label\">{}</div><div class=\"big\">{}</div>"
      "<div class=\"sub\">{}</div></div>\n",
      cls, esc(label), esc(big), esc(sub));
}

std::string plural(size_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// "24 Nov – 30 Nov 2026".
std::string nice_period(const Period& p) {
  auto day = [&](Date d, bool year) {
    return fmt::format("{} {}{}", d.day(), kMonths[d.month() - 1],
                       year ? " " + std::to_string(d.year()) : "");
  };
  return day(p.since, p.since.year() != p.until.year()) + " – " + day(p.until, true);
}

std::string kpis(const Review& r, const ReportEnv& env) {
  const std::string& cur = env.config.currency;
  const auto& m = r.metrics;
  std::string out = "<section class=\"kpis\">\n";
  out += kpi("Open pipeline", money(r.totals.value) + " " + cur, plural(r.totals.count, "deal"));
  out += kpi("Weighted", money(r.totals.weighted) + " " + cur, "value × stage probability");
  out += kpi("Won this period", money(r.won_total) + " " + cur, plural(r.won.size(), "deal"),
             r.won.empty() ? "" : "good");
  out += kpi("Lost this period", money(r.lost_total) + " " + cur, plural(r.lost.size(), "deal"),
             r.lost.empty() ? "" : "bad");
  std::string upto = "closed up to " + r.period.until.str();
  out += kpi("Win rate", percent(m.win_rate), upto);
  out += kpi("Average won deal",
             m.average_won_value ? money(*m.average_won_value) + " " + cur : "–", upto);
  out += kpi("Sales cycle", m.cycle_days_mean ? days_text(m.cycle_days_mean) + " days" : "–",
             "mean, created to won");
  out += kpi("Needs attention", std::to_string(r.stalled.size() + r.due.size()),
             fmt::format("{} stalled · {} due", r.stalled.size(), r.due.size()),
             r.stalled.empty() ? "" : "bad");
  return out + "</section>\n";
}

std::string charts(const Review& r, const ReportEnv& env) {
  std::vector<Bar> funnel, value;
  for (const auto& s : r.snapshot) {
    funnel.push_back({s.stage, static_cast<double>(s.count), -1, std::to_string(s.count), ""});
    value.push_back({s.stage, s.value, s.weighted, money(s.value), ""});
  }
  std::vector<Bar> weeks;
  for (const auto& w : r.won_by_week) {
    std::string label = w.label.substr(w.label.find('W'));
    std::string note = fmt::format("{} {}", w.start.day(), kMonths[w.start.month() - 1]);
    if (w.count) note += " · " + plural(static_cast<size_t>(w.count), "deal");
    weeks.push_back({label, w.value, -1, money(w.value), note});
  }
  std::string out = "<section class=\"grid2\">\n<div class=\"card\"><h2>Open deals by stage</h2>\n";
  out += svg_funnel(funnel, "Open deals by stage");
  out += "</div>\n<div class=\"card\"><h2>Value by stage</h2>\n";
  out += svg_hbars(value, "Value by stage", "value (" + env.config.currency + ")", "weighted");
  out += "</div>\n</section>\n<section class=\"card\"><h2>Won value by week</h2>\n";
  out += svg_columns(weeks, "Won value by week");
  return out + "</section>\n";
}

// The weighted value of open deals by expected close month, six months from the review's
// reference day (the forecast command's stage method), overdue closes in the first month.
std::string forecast_chart(const Review& r, const ReportEnv& env) {
  Forecast f = compute_forecast(env.deals, env.config, r.reference, 6, ForecastMethod::stage);
  std::vector<Bar> bars;
  for (const auto& m : f.months) {
    int month = std::stoi(m.month.substr(5, 2));
    // "Dec 2026": "Dec 26" would read as a day.
    std::string label = std::string(kMonths[month - 1]) + " " + m.month.substr(0, 4);
    std::string note = m.sums.count ? plural(static_cast<size_t>(m.sums.count), "deal") : "";
    bars.push_back({label, m.sums.weighted, -1, money(m.sums.weighted), note});
  }
  std::string out = "<section class=\"card forecast\"><h2>Forecast: weighted value by month</h2>\n";
  out += "<p class=\"note\">" +
         esc("Open deals by expected close, value × stage probability, in " + env.config.currency +
             fmt::format("; later {}, unscheduled {}", money(f.later.weighted),
                         money(f.unscheduled.weighted))) +
         "</p>\n";
  out += svg_columns(bars, "Forecast: weighted value by month", "#2563eb", 620);
  return out + "</section>\n";
}

}  // namespace

std::string review_html(const Review& r, const ReportEnv& env) {
  const std::string& cur = env.config.currency;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + esc(review_heading(r, env)) + "</title>\n<style>" + kCss + kResponsiveCss +
         "</style>\n";
  out += "</head>\n<body>\n<main>\n<header>\n<p class=\"eyebrow\">Weekly review</p>\n";
  out += "<h1>" + esc(env.config.name) + "</h1>\n";
  std::string period = nice_period(r.period);
  if (r.period.until - r.period.since == 6 && r.period.since.weekday() == 0)
    period += " · " + iso_week_label(r.period.since);
  if (r.reference < r.period.until) period += " · as of " + r.reference.str();
  out += "<p class=\"period\">" + esc(period) + "</p>\n";
  for (const auto& line : money_notes(r.money)) out += "<p class=\"money\">" + esc(line) + "</p>\n";
  out += "</header>\n";
  out += kpis(r, env);
  out += charts(r, env);

  out += "<section class=\"card\"><h2>Movement</h2>\n";
  out += block("New deals", r.new_deals.size(), new_table(r, env), env);
  out += block("Moved", r.advanced.size(), advanced_table(r, env), env);
  out += block("Won", r.won.size(), won_table(r, env), env, closed_sum(r.won, r.won_total, cur));
  out +=
      block("Lost", r.lost.size(), lost_table(r, env), env, closed_sum(r.lost, r.lost_total, cur));
  out += "</section>\n<section class=\"card\"><h2>Needs attention</h2>\n";
  out += block("Stalled", r.stalled.size(), stalled_table(r.stalled), env);
  out += block("Due by " + r.period.until.add_days(7).str(), r.due.size(), due_table(r, env), env);
  out += "</section>\n<section class=\"card\"><h2>Closing soon</h2>\n";
  out += "<p class=\"note\">" +
         esc("Open deals expected to close by " + r.period.until.add_days(30).str()) + "</p>\n";
  out += html_table(closing_table(r, env), env);
  if (r.closing_soon.empty()) out += "<p class=\"none\">None.</p>\n";
  // The pipeline now and ahead close the page as one block that printing never splits,
  // so the last printed page holds at least these two (see kResponsiveCss).
  out += "</section>\n<div class=\"tail\">\n<section class=\"card\"><h2>Pipeline by stage</h2>\n";
  out += html_table(snapshot_table(r, true), env);
  out += "</section>\n" + forecast_chart(r, env) + "</div>\n";
  out += "<footer>" + esc("deals · " + env.config.name + " · " + cur) +
         "</footer>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace deals

// The report renderers' small helpers and their guarantees: bars, percentages, escaping,
// null rates in JSON, no colour unless asked.
#include <doctest/doctest.h>

#include "core/review.hpp"
#include "render/report.hpp"
#include "render/report_svg.hpp"
#include "report_fixtures.hpp"

using namespace deals;
using namespace deals::testing;

TEST_CASE("block_bar draws eighths of a cell") {
  CHECK(block_bar(0, 10, 20) == "");
  CHECK(block_bar(5, 0, 20) == "");
  CHECK(block_bar(10, 10, 4) == "████");
  CHECK(block_bar(5, 10, 3) == "█▌");      // 1.5 cells = 12 eighths
  CHECK(block_bar(1, 1000, 4) == "▏");     // tiny but visible
  CHECK(block_bar(2, 7, 20) == "█████▊");  // 5.71 cells = 46 eighths
}

TEST_CASE("percent and days_text") {
  CHECK(percent(std::nullopt) == "–");
  CHECK(percent(0.5) == "50%");
  CHECK(percent(2.0 / 3) == "66.7%");
  CHECK(percent(0) == "0%");
  CHECK(days_text(std::nullopt) == "–");
  CHECK(days_text(68.0 / 3) == "22.7");
  CHECK(days_text(55) == "55");
}

TEST_CASE("html_escape escapes markup and quotes and neutralises control characters") {
  CHECK(html_escape("<a href='x'>\"&\"</a>") ==
        "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;");
  CHECK(html_escape("a\x1b[31mb").find('\x1b') == std::string::npos);
}

TEST_CASE("review renderers: empty pipeline, null metrics, no colour by default") {
  Config config = Config::defaults();
  std::vector<Deal> none;
  Review r = compute_review(none, config, d("2026-03-02"), d("2026-03-08"), d("2026-03-08"));
  std::string json = review_json(r);
  CHECK(json.find("\"win_rate\": null") != std::string::npos);
  CHECK(json.find("NaN") == std::string::npos);
  ReportEnv env(config, none, d("2026-03-08"), Style{});
  std::string text = review_text(r, env);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.rfind("Pipeline · weekly review · 2026-03-02 to 2026-03-08 (2026-W10)\n", 0) == 0);
  ReportEnv coloured(config, none, d("2026-03-08"), Style{true});
  CHECK(review_text(r, coloured).find("\x1b[1m") != std::string::npos);
  std::string html = review_html(r, env);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("None.") != std::string::npos);
}

TEST_CASE("stalled_table shows the whole id and the next action with its date") {
  std::vector<Deal> deals{
      DealBuilder("a-very-long-deal-id-that-is-not-cut-in-text-output", "2026-01-01")
          .at("2026-01-01", "lead")
          .next("Call", "2026-01-05")};
  auto rows = stalled_deals(deals, Config::defaults(), d("2026-02-01"));
  Table t = stalled_table(rows);
  REQUIRE(t.rows.size() == 1);
  CHECK(t.rows[0] == std::vector<std::string>{"31d",
                                              "a-very-long-deal-id-that-is-not-cut-in-text-output",
                                              "lead", "2026-01-01", "2026-01-05 Call"});
}

TEST_CASE("column types decide alignment, the CSV formula guard and the decimal mark") {
  Table t;
  t.columns = {{"title"},
               {"id", ColumnType::id},
               {"due", ColumnType::date},
               {"value", ColumnType::number},
               {"share", ColumnType::percent}};
  t.rows = {{"=SUM(A1)", "a-1", "2026-01-05", "-1234.5", "+0.5"}};
  // Text is guarded; numbers are the tool's own and are written as they are.
  CHECK(render_csv(t) == "title,id,due,value,share\n'=SUM(A1),a-1,2026-01-05,-1234.5,+0.5\n");
  CHECK(render_csv(t, ';', ',', false) ==
        "title;id;due;value;share\n'=SUM(A1);a-1;2026-01-05;-1234,5;+0,5\n");
  CHECK(render_md(t).find("| --- | --- | --- | ---: | ---: |") != std::string::npos);
  std::string text = render_text(t, Style{});
  CHECK(text ==
        "title     id   due           value  share\n"
        "=SUM(A1)  a-1  2026-01-05  -1234.5   +0.5\n");
}

TEST_CASE("row kinds decide the text colours") {
  Table t;
  t.columns = {{"A"}, {"N", ColumnType::count}};
  t.rows = {{"x", "1"}, {"y", "2"}, {"z", "3"}, {"w", "4"}, {"total", "10"}};
  t.kinds = {RowKind::late, RowKind::past, RowKind::won, RowKind::body};
  t.mark_total();
  CHECK(t.kind(3) == RowKind::body);
  CHECK(render_text(t, Style{true}) ==
        "\x1b[1mA       N\x1b[0m\n\x1b[31mx       1\x1b[0m\n\x1b[33my       2\x1b[0m\n"
        "\x1b[32mz       3\x1b[0m\nw       4\n\x1b[1mtotal  10\x1b[0m\n");
  CHECK(render_text(t, Style{}).find('\x1b') == std::string::npos);
}

TEST_CASE("review HTML marks rows and cells from row kinds and column types") {
  Config config = Config::defaults();
  std::vector<Deal> deals{DealBuilder("late-one", "2026-02-01")
                              .at("2026-02-01", "lead")
                              .value(1200)
                              .expected("2026-03-01")
                              .next("Call back", "2026-03-03"),
                          DealBuilder("won-one", "2026-01-10")
                              .at("2026-01-10", "lead")
                              .at("2026-03-04", "won")
                              .value(500)};
  Review r = compute_review(deals, config, d("2026-03-02"), d("2026-03-08"), d("2026-03-08"));
  ReportEnv env(config, deals, d("2026-03-08"), Style{true});
  std::string html = review_html(r, env);
  CHECK(html.find('\x1b') == std::string::npos);
  // The overdue action leads in red, the past expected close in amber, the total bold.
  CHECK(html.find(
            "<tr class=\"late\"><td class=\"date\" data-label=\"due\">2026-03-03 (5d late)</td>") !=
        std::string::npos);
  CHECK(html.find("<tr class=\"warn\"><td class=\"date\" data-label=\"expected\">2026-03-01 "
                  "(past)</td>") != std::string::npos);
  CHECK(html.find("<tr class=\"total\"><td data-label=\"stage\">total</td>") != std::string::npos);
  // Won rows carry no class; the id cell shows the deal's title over the id; the deal
  // label column is folded into it; money is a number.
  CHECK(html.find("<tr><td class=\"date\" data-label=\"on\">2026-03-04</td><td class=\"deal\" "
                  "data-label=\"deal\"><b>Deal won-one</b><span class=\"id\">won-one</span></td>"
                  "<td class=\"num\" data-label=\"value\">500</td></tr>") != std::string::npos);
}

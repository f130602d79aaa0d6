// SPEC §13 building blocks: case folding, European numbers and dates, CSV delimiters,
// iCalendar lines and UIDs, breakdowns by period, fitting a table to a width.
#include <doctest/doctest.h>

#include "core/breakdown.hpp"
#include "core/calendar.hpp"
#include "core/find.hpp"
#include "core/import.hpp"
#include "core/text.hpp"
#include "render/csv.hpp"
#include "render/ics.hpp"
#include "render/table.hpp"
#include "store/csv.hpp"

using namespace deals;

namespace {

Date d(const char* s) {
  return *Date::parse(s);
}

Deal closed(const char* id, const char* created, const char* stage, const char* on, double v) {
  Deal x;
  x.id = id;
  x.title = id;
  x.created = d(created);
  x.stage = stage;
  x.value = v;
  x.history = {{d(created), "lead", {}, {}, {}}, {d(on), stage, {}, {}, {}}};
  return x;
}

}  // namespace

TEST_CASE("fold_case folds letters beyond ASCII") {
  CHECK(fold_case("BÄCKEREI") == fold_case("Bäckerei"));
  CHECK(fold_case("Straße") == "strasse");
  CHECK(fold_case("ΩΜΕΓΑ") == fold_case("ωμεγα"));
  CHECK(fold_case("ΣΟΦΟΣ") == fold_case("σοφος"));  // final sigma
  CHECK(fold_case("МОСКВА Ёж") == "москва ёж");
  CHECK(fold_case("ŁÓDŹ ĞÜŞ") == "łódź ğüş");
  CHECK(fold_case("İstanbul") == "istanbul");
  CHECK(contains_folded("Mentioned SHOPWARE plugins", "shopware"));
  CHECK_FALSE(contains_folded("Shop", "shopware"));
}

TEST_CASE("ids_containing lists ids holding the text") {
  std::vector<std::string> ids{"acme-web", "globex-website", "initech"};
  CHECK(ids_containing(ids, "web", 10) == std::vector<std::string>{"acme-web", "globex-website"});
  CHECK(ids_containing(ids, "web", 1).size() == 1);
  CHECK(ids_containing(ids, "", 10).empty());
}

TEST_CASE("parse_csv_number with a decimal comma or point") {
  CHECK(parse_csv_number("9.500,00", ',') == 9500.0);
  CHECK(parse_csv_number("1.234.567,89", ',') == 1234567.89);
  CHECK(parse_csv_number("9500,5", ',') == 9500.5);
  CHECK(parse_csv_number("9 500", ',') == 9500.0);
  CHECK(parse_csv_number("9\u00a0500,25", ',') == 9500.25);
  CHECK(parse_csv_number("12", ',') == 12.0);
  CHECK_FALSE(parse_csv_number("9.50,0", ','));  // a group of two
  CHECK_FALSE(parse_csv_number("9,5,0", ','));   // two decimal marks
  CHECK_FALSE(parse_csv_number("-5", ','));
  CHECK_FALSE(parse_csv_number("", ','));
  CHECK(parse_csv_number("9500.25", '.') == 9500.25);
  CHECK_FALSE(parse_csv_number("1,500", '.'));  // never guessed to be 1500
}

TEST_CASE("parse_csv_date in the three formats") {
  CHECK(parse_csv_date("29.09.2026", DateFormat::DayMonthYear) == d("2026-09-29"));
  CHECK(parse_csv_date("1.2.2026", DateFormat::DayMonthYear) == d("2026-02-01"));
  CHECK(parse_csv_date("09/29/2026", DateFormat::MonthDayYear) == d("2026-09-29"));
  CHECK(parse_csv_date("2026-09-29", DateFormat::DayMonthYear) == d("2026-09-29"));  // ISO too
  CHECK_FALSE(parse_csv_date("31.02.2026", DateFormat::DayMonthYear));
  CHECK_FALSE(parse_csv_date("29/09/2026", DateFormat::MonthDayYear));
  CHECK_FALSE(parse_csv_date("29.09.26", DateFormat::DayMonthYear));
  CHECK_FALSE(parse_csv_date("29.09.2026", DateFormat::Iso));
  CHECK(parse_date_format("DD.MM.YYYY") == DateFormat::DayMonthYear);
  CHECK_FALSE(parse_date_format("dd.mm.yyyy"));
}

TEST_CASE("detect_delimiter looks at the header line only") {
  CHECK(detect_delimiter("a,b,c\n1;2;3;4;5\n") == ',');
  CHECK(detect_delimiter("\xEF\xBB\xBF"
                         "a;b;c\r\n1,5;2\n") == ';');
  CHECK(detect_delimiter("a\tb\n") == '\t');
  CHECK(detect_delimiter("\"x;y;z\",b\n") == ',');  // quoted delimiters do not count
  CHECK(detect_delimiter("title\n") == ',');
  auto rows = read_csv("a;b\n\"x;y\";2,5\n", "f.csv", {}, ';');
  CHECK(rows[1].fields == std::vector<std::string>{"x;y", "2,5"});
  CHECK(csv_row({"x;y", "1,5"}, {}, ';') == "\"x;y\";1,5\n");
}

TEST_CASE("ics_text and ics_line") {
  CHECK(ics_text("a;b,c\\d\ne\r\nf") == "a\\;b\\,c\\\\d\\ne\\nf");
  std::string line(80, 'x');
  CHECK(ics_line(line) == std::string(75, 'x') + "\r\n " + std::string(5, 'x') + "\r\n");
  // A 2-byte character is never split across a fold.
  std::string umlauts = std::string(74, 'x') + "ü";
  CHECK(ics_line(umlauts) == std::string(74, 'x') + "\r\n ü\r\n");
  CHECK(ics_line("short") == "short\r\n");
}

TEST_CASE("event UIDs depend on the deal and the action only") {
  Deal a;
  a.id = "acme";
  a.next = NextAction{"Call Jane", d("2026-12-01"), {}};
  a.expected_close = d("2027-01-01");
  Deal b = a;
  b.value = 5000;
  b.title = "Changed";
  b.next->due = d("2026-12-09");
  std::vector<Deal> va{a}, vb{b};  // events point into their deals
  auto ea = calendar_events(va, std::nullopt, true);
  auto eb = calendar_events(vb, std::nullopt, true);
  REQUIRE(ea.size() == 2);
  CHECK(event_uid(ea[0]) == event_uid(eb[0]));
  CHECK(event_uid(ea[0]).starts_with("next-acme-"));
  CHECK(event_uid(ea[1]) == "close-acme@deals");
  vb[0].next->action = "Call John";
  CHECK(event_uid(calendar_events(vb, std::nullopt, false)[0]) != event_uid(ea[0]));
  // `until` bounds the actions (as `due --within` does), not the expected closes.
  CHECK(calendar_events(va, d("2026-11-30"), false).empty());
  CHECK(calendar_events(va, d("2026-11-30"), true).size() == 1);
}

TEST_CASE("closed_by_period fills the periods between") {
  std::vector<Deal> deals{closed("a", "2026-01-01", "won", "2026-01-10", 100),
                          closed("b", "2026-01-01", "lost", "2026-02-10", 50),
                          closed("c", "2026-01-01", "won", "2026-07-01", 10)};
  Config config = Config::defaults();
  config.rates["USD"] = 0.5;
  deals[2].currency = "USD";  // 10 USD = 5 in the pipeline's currency
  deals.push_back(closed("d", "2026-01-01", "won", "2026-07-02", 70));
  deals.back().currency = "CHF";  // no rate: counted as won, left out of the value
  MoneySummary money(config);
  auto q = closed_by_period(deals, PeriodUnit::Quarter, std::nullopt, std::nullopt, config, money);
  REQUIRE(q.size() == 3);
  CHECK(q[2].won == 2);
  CHECK(q[2].won_value == 5);
  CHECK(money.excluded == std::set<std::string>{"d"});
  CHECK(money.rates.at("USD") == 0.5);
  CHECK(q[0].period == "2026-Q1");
  CHECK(q[0].won == 1);
  CHECK(q[0].lost == 1);
  CHECK(q[0].won_value == 100);
  CHECK(q[1].period == "2026-Q2");
  CHECK_FALSE(q[1].win_rate);
  CHECK(q[2].win_rate == 1.0);
  auto m = closed_by_period(deals, PeriodUnit::Month, d("2026-02-01"), std::nullopt, config, money);
  CHECK(m.front().period == "2026-02");
  CHECK(m.size() == 6);
  CHECK(period_label(d("2026-12-31"), PeriodUnit::Year) == "2026");
}

TEST_CASE("fit_table cuts, then drops, then cuts the id") {
  Table t;
  t.columns = {{"ID", ColumnType::id, 0, 8, 0, 0},
               {"TITLE", ColumnType::text, 0, 6, 2, 0},
               {"NEXT", ColumnType::text, 0, 6, 3, 1}};
  t.rows = {{"a-rather-long-identifier", "A title of some length", "Call somebody soon"}};
  Table wide = t;
  fit_table(wide, 200);
  CHECK(wide.columns.size() == 3);
  CHECK(wide.columns[0].max_width == 0);
  Table mid = t;
  fit_table(mid, 50);  // cut NEXT, then TITLE
  CHECK(mid.columns.size() == 3);
  CHECK(mid.columns[0].max_width == 0);  // the id whole
  Table narrow = t;
  fit_table(narrow, 32);  // NEXT dropped, the id still whole
  CHECK(narrow.columns.size() == 2);
  CHECK(narrow.columns[0].max_width == 0);
  Table tiny = t;
  fit_table(tiny, 20);
  CHECK(tiny.columns.size() == 2);
  CHECK(tiny.columns[0].max_width == 12);
}

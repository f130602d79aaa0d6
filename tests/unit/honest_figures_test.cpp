// SPEC 12 in the core: money in the pipeline's currency, case folding, did-you-mean with
// transpositions, waiting vs stalled, and import --update's rules.
#include <doctest/doctest.h>

#include "core/derive.hpp"
#include "core/error.hpp"
#include "core/forecast.hpp"
#include "core/import.hpp"
#include "core/metrics.hpp"
#include "core/money.hpp"
#include "core/review.hpp"
#include "core/text.hpp"
#include "report_fixtures.hpp"

using namespace deals;
using namespace deals::testing;
using doctest::Approx;

namespace {

Config eur_with_usd() {
  Config c = three_stage_config();
  c.currency = "EUR";
  c.rates["USD"] = 0.92;
  c.rates_date = d("2026-11-01");
  return c;
}

Deal in(Deal deal, const char* currency) {
  deal.currency = currency;
  return deal;
}

}  // namespace

TEST_CASE("currency codes: three letters, upper-cased") {
  CHECK(normalize_currency("usd") == "USD");
  CHECK(normalize_currency("Chf") == "CHF");
  CHECK(normalize_currency("EUR") == "EUR");
  for (const char* bad : {"€", "$", "Dollar", "US$", "EU", "EURO", "", "U5D", "ÄBC"})
    CHECK_FALSE(normalize_currency(bad));
  CHECK(currency_refusal("€").find("here probably EUR") != std::string::npos);
  CHECK(currency_refusal("Dollar").find("here probably USD") != std::string::npos);
  CHECK(currency_refusal("xx").find("such as EUR, USD or CHF") != std::string::npos);
}

TEST_CASE("in_pipeline_currency converts at the stated rate, to the cent") {
  Config c = eur_with_usd();
  CHECK(*in_pipeline_currency(DealBuilder("a", "2026-01-01").value(6000), c) == 6000);
  CHECK(*in_pipeline_currency(in(DealBuilder("b", "2026-01-01").value(6000), "USD"), c) == 5520);
  CHECK(*in_pipeline_currency(in(DealBuilder("b", "2026-01-01").value(0.01), "USD"), c) ==
        Approx(0.01));
  CHECK(*in_pipeline_currency(in(DealBuilder("b", "2026-01-01").value(100), "usd"), c) == 92);
  CHECK(*in_pipeline_currency(in(DealBuilder("e", "2026-01-01").value(7), "EUR"), c) == 7);
  CHECK_FALSE(in_pipeline_currency(in(DealBuilder("c", "2026-01-01").value(5000), "CHF"), c));
  CHECK_FALSE(in_pipeline_currency(DealBuilder("n", "2026-01-01"), c));  // no value
  CHECK(lacks_rate(in(DealBuilder("c", "2026-01-01").value(5000), "CHF"), c));
  CHECK_FALSE(lacks_rate(in(DealBuilder("c", "2026-01-01"), "CHF"), c));  // nothing to add
}

TEST_CASE("half a cent rounds up whatever binary fraction the product lands on") {
  // 5400.5 × 0.05 is 270.02499999999997726 in binary, 1500.5 × 0.05 is 75.0250000000000057:
  // both are half a cent in decimal, and both go up.
  CHECK(round_cents(5400.5 * 0.05) == 270.03);
  CHECK(round_cents(1500.5 * 0.05) == 75.03);
  CHECK(round_cents(0.125) == 0.13);
  CHECK(round_cents(-0.125) == -0.13);  // away from zero
  CHECK(round_cents(2.675) == 2.68);    // 2.67499999... in binary
  CHECK(round_cents(1.004) == 1.0);
  CHECK(round_cents(12.34) == 12.34);
  Config c = eur_with_usd();
  c.rates["USD"] = 0.05;
  CHECK(*in_pipeline_currency(in(DealBuilder("u", "2026-01-01").value(5400.5), "USD"), c) ==
        270.03);
}

TEST_CASE("MoneySummary records the rates used and the deals left out") {
  Config c = eur_with_usd();
  MoneySummary m(c);
  CHECK(money_notes(m).empty());
  CHECK(*m.take(DealBuilder("e", "2026-01-01").value(10), c) == 10);
  CHECK(money_notes(m).empty());  // nothing converted, nothing left out
  CHECK(*m.take(in(DealBuilder("u", "2026-01-01").value(10), "USD"), c) == Approx(9.2));
  CHECK_FALSE(m.take(in(DealBuilder("c1", "2026-01-01").value(1), "CHF"), c));
  CHECK_FALSE(m.take(in(DealBuilder("c2", "2026-01-01").value(1), "CHF"), c));
  CHECK_FALSE(m.take(in(DealBuilder("g", "2026-01-01").value(1), "GBP"), c));
  CHECK(m.excluded == std::set<std::string>{"c1", "c2", "g"});
  CHECK(money_notes(m) ==
        std::vector<std::string>{"USD converted at 0.92, rates of 2026-11-01",
                                 "left out: 2 deals in CHF, 1 deal in GBP, no rate"});
  MoneySummary one(c);
  one.take(in(DealBuilder("c", "2026-01-01").value(1), "CHF"), c);
  CHECK(money_notes(one) == std::vector<std::string>{"left out: 1 deal in CHF, no rate"});
}

TEST_CASE("review, stats and forecast sum in the pipeline's currency") {
  Config c = eur_with_usd();
  std::vector<Deal> deals{
      DealBuilder("e", "2026-10-01")
          .at("2026-10-01", "proposal")
          .value(10000)
          .expected("2026-12-10"),
      in(DealBuilder("u", "2026-10-01")
             .at("2026-10-01", "negotiation")
             .value(6000)
             .expected("2026-12-15"),
         "USD"),
      in(DealBuilder("c", "2026-10-01").at("2026-10-01", "lead").value(5000).expected("2026-12-20"),
         "CHF"),
      in(DealBuilder("uw", "2026-10-01")
             .at("2026-10-01", "lead")
             .at("2026-11-25", "won")
             .value(3000),
         "USD"),
      in(DealBuilder("cw", "2026-10-01")
             .at("2026-10-01", "lead")
             .at("2026-11-26", "won")
             .value(1000),
         "CHF"),
  };
  Review r = compute_review(deals, c, d("2026-11-24"), d("2026-11-30"), d("2026-11-30"));
  CHECK(r.totals.count == 3);  // counts are not money: the CHF deal is counted, not summed
  CHECK(r.totals.value == Approx(15520));
  CHECK(r.totals.weighted == Approx(5000 + 5520 * 0.8));
  CHECK(r.won_total == Approx(2760));
  CHECK(r.money.excluded == std::set<std::string>{"c", "cw"});
  CHECK(*r.metrics.average_won_value == Approx(2760));

  Stats s = compute_stats(deals, c);
  CHECK(s.won == 2);  // counts are not money
  CHECK(*s.average_won_value == Approx(2760));
  CHECK(s.by_source.at(0).won_value == Approx(2760));
  CHECK(s.money.excluded == std::set<std::string>{"cw"});

  Forecast f = compute_forecast(deals, c, d("2026-11-30"), 3, ForecastMethod::stage);
  CHECK(f.total.count == 3);
  CHECK(f.total.value == Approx(15520));
  CHECK(f.money.excluded == std::set<std::string>{"c"});
  CHECK(f.money.rates.at("USD") == 0.92);
}

TEST_CASE("the Maven-style figures of a one-currency pipeline do not move") {
  Config c = three_stage_config();
  std::vector<Deal> deals{
      DealBuilder("a", "2026-01-01")
          .at("2026-01-01", "lead")
          .at("2026-01-31", "won")
          .value(1234.56),
      DealBuilder("b", "2026-01-01").at("2026-01-01", "lead").at("2026-02-10", "won").value(0.1),
  };
  Stats s = compute_stats(deals, c);
  CHECK(*s.average_won_value == (1234.56 + 0.1) / 2);  // exactly: no rounding on the way
  CHECK(money_notes(s.money).empty());
}

TEST_CASE("fold_case folds Latin, Greek and Cyrillic letters") {
  CHECK(fold_case("BÄCKEREI") == "bäckerei");
  CHECK(fold_case("Straße") == "strasse");
  CHECK(fold_case("STRASSE") == "strasse");
  CHECK(fold_case("ŁÓDŹ ŒUVRE ÇA") == "łódź œuvre ça");
  CHECK(fold_case("ΑΘΉΝΑ") == "αθήνα");
  CHECK(fold_case("ΟΔΥΣΣΕΎΣ") == fold_case("οδυσσεύς"));  // final sigma
  CHECK(fold_case("МОСКВА ЁЛКА ЇЖАК") == "москва ёлка їжак");
  CHECK(fold_case("ՀԱՅԱՍՏԱՆ") == "հայաստան");
  CHECK(fold_case("ＡＢＣ") == "ａｂｃ");
  CHECK(fold_case("日本 123 -") == "日本 123 -");
  CHECK(contains_folded("Bäckerei Müller GmbH", "BÄCKEREI"));
  CHECK(contains_folded("Москва Маркет", "маркет"));
  CHECK_FALSE(contains_folded("Backerei", "BÄCKEREI"));
  CHECK(equal_folded("Referral", "REFERRAL"));
}

TEST_CASE("did you mean counts a transposition as one edit") {
  CHECK(edit_distance("lsit", "list") == 1);
  CHECK(edit_distance("advnace", "advance") == 1);
  CHECK(edit_distance("ab", "ba") == 1);
  CHECK(edit_distance("abc", "abc") == 0);
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(closest("lsit", {"init", "list", "log"}) == "list");
  CHECK(closest("stalel", {"stalled", "stats"}) == "stalled");
}

TEST_CASE("waiting is not stalled; closed deals have no idle clock") {
  Config c = three_stage_config();  // lead stalls after 7 days
  const Date today = d("2026-03-30");
  Deal idle = DealBuilder("x", "2026-03-01").at("2026-03-01", "lead");
  CHECK(derive(idle, c, today).stalled);
  CHECK_FALSE(derive(idle, c, today).waiting);
  Deal booked = DealBuilder("x", "2026-03-01").at("2026-03-01", "lead").next("Call", "2026-04-02");
  CHECK(derive(booked, c, today).waiting);
  CHECK_FALSE(derive(booked, c, today).stalled);
  Deal due_today =
      DealBuilder("x", "2026-03-01").at("2026-03-01", "lead").next("Call", "2026-03-30");
  CHECK_FALSE(derive(due_today, c, today).stalled);
  Deal overdue = DealBuilder("x", "2026-03-01").at("2026-03-01", "lead").next("Call", "2026-03-29");
  CHECK(derive(overdue, c, today).stalled);
  Deal undated = DealBuilder("x", "2026-03-01").at("2026-03-01", "lead").next("Call");
  CHECK(derive(undated, c, today).stalled);
  CHECK(stalled_deals({idle, booked, overdue}, c, today).size() == 2);
  CHECK(stalled_deals({booked}, c, today, 0).empty());  // --days too

  Deal won = DealBuilder("w", "2026-01-01").at("2026-01-01", "lead").at("2026-01-05", "won");
  Derived w = derive(won, c, today);
  CHECK_FALSE(w.stalled);
  CHECK_FALSE(w.open);
  bool penalty_free = false;
  for (const auto& p : w.score_parts)
    if (p.label == "closed: no idle clock") penalty_free = p.points == p.max;
  CHECK(penalty_free);
}

TEST_CASE("import --update: forwards only, dated today, never out of won or lost") {
  Config c = three_stage_config();
  const Date today = d("2026-03-30");
  Deal proposal =
      DealBuilder("p", "2026-03-01").at("2026-03-01", "lead").at("2026-03-05", "proposal");
  Deal row = DealBuilder("p", "2026-03-01").stage("lead").value(5);
  row.history = {HistoryEntry{d("2026-03-01"), "lead", {}, {}, {}}};
  ImportUpdate back = merge_import(proposal, row, c, today);
  REQUIRE(back.refused);
  CHECK(back.refused->find("never moves a deal backwards") != std::string::npos);
  CHECK(back.deal == proposal);

  row.stage = "negotiation";
  row.history = {HistoryEntry{d("2026-02-01"), "negotiation", {}, {}, {}}};
  ImportUpdate fwd = merge_import(proposal, row, c, today);
  CHECK_FALSE(fwd.refused);
  CHECK(fwd.deal.history.back().on == today);  // not the spreadsheet's old date
  CHECK(fwd.deal.stage == "negotiation");
  CHECK(fwd.changes == std::vector<std::string>{"value: (none) -> 5",
                                                "stage: proposal -> negotiation (dated "
                                                "2026-03-30)"});

  Deal lost = DealBuilder("l", "2026-03-01").at("2026-03-01", "lead").at("2026-03-05", "lost");
  row.stage = "proposal";
  ImportUpdate reopen = merge_import(lost, row, c, today);
  REQUIRE(reopen.refused);
  CHECK(reopen.refused->find("never reopens") != std::string::npos);
}

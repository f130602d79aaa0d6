#include "core/metrics.hpp"

#include <doctest/doctest.h>

#include "report_fixtures.hpp"

using namespace deals;
using namespace deals::testing;
using doctest::Approx;

namespace {

// Stages: lead(0) proposal(1) negotiation(2). Every case the spec names appears once:
// a skipped stage (c), a move backwards (d), a hand-written deal (e), a reopened deal (f).
std::vector<Deal> pipeline() {
  return {
      DealBuilder("a", "2026-01-01")
          .at("2026-01-01", "lead")
          .at("2026-01-11", "proposal")
          .at("2026-01-21", "negotiation")
          .at("2026-01-31", "won")
          .value(1000)
          .source("referral"),
      DealBuilder("b", "2026-01-05")
          .at("2026-01-05", "lead")
          .at("2026-01-15", "proposal")
          .at("2026-01-20", "lost", "price")
          .value(500)
          .source("web"),
      DealBuilder("c", "2026-01-10")
          .at("2026-01-10", "lead")
          .at("2026-01-20", "negotiation")
          .at("2026-02-19", "won")
          .value(3000)
          .source("referral"),
      DealBuilder("d", "2026-02-01")
          .at("2026-02-01", "lead")
          .at("2026-02-05", "proposal")
          .at("2026-02-10", "lead")
          .value(800),
      DealBuilder("e", "2026-01-15").stage("lost").source("web"),
      DealBuilder("f", "2026-01-02")
          .at("2026-01-02", "lead")
          .at("2026-01-12", "proposal")
          .at("2026-01-22", "won")
          .at("2026-02-01", "proposal")
          .value(2000)
          .source("web"),
  };
}

}  // namespace

TEST_CASE("stats over every deal") {
  Stats st = compute_stats(pipeline(), three_stage_config());
  // Last entries: a won 01-31, b lost 01-20, c won 02-19, d lead (open), e lost (implied
  // entry on created 01-15), f proposal (reopened: open).
  CHECK(st.open == 2);  // d, f
  CHECK(st.won == 2);   // a, c
  CHECK(st.lost == 2);  // b, e
  REQUIRE(st.win_rate);
  CHECK(*st.win_rate == Approx(0.5));  // 2 / (2 + 2)
  REQUIRE(st.average_won_value);
  CHECK(*st.average_won_value == Approx(2000));  // (1000 + 3000) / 2
  REQUIRE(st.cycle_days);
  // a: 01-31 − 01-01 = 30; c: 02-19 − 01-10 = 21 + 19 = 40.
  CHECK(st.cycle_days->mean == Approx(35));    // (30 + 40) / 2
  CHECK(st.cycle_days->median == Approx(35));  // even count: mean of 30 and 40
  REQUIRE(st.velocity_per_day);
  CHECK(*st.velocity_per_day == Approx(2000.0 / 35));  // 2 open × 2000 × 0.5 / 35

  // Furthest stage: a won → 2, b → 1, c won → 2 (proposal skipped), d → 1 (went back to
  // lead), e → 0 (never entered an open stage), f → 1 (its old won entry is not last).
  REQUIRE(st.stages.size() == 3);
  CHECK(st.stages[0].stage == "lead");
  CHECK(st.stages[0].reached == 6);  // all six
  CHECK(st.stages[1].reached == 5);  // a b c d f
  CHECK(st.stages[2].reached == 2);  // a c
  CHECK(*st.stages[0].conversion == Approx(5.0 / 6));
  CHECK(*st.stages[1].conversion == Approx(0.4));  // 2 / 5
  CHECK(*st.stages[2].conversion == Approx(1.0));  // last stage: won 2 / reached 2
  // lead: a 10, b 10, c 10, d 4 (02-01→02-05; its second visit is in progress), f 10;
  // e never was in lead.  44 / 5.
  CHECK(*st.stages[0].avg_days == Approx(8.8));
  // proposal: a 10, b 5, d 5, f 10 (first visit; the second is in progress). 30 / 4.
  CHECK(*st.stages[1].avg_days == Approx(7.5));
  // negotiation: a 10, c 30 (01-20→02-19). 40 / 2.
  CHECK(*st.stages[2].avg_days == Approx(20));

  REQUIRE(st.by_source.size() == 3);  // referral, web, then no source last
  const auto& referral = st.by_source[0];
  CHECK(*referral.source == "referral");
  CHECK(referral.deals == 2);  // a c
  CHECK(referral.won == 2);
  CHECK(referral.lost == 0);
  CHECK(*referral.win_rate == Approx(1.0));
  CHECK(referral.won_value == Approx(4000));  // 1000 + 3000
  const auto& web = st.by_source[1];
  CHECK(*web.source == "web");
  CHECK(web.deals == 3);  // b e f
  CHECK(web.open == 1);   // f
  CHECK(web.won == 0);
  CHECK(web.lost == 2);  // b e
  CHECK(*web.win_rate == Approx(0.0));
  CHECK(web.won_value == 0);
  const auto& none = st.by_source[2];
  CHECK_FALSE(none.source);
  CHECK(none.deals == 1);  // d
  CHECK(none.open == 1);
  CHECK_FALSE(none.win_rate);  // nothing closed
}

TEST_CASE("stats for a period count the deals closed in it, and those open at its end") {
  Stats st = compute_stats(pipeline(), three_stage_config(), d("2026-01-16"), d("2026-01-31"));
  // As of 01-31: d does not exist yet; c is open in negotiation (won 02-19 is later); f is
  // won 01-22 (its reopening on 02-01 is later). e closed 01-15, before the period: out.
  CHECK(st.open == 1);  // c
  CHECK(st.won == 2);   // a 01-31, f 01-22
  CHECK(st.lost == 1);  // b 01-20
  CHECK(*st.win_rate == Approx(2.0 / 3));
  CHECK(*st.average_won_value == Approx(1500));  // (1000 + 2000) / 2
  // a: 30; f: 01-22 − 01-02 = 20.
  CHECK(st.cycle_days->mean == Approx(25));
  CHECK(st.cycle_days->median == Approx(25));
  CHECK(*st.velocity_per_day == Approx(40));  // 1 × 1500 × 2/3 / 25

  // Furthest: a 2, b 1, c 2 (negotiation, skipping proposal), f won 2.
  CHECK(st.stages[0].reached == 4);
  CHECK(st.stages[1].reached == 4);
  CHECK(st.stages[2].reached == 3);                    // a c f
  CHECK(*st.stages[0].conversion == Approx(1.0));      // 4 / 4
  CHECK(*st.stages[1].conversion == Approx(0.75));     // 3 / 4
  CHECK(*st.stages[2].conversion == Approx(2.0 / 3));  // won 2 / reached 3
  CHECK(*st.stages[0].avg_days == Approx(10));         // a b c f: 10 each
  CHECK(*st.stages[1].avg_days == Approx(25.0 / 3));   // a 10, b 5, f 10
  CHECK(*st.stages[2].avg_days == Approx(10));         // a 10; c is still in it on 01-31

  REQUIRE(st.by_source.size() == 2);  // d (no source) does not exist yet
  CHECK(*st.by_source[0].source == "referral");
  CHECK(st.by_source[0].deals == 2);  // a won, c open
  CHECK(st.by_source[0].won == 1);
  CHECK(*st.by_source[0].win_rate == Approx(1.0));
  CHECK(st.by_source[0].won_value == Approx(1000));
  CHECK(*st.by_source[1].source == "web");
  CHECK(st.by_source[1].deals == 2);  // b lost, f won
  CHECK(*st.by_source[1].win_rate == Approx(0.5));
  CHECK(st.by_source[1].won_value == Approx(2000));
}

TEST_CASE("stats for a period in which nothing closed") {
  Stats st = compute_stats(pipeline(), three_stage_config(), d("2026-03-01"), d("2026-03-31"));
  CHECK(st.open == 2);  // d, f
  CHECK(st.won == 0);
  CHECK(st.lost == 0);
  CHECK_FALSE(st.win_rate);
  CHECK_FALSE(st.average_won_value);
  CHECK_FALSE(st.cycle_days);
  CHECK_FALSE(st.velocity_per_day);
  CHECK(st.stages[0].reached == 2);
  CHECK(st.stages[1].reached == 2);  // d and f both got to proposal
  CHECK(st.stages[2].reached == 0);
  CHECK(*st.stages[0].conversion == Approx(1.0));  // 2 / 2
  CHECK(*st.stages[1].conversion == Approx(0.0));  // 0 / 2
  CHECK_FALSE(st.stages[2].conversion);            // reached 0: no division
  CHECK(*st.stages[0].avg_days == Approx(7));      // d 4, f 10
  CHECK(*st.stages[1].avg_days == Approx(7.5));    // d 5, f 10
  CHECK_FALSE(st.stages[2].avg_days);
}

TEST_CASE("stats of an empty pipeline") {
  Stats st = compute_stats({}, three_stage_config());
  CHECK(st.open + st.won + st.lost == 0);
  CHECK_FALSE(st.win_rate);
  CHECK_FALSE(st.average_won_value);
  CHECK_FALSE(st.cycle_days);
  CHECK_FALSE(st.velocity_per_day);
  REQUIRE(st.stages.size() == 3);
  for (const auto& s : st.stages) {
    CHECK(s.reached == 0);
    CHECK_FALSE(s.conversion);
    CHECK_FALSE(s.avg_days);
  }
  CHECK(st.by_source.empty());
}

TEST_CASE("average won value skips deals without a value; odd median") {
  std::vector<Deal> deals{
      DealBuilder("x", "2026-01-01").at("2026-01-01", "lead").at("2026-01-11", "won").value(100),
      DealBuilder("y", "2026-01-01").at("2026-01-01", "lead").at("2026-01-21", "won"),
      DealBuilder("z", "2026-01-01").at("2026-01-01", "lead").at("2026-03-02", "won").value(300),
      DealBuilder("w", "2026-01-01").at("2026-01-01", "lead").value(50),
  };
  Stats st = compute_stats(deals, three_stage_config());
  CHECK(*st.average_won_value == Approx(200));  // (100 + 300) / 2; y has no value
  // Cycles 10, 20, 60 (01-01→03-02 = 31 + 28 + 1).
  CHECK(st.cycle_days->mean == Approx(30));
  CHECK(st.cycle_days->median == Approx(20));
  CHECK(*st.win_rate == Approx(1.0));
  CHECK(*st.velocity_per_day == Approx(200.0 / 30));  // 1 open × 200 × 1 / 30
  // Won deals reached every stage, w only lead: reached 4, 3, 3.
  CHECK(st.stages[1].reached == 3);
  CHECK(*st.stages[2].conversion == Approx(1.0));  // 3 won / 3
  CHECK_FALSE(st.stages[1].avg_days);              // nobody was ever in proposal
  CHECK(*st.stages[0].avg_days == Approx(30));     // x 10, y 20, z 60; w in progress
}

TEST_CASE("velocity is null when the mean cycle is zero days") {
  std::vector<Deal> deals{
      DealBuilder("same-day", "2026-01-01")
          .at("2026-01-01", "lead")
          .at("2026-01-01", "won")
          .value(100),
      DealBuilder("open", "2026-01-01").at("2026-01-01", "lead"),
  };
  Stats st = compute_stats(deals, three_stage_config());
  CHECK(st.cycle_days->mean == 0);
  CHECK_FALSE(st.velocity_per_day);
  CHECK(*st.stages[0].avg_days == Approx(0));  // same-day move: 0 days in lead
}

TEST_CASE("stats by source: one row per source whatever its case, as --source matches") {
  std::vector<Deal> deals = pipeline();
  deals[2].source = "Referral";  // c, written with a capital by hand
  deals[1].source = "WEB";       // b
  Stats st = compute_stats(deals, three_stage_config());
  REQUIRE(st.by_source.size() == 3);
  CHECK(*st.by_source[0].source == "referral");  // as first written (a, before c)
  CHECK(st.by_source[0].deals == 2);
  CHECK(st.by_source[0].won_value == Approx(4000));
  CHECK(*st.by_source[1].source == "WEB");  // b comes first
  CHECK(st.by_source[1].deals == 3);
  CHECK_FALSE(st.by_source[2].source);
}

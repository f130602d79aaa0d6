#include "core/review.hpp"

#include <doctest/doctest.h>

#include "report_fixtures.hpp"

using namespace deals;
using namespace deals::testing;
using doctest::Approx;

namespace {

// Stages lead 0.1 (stall 7), proposal 0.5 (stall 14), negotiation 0.8 (stall 21).
// The week under review is Monday 2026-03-02 to Sunday 2026-03-08.
std::vector<Deal> pipeline() {
  return {
      DealBuilder("alpha", "2026-02-20")
          .at("2026-02-20", "lead")
          .at("2026-03-03", "proposal")
          .value(1000)
          .expected("2026-03-31")
          .next("Send proposal", "2026-03-08"),
      DealBuilder("bravo", "2026-03-04")
          .at("2026-03-04", "lead")
          .value(200)
          .next("Call", "2026-03-05"),
      DealBuilder("charlie", "2026-01-10")
          .at("2026-01-10", "lead")
          .at("2026-01-20", "proposal")
          .at("2026-02-01", "negotiation")
          .at("2026-03-05", "won")
          .value(5000)
          .next("Kick-off", "2026-03-12"),
      DealBuilder("delta", "2026-01-05")
          .at("2026-01-05", "lead")
          .at("2026-01-15", "proposal")
          .at("2026-03-06", "lost", "budget")
          .value(800)
          .next("Check back", "2026-03-09"),
      DealBuilder("echo", "2026-01-02")
          .at("2026-01-02", "lead")
          .log("2026-02-01")
          .value(300)
          .expected("2026-03-20")
          .next("Follow up", "2026-03-16"),
      DealBuilder("foxtrot", "2026-02-01")
          .at("2026-02-01", "lead")
          .at("2026-02-10", "proposal")
          .at("2026-02-15", "negotiation")
          .at("2026-03-07", "proposal")
          .value(2000)
          .probability(0.9)
          .expected("2026-02-28"),
      DealBuilder("golf", "2026-01-01")
          .at("2026-01-01", "lead")
          .at("2026-01-10", "proposal")
          .at("2026-02-20", "won")
          .at("2026-03-02", "proposal")
          .value(1500)
          .expected("2026-04-07"),
      DealBuilder("hotel", "2026-02-25")
          .at("2026-02-25", "lead")
          .at("2026-03-02", "negotiation")
          .at("2026-03-04", "won")
          .at("2026-03-06", "negotiation")
          .value(700)
          .expected("2026-04-08"),
      DealBuilder("juliet", "2026-02-01").stage("proposal").value(100),
  };
}

void check_row(const SnapshotRow& r, const char* stage, int count, double value, double weighted) {
  CHECK(r.stage == stage);
  CHECK(r.count == count);
  CHECK(r.value == Approx(value));
  CHECK(r.weighted == Approx(weighted));
}

}  // namespace

TEST_CASE("review of the current week") {
  Review r = compute_review(pipeline(), three_stage_config(), d("2026-03-02"), d("2026-03-08"),
                            d("2026-03-08"));
  CHECK(r.period == Period{d("2026-03-02"), d("2026-03-08")});
  CHECK(r.reference == d("2026-03-08"));  // min(until, today)

  // Open now: lead bravo 200, echo 300; proposal alpha 1000, foxtrot 2000 (own 0.9),
  // golf 1500, juliet 100; negotiation hotel 700.
  REQUIRE(r.snapshot.size() == 3);
  check_row(r.snapshot[0], "lead", 2, 500, 50);          // 20 + 30
  check_row(r.snapshot[1], "proposal", 4, 4600, 3100);   // 500 + 1800 + 750 + 50
  check_row(r.snapshot[2], "negotiation", 1, 700, 560);  // 700 × 0.8
  check_row(r.totals, "", 7, 5800, 3710);

  CHECK(r.new_deals == std::vector<std::string>{"bravo"});  // created 03-04
  // Moves into open stages dated 03-02..03-08 (charlie's won and delta's lost are not):
  REQUIRE(r.advanced.size() == 5);
  auto move = [&](size_t i, const char* id, const char* from, const char* to, const char* on) {
    CHECK(r.advanced[i].id == id);
    CHECK(r.advanced[i].from == from);
    CHECK(r.advanced[i].to == to);
    CHECK(r.advanced[i].on == d(on));
  };
  move(0, "golf", "won", "proposal", "2026-03-02");       // reopened
  move(1, "hotel", "lead", "negotiation", "2026-03-02");  // skipped proposal
  move(2, "alpha", "lead", "proposal", "2026-03-03");
  move(3, "hotel", "won", "negotiation", "2026-03-06");         // won 03-04, reopened
  move(4, "foxtrot", "negotiation", "proposal", "2026-03-07");  // backwards

  // hotel was won on 03-04 but is open again on 03-08: not listed as won.
  REQUIRE(r.won.size() == 1);
  CHECK(r.won[0].id == "charlie");
  CHECK(*r.won[0].value == 5000);
  CHECK(r.won[0].on == d("2026-03-05"));
  REQUIRE(r.lost.size() == 1);
  CHECK(r.lost[0].id == "delta");
  CHECK(r.lost[0].on == d("2026-03-06"));
  CHECK(r.lost[0].reason == "budget");

  // Idle on 03-08: echo since its 02-01 log = 35 > 7, but its next action is due 03-16:
  // waiting, not stalled. juliet since created 02-01 = 35 > 14, no next action: stalled.
  // alpha 5, bravo 4, foxtrot 1, golf 6, hotel 2: not idle long enough.
  REQUIRE(r.stalled.size() == 1);
  CHECK(r.stalled[0].id == "juliet");
  CHECK(r.stalled[0].days_idle == 35);
  CHECK(r.stalled[0].stall_days == 14);

  // Due by 03-15: bravo 03-05 (overdue, −3), alpha 03-08 (today: not overdue),
  // charlie 03-12 (won: its follow-up counts). delta is lost; echo's 03-16 is too late.
  REQUIRE(r.due.size() == 3);
  CHECK(r.due[0].id == "bravo");
  CHECK(r.due[0].overdue);
  CHECK(r.due[0].days == -3);
  CHECK(r.due[1].id == "alpha");
  CHECK_FALSE(r.due[1].overdue);
  CHECK(r.due[1].days == 0);
  CHECK(r.due[2].id == "charlie");
  CHECK(r.due[2].action == "Kick-off");
  CHECK(r.due[2].days == 4);

  // Expected by 04-07 (until + 30), open: foxtrot 02-28 (overdue), echo 03-20, alpha 03-31,
  // golf 04-07 (the last day). hotel's 04-08 is one day too late.
  REQUIRE(r.closing_soon.size() == 4);
  CHECK(r.closing_soon[0].id == "foxtrot");
  CHECK(r.closing_soon[0].overdue);
  CHECK(r.closing_soon[1].id == "echo");
  CHECK(r.closing_soon[2].id == "alpha");
  CHECK(*r.closing_soon[2].value == 1000);
  CHECK(r.closing_soon[3].id == "golf");
  CHECK(r.closing_soon[3].expected_close == d("2026-04-07"));
  CHECK_FALSE(r.closing_soon[3].overdue);

  // Closed by 03-08: charlie won (cycle 01-10 → 03-05 = 21 + 28 + 5 = 54), delta lost.
  // golf and hotel were reopened, so they are open.
  CHECK(*r.metrics.win_rate == Approx(0.5));
  CHECK(*r.metrics.average_won_value == Approx(5000));
  CHECK(*r.metrics.cycle_days_mean == Approx(54));

  // Eight Monday weeks ending with 03-02's: 01-12 (ISO W03) .. 03-02 (W10).
  REQUIRE(r.won_by_week.size() == 8);
  CHECK(r.won_by_week[0].start == d("2026-01-12"));
  CHECK(r.won_by_week[0].label == "2026-W03");
  CHECK(r.won_by_week[7].start == d("2026-03-02"));
  CHECK(r.won_by_week[7].end == d("2026-03-08"));
  CHECK(r.won_by_week[7].label == "2026-W10");
  CHECK(r.won_by_week[7].count == 1);  // charlie
  CHECK(r.won_by_week[7].value == Approx(5000));
  for (int i = 0; i < 7; ++i) CHECK(r.won_by_week[i].count == 0);  // golf's win was undone
}

TEST_CASE("review of a past week sees the pipeline as it stood at its end") {
  // Last week, seen from 03-08: state as of 03-01.
  Review r = compute_review(pipeline(), three_stage_config(), d("2026-02-23"), d("2026-03-01"),
                            d("2026-03-08"));
  CHECK(r.reference == d("2026-03-01"));
  // As of 03-01: alpha lead, bravo absent, charlie negotiation, delta proposal, echo lead,
  // foxtrot negotiation, golf won, hotel lead, juliet proposal.
  check_row(r.snapshot[0], "lead", 3, 2000, 200);          // 100 + 30 + 70
  check_row(r.snapshot[1], "proposal", 2, 900, 450);       // 400 + 50
  check_row(r.snapshot[2], "negotiation", 2, 7000, 5800);  // 4000 + 1800
  check_row(r.totals, "", 7, 9900, 6450);

  CHECK(r.new_deals == std::vector<std::string>{"hotel"});  // created 02-25
  CHECK(r.advanced.empty());  // hotel's first entry is its creation, not a move
  CHECK(r.won.empty());       // golf won 02-20, before the period
  CHECK(r.lost.empty());

  // Idle on 03-01: delta 45 (since 01-15) > 14, charlie 28 (02-01) > 21, echo 28 > 7,
  // alpha 9 (02-20) > 7, but each has a next action due on or after 03-01 (delta 03-09,
  // charlie 03-12, echo 03-16, alpha 03-08): waiting. juliet 28 > 14 with none: stalled.
  // foxtrot 14 (02-15) ≤ 21, hotel 4.
  REQUIRE(r.stalled.size() == 1);
  CHECK(r.stalled[0].id == "juliet");
  CHECK(r.stalled[0].days_idle == 28);

  // Due by 03-08 (until + 7), seen from 03-01: alpha's 03-08, 7 days ahead.
  REQUIRE(r.due.size() == 1);
  CHECK(r.due[0].id == "alpha");
  CHECK_FALSE(r.due[0].overdue);
  CHECK(r.due[0].days == 7);

  // Expected by 03-31: foxtrot 02-28 (overdue on 03-01), echo 03-20, alpha 03-31.
  REQUIRE(r.closing_soon.size() == 3);
  CHECK(r.closing_soon[0].id == "foxtrot");
  CHECK(r.closing_soon[0].overdue);
  CHECK(r.closing_soon[2].id == "alpha");

  // Closed by 03-01: golf won 02-20 (cycle 01-01 → 02-20 = 50), 1500.
  CHECK(*r.metrics.win_rate == Approx(1.0));
  CHECK(*r.metrics.average_won_value == Approx(1500));
  CHECK(*r.metrics.cycle_days_mean == Approx(50));
  // Weeks 01-05 .. 02-23; golf in the week of 02-16 (index 6).
  CHECK(r.won_by_week[0].start == d("2026-01-05"));
  CHECK(r.won_by_week[6].start == d("2026-02-16"));
  CHECK(r.won_by_week[6].count == 1);
  CHECK(r.won_by_week[6].value == Approx(1500));
  CHECK(r.won_by_week[7].count == 0);
}

TEST_CASE("review of a week with no activity") {
  std::vector<Deal> deals{DealBuilder("quiet", "2026-01-01").at("2026-01-01", "lead").value(100)};
  Review r = compute_review(deals, three_stage_config(), d("2026-04-13"), d("2026-04-19"),
                            d("2026-04-19"));
  check_row(r.snapshot[0], "lead", 1, 100, 10);
  check_row(r.snapshot[1], "proposal", 0, 0, 0);
  check_row(r.totals, "", 1, 100, 10);
  CHECK(r.new_deals.empty());
  CHECK(r.advanced.empty());
  CHECK(r.won.empty());
  CHECK(r.lost.empty());
  REQUIRE(r.stalled.size() == 1);
  CHECK(r.stalled[0].days_idle == 108);  // 01-01 → 04-19: 31 + 28 + 31 + 18
  CHECK(r.due.empty());
  CHECK(r.closing_soon.empty());
  CHECK_FALSE(r.metrics.win_rate);
  CHECK_FALSE(r.metrics.average_won_value);
  CHECK_FALSE(r.metrics.cycle_days_mean);
  REQUIRE(r.won_by_week.size() == 8);
  for (const auto& w : r.won_by_week) CHECK(w.count == 0);
}

TEST_CASE("review of an empty pipeline") {
  Review r =
      compute_review({}, three_stage_config(), d("2026-04-13"), d("2026-04-19"), d("2026-04-19"));
  REQUIRE(r.snapshot.size() == 3);
  check_row(r.totals, "", 0, 0, 0);
  CHECK(r.stalled.empty());
  CHECK(r.won_by_week.size() == 8);
}

TEST_CASE("stalled deals") {
  std::vector<Deal> deals{
      DealBuilder("b", "2026-03-01").at("2026-03-01", "lead"),  // idle 7 = stall 7: not stalled
      DealBuilder("a", "2026-02-28").at("2026-02-28", "lead").next("Call"),  // idle 8 > 7
      DealBuilder("c", "2026-02-28").at("2026-02-28", "proposal"),           // idle 8 ≤ 14
      DealBuilder("w", "2026-01-01").at("2026-01-01", "won"),                // closed
      DealBuilder("l", "2026-01-01").stage("lost"),                          // closed, hand-written
      DealBuilder("h", "2026-01-01").stage("negotiation"),                   // idle 66 > 21
  };
  auto rows = stalled_deals(deals, three_stage_config(), d("2026-03-08"));
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].id == "h");
  CHECK(rows[0].days_idle == 66);  // 01-01 → 03-08: 31 + 28 + 7
  CHECK(rows[0].stall_days == 21);
  CHECK(rows[1].id == "a");
  CHECK(rows[1].days_idle == 8);
  REQUIRE(rows[1].next);
  CHECK(rows[1].next->action == "Call");
  // --days 5 replaces every stage's threshold: b 7, a 8, c 8, h 66.
  rows = stalled_deals(deals, three_stage_config(), d("2026-03-08"), 5);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].id == "h");
  CHECK(rows[1].id == "a");  // 8, tie with c: by id
  CHECK(rows[2].id == "c");
  CHECK(rows[3].id == "b");
  CHECK(rows[3].stall_days == 5);
}

TEST_CASE("week periods") {
  const Date sunday = d("2026-03-08");
  CHECK(parse_week("this", sunday, 0) == Period{d("2026-03-02"), d("2026-03-08")});
  CHECK(parse_week("last", sunday, 0) == Period{d("2026-02-23"), d("2026-03-01")});
  // Weeks starting on Sunday (6): this Sunday starts a new week.
  CHECK(parse_week("this", sunday, 6) == Period{d("2026-03-08"), d("2026-03-14")});
  CHECK(parse_week("last", sunday, 6) == Period{d("2026-03-01"), d("2026-03-07")});
  CHECK(start_of_week(sunday, 2) == d("2026-03-04"));  // the Wednesday before
  // ISO weeks are Monday to Sunday whatever week_start says.
  CHECK(parse_week("2026-W10", sunday, 6) == Period{d("2026-03-02"), d("2026-03-08")});
  // 2026 starts on a Thursday: it has a week 53, from 2026-12-28.
  CHECK(parse_week("2026-W53", sunday, 0) == Period{d("2026-12-28"), d("2027-01-03")});
  CHECK_FALSE(parse_week("2025-W53", sunday, 0));  // 2025 has 52
  CHECK_FALSE(parse_week("next", sunday, 0));
  CHECK_FALSE(parse_week("2026-10", sunday, 0));
  CHECK(iso_week_label(d("2027-01-01")) == "2026-W53");
  CHECK(iso_week_label(d("2024-12-30")) == "2025-W01");
  CHECK(iso_week_label(d("2026-01-01")) == "2026-W01");
  CHECK(default_review_period(sunday) == Period{d("2026-03-02"), d("2026-03-08")});
}

// One definition of each lifecycle idea (the closed stages, open/closed and close date,
// effective probability, stage order, the first history entry, ids, "did you mean" for
// stages) and the rules the commands share (log order, next-action completion,
// qualify-and-advance).
#include <doctest/doctest.h>

#include <set>

#include "core/config.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/new_deal.hpp"
#include "core/outcome.hpp"
#include "core/stage.hpp"
#include "report_fixtures.hpp"

using namespace deals;
using namespace deals::testing;

TEST_CASE("the closed stages are typed: won and lost, in that order") {
  CHECK(stage_name(Closed::won) == "won");
  CHECK(stage_name(Closed::lost) == "lost");
  CHECK(closed_stage("won") == Closed::won);
  CHECK(closed_stage("lost") == Closed::lost);
  CHECK_FALSE(closed_stage("Won"));
  CHECK_FALSE(closed_stage("lead"));
  CHECK_FALSE(closed_stage(""));
  CHECK(is_closed_stage("lost"));
  CHECK_FALSE(is_closed_stage("wonder"));
  REQUIRE(kClosedStages.size() == 2);
  CHECK(kClosedStages[0] == Closed::won);
}

TEST_CASE("stage order: open stages as configured, then won, lost, unknown") {
  Config c = three_stage_config();
  CHECK(c.order("lead") == 0);
  CHECK(c.order("negotiation") == 2);
  CHECK(c.order("won") == 3);
  CHECK(c.order("lost") == 4);
  CHECK(c.order("gone") == 5);
  CHECK(c.all_stage_names() ==
        std::vector<std::string>{"lead", "proposal", "negotiation", "won", "lost"});
  CHECK(c.is_known("lost"));
  CHECK_FALSE(c.is_known("demo"));
  CHECK(c.probability_for("won") == 1);
  CHECK(c.probability_for("lost") == 0);
  CHECK(c.probability_for("proposal") == 0.5);
  CHECK(c.probability_for("gone") == 0);
}

TEST_CASE("open, closed and close date come from the last effective history entry") {
  Deal open = DealBuilder("a", "2026-01-01").at("2026-01-01", "lead");
  CHECK(is_open_deal(open));
  CHECK_FALSE(outcome_of(open));
  CHECK_FALSE(close_date(open));
  CHECK_FALSE(closing_of(open));

  Deal lost = DealBuilder("b", "2026-01-01")
                  .at("2026-01-01", "lead")
                  .at("2026-02-03", "lost", std::string("budget"));
  CHECK_FALSE(is_open_deal(lost));
  CHECK(outcome_of(lost) == Closed::lost);
  CHECK(close_date(lost) == d("2026-02-03"));
  REQUIRE(closing_of(lost));
  CHECK_FALSE(closing_of(lost)->won);
  CHECK(closing_of(lost)->reason == "budget");

  // Hand-written, no history: the implied entry (stage entered on created) decides.
  Deal hand = DealBuilder("c", "2026-03-04").stage("won");
  CHECK(outcome_of(hand) == Closed::won);
  CHECK(close_date(hand) == d("2026-03-04"));
  CHECK(closing_of(hand)->won);

  // Reopened: the last entry alone decides.
  Deal reopened = DealBuilder("e", "2026-01-01")
                      .at("2026-01-01", "lead")
                      .at("2026-01-05", "won")
                      .at("2026-01-09", "proposal");
  CHECK(is_open_deal(reopened));
  CHECK_FALSE(close_date(reopened));
}

TEST_CASE("a close after a close with no reopen between is found") {
  Deal ok = DealBuilder("a", "2026-01-01")
                .at("2026-01-01", "lead")
                .at("2026-02-01", "lost", std::string("budget"))
                .at("2026-03-01", "lead")  // reopened
                .at("2026-04-01", "won");
  CHECK_FALSE(closed_again(ok));
  Deal twice = DealBuilder("b", "2026-01-01")
                   .at("2026-01-01", "lead")
                   .at("2026-02-01", "lost", std::string("budget"))
                   .at("2026-02-02", "won");
  CHECK(closed_again(twice) == 2u);
  Deal won_twice = DealBuilder("c", "2026-01-01")
                       .at("2026-01-01", "lead")
                       .at("2026-02-01", "won")
                       .at("2026-02-05", "won");
  CHECK(closed_again(won_twice) == 2u);
  CHECK_FALSE(closed_again(DealBuilder("d", "2026-03-04").stage("won")));  // no history
}

TEST_CASE("effective probability: the deal's own, else its stage's") {
  Config c = three_stage_config();
  Deal deal = DealBuilder("a", "2026-01-01").at("2026-01-01", "proposal").value(1000);
  CHECK(deal_probability(deal, c) == 0.5);
  CHECK(deal_probability(deal, 0.25) == 0.25);  // a measured stage probability
  CHECK(weighted_value(deal, c) == 500);
  CHECK(derive(deal, c, d("2026-01-02")).probability == 0.5);
  deal.probability = 0.9;
  CHECK(deal_probability(deal, c) == 0.9);
  CHECK(deal_probability(deal, 0.25) == 0.9);
  CHECK(derive(deal, c, d("2026-01-02")).weighted_value == 900);
  Deal won = DealBuilder("b", "2026-01-01").at("2026-01-01", "won").value(1000);
  CHECK(deal_probability(won, c) == 1);
}

TEST_CASE("the first history entry: one rule for add, import and hand-written deals") {
  Config c = three_stage_config();
  Deal deal = DealBuilder("a", "2026-01-01").stage("proposal");
  auto first = initial_history(deal, c);
  REQUIRE(first.size() == 1);
  CHECK(first[0] == first_entry(d("2026-01-01"), "proposal"));
  CHECK(effective_history(deal) == first);
  // A deal that starts closed entered the first stage on created, then closed.
  Deal won = DealBuilder("b", "2026-01-01").stage("won");
  auto h = initial_history(won, c, d("2026-02-01"));
  REQUIRE(h.size() == 2);
  CHECK(h[0] == first_entry(d("2026-01-01"), "lead"));
  CHECK(h[1] == first_entry(d("2026-02-01"), "won"));
  CHECK(initial_history(won, c)[1].on == d("2026-01-01"));
}

TEST_CASE("ids: the slug of company and title, -2, -3 ... within 64 characters") {
  CHECK(id_base(std::nullopt, "Website Relaunch") == "website-relaunch");
  CHECK(id_base(std::string("ACME GmbH"), "Website Relaunch") == "acme-gmbh-website-relaunch");
  CHECK(id_base(std::nullopt, "!!!") == "deal");
  CHECK(suffixed_id("acme", 1) == "acme");
  CHECK(suffixed_id("acme", 2) == "acme-2");
  CHECK(suffixed_id("acme", 12) == "acme-12");
  // Cut to leave room for the suffix, without a dangling '-'.
  std::string base = std::string(61, 'a') + "-bc";  // 64 characters
  CHECK(suffixed_id(base, 2) == std::string(61, 'a') + "-2");
  CHECK(suffixed_id(base, 2).size() <= 64);
  std::set<std::string> taken{"acme", "acme-2"};
  auto is_taken = [&](const std::string& id) { return taken.count(id) > 0; };
  CHECK(first_free_id("acme", is_taken) == "acme-3");
  CHECK(first_free_id("beta", is_taken) == "beta");
}

TEST_CASE("did you mean, for every stage name read") {
  Config c = three_stage_config();
  CHECK(unknown_stage_message(c, "propsal", "propsal", false) ==
        "unknown stage 'propsal', did you mean 'proposal'?");
  CHECK(unknown_stage_message(c, "lots", "lots", true) ==
        "unknown stage 'lots', did you mean 'lost'?");
  CHECK(unknown_stage_message(c, "lots", "lots", false) ==
        "unknown stage 'lots', did you mean 'lost'? (a deal is closed with 'deals lost')");
  CHECK(unknown_stage_message(c, "xyzzy-stage", "xyzzy-stage", false) ==
        "unknown stage 'xyzzy-stage' (stages: lead proposal negotiation)");
  CHECK(unknown_stage_message(c, "xyzzy-stage", "xyzzy-stage", true) ==
        "unknown stage 'xyzzy-stage' (stages: lead proposal negotiation won lost)");
  CHECK(unknown_stage_message(c, "xyzzy-stage", "X", true, std::string(" (map it)")) ==
        "unknown stage 'X' (map it)");
  CHECK_THROWS_WITH(require_known_stage(c, "won", false),
                    "'won' is a closed stage; use 'deals won' to close a deal");
  CHECK_NOTHROW(require_known_stage(c, "won", true));
  CHECK_THROWS_WITH(require_known_stage(c, "propsal", true),
                    "unknown stage 'propsal', did you mean 'proposal'?");
  try {
    require_known_stage(c, "nope-nope-nope", true);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.exit_code() == 2);  // a usage error
  }
}

TEST_CASE("the log stays in date order, same-day entries in the order added") {
  Deal deal = DealBuilder("a", "2026-01-01")
                  .log("2026-01-02", "one")
                  .log("2026-01-05", "two")
                  .log("2026-01-09", "three");
  add_log(deal, LogEntry{d("2026-01-05"), "note", "two-b", {}});
  add_log(deal, LogEntry{d("2026-01-01"), "note", "zero", {}});
  add_log(deal, LogEntry{d("2026-01-10"), "note", "four", {}});
  std::vector<std::string> notes;
  for (const auto& e : deal.log) notes.push_back(e.note);
  CHECK(notes == std::vector<std::string>{"zero", "one", "two", "two-b", "three", "four"});
}

TEST_CASE("completing the next action logs it as done and clears it") {
  Deal deal = DealBuilder("a", "2026-01-01").log("2026-01-09", "later").next("Send offer");
  deal.log.insert(deal.log.begin(), LogEntry{d("2026-01-02"), "call", "first", {}});
  complete_next(deal, d("2026-01-05"));
  CHECK_FALSE(deal.next);
  REQUIRE(deal.log.size() == 3);
  CHECK(deal.log[1] == LogEntry{d("2026-01-05"), "done", "Send offer", {}});
  CHECK_THROWS_WITH(complete_next(deal, d("2026-01-05")),
                    "deal 'a' has no next action to complete");
}

TEST_CASE("qualify: the answers are logged, a passing lead moves on, as a decision") {
  Config c = three_stage_config();
  Deal deal = DealBuilder("a", "2026-01-01").at("2026-01-01", "lead");
  Bant before = deal.bant;
  deal.bant.set("budget", true);
  deal.bant.set("need", false);
  QualifyDecision first = record_qualification(deal, before, c, d("2026-01-03"));
  CHECK_FALSE(first.verdict.passed);
  CHECK_FALSE(first.moved_to);
  CHECK(deal.stage == "lead");
  REQUIRE(deal.log.size() == 1);
  CHECK(deal.log[0] == LogEntry{d("2026-01-03"), "qualify", "budget yes, need no", {}});

  before = deal.bant;
  for (const char* k : {"authority", "need", "timeline"}) deal.bant.set(k, true);
  QualifyDecision second = record_qualification(deal, before, c, d("2026-01-04"));
  CHECK(second.verdict.passed);
  CHECK(second.moved_from == "lead");
  CHECK(second.moved_to == "proposal");
  CHECK(deal.stage == "proposal");
  CHECK(deal.history.back() == first_entry(d("2026-01-04"), "proposal"));
  CHECK(deal.log.back().note == "authority yes, need yes, timeline yes");

  // Passing again: already past the first stage, nothing moves, nothing changed to log.
  before = deal.bant;
  QualifyDecision third = record_qualification(deal, before, c, d("2026-01-05"));
  CHECK(third.verdict.passed);
  CHECK_FALSE(third.moved_to);
  CHECK(deal.log.size() == 2);

  // A one-stage pipeline has nowhere to move.
  Config one;
  one.stages = {{"lead", 0.1, 7}};
  one.required = 0;
  Deal lone = DealBuilder("b", "2026-01-01").at("2026-01-01", "lead");
  CHECK_FALSE(record_qualification(lone, lone.bant, one, d("2026-01-02")).moved_to);
  CHECK(answers_note(Bant{}, Bant{{}, std::string("n"), {}}, c) == "note updated");
}

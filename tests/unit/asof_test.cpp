#include "core/asof.hpp"

#include <doctest/doctest.h>

#include "report_fixtures.hpp"

using namespace deals;
using namespace deals::testing;

namespace {

Deal closed_deal() {
  return DealBuilder("won-later", "2026-01-01")
      .at("2026-01-01", "lead")
      .at("2026-01-10", "proposal")
      .at("2026-01-20", "won", "signed")
      .log("2026-01-05")
      .log("2026-01-15")
      .next("Kick-off", "2026-02-01")
      .value(1000);
}

}  // namespace

TEST_CASE("as_of drops later entries and rewinds the stage") {
  auto out = as_of({closed_deal()}, d("2026-01-12"));
  REQUIRE(out.size() == 1);
  const Deal& deal = out[0];
  CHECK(deal.stage == "proposal");  // entered 01-10; won 01-20 is later
  REQUIRE(deal.history.size() == 2);
  CHECK(deal.history[1].on == d("2026-01-10"));
  REQUIRE(deal.log.size() == 1);  // 01-05 kept, 01-15 dropped
  CHECK(deal.log[0].on == d("2026-01-05"));
  REQUIRE(deal.next);  // kept: there is no record of when it was set
  CHECK(deal.next->due == d("2026-02-01"));
  CHECK(deal.value == 1000);
}

TEST_CASE("as_of includes entries on the date itself") {
  auto out = as_of({closed_deal()}, d("2026-01-10"));
  CHECK(out[0].stage == "proposal");
  out = as_of({closed_deal()}, d("2026-01-20"));
  CHECK(out[0].stage == "won");
  CHECK(out[0].history.back().reason == "signed");
}

TEST_CASE("as_of leaves out deals created later, keeping the order of the rest") {
  std::vector<Deal> deals{
      DealBuilder("b", "2026-01-05").at("2026-01-05", "lead"),
      DealBuilder("later", "2026-01-06").at("2026-01-06", "lead"),
      DealBuilder("a", "2026-01-01").at("2026-01-01", "lead"),
  };
  auto out = as_of(deals, d("2026-01-05"));
  REQUIRE(out.size() == 2);
  CHECK(out[0].id == "b");  // created on the date itself: kept
  CHECK(out[1].id == "a");
  CHECK(as_of(deals, d("2025-12-31")).empty());
  CHECK_FALSE(deal_as_of(deals[1], d("2026-01-05")));
}

TEST_CASE("as_of a date after every entry changes nothing") {
  std::vector<Deal> deals{closed_deal(),
                          DealBuilder("hand", "2026-01-01").stage("proposal").value(5)};
  CHECK(as_of(deals, d("2030-01-01")) == deals);
}

TEST_CASE("as_of keeps a hand-written deal in its stage") {
  Deal hand = DealBuilder("hand", "2026-01-01").stage("proposal").log("2026-02-01");
  auto out = deal_as_of(hand, d("2026-01-15"));
  REQUIRE(out);
  CHECK(out->stage == "proposal");  // entered on created; nothing records a move
  CHECK(out->history.empty());
  CHECK(out->log.empty());
}

TEST_CASE("as_of a reopened deal before its reopening sees it closed") {
  Deal reopened = DealBuilder("r", "2026-01-01")
                      .at("2026-01-01", "lead")
                      .at("2026-01-10", "won")
                      .at("2026-01-20", "proposal");
  CHECK(deal_as_of(reopened, d("2026-01-15"))->stage == "won");
  CHECK(deal_as_of(reopened, d("2026-01-20"))->stage == "proposal");
}

TEST_CASE("as_of a date before every history entry keeps an implied first entry") {
  // Inconsistent hand edit: created 01-01, but the first entry is dated 01-05.
  Deal odd = DealBuilder("odd", "2026-01-01").at("2026-01-05", "qualified").at("2026-01-09", "won");
  auto out = deal_as_of(odd, d("2026-01-03"));
  REQUIRE(out);
  REQUIRE(out->history.size() == 1);
  CHECK(out->history[0].on == d("2026-01-01"));
  CHECK(out->history[0].stage == "qualified");
  CHECK(out->stage == "qualified");
}

TEST_CASE("as_of with storage copies only when something changes") {
  std::vector<Deal> deals{closed_deal(),
                          DealBuilder("hand", "2026-01-01").stage("proposal").value(5)};
  std::vector<Deal> storage;
  const auto& same = as_of(deals, d("2030-01-01"), storage);
  CHECK(&same == &deals);
  CHECK(storage.empty());
  // One later log entry is enough to rebuild; the result is as_of's.
  for (const char* date : {"2026-01-15", "2026-01-19", "2025-12-31"}) {
    const auto& rebuilt = as_of(deals, d(date), storage);
    CHECK(&rebuilt == &storage);
    CHECK(rebuilt == as_of(deals, d(date)));
  }
  // A stage that disagrees with the last history entry is rewound, so it is rebuilt too.
  Deal odd = closed_deal();
  odd.stage = "proposal";
  std::vector<Deal> one{odd};
  const auto& fixed = as_of(one, d("2030-01-01"), storage);
  CHECK(&fixed == &storage);
  CHECK(fixed[0].stage == "won");
}

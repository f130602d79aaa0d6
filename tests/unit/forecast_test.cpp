#include "core/forecast.hpp"

#include <doctest/doctest.h>

#include "report_fixtures.hpp"

using namespace deals;
using namespace deals::testing;
using doctest::Approx;

namespace {

void check_bucket(const ForecastBucket& b, int count, double value, double weighted) {
  CHECK(b.count == count);
  CHECK(b.value == Approx(value));
  CHECK(b.weighted == Approx(weighted));
}

}  // namespace

TEST_CASE("forecast by the stage method") {
  // Probabilities: lead 0.1, proposal 0.5, negotiation 0.8. Today 2026-03-15, 3 months:
  // 2026-03, 2026-04, 2026-05.
  std::vector<Deal> deals{
      DealBuilder("p1", "2026-01-01")
          .at("2026-01-01", "proposal")
          .value(1000)
          .expected("2026-03-20"),
      DealBuilder("p2", "2026-01-01").at("2026-01-01", "lead").value(2000).expected("2026-02-10"),
      DealBuilder("p3", "2026-01-01")
          .at("2026-01-01", "negotiation")
          .value(500)
          .probability(0.3)
          .expected("2026-05-31"),
      DealBuilder("p4", "2026-01-01")
          .at("2026-01-01", "proposal")
          .value(400)
          .expected("2026-06-01"),
      DealBuilder("p5", "2026-01-01").at("2026-01-01", "lead").value(300),
      DealBuilder("p6", "2026-01-01").at("2026-01-01", "proposal").expected("2026-04-01"),
      DealBuilder("p7", "2026-01-01")
          .at("2026-01-01", "lead")
          .at("2026-02-01", "won")
          .value(9999)
          .expected("2026-03-10"),
      DealBuilder("p8", "2026-01-01")
          .at("2026-01-01", "lead")
          .at("2026-01-10", "proposal")
          .at("2026-02-01", "lost")
          .value(777)
          .expected("2026-03-10"),
  };
  Forecast f =
      compute_forecast(deals, three_stage_config(), d("2026-03-15"), 3, ForecastMethod::stage);
  CHECK(f.method == ForecastMethod::stage);
  REQUIRE(f.months.size() == 3);
  CHECK(f.months[0].month == "2026-03");
  CHECK(f.months[1].month == "2026-04");
  CHECK(f.months[2].month == "2026-05");
  // March: p1 1000 × 0.5 = 500, and p2 (overdue, February) 2000 × 0.1 = 200.
  check_bucket(f.months[0].sums, 2, 3000, 700);
  // April: p6 without a value: counted, worth 0.
  check_bucket(f.months[1].sums, 1, 0, 0);
  // May: p3 on the month's last day, its own probability: 500 × 0.3 = 150.
  check_bucket(f.months[2].sums, 1, 500, 150);
  check_bucket(f.overdue, 1, 2000, 200);    // p2, also inside March
  check_bucket(f.later, 1, 400, 200);       // p4: June 1st is past the window
  check_bucket(f.unscheduled, 1, 300, 30);  // p5: 300 × 0.1
  check_bucket(f.total, 6, 4200, 1080);     // p1..p6; won p7 and lost p8 are out
  // 700 + 0 + 150 + 200 + 30 = 1080 (overdue is inside March, not added twice).

  REQUIRE(f.probabilities.size() == 3);
  // Evidence: p7 won reached all three; p8 lost reached lead and proposal.
  CHECK(f.probabilities[0].stage == "lead");
  CHECK(f.probabilities[0].closed_reached == 2);
  CHECK(f.probabilities[0].won_reached == 1);
  CHECK(f.probabilities[1].closed_reached == 2);
  CHECK(f.probabilities[1].won_reached == 1);
  CHECK(f.probabilities[2].closed_reached == 1);
  CHECK(f.probabilities[2].won_reached == 1);
  for (const auto& p : f.probabilities) {
    CHECK(p.used == p.configured);
    CHECK_FALSE(p.historical);
  }
  CHECK(f.probabilities[2].configured == Approx(0.8));
}

namespace {

// `won` won deals and `lost_at_lead` deals lost from lead, `lost_at_proposal` from proposal.
std::vector<Deal> closed_deals(int won, int lost_at_lead, int lost_at_proposal) {
  std::vector<Deal> deals;
  int n = 0;
  auto id = [&] { return "c" + std::to_string(++n); };
  for (int i = 0; i < won; ++i)
    deals.push_back(
        DealBuilder(id(), "2026-01-01").at("2026-01-01", "lead").at("2026-02-01", "won"));
  for (int i = 0; i < lost_at_lead; ++i)
    deals.push_back(
        DealBuilder(id(), "2026-01-01").at("2026-01-01", "lead").at("2026-02-01", "lost"));
  for (int i = 0; i < lost_at_proposal; ++i)
    deals.push_back(DealBuilder(id(), "2026-01-01")
                        .at("2026-01-01", "lead")
                        .at("2026-01-10", "proposal")
                        .at("2026-02-01", "lost"));
  return deals;
}

}  // namespace

TEST_CASE("forecast by the historical method") {
  // 4 won + 5 lost at lead + 3 lost at proposal = 12 closed.
  std::vector<Deal> deals = closed_deals(4, 5, 3);
  deals.push_back(
      DealBuilder("q1", "2026-03-01").at("2026-03-01", "lead").value(300).expected("2026-03-31"));
  deals.push_back(DealBuilder("q2", "2026-03-01")
                      .at("2026-03-01", "proposal")
                      .value(1000)
                      .expected("2026-03-31"));
  deals.push_back(DealBuilder("q3", "2026-03-01")
                      .at("2026-03-01", "lead")
                      .value(100)
                      .probability(0.5)
                      .expected("2026-03-31"));
  Forecast f =
      compute_forecast(deals, three_stage_config(), d("2026-03-01"), 1, ForecastMethod::historical);
  const auto& p = f.probabilities;
  // lead: reached by all 12 closed, 4 won → 4/12 = 1/3, used (12 >= 10).
  CHECK(p[0].closed_reached == 12);
  CHECK(p[0].won_reached == 4);
  CHECK(p[0].historical);
  CHECK(p[0].used == Approx(1.0 / 3));
  CHECK(p[0].configured == Approx(0.1));
  // proposal: 4 won + 3 lost there = 7 < 10 → configured 0.5.
  CHECK(p[1].closed_reached == 7);
  CHECK_FALSE(p[1].historical);
  CHECK(p[1].used == Approx(0.5));
  // negotiation: 4 won only → configured 0.8.
  CHECK(p[2].closed_reached == 4);
  CHECK(p[2].used == Approx(0.8));
  // q1 300 × 1/3 = 100; q2 1000 × 0.5 = 500; q3 own 0.5 beats historical: 50.
  REQUIRE(f.months.size() == 1);
  check_bucket(f.months[0].sums, 3, 1400, 650);
}

TEST_CASE("historical needs at least ten closed deals at a stage") {
  // 9 closed (2 won, 7 lost at lead): configured.
  Forecast nine = compute_forecast(closed_deals(2, 7, 0), three_stage_config(), d("2026-03-01"), 1,
                                   ForecastMethod::historical);
  CHECK(nine.probabilities[0].closed_reached == 9);
  CHECK_FALSE(nine.probabilities[0].historical);
  CHECK(nine.probabilities[0].used == Approx(0.1));
  // 10 closed (2 won, 8 lost at lead): 2/10.
  Forecast ten = compute_forecast(closed_deals(2, 8, 0), three_stage_config(), d("2026-03-01"), 1,
                                  ForecastMethod::historical);
  CHECK(ten.probabilities[0].historical);
  CHECK(ten.probabilities[0].used == Approx(0.2));
  // The stage method ignores the evidence even when there is enough.
  Forecast stage = compute_forecast(closed_deals(2, 8, 0), three_stage_config(), d("2026-03-01"), 1,
                                    ForecastMethod::stage);
  CHECK(stage.probabilities[0].used == Approx(0.1));
}

TEST_CASE("forecast window across a year end, and at least one month") {
  std::vector<Deal> deals{
      DealBuilder("jan", "2026-01-01").at("2026-01-01", "lead").value(100).expected("2027-01-31"),
      DealBuilder("feb", "2026-01-01").at("2026-01-01", "lead").value(100).expected("2027-02-01"),
  };
  Forecast f =
      compute_forecast(deals, three_stage_config(), d("2026-11-20"), 3, ForecastMethod::stage);
  REQUIRE(f.months.size() == 3);
  CHECK(f.months[2].month == "2027-01");
  check_bucket(f.months[2].sums, 1, 100, 10);  // jan: 100 × 0.1
  check_bucket(f.later, 1, 100, 10);           // feb
  Forecast one =
      compute_forecast(deals, three_stage_config(), d("2026-11-20"), 0, ForecastMethod::stage);
  REQUIRE(one.months.size() == 1);  // months < 1 is taken as 1
  CHECK(one.months[0].month == "2026-11");
  check_bucket(one.later, 2, 200, 20);
}

TEST_CASE("forecast of an empty pipeline") {
  Forecast f =
      compute_forecast({}, three_stage_config(), d("2026-03-15"), 2, ForecastMethod::historical);
  REQUIRE(f.months.size() == 2);
  check_bucket(f.months[0].sums, 0, 0, 0);
  check_bucket(f.total, 0, 0, 0);
  for (const auto& p : f.probabilities) {
    CHECK(p.closed_reached == 0);
    CHECK(p.used == p.configured);
  }
  CHECK(method_name(ForecastMethod::historical) == std::string("historical"));
  CHECK(parse_method("stage") == ForecastMethod::stage);
  CHECK_FALSE(parse_method("weighted"));
}

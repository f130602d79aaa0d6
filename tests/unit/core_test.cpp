// The pure core: dates, ids and text, derived figures, and the lifecycle rules.
#include <doctest/doctest.h>

#include "core/date.hpp"
#include "core/derive.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/text.hpp"
#include "report_fixtures.hpp"

using namespace deals;
using namespace deals::testing;

TEST_CASE("dates parse only real calendar days") {
  CHECK(Date::parse("2024-02-29"));
  CHECK_FALSE(Date::parse("2026-02-29"));
  CHECK_FALSE(Date::parse("2026-13-01"));
  CHECK_FALSE(Date::parse("2026-1-01"));
  CHECK_FALSE(Date::parse("2026-01-01 "));
  CHECK(d("2026-11-30").weekday() == 0);  // a Monday
  CHECK(d("2026-03-01") - d("2026-02-28") == 1);
}

TEST_CASE("relative dates count from today") {
  const Date today = d("2026-11-30");
  auto arg = [&](const char* text) {
    auto r = parse_date_arg(text, today);
    return r ? r->str() : std::string("none");
  };
  CHECK(arg("today") == "2026-11-30");
  CHECK(arg("yesterday") == "2026-11-29");
  CHECK(arg("tomorrow") == "2026-12-01");
  CHECK(arg("+3d") == "2026-12-03");
  CHECK(arg("-2w") == "2026-11-16");
  CHECK(arg("+1m") == "2026-12-30");
  CHECK(arg("-9m") == "2026-02-28");  // 30 February, clamped to its last day
  CHECK(arg("2026-01-05") == "2026-01-05");
  CHECK(arg("+3x") == "none");
  CHECK(arg("3d") == "none");
  CHECK(arg("") == "none");
  CHECK(d("2026-01-31").add_months(1).str() == "2026-02-28");
  CHECK(d("2024-01-31").add_months(1).str() == "2024-02-29");
}

TEST_CASE("slugs fold accents and stay valid ids") {
  CHECK(slugify("Müller & Söhne Café Relaunch") == "muller-sohne-cafe-relaunch");
  CHECK(slugify("Łódź Øst Straße") == "lodz-ost-strasse");
  CHECK(slugify("Œuvre ﬁne ﬂow ﬀ") == "oeuvre-fine-flow-ff");  // ligatures spelt out
  CHECK(slugify("ＡＣＭＥ ２０２６") == "acme-2026");             // full-width Latin
  CHECK(slugify("  --Hello,   World!--  ") == "hello-world");
  CHECK(slugify("日本") == "");
  const std::string longer = slugify(std::string(100, 'x'));
  CHECK(longer.size() == 64);
  CHECK(valid_id(longer));
  CHECK(valid_id("a"));
  CHECK_FALSE(valid_id("-a"));
  CHECK_FALSE(valid_id("A"));
  CHECK_FALSE(valid_id("../x"));
  CHECK_FALSE(valid_id(std::string(65, 'a')));
}

TEST_CASE("did you mean") {
  CHECK(closest("advnce", {"add", "advance", "won"}) == "advance");
  CHECK_FALSE(closest("zzzzzz", {"add", "advance", "won"}));
}

TEST_CASE("UTF-8 validation") {
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("Café 日本 🙂"));
  CHECK_FALSE(is_valid_utf8("Co\x9bX"));
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(is_valid_utf8("\xe6\x97"));          // cut short
}

TEST_CASE("numbers are written plainly and read back") {
  for (double v : {0.0, 12000.0, 1234.5, 0.35, 0.0001, 0.00005, 999999999999999.0}) {
    const std::string text = format_number(v);
    CAPTURE(text);
    CHECK(text.find('e') == std::string::npos);
    REQUIRE(parse_number(text));
    CHECK(*parse_number(text) == v);
  }
  CHECK(format_number(1234.5) == "1234.5");
  CHECK(format_number(12000) == "12000");
  CHECK_FALSE(parse_number("1000000000000000"));  // 10^15
  CHECK_FALSE(parse_number("1e3"));
  CHECK_FALSE(parse_number("-5"));
  CHECK_FALSE(parse_number("1.2.3"));
  CHECK_FALSE(parse_number("."));
}

TEST_CASE("derived figures of an open deal") {
  Config c = three_stage_config();
  Deal deal = DealBuilder("acme", "2026-11-01")
                  .at("2026-11-01", "lead")
                  .at("2026-11-10", "proposal")
                  .log("2026-11-20")
                  .value(10000)
                  .next("Call back", "2026-12-01");
  deal.bant.set("budget", true);
  deal.bant.set("authority", true);
  deal.bant.set("need", false);
  Derived x = derive(deal, c, d("2026-11-27"));
  CHECK(x.last_activity == d("2026-11-20"));
  CHECK(x.days_idle == 7);
  CHECK(x.stage_entered == d("2026-11-10"));
  CHECK(x.days_in_stage == 17);
  CHECK(x.stall_days == 14);  // proposal has none of its own
  CHECK_FALSE(x.stalled);
  CHECK(x.weighted_value == 5000);
  CHECK(x.qualification.met == 2);
  CHECK_FALSE(x.qualification.passed);
  CHECK(x.qualification.unmet == std::vector<std::string>{"need"});
  CHECK(x.qualification.unknown == std::vector<std::string>{"timeline"});
  // budget 20 + authority 15 + activity 15 x (1 - 7/14) + next 10 = 52.5 of 100.
  CHECK(x.score == 53);
  REQUIRE(x.score_parts.size() == 6);
  CHECK(x.score_parts[4].points == doctest::Approx(7.5));

  // A day past the stage's threshold: stalled, no activity points, next action overdue.
  Derived later = derive(deal, c, d("2026-12-05"));
  CHECK(later.days_idle == 15);
  CHECK(later.stalled);
  CHECK(later.score == 35);
  // The deal's own probability overrides its stage's.
  deal.probability = 0.9;
  CHECK(derive(deal, c, d("2026-11-27")).weighted_value == 9000);
}

TEST_CASE("a hand-written deal without history entered its stage on created") {
  Config c = three_stage_config();
  Deal deal = DealBuilder("hand", "2026-11-01").stage("negotiation");
  Derived x = derive(deal, c, d("2026-11-23"));
  CHECK(x.stage_entered == d("2026-11-01"));
  CHECK(x.days_idle == 22);
  CHECK(x.stall_days == 21);
  CHECK(x.stalled);
  CHECK(effective_history(deal).size() == 1);
}

TEST_CASE("closed deals never stall") {
  Config c = three_stage_config();
  Deal deal = DealBuilder("won", "2026-01-01").at("2026-01-01", "lead").at("2026-01-05", "won");
  Derived x = derive(deal, c, d("2026-11-30"));
  CHECK_FALSE(x.open);
  CHECK_FALSE(x.stalled);
}

TEST_CASE("advance: next stage, --to, and the qualification guard") {
  Config c = three_stage_config();
  Deal lead = DealBuilder("acme", "2026-11-01").at("2026-11-01", "lead");
  CHECK_THROWS_WITH(advance_target(lead, c, std::nullopt, false),
                    doctest::Contains("has not passed qualification (0 met, 3 required)"));
  CHECK(advance_target(lead, c, std::nullopt, true) == "proposal");
  for (const char* k : {"budget", "authority", "need"}) lead.bant.set(k, true);
  CHECK(advance_target(lead, c, std::nullopt, false) == "proposal");
  CHECK(advance_target(lead, c, std::string("negotiation"), false) == "negotiation");
  CHECK_THROWS_WITH(advance_target(lead, c, std::string("lead"), false),
                    doctest::Contains("already in lead"));
  CHECK_THROWS_WITH(advance_target(lead, c, std::string("won"), false),
                    doctest::Contains("use 'deals won'"));
  CHECK_THROWS_WITH(advance_target(lead, c, std::string("negotation"), false),
                    doctest::Contains("did you mean 'negotiation'?"));
  Deal last = DealBuilder("b", "2026-11-01").at("2026-11-01", "negotiation");
  CHECK_THROWS_WITH(advance_target(last, c, std::nullopt, false),
                    doctest::Contains("last open stage"));
  Deal won = DealBuilder("c", "2026-11-01").at("2026-11-01", "won");
  CHECK_THROWS_WITH(advance_target(won, c, std::nullopt, true),
                    doctest::Contains("use 'deals reopen' first"));
}

TEST_CASE("reopen returns to the last open stage") {
  Config c = three_stage_config();
  Deal lost = DealBuilder("a", "2026-11-01")
                  .at("2026-11-01", "lead")
                  .at("2026-11-05", "proposal")
                  .at("2026-11-09", "lost", "budget");
  CHECK(reopen_target(lost, c, std::nullopt) == "proposal");
  CHECK(reopen_target(lost, c, std::string("lead")) == "lead");
  Deal hand = DealBuilder("b", "2026-11-01").stage("won");
  CHECK(reopen_target(hand, c, std::nullopt) == "lead");
  Deal open = DealBuilder("c", "2026-11-01").at("2026-11-01", "lead");
  CHECK_THROWS_WITH(reopen_target(open, c, std::nullopt), doctest::Contains("nothing to reopen"));
}

TEST_CASE("enter_stage keeps the history in date order") {
  Deal deal = DealBuilder("acme", "2026-11-01").stage("lead");  // hand-written
  enter_stage(deal, "proposal", d("2026-11-05"), std::string("sent"));
  REQUIRE(deal.history.size() == 2);  // the implied entry first
  CHECK(deal.history[0].on == d("2026-11-01"));
  CHECK(deal.history[0].stage == "lead");
  CHECK(deal.history[1].note == "sent");
  CHECK(deal.stage == "proposal");
  const Deal before = deal;
  CHECK_THROWS_WITH(enter_stage(deal, "won", d("2026-11-04")),
                    "deal 'acme' entered proposal on 2026-11-05; a move dated 2026-11-04 would "
                    "put its history out of order (use --on 2026-11-05 or later)");
  CHECK(deal == before);
  enter_stage(deal, "won", d("2026-11-05"));
  CHECK(deal.stage == "won");
}

TEST_CASE("dates: every day from 0001-01-01 to 9999-12-31 round-trips through the calendar") {
  // A walk that knows nothing of <chrono>: month lengths and leap years by the rule.
  auto is_leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  Date d = *Date::from_ymd(1, 1, 1);
  int weekday = d.weekday();
  int mismatches = 0;
  for (int y = 1; y <= 9999; ++y) {
    for (int m = 1; m <= 12; ++m) {
      const int len = m == 2 && is_leap(y) ? 29 : lengths[m - 1];
      for (int day = 1; day <= len; ++day) {
        auto built = Date::from_ymd(y, m, day);
        if (!built || *built != d || d.year() != y || d.month() != m || d.day() != day ||
            d.weekday() != weekday)
          ++mismatches;
        d = d.add_days(1);
        weekday = (weekday + 1) % 7;
      }
      if (Date::from_ymd(y, m, len + 1)) ++mismatches;
    }
  }
  CHECK(mismatches == 0);
  CHECK(Date::parse("1970-01-01")->days() == 0);
  CHECK(Date::parse("2026-11-30")->weekday() == 0);  // a Monday
  CHECK(Date::parse("2024-01-31")->add_months(1).str() == "2024-02-29");
  CHECK(Date::parse("2023-01-31")->add_months(1).str() == "2023-02-28");
  CHECK(Date::parse("2026-03-31")->add_months(-13).str() == "2025-02-28");
}

TEST_CASE("display width: what a terminal draws") {
  CHECK(display_width("plain") == 5);
  CHECK(display_width("Café") == 4);
  CHECK(display_width("Cafe\xCC\x81") == 4);                       // e + combining acute
  CHECK(display_width("東京") == 4);                                // wide CJK
  CHECK(display_width("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB dev") == 6);  // 👩‍💻 (ZWJ)
  CHECK(display_width("\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD") == 2);   // 👍🏽 skin tone
  CHECK(display_width("\xE2\x9D\xA4\xEF\xB8\x8F") == 2);           // ❤️ emoji presentation
  CHECK(display_width("\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA") == 2);   // 🇩🇪 regional indicators
  CHECK(display_width("a\xE2\x80\x8B" "b") == 2);                   // zero-width space
}

TEST_CASE("sanitize shows controls as escapes and bytes that are not UTF-8 as they are") {
  CHECK(sanitize("a\x1b[31mb") == "a\\x1B[31mb");
  CHECK(sanitize("Co\x9bX") == "Co\\x9BX");                    // a lone byte: not UTF-8
  CHECK(sanitize("\xEF\xBF\xBD") == "\\uFFFD");               // the character U+FFFD itself
  CHECK(sanitize("\xC2\x9b") == "\\u009B");                   // C1 control, well-formed
  CHECK(sanitize("x\ny", true) == "x\ny");
  CHECK(sanitize("Café") == "Café");
}

// The deal codec: the SPEC example, every decode problem with its line, unknown keys.
#include "store/deal_codec.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

using namespace deals;

namespace {

std::string read_file(const std::string& rel) {
  std::ifstream in(std::string(DEALS_TEST_DATA) + "/" + rel, std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Config config_with(const std::string& currency) {
  Config c = Config::defaults();
  c.currency = currency;
  return c;
}

Deal decode_ok(const std::string& text, const Config& config = Config::defaults()) {
  Deal d;
  std::vector<Problem> problems;
  const bool ok = decode_deal(text, "x", "deals/x.yaml", config, d, problems);
  std::string all;
  for (const auto& p : problems) all += p.str() + "\n";
  INFO("text:\n" << text << "problems:\n" << all);
  REQUIRE(ok);
  CHECK(problems.empty());
  return d;
}

std::vector<Problem> decode_bad(const std::string& text) {
  Deal d;
  std::vector<Problem> problems;
  INFO("text:\n" << text);
  CHECK_FALSE(decode_deal(text, "x", "deals/x.yaml", Config::defaults(), d, problems));
  REQUIRE_FALSE(problems.empty());
  return problems;
}

const std::string kHead = "title: T\nstage: lead\ncreated: 2026-01-10\n";

}  // namespace

TEST_CASE("the SPEC section 2 example decodes and re-encodes byte-identical") {
  const std::string text = read_file("hostile/ok_spec_example.yaml");
  const Config usd = config_with("USD");
  const Deal d = decode_ok(text, usd);
  CHECK(d.id == "x");
  CHECK(d.title == "Website redesign");
  CHECK(d.company == "Acme Corp");
  CHECK(d.contact.phone == "+49 30 1234567");
  CHECK(d.value == 12000);
  CHECK(d.currency == "EUR");
  CHECK(d.stage == "proposal");
  CHECK(d.created.str() == "2026-11-02");
  CHECK(d.expected_close->str() == "2026-12-15");
  CHECK(d.tags == std::vector<std::string>{"web", "retainer"});
  CHECK(d.bant.get("budget") == true);
  CHECK(d.bant.get("timeline") == false);
  CHECK(d.bant.note == "CTO decides; budget approved for Q1");
  CHECK(d.next->action == "Send revised proposal");
  CHECK(d.next->due->str() == "2026-11-30");
  REQUIRE(d.history.size() == 3);
  CHECK(d.history[2].note == "sent v1");
  REQUIRE(d.log.size() == 1);
  CHECK(d.log[0].note == "Discovery call; wants a CMS");
  CHECK(d.notes == "Free text, kept as written.\n");
  CHECK(encode_deal(d, usd) == text);

  // In a EUR pipeline the currency is the default: not kept, not written.
  const Deal eur = decode_ok(text);
  CHECK_FALSE(eur.currency.has_value());
  std::string expected = text;
  expected.erase(expected.find("currency: EUR\n"), 14);
  CHECK(encode_deal(eur, Config::defaults()) == expected);
}

TEST_CASE("a minimal hand-written file, and lenient spellings that normalise") {
  Deal d = decode_ok(kHead);
  CHECK(d.history.empty());
  CHECK(encode_deal(d, Config::defaults()) == kHead);
  d = decode_ok(
      "title: 12000\nstage: \"won\"\ncreated: '2026-01-10'\ncompany:\ntags:\n- a\n- 2\n"
      "bant: {budget: ~, need: True}\nlog:\n  - on: 2026-01-11\n    kind: call\n");
  CHECK(d.title == "12000");
  CHECK(d.stage == "won");
  CHECK_FALSE(d.company.has_value());
  CHECK(d.tags == std::vector<std::string>{"a", "2"});
  CHECK_FALSE(d.bant.get("budget").has_value());
  CHECK(d.bant.get("need") == true);
  CHECK(d.log.at(0).note.empty());
  CHECK(encode_deal(d, Config::defaults()) ==
        "title: \"12000\"\nstage: won\ncreated: 2026-01-10\ntags: [a, \"2\"]\nbant:\n"
        "  need: true\nlog:\n  - {date: 2026-01-11, kind: call}\n");
}

TEST_CASE("unknown keys are kept in read order at every level") {
  const std::string text =
      "title: T\nzeta: 1\ncontact:\n  name: Nina\n  x-linkedin: jn\nstage: lead\n"
      "created: 2026-01-10\nbant:\n  budget: true\n  champion: yes\nnext:\n  action: A\n"
      "  owner: me\nhistory:\n  - {date: 2026-01-10, stage: lead, by: [me, you]}\n"
      "log:\n  - date: 2026-01-11\n    kind: call\n    minutes: 30\n"
      "alpha:\n  nested: {a: 1}\n  list:\n  - x\n  - y: z\nnotes: some notes\n";
  const Deal d = decode_ok(text);
  REQUIRE(d.extra.size() == 2);
  CHECK(d.extra[0].key == "zeta");
  CHECK(d.extra[0].yaml == " 1\n");
  CHECK(d.extra[1].key == "alpha");
  CHECK(d.contact.extra.at(0).key == "x-linkedin");
  CHECK(d.bant.extra.at(0).yaml == " yes\n");  // not a configured criterion: kept verbatim
  CHECK(d.next->extra.at(0).key == "owner");
  CHECK(d.history.at(0).extra.at(0).yaml == "[me, you]");
  CHECK(d.log.at(0).extra.at(0).yaml == "30");
  const std::string once = encode_deal(d, Config::defaults());
  CHECK(once ==
        "title: T\ncontact:\n  name: Nina\n  x-linkedin: jn\nstage: lead\ncreated: 2026-01-10\n"
        "bant:\n  budget: true\n  champion: yes\nnext:\n  action: A\n  owner: me\nhistory:\n"
        "  - {date: 2026-01-10, stage: lead, by: [me, you]}\nlog:\n"
        "  - {date: 2026-01-11, kind: call, minutes: 30}\nnotes: some notes\nzeta: 1\nalpha:\n"
        "  nested:\n    a: 1\n  list:\n    - x\n    - y: z\n");
  CHECK(decode_ok(once) == d);
}

TEST_CASE("decode problems name the line and say what to do") {
  struct Case {
    std::string text;
    int line;
    const char* words;
  };
  const Case cases[] = {
      {"- a\n- b\n", 1, "top level must be a mapping"},
      {"just text\n", 1, "top level must be a mapping"},
      {"", 1, "file is empty"},
      {"stage: lead\ncreated: 2026-01-10\n", 1, "missing required key 'title'"},
      {"title: T\ncreated: 2026-01-10\n", 1, "missing required key 'stage'"},
      {"title: T\nstage: lead\n", 1, "missing required key 'created'"},
      {"title:\nstage: lead\ncreated: 2026-01-10\n", 1, "'title' has no value"},
      {"title: [a]\nstage: lead\ncreated: 2026-01-10\n", 1, "'title' must be text, not a list"},
      {kHead + "value: -5\n", 4, "must not be negative"},
      {kHead + "value: \"12000\"\n", 4, "remove the quotes"},
      {kHead + "value: 12k\n", 4, "non-negative number"},
      {kHead + "value: 1e3\n", 4, "non-negative number"},
      {kHead + "probability: 1.5\n", 4, "from 0 to 1"},
      {"title: T\nstage: lead\ncreated: 2026-02-30\n", 3, "not a real calendar date"},
      {kHead + "expected_close: soon\n", 4, "must be a date YYYY-MM-DD"},
      {kHead + "expected_close: 2026-1-5\n", 4, "must be a date YYYY-MM-DD"},
      {"title: T\nstage: wn\ncreated: 2026-01-10\n", 2, "unknown stage 'wn', did you mean 'won'?"},
      {"title: T\nstage: zzzzzz\ncreated: 2026-01-10\n", 2, "(stages: lead qualified"},
      {kHead + "tags: web\n", 4, "'tags' must be a list"},
      {kHead + "tags: [a, [b]]\n", 4, "'tags entry' must be text"},
      {kHead + "bant:\n  budget: y\n", 5, "not a boolean here; write true or false"},
      {kHead + "bant:\n  need: \"true\"\n", 5, "must be true or false"},
      {kHead + "bant: [budget]\n", 4, "'bant' must be a mapping"},
      {kHead + "bant:\n  note: [x]\n", 5, "'bant.note' must be text"},
      {kHead + "next: Call Jane\n", 4, "'next' must be a mapping"},
      {kHead + "next:\n  due: 2026-01-20\n", 5, "'next' needs an 'action:'"},
      {kHead + "next:\n  action: A\n  due: tomorrow\n", 6, "'next.due' must be a date"},
      {kHead + "contact: Jane\n", 4, "'contact' must be a mapping"},
      {kHead + "history: lead\n", 4, "'history' must be a list"},
      {kHead + "history:\n  - lead\n", 5, "'history entry' must be a mapping"},
      {kHead + "history:\n  - {stage: lead}\n", 5, "missing 'date:'"},
      {kHead + "history:\n  - {date: 2026-01-10}\n", 5, "missing 'stage:'"},
      {kHead + "history:\n  - {date: 2026-01-10, stage: nope}\n", 5, "unknown stage 'nope'"},
      {kHead + "history:\n  - {date: 2026-01-12, stage: qualified}\n  - {date: 2026-01-11, "
               "stage: lead}\n",
       6, "history goes back in time"},
      {kHead + "history:\n  - {date: 2026-01-09, stage: lead}\n", 5, "before 'created'"},
      {kHead + "history:\n  - {date: 2026-01-10, stage: qualified}\n", 5,
       "differs from 'stage: lead'"},
      {kHead + "log: {date: 2026-01-10}\n", 4, "'log' must be a list"},
      {kHead + "log:\n  - {date: 2026-01-10, note: x}\n", 5, "missing 'kind:'"},
      {kHead + "log:\n  - {date: 2026-13-10, kind: call}\n", 5, "not a real calendar date"},
      {kHead + "notes: {a: 1}\n", 4, "'notes' must be text"},
      {kHead + "stage: won\n", 4, "duplicate key 'stage' (first on line 2)"},
  };
  for (const Case& c : cases) {
    const auto problems = decode_bad(c.text);
    INFO("text:\n" << c.text << "first problem: " << problems.front().str());
    CHECK(problems.front().line == c.line);
    CHECK(problems.front().message.find(c.words) != std::string::npos);
    CHECK(problems.front().path == "deals/x.yaml");
  }
}

TEST_CASE("every problem is reported, in file order") {
  const auto problems = decode_bad(
      "title: [x]\nstage: wn\ncreated: 2026-02-30\nvalue: -1\ntags: a\n"
      "bant:\n  budget: maybe\n");
  REQUIRE(problems.size() == 6);
  for (std::size_t i = 0; i < problems.size(); ++i) {
    CHECK(problems[i].line == static_cast<int>(i) + 1 + (i == 5));
  }
  CHECK(problems[0].str().rfind("deals/x.yaml:1: ", 0) == 0);
  CHECK(Problem{"p.yaml", 0, "m"}.str() == "p.yaml: m");
}

TEST_CASE("BANT answers may be yes/no/on/off in any case (SPEC 10)") {
  const Deal d = decode_ok(
      "title: T\nstage: lead\ncreated: 2026-01-10\nbant:\n  budget: YES\n  authority: off\n"
      "  need: On\n  timeline: no\n");
  CHECK(d.bant.get("budget") == true);
  CHECK(d.bant.get("authority") == false);
  CHECK(d.bant.get("need") == true);
  CHECK(d.bant.get("timeline") == false);
  const auto problems =
      decode_bad("title: T\nstage: lead\ncreated: 2026-01-10\nbant:\n  need: Y\n");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.find("not a boolean here") != std::string::npos);
  CHECK(encode_deal(d, Config::defaults()).find("budget: true\n") != std::string::npos);
}

TEST_CASE("deal_notes: entries that still say 'on:'") {
  const auto notes = deal_notes(
      "title: T\nstage: lead\ncreated: 2026-01-10\nhistory:\n  - {on: 2026-01-10, stage: lead}\n"
      "log:\n  - {date: 2026-01-11, kind: call}\n  - {on: 2026-01-12, kind: call}\n",
      "deals/x.yaml");
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].str() ==
        "deals/x.yaml:5: 1 history entry names its day 'on:' (0.1's spelling, read as 'true' by "
        "YAML 1.1 readers such as PyYAML); 'deals fmt' rewrites it as 'date:'");
  CHECK(notes[1].line == 8);
  CHECK(deal_notes("title: on\nstage: lead\ncreated: 2026-01-10\n", "x").empty());
}

TEST_CASE("deal_notes: every spelling of the key 'on' is found, words ending in 'on' are not") {
  const std::string head = "title: T\nstage: lead\ncreated: 2026-01-10\nlog:\n";
  for (const char* entry :
       {"  - on: 2026-01-12\n    kind: call\n", "  - \"on\": 2026-01-12\n    kind: call\n",
        "  - 'on' : 2026-01-12\n    kind: call\n", "  - {kind: call,on: 2026-01-12}\n",
        "  - {\"kind\":\"call\",\"on\":\"2026-01-12\"}\n",
        "  - kind: call\n    \"o\\x6e\": 2026-01-12\n",
        "  - kind: call\n    \"\\u006fn\": 2026-01-12\n"}) {
    CAPTURE(entry);
    const auto notes = deal_notes(head + entry, "x");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].message.starts_with("1 log entry names its day 'on:'"));
  }
  CHECK(deal_notes(head + "  - date: 2026-01-12\n    kind: call\n    reason: on time\n", "x")
            .empty());
}

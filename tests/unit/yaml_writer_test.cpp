// The canonical writer: which strings stay plain, how others are quoted, and that
// re-emitted nodes are a fixed point.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <string>

#include "store/yaml.hpp"

using namespace deals::yaml;

namespace {

/// What our reader makes of `key: <text>`.
Node read_value(const std::string& text) {
  Node n;
  ParseError e;
  INFO("text: " << text << " error: " << e.message);
  REQUIRE(parse("k: " + text + "\n", n, e));
  return *n.find("k");
}

}  // namespace

TEST_CASE("plain_safe refuses everything a YAML 1.1 or 1.2 reader would not read back") {
  const char* unsafe[] = {"",
                          "null",
                          "Null",
                          "NULL",
                          "~",
                          "y",
                          "Y",
                          "n",
                          "yes",
                          "No",
                          "ON",
                          "off",
                          "True",
                          "FALSE",
                          "1",
                          "0123",
                          "1e3",
                          "0x1F",
                          "0o17",
                          "0b101",
                          ".5",
                          "+1",
                          "-1",
                          "1_000",
                          ".inf",
                          "-.inf",
                          ".NaN",
                          "12:30",
                          "1:20:30",
                          "2026-01-01",
                          "2026-01-01 10:00:00",
                          "- a",
                          "-",
                          "? x",
                          ": x",
                          ",a",
                          "[a",
                          "]",
                          "{a",
                          "}",
                          "#x",
                          "&a",
                          "*a",
                          "!a",
                          "|",
                          ">",
                          "'a",
                          "\"a",
                          "%a",
                          "@a",
                          "`a",
                          "a: b",
                          "a:",
                          "a #b",
                          " a",
                          "a ",
                          "a\nb",
                          "a\tb",
                          "a\x01",
                          "a\x7F",
                          "=",
                          "<<",
                          "a\xE2\x80\xAE",
                          "a\xE2\x80\xA8",
                          "a\xC2\x85",
                          "+49 30 1234567",
                          "...",
                          "---",
                          ".hidden",
                          "\xEF\xBB\xBFx",
                          "a\xFF"};
  for (const char* s : unsafe) {
    INFO("string: '" << s << "'");
    CHECK_FALSE(plain_safe(s));
  }
  const char* safe[] = {"Website redesign",
                        "jane@acme.example",
                        "C#",
                        "a:b",
                        "it's",
                        "CTO decides; budget approved for Q1",
                        "x-y",
                        "Ünïcödé ✓",
                        "3M Corp",
                        "12 apples",
                        "a#b",
                        "e1",
                        "yes please",
                        "nullable",
                        "<a>",
                        "=x"};
  for (const char* s : safe) {
    INFO("string: '" << s << "'");
    CHECK(plain_safe(s));
  }
}

TEST_CASE("quote and quote_flow") {
  CHECK(quote("Acme Corp") == "Acme Corp");
  CHECK(quote("+49 30 1234567") == "\"+49 30 1234567\"");
  CHECK(quote("") == "\"\"");
  CHECK(quote("yes") == "\"yes\"");
  CHECK(quote("say \"hi\"\\") == "say \"hi\"\\");
  CHECK(quote("\"hi\"\\") == "\"\\\"hi\\\"\\\\\"");
  CHECK(quote("a\nb\tc\rd") == "\"a\\nb\\tc\\rd\"");
  CHECK(quote(std::string("\0\x1B\x7F", 3)) == "\"\\0\\x1B\\x7F\"");
  CHECK(quote("x\xC2\x85y\xE2\x80\xAEz") == "\"x\\x85y\\u202Ez\"");
  CHECK(quote(" é ") == "\" é \"");  // non-ASCII stays raw inside quotes
  CHECK(quote_flow("sent v1") == "sent v1");
  CHECK(quote_flow("Discovery call; wants a CMS") == "\"Discovery call; wants a CMS\"");
  CHECK(quote_flow("a,b") == "\"a,b\"");
  CHECK(quote_flow("a]") == "\"a]\"");
  CHECK(quote_flow("c++") == "c++");
}

TEST_CASE("quoted strings read back the same with our reader and yaml-cpp") {
  const std::string strings[] = {"",
                                 "a\"b\\c",
                                 "tab\there",
                                 "line\nbreak\n",
                                 " lead",
                                 "trail ",
                                 "\x01\x02\x1F\x7F",
                                 "\xC2\x80\xC2\x9F",
                                 "\xE2\x80\xA8\xE2\x80\xA9",
                                 "\xE2\x80\x8F\xE2\x81\xA6",
                                 "\xEF\xBB\xBF",
                                 "\xF0\x9F\x98\x80",
                                 "#",
                                 ": ",
                                 "null"};
  for (const std::string& s : strings) {
    const std::string q = quote(s);
    INFO("string: " << s << " quoted: " << q);
    CHECK(read_value(q).scalar == s);
    CHECK(YAML::Load("k: " + q)["k"].as<std::string>() == s);
    const std::string f = quote_flow(s);
    CHECK(read_value("[" + f + "]").items.at(0).scalar == s);
    CHECK(YAML::Load("k: [" + f + "]")["k"][0].as<std::string>() == s);
  }
}

TEST_CASE("emit_string uses literal blocks with the chomping that round-trips") {
  CHECK(emit_string("one line", 0) == " one line\n");
  CHECK(emit_string("a\nb\n", 0) == " |\n  a\n  b\n");
  CHECK(emit_string("a\nb", 2) == " |-\n    a\n    b\n");
  CHECK(emit_string("a\n\nb\n\n\n", 0) == " |+\n  a\n\n  b\n\n\n");
  CHECK(emit_string("\nlead\n", 0) == " |\n\n  lead\n");
  CHECK(emit_string(" indented\nx\n", 0)[1] == '"');  // would need an indentation indicator
  CHECK(emit_string("trailing \nx\n", 0)[1] == '"');  // editors strip trailing spaces
  CHECK(emit_string("x\n\x01\n", 0)[1] == '"');
  for (const std::string s : {"a\nb\n", "a\nb", "a\n\nb\n\n\n", "\nlead\n", "# not\n  a comment\n",
                              "x\n---\n...\n", "tab\tinside\nok\n"}) {
    const std::string text = "k:" + emit_string(s, 0) + "next: 1\n";
    INFO("text: " << text);
    Node n;
    ParseError e;
    REQUIRE(parse(text, n, e));
    CHECK(n.find("k")->scalar == s);
    CHECK(YAML::Load(text)["k"].as<std::string>() == s);
  }
}

TEST_CASE("emit_value re-emits canonically and is a fixed point") {
  const char* docs[] = {
      "k: 12\n",
      "k: 1:20\n",
      "k: ~\n",
      "k:\n",
      "k: \"quoted\"\n",
      "k: 'yes'\n",
      "k: [a, 'b, c', 1, ~]\n",
      "k:\n  - a\n  - b\n",
      "k: {x: 1, y: [1, 2]}\n",
      "k:\n  x:\n    y: z\n  w: |\n    lit\n    eral\n",
      "k:\n- a: 1\n  b: [x]\n- - p\n  - {q: r}\n- |\n  block\n- []\n- {}\n",
      "k: plain\n  multi\n\n  line\n",
      "k: {\"a:b\": c, d: \"[e]\", f: }\n",
  };
  for (const char* doc : docs) {
    Node n;
    ParseError e;
    REQUIRE(parse(doc, n, e));
    const std::string once = "k:" + emit_value(*n.find("k"), 0);
    INFO("doc: " << doc << "emitted: " << once);
    Node again;
    REQUIRE(parse(once, again, e));
    CHECK("k:" + emit_value(*again.find("k"), 0) == once);
    const std::string flow = "k: " + emit_flow(*n.find("k")) + "\n";
    REQUIRE(parse(flow, again, e));
    CHECK("k: " + emit_flow(*again.find("k")) + "\n" == flow);
    CHECK_NOTHROW(YAML::Load(once));
    CHECK_NOTHROW(YAML::Load(flow));
  }
  Node n;
  ParseError e;
  REQUIRE(parse("k:\n- a: 1\n  b: [x, 'y z']\n- - p\n", n, e));
  CHECK(emit_value(*n.find("k"), 0) == "\n  - a: 1\n    b: [x, y z]\n  - [p]\n");
  CHECK(emit_flow(*n.find("k")) == "[{a: 1, b: [x, y z]}, [p]]");
}

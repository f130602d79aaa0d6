// The strict YAML reader: what it accepts, and what it rejects with which line.
#include "store/yaml.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using deals::yaml::Node;
using deals::yaml::parse;
using deals::yaml::ParseError;

namespace {

Node ok(std::string_view text) {
  Node n;
  ParseError e;
  const bool parsed = parse(text, n, e);
  INFO("text: " << text << "\nerror line " << e.line << ": " << e.message);
  REQUIRE(parsed);
  return n;
}

ParseError bad(std::string_view text, deals::yaml::Limits limits = {}) {
  Node n;
  ParseError e;
  INFO("text: " << text);
  REQUIRE_FALSE(parse(text, n, e, limits));
  return e;
}

/// The scalar at `key` of a top-level mapping.
std::string at(const Node& n, std::string_view key) {
  const Node* v = n.find(key);
  REQUIRE(v != nullptr);
  REQUIRE(v->is_scalar());
  return v->scalar;
}

}  // namespace

TEST_CASE("block mappings, sequences and nesting") {
  Node n = ok("a: 1\nb:\n  - x\n  - y: 2\n    z: [1, {q: r}]\nc:\n- p\n- q\nd: e\n");
  REQUIRE(n.is_map());
  CHECK(n.entries.size() == 4);
  CHECK(at(n, "a") == "1");
  CHECK(n.find("a")->plain);
  const Node& b = *n.find("b");
  REQUIRE(b.is_seq());
  CHECK(b.items[0].scalar == "x");
  CHECK(b.items[1].is_map());
  CHECK(b.items[1].find("z")->items[1].find("q")->scalar == "r");
  CHECK(n.find("c")->items.size() == 2);  // `- ` at the parent key's indent
  CHECK(at(n, "d") == "e");
  CHECK(n.find("d")->line == 9);
  Node nested = ok("- - a\n  - b\n- c\n");
  CHECK(nested.items[0].items[1].scalar == "b");
}

TEST_CASE("flow collections may span lines and hold quoted scalars") {
  Node n = ok("t: [a, \"b, c\", 'd']\nm: {x: 1,\n  y: [2,\n   3], z}\ne: []\nf: {}\n");
  CHECK(n.find("t")->items[1].scalar == "b, c");
  CHECK(n.find("m")->find("y")->items[1].scalar == "3");
  CHECK(n.find("m")->find("z")->is_null());
  CHECK(n.find("e")->items.empty());
  CHECK(n.find("f")->is_map());
}

TEST_CASE("plain scalars, comments and nulls") {
  Node n = ok("# c\na: x#y # comment\nb: plain\n  folded\n\n  para\nc:\nd: ~\ne: -1\n");
  CHECK(at(n, "a") == "x#y");
  CHECK(at(n, "b") == "plain folded\npara");
  CHECK(n.find("c")->is_null());
  CHECK(n.find("d")->is_null());
  CHECK_FALSE(n.find("e")->is_null());
}

TEST_CASE("quoted scalars: escapes and folding") {
  Node n = ok(R"(a: "t\tn\n q\" b\\ \x41\u00e9\U0001F600 \/"
b: 'it''s'
c: "multi
  line

  para"
d: "join\
   ed"
e: 'fold  
   here'
)");
  CHECK(at(n, "a") == "t\tn\n q\" b\\ A\xC3\xA9\xF0\x9F\x98\x80 /");
  CHECK_FALSE(n.find("a")->plain);
  CHECK(at(n, "b") == "it's");
  CHECK(at(n, "c") == "multi line\npara");
  CHECK(at(n, "d") == "joined");
  CHECK(at(n, "e") == "fold here");
}

TEST_CASE("block scalars: literal, folded, chomping, indentation indicator") {
  Node n =
      ok("a: |\n  l1\n   l2\n\n  l3\n"
         "b: >\n  f1\n  f2\n\n  f3\n   more\n  back\n"
         "c: |-\n  strip\n\n"
         "d: |+\n  keep\n\n\n"
         "e: |2\n    two\n  base\n"
         "f: >-\n  x\n"
         "g: |\n"
         "h: end\n");
  CHECK(at(n, "a") == "l1\n l2\n\nl3\n");
  CHECK(at(n, "b") == "f1 f2\nf3\n more\nback\n");
  CHECK(at(n, "c") == "strip");
  CHECK(at(n, "d") == "keep\n\n\n");
  CHECK(at(n, "e") == "  two\nbase\n");
  CHECK(at(n, "f") == "x");
  CHECK(at(n, "g") == "");
  CHECK(at(n, "h") == "end");
}

TEST_CASE("document markers, BOM and CRLF") {
  CHECK(at(ok("---\na: 1\n...\n"), "a") == "1");
  CHECK(at(ok("--- # c\na: 1\n"), "a") == "1");
  CHECK(ok("--- |\n  top\n").scalar == "top\n");
  Node n =
      ok("\xEF\xBB\xBF"
         "a: 1\r\nb: |\r\n  x\r\n  y\r\n");
  CHECK(at(n, "b") == "x\ny\n");
  CHECK(ok("").is_null());
  CHECK(ok("# only a comment\n").is_null());
}

TEST_CASE("rejections name the line") {
  struct Case {
    const char* text;
    int line;
    const char* words;
  };
  const Case cases[] = {
      {"a: 1\nb: &x 2\n", 2, "anchors"},
      {"a: 1\nb: *x\n", 2, "aliases"},
      {"a: !!str 1\n", 1, "tags"},
      {"a: 1\n? b\n: c\n", 2, "complex keys"},
      {"[a]: b\n", 1, "keys"},
      {"a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first on line 1)"},
      {"x: {a: 1, a: 2}\n", 1, "duplicate key"},
      {"a:\n\tb: 1\n", 2, "tab"},
      {"a: 1\n---\nb: 2\n", 2, "second YAML document"},
      {"a: 1\n...\nb: 2\n", 3, "after the document end"},
      {"a: 1\nb: \"open\nc: 2\n", 2, "unclosed quoted string"},
      {"a: 1\nb: 'open\n", 2, "unclosed quoted string"},
      {"a: [1, 2\nb: 3\n", 1, "unclosed flow"},
      {"a: {x: 1\n", 1, "unclosed flow"},
      {"a: x\n b: y\n", 2, "indented more than the key above"},
      {"a: b: c\n", 1, "unexpected ': '"},
      {"a:\n  b: 1\n c: 2\n", 3, "bad indentation"},
      {"a: - b\n", 1, "list can't start"},
      {"a: b\n- c\n", 2, "list item"},
      {"%YAML 1.2\n---\na: 1\n", 1, "directives"},
      {"a: \"\\q\"\n", 1, "unknown escape"},
      {"a: \"\\uD800\"\n", 1, "not a valid Unicode"},
      {"a: [a, , b]\n", 1, "can't start with ','"},
      {"a: @x\n", 1, "can't start with '@'"},
      {"a: 1\nb: \x01\n", 2, "control character"},
      {"a: 1\nb: x\x00y\n", 2, "NUL"},
      {"a: 1\rb: 2\n", 1, "lone CR"},
      {"a: 1\nb: \xC3\x28\n", 2, "invalid UTF-8"},
      {"a: \xED\xA0\x80\n", 1, "invalid UTF-8"},  // an encoded surrogate
      {"a: \xC0\xAF\n", 1, "invalid UTF-8"},      // overlong
      {"a: \xC2\x85\n", 1, "control character"},  // C1 NEL
      {"a: 1\nb: x\xEF\xBB\xBFy\n", 2, "byte order mark"},
  };
  for (const Case& c : cases) {
    std::string_view text = c.text;
    if (std::string_view(c.words) == "NUL") text = std::string_view(c.text, 13);
    const ParseError e = bad(text);
    INFO("text: " << c.text << "\nmessage: " << e.message);
    CHECK(e.line == c.line);
    CHECK(e.message.find(c.words) != std::string::npos);
  }
}

TEST_CASE("hostile sizes are refused quickly and without deep recursion") {
  const auto start = std::chrono::steady_clock::now();
  CHECK(bad(std::string(20000, '[')).message.find("nesting") != std::string::npos);
  CHECK(bad("a: " + std::string(20000, '{')).line == 1);
  std::string dashes;
  for (int i = 0; i < 20000; ++i) dashes += "- ";
  CHECK(bad(dashes + "x\n").message.find("nesting") != std::string::npos);
  std::string indented;
  for (int i = 0; i < 100; ++i) indented += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
  CHECK(bad(indented).line == 65);
  std::string wide = "a: [";
  for (int i = 0; i < 200000; ++i) wide += "x,";
  CHECK(bad(wide + "]\n").message.find("too many") != std::string::npos);
  std::string keys;
  for (int i = 0; i < 60000; ++i) keys += "k" + std::to_string(i) + ": v\n";
  CHECK(bad(keys).message.find("too many") != std::string::npos);
  CHECK(bad(std::string(2 << 20, 'a')).message.find("too large") != std::string::npos);
  deals::yaml::Limits tight;
  tight.max_depth = 2;
  CHECK(bad("a: [[1]]\n", tight).message.find("nesting") != std::string::npos);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - start)
                      .count();
  CHECK(ms < 2000);
}

TEST_CASE("hand-editing mistakes are named where they start (SPEC 10)") {
  // An unclosed quote or bracket: the line that opened it, not a later innocent one.
  ParseError e = bad("title: \"Acme\nstage: lead\ncreated: 2026-11-01\nnotes: \"x\"\n");
  CHECK(e.line == 1);
  CHECK(e.message.find("unclosed quoted string") != std::string::npos);
  e = bad("title: Acme\ntags: [a, b\nstage: lead\ncreated: 2026-11-01\n");
  CHECK(e.line == 2);
  CHECK(e.message.find("unclosed flow collection") != std::string::npos);
  e = bad("a:\n  b: 'it\n  c: d\ne: 'x'\n");
  CHECK(e.line == 2);
  // ... while continuation lines indented inside them are fine.
  CHECK(at(ok("a: \"one\n  two\"\nb: [x,\n  y]\n"), "a") == "one two");
  // Invisible characters: code point and column.
  e = bad("title: Acme\nstage:\xC2\xA0lead\n");
  CHECK(e.line == 2);
  CHECK(e.message == "no-break space (U+00A0) at column 7; use a plain space");
  e = bad("\xC2\xA0title: Acme\n");
  CHECK(e.message.find("U+00A0) at column 1") != std::string::npos);
  CHECK(at(ok("title: Acme\xC2\xA0"
              "Corp\n"),
           "title") ==
        "Acme\xC2\xA0"
        "Corp");  // in text
  e =
      bad("title: \xC3\xA4\xE2\x80\x8B"
          "b\n");
  CHECK(e.message.find("U+200B (zero-width space) at column 9") != std::string::npos);
  e = bad("a: 1\nb: x\xE2\x80\xAEy\n");
  CHECK(e.line == 2);
  CHECK(e.message.find("U+202E (bidirectional control character) at column 5") !=
        std::string::npos);
  CHECK(at(ok("t: \"a\\u200Bb\"\n"), "t") ==
        "a\xE2\x80\x8B"
        "b");  // escaped: fine
  // Anchors and merge keys are named as such, also on flow mappings.
  CHECK(bad("base: &b {a: 1}\n").message.find("anchors (&)") != std::string::npos);
  e = bad("x: 1\ny:\n  <<: {a: 1}\n");
  CHECK(e.line == 3);
  CHECK(e.message.find("merge keys ('<<')") != std::string::npos);
  CHECK(bad("y: {<<: {a: 1}}\n").message.find("merge keys") != std::string::npos);
  // Conflict markers.
  e = bad("title: A\n<<<<<<< HEAD\nstage: lead\n=======\nstage: won\n>>>>>>> b\n");
  CHECK(e.line == 2);
  CHECK(e.message.find("unresolved merge conflict") == 0);
  e = bad("title: A\nnotes: |\n  x\n=======\n");
  CHECK(e.line == 4);
  CHECK(e.message.find("unresolved merge conflict") == 0);
}

TEST_CASE("a backslash line end before empty lines is read as YAML reads it") {
  CHECK(at(ok("t: \"Acme\\\n\n  Corp\"\n"), "t") == "Acme\nCorp");
  CHECK(at(ok("t: \"Acme\\\n\n\n  Corp\"\n"), "t") == "Acme\n\nCorp");
  CHECK(at(ok("t: \"Acme\\\n  Corp\"\n"), "t") == "AcmeCorp");
  CHECK(at(ok("t: \"Acme \\\n  Corp\"\n"), "t") == "Acme Corp");
}

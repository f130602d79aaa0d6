// Property: for random deals full of awkward strings, decode(encode(d)) == d, and
// yaml-cpp (an independent reader) reads the same strings from the encoded file.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

#include "store/deal_codec.hpp"
#include "store/yaml.hpp"

using namespace deals;

namespace {

const char* const kFragments[] = {"yes",        "No",
                                  "null",       "~",
                                  "2026-01-01", "0123",
                                  "1e3",        "0x1F",
                                  "#",          " #",
                                  ": ",         ":",
                                  "-",          "- ",
                                  "? ",         "'",
                                  "\"",         "\\",
                                  "é",          "😀",
                                  "\n",         "\t",
                                  " ",          "[",
                                  "]",          "{",
                                  "}",          ",",
                                  "&a",         "*a",
                                  "!",          "|",
                                  ">",          "%",
                                  "@",          "`",
                                  "\u2028",     "\u202E",
                                  "\x01",       "\x7F",
                                  "\u0085",     "---",
                                  "...",        "<<",
                                  "=",          "\r",
                                  "\n\n",       "true",
                                  "12:30",      ".inf",
                                  "+1",         "word",
                                  "Acme",       "a b",
                                  "x",          "\0",
                                  "  ",         "\xEF\xBB\xBF",
                                  "0",          "on"};

class Gen {
 public:
  explicit Gen(unsigned seed) : rng_(seed) {}

  int num(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool coin(int percent = 50) { return num(0, 99) < percent; }

  std::string text() {
    std::string s;
    for (int i = num(0, 4); i > 0; --i) {
      const auto& f = kFragments[num(0, std::size(kFragments) - 1)];
      s += f[0] == '\0' ? std::string(1, '\0') : std::string(f);
    }
    return s;
  }
  /// Multi-line text as people write notes: literal blocks with every chomping.
  std::string lines() {
    std::string s = coin(20) ? "\n" : "";
    for (int i = num(1, 4); i > 0; --i) {
      s += coin() ? "Call back; \"budget\" #2: ok" : text();
      s += std::string(static_cast<std::size_t>(num(i > 1, 2)), '\n');
    }
    return s;
  }
  std::optional<std::string> maybe_text() { return coin() ? std::optional(text()) : std::nullopt; }
  Date date(Date from) { return from.add_days(num(0, 40)); }

  /// A random YAML value; unknown keys are kept as the canonical text of such a value.
  yaml::Node node(int depth) {
    yaml::Node n;
    const int kind = depth > 1 ? 0 : num(0, 3);
    if (kind == 0) {
      n.scalar = text();
    } else if (kind == 1) {
      n.plain = true;
      n.scalar = coin() ? std::to_string(num(0, 999)) : (coin() ? "true" : "~");
    } else if (kind == 2) {
      n.kind = yaml::Node::Kind::Sequence;
      for (int i = num(0, 3); i > 0; --i) n.items.push_back(node(depth + 1));
    } else {
      n.kind = yaml::Node::Kind::Mapping;
      for (int i = num(0, 3); i > 0; --i) {
        yaml::Node k;
        k.scalar = "k" + std::to_string(i) + text();
        n.entries.emplace_back(k, node(depth + 1));
      }
    }
    return n;
  }
  std::vector<ExtraField> extras(int indent, bool flow) {
    std::vector<ExtraField> out;
    for (int i = num(0, 2) * coin(30); i > 0; --i) {
      const yaml::Node v = node(0);
      out.push_back({"x" + std::to_string(i) + text(),
                     flow ? yaml::emit_flow(v) : yaml::emit_value(v, indent)});
    }
    return out;
  }

  Deal deal(const Config& config) {
    Deal d;
    d.id = "x";
    d.title = text();
    d.company = maybe_text();
    if (coin()) d.contact = Contact{maybe_text(), maybe_text(), maybe_text(), extras(2, false)};
    d.source = maybe_text();
    if (coin()) d.value = num(0, 1000000000) / (coin() ? 1.0 : 100.0);
    if (coin(20)) d.currency = coin() ? "USD" : text();
    if (d.currency == config.currency) d.currency.reset();
    if (coin(30)) d.probability = num(0, 100) / 100.0;
    d.created = Date::from_ymd(2020 + num(0, 10), num(1, 12), num(1, 28)).value();
    if (coin()) d.expected_close = date(d.created);
    for (int i = num(0, 3); i > 0; --i) d.tags.push_back(text());
    for (const auto& c : config.criteria) {
      if (coin(60)) d.bant.set(c, coin());
    }
    if (coin(30)) d.bant.note = text();
    d.bant.extra = extras(2, false);
    if (coin())
      d.next = NextAction{text(), coin() ? std::optional(date(d.created)) : std::nullopt,
                          extras(2, false)};
    const auto stages = config.all_stage_names();
    Date on = d.created;
    for (int i = num(0, 4); i > 0; --i) {
      on = date(on);
      d.history.push_back(
          {on, stages[num(0, stages.size() - 1)], maybe_text(), maybe_text(), extras(0, true)});
    }
    d.stage = d.history.empty() ? stages[num(0, stages.size() - 1)] : d.history.back().stage;
    for (int i = num(0, 3); i > 0; --i) {
      d.log.push_back({date(d.created), text(), text(), extras(0, true)});
    }
    d.notes = coin() ? maybe_text() : std::optional(lines());
    d.extra = extras(0, false);
    return d;
  }

 private:
  std::mt19937 rng_;
};

/// The strings yaml-cpp reads from the encoded deal must be ours.
void check_with_yaml_cpp(const std::string& text, const Deal& d) {
  const YAML::Node y = YAML::Load(text);
  CHECK(y["title"].as<std::string>() == d.title);
  if (d.company) CHECK(y["company"].as<std::string>() == *d.company);
  if (d.contact.name) CHECK(y["contact"]["name"].as<std::string>() == *d.contact.name);
  if (d.source) CHECK(y["source"].as<std::string>() == *d.source);
  if (d.value) CHECK(y["value"].as<double>() == *d.value);
  CHECK(y["created"].as<std::string>() == d.created.str());
  for (std::size_t i = 0; i < d.tags.size(); ++i) {
    CHECK(y["tags"][i].as<std::string>() == d.tags[i]);
  }
  if (d.bant.note) CHECK(y["bant"]["note"].as<std::string>() == *d.bant.note);
  for (const auto& a : d.bant.answers) CHECK(y["bant"][a.name].as<bool>() == a.met);
  if (d.next) CHECK(y["next"]["action"].as<std::string>() == d.next->action);
  for (std::size_t i = 0; i < d.history.size(); ++i) {
    const auto& h = d.history[i];
    if (h.note) CHECK(y["history"][i]["note"].as<std::string>() == *h.note);
    if (h.reason) CHECK(y["history"][i]["reason"].as<std::string>() == *h.reason);
  }
  for (std::size_t i = 0; i < d.log.size(); ++i) {
    CHECK(y["log"][i]["kind"].as<std::string>() == d.log[i].kind);
    if (!d.log[i].note.empty()) CHECK(y["log"][i]["note"].as<std::string>() == d.log[i].note);
  }
  if (d.notes) CHECK(y["notes"].as<std::string>() == *d.notes);
}

/// JSON string for the PyYAML cross-check (tests/roundtrip_pyyaml.py).
std::string json(const std::string& s) {
  std::string o = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      o += '\\';
      o += ch;
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      o += buf;
    } else {
      o += ch;
    }
  }
  return o + "\"";
}

/// Writes `<n>.yaml` and `<n>.json` (the strings a YAML reader must find) into `dir`.
void dump_for_pyyaml(const std::string& dir, int n, const std::string& text, const Deal& d) {
  std::ofstream(dir + "/" + std::to_string(n) + ".yaml", std::ios::binary) << text;
  std::string o = "{\"title\": " + json(d.title);
  if (d.company) o += ", \"company\": " + json(*d.company);
  if (d.notes) o += ", \"notes\": " + json(*d.notes);
  o += ", \"tags\": [";
  for (std::size_t i = 0; i < d.tags.size(); ++i) o += (i ? ", " : "") + json(d.tags[i]);
  o += "], \"log\": [";
  for (std::size_t i = 0; i < d.log.size(); ++i) {
    o +=
        (i ? ", " : "") + std::string("[") + json(d.log[i].kind) + ", " + json(d.log[i].note) + "]";
  }
  o += "], \"history_notes\": [";
  bool first = true;
  for (const auto& h : d.history) {
    if (!h.note) continue;
    o += (first ? "" : ", ") + json(*h.note);
    first = false;
  }
  // Typed values: PyYAML must read numbers, dates and booleans, not strings.
  o += "], \"created\": \"" + d.created.str() + "\"";
  if (d.expected_close) o += ", \"expected_close\": \"" + d.expected_close->str() + "\"";
  char num[64];
  if (d.value) {
    std::snprintf(num, sizeof num, "%.17g", *d.value);
    o += std::string(", \"value\": ") + num;
  }
  if (d.probability) {
    std::snprintf(num, sizeof num, "%.17g", *d.probability);
    o += std::string(", \"probability\": ") + num;
  }
  o += ", \"bant\": {";
  for (std::size_t i = 0; i < d.bant.answers.size(); ++i)
    o += (i ? ", " : "") + json(d.bant.answers[i].name) + ": " +
         (d.bant.answers[i].met ? "true" : "false");
  std::ofstream(dir + "/" + std::to_string(n) + ".json", std::ios::binary) << o << "}}\n";
}

}  // namespace

TEST_CASE("property: decode(encode(d)) == d for random awkward deals; yaml-cpp agrees") {
  const Config config = Config::defaults();
  Gen gen(20261128);
  for (int round = 0; round < 3000; ++round) {
    const Deal d = gen.deal(config);
    const std::string text = encode_deal(d, config);
    if (round < 3 && std::getenv("DEALS_SHOW_SAMPLES")) MESSAGE(text);
    if (const char* dir = std::getenv("DEALS_DUMP_DIR")) dump_for_pyyaml(dir, round, text, d);
    Deal back;
    std::vector<Problem> problems;
    const bool ok = decode_deal(text, "x", "deals/x.yaml", config, back, problems);
    INFO("round " << round << "\n" << text << (problems.empty() ? "" : problems[0].str()));
    REQUIRE(ok);
    REQUIRE(back == d);
    CHECK(encode_deal(back, config) == text);
    try {
      check_with_yaml_cpp(text, d);
    } catch (const YAML::Exception& e) {
      FAIL("yaml-cpp: " << e.what());
    }
  }
}

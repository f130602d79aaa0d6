// The semantic three-way merge of deal files (spec section 11): core rules on decoded
// deals, and the bytes merge-file writes (conflict markers around one field alone).
#include "core/merge.hpp"

#include <doctest/doctest.h>

#include "store/deal_codec.hpp"
#include "store/deal_merge.hpp"

using namespace deals;

namespace {

Deal deal(const std::string& text) {
  Deal d;
  std::vector<Problem> problems;
  bool ok = decode_deal(text, "acme", "deals/acme.yaml", Config::defaults(), d, problems);
  INFO(text);
  INFO((problems.empty() ? std::string() : problems.front().str()));
  REQUIRE(ok);
  return d;
}

const std::string kBase =
    "title: Website\n"
    "stage: qualified\n"
    "created: 2026-11-02\n"
    "history:\n"
    "  - {date: 2026-11-02, stage: lead}\n"
    "  - {date: 2026-11-05, stage: qualified}\n"
    "log:\n"
    "  - {date: 2026-11-06, kind: call, note: first}\n";

// `text` with its first `from` replaced by `to`.
std::string with(std::string text, const std::string& from, const std::string& to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  return text.replace(pos, from.size(), to);
}

std::string add_log(const std::string& text, const std::string& entry) {
  return text + "  - " + entry + "\n";
}

std::string merged_text(const std::optional<std::string>& base, const std::string& ours,
                        const std::string& theirs, std::vector<std::string>* conflicts = nullptr) {
  Deal o = deal(ours), t = deal(theirs);
  std::optional<Deal> b;
  if (base) b = deal(*base);
  MergeResult r = merge_deals(b, o, t);
  if (conflicts) *conflicts = r.conflicts;
  return merged_file_bytes(ours, o, r, t, Config::defaults());
}

}  // namespace

TEST_CASE("both sides log: the union, in date order, same-day entries ours first") {
  std::string ours = add_log(kBase, "{date: 2026-11-30, kind: call, note: ours}");
  std::string theirs = add_log(kBase, "{date: 2026-11-30, kind: email, note: theirs}");
  std::vector<std::string> conflicts;
  std::string m = merged_text(kBase, ours, theirs, &conflicts);
  CHECK(conflicts.empty());
  CHECK(m == kBase +
                 "  - {date: 2026-11-30, kind: call, note: ours}\n"
                 "  - {date: 2026-11-30, kind: email, note: theirs}\n");
  // Different days: theirs' earlier entry goes before ours' later one.
  theirs = add_log(kBase, "{date: 2026-11-20, kind: email, note: theirs}");
  m = merged_text(kBase, ours, theirs);
  CHECK(m == kBase +
                 "  - {date: 2026-11-20, kind: email, note: theirs}\n"
                 "  - {date: 2026-11-30, kind: call, note: ours}\n");
}

TEST_CASE("an entry both sides added is kept once; one a side removed is removed") {
  std::string both = add_log(kBase, "{date: 2026-11-30, kind: call, note: same}");
  CHECK(merged_text(kBase, both, both) == both);
  std::string removed = with(kBase, "  - {date: 2026-11-06, kind: call, note: first}\n", "");
  removed = removed.substr(0, removed.size() - 5);  // "log:\n" gone with its last entry
  std::string theirs = add_log(kBase, "{date: 2026-11-30, kind: call, note: new}");
  std::string m = merged_text(kBase, removed, theirs);
  Deal md = deal(m);
  REQUIRE(md.log.size() == 1);
  CHECK(md.log[0].note == "new");
}

TEST_CASE("log on one side, won on the other: both, stage won") {
  std::string ours = add_log(kBase, "{date: 2026-11-30, kind: call, note: signed?}");
  std::string theirs = with(kBase, "stage: qualified", "stage: won");
  theirs = with(theirs, "  - {date: 2026-11-05, stage: qualified}\n",
                "  - {date: 2026-11-05, stage: qualified}\n  - {date: 2026-11-29, stage: won}\n");
  std::vector<std::string> conflicts;
  Deal m = deal(merged_text(kBase, ours, theirs, &conflicts));
  CHECK(conflicts.empty());
  CHECK(m.stage == "won");
  CHECK(m.history.size() == 3);
  CHECK(m.log.size() == 2);
}

TEST_CASE("stage follows the merged history, not either side's stage line") {
  // Ours advanced on the 28th, theirs (backdated) on the 20th: the later entry wins.
  std::string ours = with(with(kBase, "stage: qualified", "stage: demo"),
                          "  - {date: 2026-11-05, stage: qualified}\n",
                          "  - {date: 2026-11-05, stage: qualified}\n"
                          "  - {date: 2026-11-28, stage: demo}\n");
  std::string theirs = with(with(kBase, "stage: qualified", "stage: contacted"),
                            "  - {date: 2026-11-05, stage: qualified}\n",
                            "  - {date: 2026-11-05, stage: qualified}\n"
                            "  - {date: 2026-11-20, stage: contacted}\n");
  Deal m = deal(merged_text(kBase, ours, theirs));
  CHECK(m.stage == "demo");
  REQUIRE(m.history.size() == 4);
  CHECK(m.history[2].stage == "contacted");
}

TEST_CASE("one-sided changes are taken, from either side, field by field") {
  std::string ours = with(kBase, "title: Website", "title: Website relaunch");
  std::string theirs = with(kBase, "created: 2026-11-02\n", "created: 2026-11-02\nvalue: 5000\n");
  std::vector<std::string> conflicts;
  Deal m = deal(merged_text(kBase, ours, theirs, &conflicts));
  CHECK(conflicts.empty());
  CHECK(m.title == "Website relaunch");
  CHECK(m.value == 5000);
  // The same change on both sides is no conflict.
  CHECK(merged_text(kBase, ours, ours) == ours);
}

TEST_CASE("tags: additions of both sides, removals of either") {
  std::string base = with(kBase, "created: 2026-11-02\n", "created: 2026-11-02\ntags: [a, b]\n");
  std::string ours = with(base, "tags: [a, b]", "tags: [a, b, c]");
  std::string theirs = with(base, "tags: [a, b]", "tags: [b, d]");
  Deal m = deal(merged_text(base, ours, theirs));
  CHECK(m.tags == std::vector<std::string>{"b", "c", "d"});
}

TEST_CASE("contact fields and BANT answers merge one by one") {
  std::string base = kBase + "contact:\n  name: Jane\n";
  std::string ours = base + "  email: jane@acme.example\n";
  std::string theirs = with(base, "  name: Jane\n", "  name: Jane\n  phone: \"+49 1\"\n") +
                       "bant:\n  budget: true\n";
  std::vector<std::string> conflicts;
  Deal m = deal(merged_text(base, ours, theirs, &conflicts));
  CHECK(conflicts.empty());
  CHECK(m.contact.email == "jane@acme.example");
  CHECK(m.contact.phone == "+49 1");
  CHECK(m.bant.get("budget") == true);
}

TEST_CASE("next set differently on both sides: one conflict, marked around next alone") {
  std::string ours = kBase + "next:\n  action: Call Jane\n  due: 2026-12-01\n";
  std::string theirs = kBase + "next:\n  action: Send offer\n";
  std::vector<std::string> conflicts;
  std::string m = merged_text(kBase, ours, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"next"});
  // OURS' layout: ours has next: at the end, so the marked field is there.
  CHECK(m == kBase +
                 "<<<<<<< ours\n"
                 "next:\n"
                 "  action: Call Jane\n"
                 "  due: 2026-12-01\n"
                 "=======\n"
                 "next:\n"
                 "  action: Send offer\n"
                 ">>>>>>> theirs\n");
}

TEST_CASE("the merge keeps OURS' layout and comments and inserts THEIRS' entries as lines") {
  const std::string base =
      "# Acme: the big one\n"
      "title: Website   # working title\n"
      "stage: qualified\n"
      "created: 2026-11-02\n"
      "\n"
      "history:\n"
      "  - {date: 2026-11-02, stage: lead}\n"
      "  - {date: 2026-11-05, stage: qualified}   # after the call\n"
      "log:\n"
      "  - {date: 2026-11-06, kind: call, note: first}\n"
      "notes: |\n"
      "  Free text.\n";
  std::string ours = with(base, "  - {date: 2026-11-06, kind: call, note: first}\n",
                          "  - {date: 2026-11-06, kind: call, note: first}\n"
                          "  - {date: 2026-11-28, kind: call, note: ours}  # mine\n");
  std::string theirs = with(with(base, "  - {date: 2026-11-06, kind: call, note: first}\n",
                                 "  - {date: 2026-11-06, kind: call, note: first}\n"
                                 "  - {date: 2026-11-20, kind: email, note: theirs}\n"),
                            "title: Website   # working title", "title: Shop");
  std::vector<std::string> conflicts;
  std::string m = merged_text(base, ours, theirs, &conflicts);
  CHECK(conflicts.empty());
  CHECK(m == with(with(ours, "  - {date: 2026-11-28",
                       "  - {date: 2026-11-20, kind: email, note: "
                       "theirs}\n  - {date: 2026-11-28"),
                  "title: Website", "title: Shop"));  // OURS' comment on the line stays
}

TEST_CASE("a conflict on a nested field marks that line; other changes still merge") {
  std::string base = kBase + "contact:\n  email: a@x.example\n";
  std::string ours = with(base, "a@x.example", "b@x.example");
  std::string theirs =
      with(with(base, "a@x.example", "c@x.example"), "title: Website", "title: Shop");
  std::vector<std::string> conflicts;
  std::string m = merged_text(base, ours, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"contact.email"});
  CHECK(m.find("title: Shop\n") == 0);
  CHECK(m.find("contact:\n<<<<<<< ours\n  email: b@x.example\n=======\n  email: c@x.example\n"
               ">>>>>>> theirs\n") != std::string::npos);
}

TEST_CASE("a field one side removed and the other changed is a conflict") {
  std::string base = with(kBase, "created: 2026-11-02\n", "created: 2026-11-02\nvalue: 100\n");
  std::string ours = with(base, "value: 100\n", "");
  std::string theirs = with(base, "value: 100", "value: 200");
  std::vector<std::string> conflicts;
  std::string m = merged_text(base, ours, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"value"});
  CHECK(m.find("<<<<<<< ours\n=======\nvalue: 200\n>>>>>>> theirs\n") != std::string::npos);
}

TEST_CASE("add/add of the same id merges against an empty base") {
  std::string ours =
      "title: Website\ncompany: Acme\nvalue: 5000\nstage: lead\ncreated: 2026-11-30\n"
      "history:\n  - {date: 2026-11-30, stage: lead}\n";
  std::string theirs =
      "title: Website\ncompany: Acme\ncontact:\n  email: jane@acme.example\nstage: lead\n"
      "created: 2026-11-30\nhistory:\n  - {date: 2026-11-30, stage: lead}\n";
  std::vector<std::string> conflicts;
  Deal m = deal(merged_text(std::nullopt, ours, theirs, &conflicts));
  CHECK(conflicts.empty());
  CHECK(m.value == 5000);
  CHECK(m.contact.email == "jane@acme.example");
  CHECK(m.history.size() == 1);
  // Created on different days: the earlier one, no conflict.
  std::string later = with(with(ours, "created: 2026-11-30", "created: 2026-12-01"),
                           "{date: 2026-11-30", "{date: 2026-12-01");
  m = deal(merged_text(std::nullopt, ours, later, &conflicts));
  CHECK(conflicts.empty());
  CHECK(m.created.str() == "2026-11-30");
  // Different titles are a real conflict.
  merged_text(std::nullopt, ours, with(ours, "title: Website", "title: Shop"), &conflicts);
  CHECK(conflicts == std::vector<std::string>{"title"});
}

TEST_CASE("a hand-written deal without history merges its stage like a scalar") {
  std::string base = "title: X\nstage: demo\ncreated: 2026-11-02\n";
  std::string ours = base + "value: 10\n";
  std::string theirs = with(base, "stage: demo", "stage: proposal");
  std::vector<std::string> conflicts;
  Deal m = deal(merged_text(base, ours, theirs, &conflicts));
  CHECK(conflicts.empty());
  CHECK(m.stage == "proposal");
  CHECK(m.value == 10);
}

TEST_CASE("unknown keys merge one by one and are kept") {
  std::string base = kBase + "crm_id: 7\n";
  std::string ours = base + "owner: anna\n";
  std::string theirs = with(base, "crm_id: 7", "crm_id: 8");
  std::vector<std::string> conflicts;
  Deal m = deal(merged_text(base, ours, theirs, &conflicts));
  CHECK(conflicts.empty());
  REQUIRE(m.extra.size() == 2);
  CHECK(m.extra[0].yaml.find('8') != std::string::npos);
  CHECK(m.extra[1].key == "owner");
}

TEST_CASE("conflict markers follow a CRLF file's line ends and stay after its BOM") {
  const std::string base =
      "\xEF\xBB\xBFtitle: Web\r\nstage: lead\r\ncreated: 2026-11-02\r\n"
      "history:\r\n  - {date: 2026-11-02, stage: lead}\r\n";
  std::string ours = with(base, "title: Web", "title: Site");
  std::string theirs = with(base, "title: Web", "title: Shop");
  std::vector<std::string> conflicts;
  std::string m = merged_text(base, ours, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"title"});
  CHECK(
      m ==
      "\xEF\xBB\xBF<<<<<<< ours\r\ntitle: Site\r\n=======\r\ntitle: Shop\r\n>>>>>>> theirs\r\n"
      "stage: lead\r\ncreated: 2026-11-02\r\nhistory:\r\n  - {date: 2026-11-02, stage: lead}\r\n");
}

// ---- closing is never decided silently ----

namespace {

// kBase moved on: `entries` added to its history after the qualified entry, `stage` the
// last one's.
std::string moved(const std::string& base, const std::string& stage, const std::string& entries) {
  return with(with(base, "stage: qualified", "stage: " + stage),
              "  - {date: 2026-11-05, stage: qualified}\n",
              "  - {date: 2026-11-05, stage: qualified}\n" + entries);
}

// A conflicted file with one side of every conflict kept and the markers removed.
std::string keep(const std::string& text, bool ours) {
  std::string out;
  enum { outside, in_ours, in_theirs } at = outside;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end + 1;
    std::string line = text.substr(start, end - start);
    start = end;
    if (line.starts_with("<<<<<<<")) {
      at = in_ours;
    } else if (line.starts_with("=======")) {
      at = in_theirs;
    } else if (line.starts_with(">>>>>>>")) {
      at = outside;
    } else if (at == outside || (at == in_ours) == ours) {
      out += line;
    }
  }
  return out;
}

// The stage line of ours with the history of theirs: what a careless resolution gives.
std::string mixed(const std::string& text) {
  std::string o = keep(text, true), t = keep(text, false);
  return o.substr(0, o.find("history:")) + t.substr(t.find("history:"));
}

bool valid(const std::string& text) {
  Deal d;
  std::vector<Problem> problems;
  return decode_deal(text, "acme", "deals/acme.yaml", Config::defaults(), d, problems);
}

}  // namespace

TEST_CASE("lost on one side, won on the other: a conflict on stage, never a silent win") {
  std::string ours = moved(kBase, "lost", "  - {date: 2026-11-15, stage: lost, reason: price}\n");
  std::string theirs = moved(kBase, "won", "  - {date: 2026-11-16, stage: won}\n");
  std::vector<std::string> conflicts;
  std::string m = merged_text(kBase, ours, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  // The stage line and the closing entries are marked; the log stays merged outside.
  CHECK(m ==
        "title: Website\n"
        "<<<<<<< ours\n"
        "stage: lost\n"
        "=======\n"
        "stage: won\n"
        ">>>>>>> theirs\n"
        "created: 2026-11-02\n"
        "history:\n"
        "  - {date: 2026-11-02, stage: lead}\n"
        "  - {date: 2026-11-05, stage: qualified}\n"
        "<<<<<<< ours\n"
        "  - {date: 2026-11-15, stage: lost, reason: price}\n"
        "=======\n"
        "  - {date: 2026-11-16, stage: won}\n"
        ">>>>>>> theirs\n"
        "log:\n"
        "  - {date: 2026-11-06, kind: call, note: first}\n");
  // Keeping one side throughout gives that side's valid deal; mixing them is invalid (and
  // `deals check` says so).
  CHECK(keep(m, true) == ours);
  CHECK(keep(m, false) == theirs);
  CHECK_FALSE(valid(mixed(m)));
  // The same the other way round.
  m = merged_text(kBase, theirs, ours, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  CHECK(keep(m, true) == theirs);
  CHECK(keep(m, false) == ours);
  // And when the loss is dated after the win.
  std::string later = moved(kBase, "lost", "  - {date: 2026-11-20, stage: lost, reason: x}\n");
  m = merged_text(kBase, later, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  CHECK(keep(m, true) == later);
  CHECK(keep(m, false) == theirs);
}

TEST_CASE("won on two different days, or with another note: a conflict on the entries") {
  std::string ours = moved(kBase, "won", "  - {date: 2026-11-15, stage: won}\n");
  std::string theirs = moved(kBase, "won", "  - {date: 2026-11-16, stage: won}\n");
  std::vector<std::string> conflicts;
  std::string m = merged_text(kBase, ours, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  // Both stage lines say won: only the entries are marked.
  CHECK(m.find("stage: won\ncreated:") != std::string::npos);
  CHECK(m.find("  - {date: 2026-11-05, stage: qualified}\n"
               "<<<<<<< ours\n"
               "  - {date: 2026-11-15, stage: won}\n"
               "=======\n"
               "  - {date: 2026-11-16, stage: won}\n"
               ">>>>>>> theirs\n") != std::string::npos);
  CHECK(keep(m, true) == ours);
  CHECK(keep(m, false) == theirs);
  std::string noted = moved(kBase, "won", "  - {date: 2026-11-15, stage: won, note: signed}\n");
  merged_text(kBase, ours, noted, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  // The very same close on both sides is kept once.
  CHECK(merged_text(kBase, ours, ours, &conflicts) == ours);
  CHECK(conflicts.empty());
}

TEST_CASE("a close and a move dated before it merge; a move on or after it is a conflict") {
  std::string won = moved(kBase, "won", "  - {date: 2026-11-15, stage: won}\n");
  std::string before = moved(kBase, "demo", "  - {date: 2026-11-10, stage: demo}\n");
  std::vector<std::string> conflicts;
  for (bool swap : {false, true}) {
    CAPTURE(swap);
    Deal m = deal(merged_text(kBase, swap ? before : won, swap ? won : before, &conflicts));
    CHECK(conflicts.empty());
    CHECK(m.stage == "won");
    REQUIRE(m.history.size() == 4);
    CHECK(m.history[2].stage == "demo");
  }
  // A move the closing side never saw, dated after the close (or the same day, when the
  // order cannot be told) would reopen the deal silently.
  for (const char* day : {"2026-11-20", "2026-11-15"}) {
    CAPTURE(day);
    std::string after = moved(kBase, "demo", std::string("  - {date: ") + day + ", stage: demo}\n");
    for (bool swap : {false, true}) {
      CAPTURE(swap);
      std::string o = swap ? after : won, t = swap ? won : after;
      std::string m = merged_text(kBase, o, t, &conflicts);
      CHECK(conflicts == std::vector<std::string>{"stage"});
      // Each side keeps its own last entry last (the won side may keep the other's same-day
      // move before its close).
      CHECK(keep(m, true) == o);
      CHECK(deal(keep(m, false)).history.back() == deal(t).history.back());
      CHECK(deal(keep(m, false)).stage == deal(t).stage);
    }
  }
  // The other side's earlier moves stay outside the markers, in both versions.
  std::string both = moved(kBase, "won",
                           "  - {date: 2026-11-10, stage: demo}\n"
                           "  - {date: 2026-11-16, stage: won}\n");
  std::string lost = moved(kBase, "lost", "  - {date: 2026-11-15, stage: lost, reason: x}\n");
  std::string m = merged_text(kBase, lost, both, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  CHECK(m.find("  - {date: 2026-11-10, stage: demo}\n<<<<<<< ours\n") != std::string::npos);
  CHECK(valid(keep(m, true)));
  CHECK(deal(keep(m, true)).stage == "lost");
  CHECK(keep(m, false) == both);
}

TEST_CASE("a reopen against a close that would end the merged history: a conflict") {
  std::string base = moved(kBase, "won", "  - {date: 2026-11-10, stage: won}\n");
  auto after_won = [&](const std::string& stage, const std::string& entries) {
    return with(with(base, "stage: won", "stage: " + stage), "  - {date: 2026-11-10, stage: won}\n",
                "  - {date: 2026-11-10, stage: won}\n" + entries);
  };
  std::string reopened = after_won("proposal", "  - {date: 2026-11-15, stage: proposal}\n");
  std::string reclosed = after_won("lost",
                                   "  - {date: 2026-11-12, stage: demo}\n"
                                   "  - {date: 2026-11-16, stage: lost, reason: x}\n");
  std::vector<std::string> conflicts;
  std::string m = merged_text(base, reopened, reclosed, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  CHECK(m.find("<<<<<<< ours\nstage: proposal\n=======\nstage: lost\n>>>>>>> theirs\n") !=
        std::string::npos);
  Deal o = deal(keep(m, true)), t = deal(keep(m, false));
  CHECK(o.stage == "proposal");
  CHECK(o.history.back().on.str() == "2026-11-15");
  CHECK(t.stage == "lost");
  // Both reopened: both agree the deal is open; the later move is the stage.
  std::string other = after_won("demo", "  - {date: 2026-11-16, stage: demo}\n");
  Deal both = deal(merged_text(base, reopened, other, &conflicts));
  CHECK(conflicts.empty());
  CHECK(both.stage == "demo");
  // A close and reopen of one side's own is, for the other side, a move: a later close on
  // the other side stands.
  std::string lost_reopened = moved(kBase, "demo",
                                    "  - {date: 2026-11-12, stage: lost, reason: x}\n"
                                    "  - {date: 2026-11-14, stage: demo}\n");
  std::string won = moved(kBase, "won", "  - {date: 2026-11-15, stage: won}\n");
  Deal stands = deal(merged_text(kBase, lost_reopened, won, &conflicts));
  CHECK(conflicts.empty());
  CHECK(stands.stage == "won");
  CHECK(stands.history.size() == 5);
  // A reopen and a log on the other side: no conflict.
  Deal logged = deal(merged_text(
      base, reopened, add_log(base, "{date: 2026-11-20, kind: call, note: x}"), &conflicts));
  CHECK(conflicts.empty());
  CHECK(logged.stage == "proposal");
}

TEST_CASE("add/add of a deal closed differently on each side: a conflict on stage") {
  std::string ours =
      "title: Web\nstage: won\ncreated: 2026-11-02\n"
      "history:\n  - {date: 2026-11-02, stage: lead}\n  - {date: 2026-11-09, stage: won}\n";
  std::string theirs = with(with(ours, "stage: won\n", "stage: lost\n"),
                            "{date: 2026-11-09, stage: won}", "{date: 2026-11-09, stage: lost}");
  std::vector<std::string> conflicts;
  std::string m = merged_text(std::nullopt, ours, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  CHECK(keep(m, true) == ours);
  CHECK(keep(m, false) == theirs);
}

TEST_CASE("a hand-written deal without history set lost by hand, won on the other side") {
  std::string base = "title: X\nstage: proposal\ncreated: 2026-11-02\n";
  std::string ours = with(base, "stage: proposal", "stage: lost");
  std::string theirs = with(base, "stage: proposal", "stage: won") +
                       "history:\n  - {date: 2026-11-02, stage: proposal}\n"
                       "  - {date: 2026-11-16, stage: won}\n";
  std::vector<std::string> conflicts;
  std::string m = merged_text(base, ours, theirs, &conflicts);
  CHECK(conflicts == std::vector<std::string>{"stage"});
  // Ours' stage reads as entered on `created` (the implied history), now written out.
  CHECK(deal(keep(m, true)).stage == "lost");
  CHECK(deal(keep(m, true)).history.back().on.str() == "2026-11-02");
  CHECK(keep(m, false) == theirs);
  // A hand-set open stage against a later close: the close, no conflict.
  Deal d =
      deal(merged_text(base, with(base, "stage: proposal", "stage: demo"), theirs, &conflicts));
  CHECK(conflicts.empty());
  CHECK(d.stage == "won");
}

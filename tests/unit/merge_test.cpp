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

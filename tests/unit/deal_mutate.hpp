#pragma once
// Random edits of a deal that keep it valid, as commands and merges make them: for the
// splicing writer's unit tests and its fuzz target (fuzz/fuzz_edit.cpp).
#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"

namespace deals::testing {

/// `pick(n)` returns a number in [0, n).
using Pick = std::function<std::size_t(std::size_t)>;

inline std::string pick_text(const Pick& pick, bool multiline = false) {
  static const std::vector<std::string> words{
      "Call back",  "a: b",  "#hash",  "quote\"s", "it's",   "yes",   "12",
      "ünïcödé",    "[x]",   "{y}",    "- dash",   "  lead", "tail ", "a, b; c",
      "2026-11-02", "null",  "~",      "on",       "x\ty",   "é\\",   "*star",
      "&amp",       "!bang", "| pipe", "> gt",     "%pct",   "@at",   "`tick`",
      "a #b",       "<<",    "---",    "...",      "\"",     "'",     "?q"};
  std::string s = words[pick(words.size())];
  // One pick per statement: the order of picks must not depend on the compiler.
  if (multiline && pick(2)) {
    s += "\n";
    s += words[pick(words.size())];
    if (pick(2)) s += "\n";
  }
  return s;
}

/// A copy of `d` with one to three random changes that keep it valid under `config`.
inline Deal mutate(const Deal& d, const Config& config, const Pick& pick) {
  Deal a = d;
  const std::size_t n = 1 + pick(3);
  for (std::size_t k = 0; k < n; ++k) {
    switch (pick(15)) {
      case 0:
        a.title = pick_text(pick);
        break;
      case 1:
        if (pick(2)) {
          a.company = pick_text(pick);
        } else {
          a.company.reset();
        }
        break;
      case 2:
        if (pick(2)) {
          a.value = static_cast<double>(pick(100000));
        } else {
          a.value.reset();
        }
        break;
      case 3: {  // a move: new stage, new history entry
        const auto names = config.all_stage_names();
        Date on = a.created;
        if (!a.history.empty() && on < a.history.back().on) on = a.history.back().on;
        on = on.add_days(static_cast<int>(pick(20)));
        HistoryEntry e{on, names[pick(names.size())], std::nullopt, std::nullopt, {}};
        if (pick(3) == 0) e.note = pick_text(pick);
        if (pick(3) == 0) e.reason = pick_text(pick);
        if (a.history.empty()) a.history.push_back({a.created, a.stage, {}, {}, {}});
        a.history.push_back(e);
        a.stage = e.stage;
        break;
      }
      case 4: {  // a log entry in date order
        const Date on = a.created.add_days(static_cast<int>(pick(60)));
        const std::string kind = pick(2) ? "call" : "email";
        const std::string note = pick(4) ? pick_text(pick) : "";
        LogEntry e{on, kind, note, {}};
        auto pos = std::upper_bound(a.log.begin(), a.log.end(), e.on,
                                    [](Date x, const LogEntry& y) { return x < y.on; });
        a.log.insert(pos, e);
        break;
      }
      case 5:
        if (!a.log.empty()) a.log.erase(a.log.begin() + static_cast<long>(pick(a.log.size())));
        break;
      case 6:
        if (pick(4) == 0) {
          a.next.reset();
        } else {
          NextAction next = a.next.value_or(NextAction{});
          if (!a.next || pick(2)) next.action = pick_text(pick);
          if (pick(2)) {
            next.due = a.created.add_days(static_cast<int>(pick(90)));
          } else if (pick(2)) {
            next.due.reset();
          }
          a.next = next;
        }
        break;
      case 7: {
        const auto& names = config.criteria;
        if (!names.empty()) {
          const auto& c = names[pick(names.size())];
          const std::size_t v = pick(3);
          a.bant.set(c, v == 2 ? std::nullopt : std::optional<bool>(v == 1));
        }
        if (pick(4) == 0) a.bant.note = pick(2) ? std::optional(pick_text(pick)) : std::nullopt;
        break;
      }
      case 8:
        a.tags.clear();
        for (std::size_t i = pick(4); i > 0; --i) a.tags.push_back(pick_text(pick));
        break;
      case 9:
        if (pick(3) == 0) {
          a.notes.reset();
        } else {
          std::string notes = pick_text(pick, true);
          if (pick(2)) notes += "\n";
          a.notes = notes;
        }
        break;
      case 10:
        if (pick(2)) {
          a.contact.name = pick_text(pick);
        } else {
          a.contact.email.reset();
        }
        break;
      case 11:
        if (!a.log.empty()) {
          const std::size_t i = pick(a.log.size());
          a.log[i].note = pick_text(pick);
        }
        break;
      case 12:
        if (pick(2)) {
          a.expected_close = a.created.add_days(static_cast<int>(pick(100)));
        } else {
          a.expected_close.reset();
        }
        break;
      case 13:
        if (pick(2)) {
          a.probability = static_cast<double>(pick(11)) / 10;
        } else {
          a.probability.reset();
        }
        break;
      default:
        if (a.history.size() > 1 && pick(2)) {  // a history entry's note (a merge does that)
          const std::size_t i = pick(a.history.size());
          a.history[i].note = pick_text(pick);
        } else if (pick(2)) {
          a.currency = pick(2) ? "USD" : config.currency;
          if (a.currency == config.currency) a.currency.reset();
        } else {
          a.source = pick_text(pick);
        }
        break;
    }
  }
  return a;
}

}  // namespace deals::testing

#pragma once
// Small builders for the report tests: deals with fixed dates, written in one line each.
#include <optional>
#include <string>
#include <utility>

#include "core/config.hpp"
#include "core/date.hpp"
#include "core/deal.hpp"

namespace deals::testing {

/// A date from `YYYY-MM-DD`; the tests only pass valid ones.
inline Date d(const char* text) {
  return *Date::parse(text);
}

/// Builds a deal: `DealBuilder("acme", "2026-01-01").at("2026-01-01", "lead")...`.
/// Each `at` appends a history entry and sets `stage`; a deal built without `at` is
/// hand-written (no history) and needs `stage`.
class DealBuilder {
 public:
  DealBuilder(std::string id, const char* created) {
    deal_.id = id;
    deal_.title = "Deal " + id;
    deal_.created = d(created);
  }
  DealBuilder& at(const char* on, std::string stage, std::optional<std::string> reason = {}) {
    HistoryEntry e;
    e.on = d(on);
    e.stage = stage;
    e.reason = std::move(reason);
    deal_.history.push_back(e);
    deal_.stage = std::move(stage);
    return *this;
  }
  DealBuilder& stage(std::string s) {
    deal_.stage = std::move(s);
    return *this;
  }
  DealBuilder& value(double v) {
    deal_.value = v;
    return *this;
  }
  DealBuilder& source(std::string s) {
    deal_.source = std::move(s);
    return *this;
  }
  DealBuilder& probability(double p) {
    deal_.probability = p;
    return *this;
  }
  DealBuilder& expected(const char* on) {
    deal_.expected_close = d(on);
    return *this;
  }
  DealBuilder& next(std::string action, std::optional<const char*> due = {}) {
    NextAction n;
    n.action = std::move(action);
    if (due) n.due = d(*due);
    deal_.next = n;
    return *this;
  }
  DealBuilder& log(const char* on, std::string note = "call") {
    LogEntry e;
    e.on = d(on);
    e.kind = "call";
    e.note = std::move(note);
    deal_.log.push_back(e);
    return *this;
  }
  operator Deal() const { return deal_; }

 private:
  Deal deal_;
};

/// Three open stages, easy to compute by hand: lead 0.1 (stall 7), proposal 0.5 (stall:
/// the global 14), negotiation 0.8 (stall 21). Weeks start on Monday.
inline Config three_stage_config() {
  Config c;
  c.stages = {{"lead", 0.1, 7}, {"proposal", 0.5, std::nullopt}, {"negotiation", 0.8, 21}};
  return c;
}

}  // namespace deals::testing

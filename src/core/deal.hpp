#pragma once
// The typed deal record. Everything past the store sees deals only in this form.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/date.hpp"

namespace deals {

/// A key the tool does not know, kept with its value on every rewrite. `yaml` is the
/// value already rendered by the store in canonical YAML (block form, indented as if the
/// key sat at column 0); the core treats it as opaque.
struct ExtraField {
  std::string key;
  std::string yaml;
  bool operator==(const ExtraField&) const = default;
};

struct Contact {
  std::optional<std::string> name, email, phone;
  std::vector<ExtraField> extra;
  bool empty() const { return !name && !email && !phone && extra.empty(); }
  bool operator==(const Contact&) const = default;
};

/// One BANT (or configured) criterion answer. Absent criteria are unknown.
struct Criterion {
  std::string name;
  bool met = false;
  bool operator==(const Criterion&) const = default;
};

struct Bant {
  std::vector<Criterion> answers;  // canonical order: budget, authority, need, timeline, others
  std::optional<std::string> note;
  std::vector<ExtraField> extra;
  bool empty() const { return answers.empty() && !note && extra.empty(); }
  /// nullopt = unknown.
  std::optional<bool> get(const std::string& criterion) const;
  /// Sets (or, with nullopt, forgets) an answer, keeping canonical order.
  void set(const std::string& criterion, std::optional<bool> met);
  bool operator==(const Bant&) const = default;
};

struct NextAction {
  std::string action;
  std::optional<Date> due;
  std::vector<ExtraField> extra;
  bool operator==(const NextAction&) const = default;
};

/// A stage the deal entered. A closing entry may carry a reason.
struct HistoryEntry {
  Date on;
  std::string stage;
  std::optional<std::string> note;
  std::optional<std::string> reason;
  std::vector<ExtraField> extra;  // scalar values only (flow form)
  bool operator==(const HistoryEntry&) const = default;
};

struct LogEntry {
  Date on;
  std::string kind;
  std::string note;
  std::vector<ExtraField> extra;  // scalar values only (flow form)
  bool operator==(const LogEntry&) const = default;
};

struct Deal {
  std::string id;  // the file name without .yaml; not stored in the file
  std::string title;
  std::optional<std::string> company;
  Contact contact;
  std::optional<std::string> source;
  std::optional<double> value;
  std::optional<std::string> currency;
  std::string stage;
  std::optional<double> probability;
  Date created;
  std::optional<Date> expected_close;
  std::vector<std::string> tags;
  Bant bant;
  std::optional<NextAction> next;
  std::vector<HistoryEntry> history;  // may be empty for hand-written files
  std::vector<LogEntry> log;
  std::optional<std::string> notes;
  std::vector<ExtraField> extra;  // unknown top-level keys, in read order

  bool operator==(const Deal&) const = default;
};

/// The canonical order of the four BANT criteria; other criteria follow in read order.
inline const std::vector<std::string>& bant_order() {
  static const std::vector<std::string> order{"budget", "authority", "need", "timeline"};
  return order;
}

}  // namespace deals

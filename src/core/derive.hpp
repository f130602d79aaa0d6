#pragma once
// Derived figures of one deal (spec section 5): pure functions of the deal, the
// configuration and today.
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"

namespace deals {

/// The qualification verdict against [qualification] of the configuration.
struct Qualification {
  int met = 0;
  int required = 0;
  std::vector<std::string> unmet;    // answered "no"
  std::vector<std::string> unknown;  // not answered
  bool passed = false;
};

/// One line of the score's explanation.
struct ScorePart {
  std::string label;  // e.g. "need met", "active 3 days ago"
  double points = 0;
  double max = 0;
};

struct Derived {
  Date last_activity;
  int days_idle = 0;
  int days_in_stage = 0;
  Date stage_entered;
  bool open = false;
  /// Open, and its next action is due today or later: someone is on it (never stalled).
  bool waiting = false;
  /// Open, idle longer than stall_days, and its next action missing, undated or overdue.
  /// Closed deals have no idle clock: never stalled.
  bool stalled = false;
  int stall_days = 0;
  double probability = 0;
  double weighted_value = 0;
  int score = 0;
  std::vector<ScorePart> score_parts;
  Qualification qualification;
};

Qualification qualify(const Bant& bant, const Config& config);

/// Date the deal entered its current stage: its last history entry, else `created`.
Date stage_entered(const Deal& deal);
/// Latest of created, history dates and log dates.
Date last_activity(const Deal& deal);

Derived derive(const Deal& deal, const Config& config, Date today);

/// True when the deal's next action is due today or later (spec section 12: waiting, not
/// stalled).
bool is_waiting(const Deal& deal, Date today);

/// The history as the spec reads it: the file's entries, or for a hand-written file
/// without history the one implied entry (stage entered on `created`).
std::vector<HistoryEntry> effective_history(const Deal& deal);

}  // namespace deals

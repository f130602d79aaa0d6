#pragma once
// Deal lifecycle transitions: pure functions that change a Deal in memory. They throw
// Error when the spec refuses the transition. The caller persists the result.
#include <optional>
#include <string>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "core/derive.hpp"

namespace deals {

/// Appends a history entry and sets `stage`. A hand-written deal without history first
/// gets its implied entry (stage entered on `created`), so the file stays consistent.
void enter_stage(Deal& deal, const std::string& stage, Date on,
                 std::optional<std::string> note = {}, std::optional<std::string> reason = {});

/// Where `advance` moves a deal: `to` if given, else the next open stage. Throws when the
/// deal is closed, when there is no next stage, when `to` is unknown, or when the deal
/// would leave the first stage without passing qualification (unless `force`).
std::string advance_target(const Deal& deal, const Config& config,
                           const std::optional<std::string>& to, bool force);

/// The stage `reopen` returns a closed deal to: `to`, else the last open stage in its
/// history, else the first stage. Throws when the deal is open.
std::string reopen_target(const Deal& deal, const Config& config,
                          const std::optional<std::string>& to);

/// Throws a usage error `unknown stage 'x', did you mean 'y'?` (unknown_stage_message)
/// unless `stage` is known to the config; without `allow_closed`, won and lost are refused
/// with a pointer to `deals won` / `deals lost`.
void require_known_stage(const Config& config, const std::string& stage, bool allow_closed);

/// The one "did you mean" for a stage name that is not a stage of the pipeline:
/// "unknown stage 'x'" (`shown` is x as the message quotes it), then ", did you mean 'y'?"
/// for the closest open stage (or, with `allow_closed`, closed stage); without
/// `allow_closed` a typo of won or lost gets ", did you mean 'won'? (a deal is closed with
/// 'deals won')"; with no close name, `otherwise`, by default " (stages: ...)".
std::string unknown_stage_message(const Config& config, const std::string& stage,
                                  const std::string& shown, bool allow_closed,
                                  const std::optional<std::string>& otherwise = {});

/// Adds an activity to the log in date order: after the entries dated on or before it, so
/// same-day entries stay in the order they were added.
void add_log(Deal& deal, LogEntry entry);

/// Completes the next action (`next --done`): logged as "done" on `today`, with the action
/// as its note, then cleared. Throws when the deal has no next action.
void complete_next(Deal& deal, Date today);

/// What recording qualification answers decided.
struct QualifyDecision {
  Qualification verdict;
  std::optional<std::string> moved_from;  // the stage left, when the deal moved
  std::optional<std::string> moved_to;    // the qualified stage, when the deal moved
};

/// "budget yes, need no; note updated": what changed between two sets of answers, in the
/// configured order; empty when nothing did.
std::string answers_note(const Bant& before, const Bant& after, const Config& config);

/// After the answers changed from `before` to `deal.bant` (spec section 12): the change is
/// activity, logged as kind "qualify" on `on`; a deal in the first stage that passes moves
/// to the qualified stage on `on` (not when the pipeline has one stage).
QualifyDecision record_qualification(Deal& deal, const Bant& before, const Config& config, Date on);

/// The first history entry that closes a deal already closed (lost then won, won then
/// lost, won twice) with no reopen between: what a hand edit can write (`deals reopen`
/// records the move back to an open stage first). nullopt when there is none.
std::optional<std::size_t> closed_again(const Deal& deal);

}  // namespace deals

#pragma once
// Deal lifecycle transitions: pure functions that change a Deal in memory. They throw
// Error when the spec refuses the transition. The caller persists the result.
#include <optional>
#include <string>

#include "core/config.hpp"
#include "core/deal.hpp"

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

/// Throws a usage error `unknown stage 'x', did you mean 'y'?` unless `stage` is known to
/// the config.
void require_known_stage(const Config& config, const std::string& stage, bool allow_closed);

}  // namespace deals

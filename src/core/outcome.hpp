#pragma once
// Building blocks the reports share: how a deal ended, how far it got, what it is worth.
// Pure functions of a deal and the configuration.
#include <optional>
#include <string>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "core/stage.hpp"

namespace deals {

/// How a closed deal ended (spec section 7): a deal is closed when the last entry of its
/// effective history (see effective_history) is `won` or `lost`; its close date is that
/// entry's date. The last entry alone decides, so a reopened deal is open again.
struct Closing {
  bool won = false;
  Date on;
  std::optional<std::string> reason;  // the closing entry's reason, if any
};

/// The closing of a closed deal; nullopt for an open deal (including one whose stage is
/// unknown to the configuration: it is not closed).
std::optional<Closing> closing_of(const Deal& deal);

/// The one definition of open and closed: the closed stage the deal's last effective
/// history entry names (won or lost), nullopt for an open deal. A valid file's `stage`
/// always equals that entry's stage.
std::optional<Closed> outcome_of(const Deal& deal);

/// True when the deal is not closed (its last effective history entry is neither won nor
/// lost).
inline bool is_open_deal(const Deal& deal) {
  return !outcome_of(deal).has_value();
}

/// The close date of a closed deal (its closing entry's date); nullopt for an open deal.
std::optional<Date> close_date(const Deal& deal);

/// How far a deal got, as an index into config.stages: the furthest open stage (by
/// pipeline order) among the stages of its effective history. A won deal reached every
/// stage (the last index). A deal that never entered a configured open stage (a
/// hand-written lost deal, or one in a stage no longer configured) counts as having
/// reached the first stage, since every deal starts as a lead. -1 only when the
/// configuration has no open stages.
int furthest_stage(const Deal& deal, const Config& config);

/// The deal's value, 0 when absent.
double value_or_zero(const Deal& deal);

/// The effective probability, the one definition: the deal's own `probability`, else
/// `stage_probability` (what its stage is worth: configured, or as the forecast measured
/// it).
inline double deal_probability(const Deal& deal, double stage_probability) {
  return deal.probability ? *deal.probability : stage_probability;
}

/// The probability used for a weighted value: the deal's own `probability`, else that of
/// its stage from the configuration (won = 1, lost = 0, unknown stage = 0).
double deal_probability(const Deal& deal, const Config& config);

/// value × deal_probability (spec section 5), 0 when the deal has no value.
double weighted_value(const Deal& deal, const Config& config);

}  // namespace deals

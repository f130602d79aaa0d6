#pragma once
// The pipeline as it stood on a past date, rebuilt from the deals' history (spec section
// 7, `--as-of`).
#include <optional>
#include <vector>

#include "core/deal.hpp"

namespace deals {

/// The deals as they stood at the end of `date`. Pure; the input is not changed.
///
/// * Deals created after `date` are left out.
/// * History and log entries dated after `date` are dropped, and `stage` becomes the
///   stage of the last remaining history entry. A deal created on or before `date` whose
///   every history entry is later (an inconsistent hand edit) keeps one implied entry: its
///   first history entry's stage, entered on `created`.
/// * A deal without history (hand-written) keeps its stage: it entered it on `created`
///   (see effective_history), and nothing records a later move.
/// * Fields without a history of their own are kept as they are now: value, probability,
///   expected_close, tags, bant, notes and the `next` action (there is no record of when
///   it was set, so it is kept rather than guessed away; `next.due` may therefore lie
///   after `date`).
///
/// Order is preserved. `as_of` with a date on or after every entry returns the deals
/// unchanged.
std::vector<Deal> as_of(const std::vector<Deal>& deals, Date date);

/// The same deals as `as_of(deals, date)`, without copying them when that would equal
/// `deals`: returns `deals` itself when no deal has anything dated after `date`, else
/// fills `storage` and returns it. (Reports call this on 10,000 deals several times.)
const std::vector<Deal>& as_of(const std::vector<Deal>& deals, Date date,
                               std::vector<Deal>& storage);

/// The one deal as it stood at the end of `date`, or nullopt when it was created later.
std::optional<Deal> deal_as_of(const Deal& deal, Date date);

}  // namespace deals

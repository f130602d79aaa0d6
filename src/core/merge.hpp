#pragma once
// The semantic three-way merge of one deal (spec section 11), used by `deals merge-file`
// as a git merge driver. Pure: values in, values out.
#include <optional>
#include <string>
#include <vector>

#include "core/deal.hpp"

namespace deals {

struct MergeResult {
  /// The merged deal. A conflicting field holds OURS' value.
  Deal deal;
  /// The fields both sides changed to different values, in file order: "title", "value",
  /// "next", "contact.email", "bant.budget", "bant.note", or an unknown key's name
  /// ("contact.<key>", "bant.<key>" inside those mappings).
  std::vector<std::string> conflicts;
  /// Set when "stage" is in `conflicts` because the sides closed the deal differently, or
  /// one side closed or reopened it and the other moved it since (see merge_deals):
  /// THEIRS' side of that conflict, a valid history ending in THEIRS' stage. `deal.history`
  /// then holds OURS' side and `deal.stage` its last entry's stage.
  std::optional<std::vector<HistoryEntry>> theirs_history;
};

/// Merges OURS and THEIRS against their common ancestor BASE (nullopt for an add/add:
/// both sides created the same id).
///
/// * `history` and `log`: the union of both sides' entries. An entry present on both
///   sides is kept once; one that one side removed (and the other kept) is removed.
///   THEIRS' new entries are inserted into OURS' list by date, after entries of the same
///   date (stable), so a list in date order stays in date order.
/// * `tags`: OURS' tags, without those THEIRS removed, plus those THEIRS added. Never a
///   conflict.
/// * Every other field (scalars, `next` as a whole, each contact field, each BANT answer,
///   the BANT note, each unknown key): changed on one side only takes that side's value;
///   changed on both to the same value takes it; changed on both to different values is
///   a conflict. In an add/add, differing `created` dates take the earlier one.
/// * `stage` equals the last entry of the merged history (a history-less deal merges its
///   stage like a scalar).
/// * Closing is never decided silently. A side "closed" the deal when its last history entry is a
///   new won or lost entry (is_closed_stage); it "reopened" it when its last entry is a new open
///   stage right after a won or lost entry both sides have. It is a conflict on `stage` when a side
///   closed the deal and the other side added a history entry dated on or after that close which
///   the closing side does not have (won against lost, won on two different days or with different
///   notes, or a stage move the closing side never saw), or when a side reopened the deal and the
///   merged history would end closed. OURS' side of the conflict is then the union without THEIRS'
///   new entries after OURS' last entry and without THEIRS' new closes (unless THEIRS reopened
///   right after one); THEIRS' side likewise (MergeResult::theirs_history). A close and an advance
///   dated before it, or a log entry of any date, are no conflict. A side without history (a
///   hand-written file) counts as BASE's history followed by its stage entered on `created`.
MergeResult merge_deals(const std::optional<Deal>& base, const Deal& ours, const Deal& theirs);

/// Copies one field, named as in MergeResult::conflicts, from `from` into `into`. Used to
/// build THEIRS' side of a conflict. Unknown names change nothing.
void take_field(Deal& into, const Deal& from, const std::string& field);

}  // namespace deals

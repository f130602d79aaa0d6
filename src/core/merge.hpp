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
MergeResult merge_deals(const std::optional<Deal>& base, const Deal& ours, const Deal& theirs);

/// Copies one field, named as in MergeResult::conflicts, from `from` into `into`. Used to
/// build THEIRS' side of a conflict. Unknown names change nothing.
void take_field(Deal& into, const Deal& from, const std::string& field);

}  // namespace deals

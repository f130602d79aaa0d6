#pragma once
// The bytes `deals merge-file` writes: the merged deal in OURS' layout, with git's
// conflict markers around each conflicting field alone (spec section 11).
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/merge.hpp"

namespace deals {

struct MergeLabels {
  std::string ours = "ours";
  std::string theirs = "theirs";
  int marker_size = 7;
};

/// The merged file. `ours_bytes` is OURS' file as read (decoded to `ours`); `merge` is
/// merge_deals' result and `theirs` THEIRS' deal. Without conflicts the bytes decode to
/// merge.deal. Each conflicting field's lines are wrapped as
///
///     <<<<<<< ours
///     next:                  (OURS' version of the field; nothing when OURS has none)
///       action: Call Jane
///     =======
///     next:                  (THEIRS' version)
///       action: Send offer
///     >>>>>>> theirs
///
/// and every other line is the merged file's. A conflict on `stage` that comes with
/// THEIRS' history (MergeResult::theirs_history: the sides closed the deal differently) is
/// marked in two places, the `stage:` line and the history entries that differ; keeping
/// the same side in both gives a valid deal.
std::string merged_file_bytes(std::string_view ours_bytes, const Deal& ours,
                              const MergeResult& merge, const Deal& theirs, const Config& config,
                              const MergeLabels& labels = {});

}  // namespace deals

#pragma once
// Surgical writes (SPEC 10): a changed deal written over the text of its file, touching
// only the lines of what changed. Comments, blank lines, key order, indentation, quoting,
// flow or block style, a BOM, CRLF line ends and `---`/`...` markers stay byte for byte.
#include <optional>
#include <string>
#include <string_view>

#include "core/config.hpp"
#include "core/deal.hpp"

namespace deals {

/// The bytes of `after` written over `old_bytes`, a valid deal file that decodes to
/// `before`. Diffs before and after field by field and edits the text where each field
/// sits: a new history/log entry is one inserted line in the style of its list (two when
/// the key is new), a changed scalar replaces its own line(s), a removed field removes
/// its lines, a new field goes where the canonical order puts it, with the file's own
/// indentation. An empty flow list (`log: []`) becomes a block list on its first entry; a
/// flow list or mapping with children is edited child by child, keeping the others' text.
/// Returns `old_bytes` itself when nothing changed. Falls back to the
/// canonical form (encode_deal) only for a layout it cannot edit in place (a whole
/// document in flow style, say). The caller verifies that the result reads back as
/// `after` (Pipeline::save does, and writes the canonical form if it does not).
std::string splice_deal(std::string_view old_bytes, const Deal& before, const Deal& after,
                        const Config& config);

/// Like splice_deal, without the fallback: nullopt when the file's layout has no in-place
/// edit for this change (or `old_bytes` does not parse).
std::optional<std::string> try_splice_deal(std::string_view old_bytes, const Deal& before,
                                           const Deal& after, const Config& config);

}  // namespace deals

#pragma once
// Unicode case folding for search (`deals find`, text filters). Pure.
#include <string>
#include <string_view>

namespace deals {

/// `text` with every letter folded to its lower case for caseless comparison: ASCII,
/// Latin-1, Latin Extended-A and Additional, Greek and Cyrillic capitals become small
/// letters; ß and ẞ become "ss", final sigma becomes σ. Invalid UTF-8 bytes are kept.
/// So fold_case("BÄCKEREI") == fold_case("Bäckerei") == "bäckerei".
std::string fold_case(std::string_view text);

/// True when `needle` occurs in `haystack` ignoring case (both folded with fold_case).
bool contains_folded(std::string_view haystack, std::string_view needle);

}  // namespace deals

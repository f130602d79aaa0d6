#pragma once
// Pure text helpers: ids, slugs, suggestions.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deals {

/// True when `id` matches ^[a-z0-9][a-z0-9-]{0,63}$.
bool valid_id(std::string_view id);

/// The slug of free text: lowercase ASCII, accents folded, other characters become `-`,
/// runs of `-` collapsed, no leading/trailing `-`, cut to 64. May be empty.
std::string slugify(std::string_view text);

/// Levenshtein distance, for "did you mean".
int edit_distance(std::string_view a, std::string_view b);
/// The closest candidate within a small distance, if any.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

/// Replaces control characters (C0 except newline when `keep_newlines`, DEL, C1) and
/// bidirectional overrides with visible escapes, so deal data cannot drive a terminal.
std::string sanitize(std::string_view text, bool keep_newlines = false);

/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points
/// above U+10FFFF).
bool is_valid_utf8(std::string_view text);

/// Display width of UTF-8 text (code points; wide East Asian characters count 2).
int display_width(std::string_view text);

/// Shortest round-trip decimal form of a number (12000, 1234.5, 0.35).
std::string format_number(double value);

/// Numbers in deal files and arguments stay below 10^15 (a thousand trillion), where a
/// double still holds every whole number and cents are exact enough.
inline constexpr double kMaxNumber = 1e15;

/// Parses a non-negative decimal number below kMaxNumber (`12000`, `1234.50`); nullopt
/// otherwise.
std::optional<double> parse_number(std::string_view text);

}  // namespace deals

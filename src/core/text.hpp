#pragma once
// Pure text helpers: ids, slugs, suggestions.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace deals {

/// True when `text` is empty or only spaces, tabs and line breaks: no title, note or
/// reason at all.
bool is_blank(std::string_view text);

/// True when `id` matches ^[a-z0-9][a-z0-9-]{0,63}$.
bool valid_id(std::string_view id);

/// The slug of free text: lowercase ASCII, accents folded, other characters become `-`,
/// runs of `-` collapsed, no leading/trailing `-`, cut to 64. May be empty.
std::string slugify(std::string_view text);

/// Edit distance with adjacent transpositions (optimal string alignment), for "did you
/// mean".
int edit_distance(std::string_view a, std::string_view b);
/// The closest candidate within a small distance, if any.
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates);

/// Unicode case folding for matching without regard to case: the letters of the Latin
/// (ß and ẞ fold to "ss"), Greek (final sigma to sigma), Cyrillic, Armenian and Georgian
/// scripts and full-width Latin fold to their small forms (`BÄCKEREI` -> `bäckerei`,
/// `ΑΘΉΝΑ` -> `αθήνα`, `МОСКВА` -> `москва`). Used by --company, --source and search.
std::string fold_case(std::string_view text);
/// True when fold_case(needle) occurs in fold_case(haystack) (an empty needle always).
bool contains_folded(std::string_view haystack, std::string_view needle);
/// True when both fold to the same text.
bool equal_folded(std::string_view a, std::string_view b);

/// Replaces control characters (C0 except newline when `keep_newlines`, DEL, C1) and
/// bidirectional overrides with visible escapes, so deal data cannot drive a terminal; a
/// byte that is not UTF-8 is shown as \xFF.
std::string sanitize(std::string_view text, bool keep_newlines = false);

/// sanitize() for whole documents (CSV, JSON, YAML, Markdown, HTML) shown on a terminal:
/// newlines, tabs and CR before LF are kept; every other control character, C1 control
/// and bidirectional override becomes a visible escape (`\x1B`, `\u009B`, `\u202E`).
std::string terminal_safe(std::string_view text);

/// Bidirectional formatting characters (U+061C, U+200E/F, U+202A-E, U+2066-9), which can
/// make text display differently from what it is (Trojan Source).
constexpr bool is_bidi_control(char32_t cp) {
  return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

/// True when `a` and `b` are equal ignoring the case of ASCII letters.
constexpr bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] + 32) : a[i];
    const char y = b[i] >= 'A' && b[i] <= 'Z' ? static_cast<char>(b[i] + 32) : b[i];
    if (x != y) return false;
  }
  return true;
}

/// Decodes one UTF-8 code point of `s` at `i` into `cp` and returns its length in bytes,
/// or 0 when the bytes there are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
/// truncated). The one decoder of the project: the YAML reader and writer use it too.
inline std::size_t decode_utf8(std::string_view s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

/// True when `text` is well-formed UTF-8 (see decode_utf8).
bool is_valid_utf8(std::string_view text);

/// The length in bytes of the UTF-8 sequence a lead byte starts (1 for ASCII and for a
/// byte that cannot start one), for cutting text between characters.
inline std::size_t utf8_sequence_length(unsigned char lead) {
  return lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
}

/// Appends code point `cp` (at most U+10FFFF) to `out` in UTF-8. The one encoder.
inline void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

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

/// A money amount: parse_number with at most two decimals (`12000.50`, not `12000.999`).
std::optional<double> parse_amount(std::string_view text);

}  // namespace deals

#include "core/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace deals {
namespace {

// Decodes one UTF-8 sequence at s[i]; returns the code point (0xFFFD when malformed) and
// advances i.
// The code point at `i`, advancing `i`; an invalid byte reads as U+FFFD and is skipped.
uint32_t next_cp(std::string_view s, size_t& i) {
  char32_t cp;
  const std::size_t len = decode_utf8(s, i, cp);
  if (len == 0) {
    ++i;
    return 0xFFFD;
  }
  i += len;
  return cp;
}

// ASCII folding of common Latin letters with diacritics (Latin-1 and Latin Extended-A),
// the Latin ligatures and full-width Latin letters and digits.
std::string_view fold(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xFF) {
    static const char* latin1[] = {
        "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",
        "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};
    const char* f = latin1[cp - 0xC0];
    return f ? std::string_view(f) : std::string_view();
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    // Pairs of upper/lower case in Latin Extended-A map to one base letter each.
    static const char base[] =
        "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii??jjkkklllllll"
        "lllnnnnnnnnnoooooo??rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
    static const char* two[] = {"ij", "oe"};
    if (cp == 0x132 || cp == 0x133) return two[0];
    if (cp == 0x152 || cp == 0x153) return two[1];
    return std::string_view(&base[cp - 0x100], 1);
  }
  if (cp >= 0xFB00 && cp <= 0xFB06) {  // the Latin ligatures: ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
    static const char* ligatures[] = {"ff", "fi", "fl", "ffi", "ffl", "st", "st"};
    return ligatures[cp - 0xFB00];
  }
  if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A) ||
      (cp >= 0xFF10 && cp <= 0xFF19)) {  // full-width Latin letters and digits
    static const char ascii[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    if (cp <= 0xFF19) return std::string_view(&ascii[cp - 0xFF10], 1);
    return std::string_view(&ascii[10 + (cp >= 0xFF41 ? cp - 0xFF41 : cp - 0xFF21)], 1);
  }
  return {};
}

bool is_wide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\v\f") == std::string_view::npos;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto ok = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!ok(id[0])) return false;
  return std::all_of(id.begin(), id.end(), [&](char c) { return ok(c) || c == '-'; });
}

std::string slugify(std::string_view text) {
  std::string out;
  auto put = [&](char c) {
    if (c == '-') {
      if (!out.empty() && out.back() != '-') out += '-';
    } else {
      out += c;
    }
  };
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = next_cp(text, i);
    if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
      put(static_cast<char>(cp));
    } else if (cp >= 'A' && cp <= 'Z') {
      put(static_cast<char>(cp - 'A' + 'a'));
    } else if (std::string_view f = fold(cp); !f.empty()) {
      for (char c : f) put(c);
    } else if (cp >= 0x300 && cp <= 0x36F) {
      // combining accent (decomposed input): drop it
    } else {
      put('-');
    }
  }
  if (out.size() > 64) out.resize(64);
  while (!out.empty() && out.back() == '-') out.pop_back();
  size_t start = out.find_first_not_of('-');
  return start == std::string::npos ? std::string() : out.substr(start);
}

int edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: insertions, deletions, substitutions and transpositions of
  // two adjacent characters each cost 1 (`lsit` is one step from `list`).
  const size_t n = b.size();
  std::vector<int> before(n + 1), prev(n + 1), cur(n + 1);
  for (size_t j = 0; j <= n; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= n; ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    std::swap(before, prev);
    std::swap(prev, cur);
  }
  return prev[n];
}

std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  int best_d = static_cast<int>(word.size()) / 2 + 1;
  best_d = std::min(best_d, 3);
  for (const auto& c : candidates) {
    int d = edit_distance(word, c);
    if (d < best_d || (d == best_d && !best && d <= 2)) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::string sanitize(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = next_cp(text, i);
    char buf[16];
    if (cp == '\n' && keep_newlines) {
      out += '\n';
    } else if (cp == '\t') {
      out += ' ';
    } else if (cp < 0x20 || cp == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02X", cp);
      out += buf;
    } else if (cp == 0xFFFD && i - start == 1) {
      // A byte that is not UTF-8: shown as it is, to be found where it came from.
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(text[start]));
      out += buf;
    } else if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp) || cp == 0xFFFD) {
      std::snprintf(buf, sizeof buf, "\\u%04X", cp);
      out += buf;
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

std::string terminal_safe(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = next_cp(text, i);
    bool keep = cp == '\n' || cp == '\t' || (cp == '\r' && i < text.size() && text[i] == '\n');
    if (!keep && (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp) ||
                  cp == 0xFFFD)) {
      // sanitize() writes the escapes; it never keeps a control character.
      out += sanitize(text.substr(start, i - start));
    } else {
      out.append(text.substr(start, i - start));
    }
  }
  return out;
}

namespace {

// Characters a terminal draws on the one before: combining marks, zero-width joiners
// and spaces, variation selectors, emoji skin tones and tags.
bool joins_previous(uint32_t cp) {
  return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x200B && cp <= 0x200D) ||
         (cp >= 0xFE00 && cp <= 0xFE0E) || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
}

}  // namespace

int display_width(std::string_view text) {
  int w = 0;
  bool joined = false;     // after a zero-width joiner: the next emoji is part of this one
  bool last_wide = false;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = next_cp(text, i);
    if (joins_previous(cp)) {
      joined = cp == 0x200D;
      continue;
    }
    if (cp == 0xFE0F) {  // emoji presentation: two columns, also for a narrow symbol (❤️)
      if (!last_wide) ++w;
      last_wide = true;
      continue;
    }
    if (joined) {
      joined = false;
      continue;
    }
    last_wide = is_wide(cp);
    w += last_wide ? 2 : 1;
  }
  return w;
}

std::string format_number(double value) {
  // Fixed notation always: `1e-05` or `1e+21` would not read back as a plain number.
  char buf[512];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  if (ec != std::errc()) return "nan";
  return std::string(buf, p);
}

std::optional<double> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 40) return std::nullopt;
  size_t dots = 0, digits = 0;
  for (char c : s) {
    if (c == '.')
      ++dots;
    else if (c >= '0' && c <= '9')
      ++digits;
    else
      return std::nullopt;
  }
  if (dots > 1 || digits == 0) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || !(v < kMaxNumber)) return std::nullopt;
  return v;
}

bool is_valid_utf8(std::string_view text) {
  char32_t cp;
  for (std::size_t i = 0, len; i < text.size(); i += len)
    if ((len = decode_utf8(text, i, cp)) == 0) return false;
  return true;
}

}  // namespace deals

namespace deals {
namespace {

bool in(uint32_t cp, uint32_t lo, uint32_t hi) {
  return cp >= lo && cp <= hi;
}

// Within [lo, hi], pairs of (capital, small) where the capital has the parity of `lo`.
bool paired(uint32_t cp, uint32_t lo, uint32_t hi) {
  return in(cp, lo, hi) && ((cp - lo) % 2 == 0);
}

// The simple case folding (Unicode CaseFolding.txt, status C and S) of the letters of the
// Latin, Greek, Cyrillic, Armenian and Georgian scripts and the full-width Latin letters;
// other code points fold to themselves.
uint32_t fold_cp(uint32_t cp) {
  if (in(cp, 'A', 'Z')) return cp + 0x20;
  if (cp < 0x80) return cp;
  if (cp == 0xB5) return 0x3BC;  // micro sign -> Greek mu
  if (in(cp, 0xC0, 0xDE) && cp != 0xD7) return cp + 0x20;
  if (paired(cp, 0x100, 0x12F) || paired(cp, 0x132, 0x137) || paired(cp, 0x14A, 0x177))
    return cp + 1;
  if (cp == 0x130) return 'i';
  if (paired(cp, 0x139, 0x148) || paired(cp, 0x179, 0x17E)) return cp + 1;
  if (cp == 0x178) return 0xFF;
  if (cp == 0x17F) return 's';
  if (paired(cp, 0x1CD, 0x1DC) || paired(cp, 0x1DE, 0x1EF) || paired(cp, 0x1F8, 0x21F) ||
      paired(cp, 0x222, 0x233))
    return cp + 1;
  if (cp == 0x386) return 0x3AC;
  if (in(cp, 0x388, 0x38A)) return cp + 0x25;
  if (cp == 0x38C) return 0x3CC;
  if (in(cp, 0x38E, 0x38F)) return cp + 0x3F;
  if (in(cp, 0x391, 0x3A1) || in(cp, 0x3A3, 0x3AB)) return cp + 0x20;
  if (cp == 0x3C2) return 0x3C3;  // final sigma
  if (paired(cp, 0x3D8, 0x3EF)) return cp + 1;
  if (in(cp, 0x400, 0x40F)) return cp + 0x50;
  if (in(cp, 0x410, 0x42F)) return cp + 0x20;
  if (paired(cp, 0x460, 0x481) || paired(cp, 0x48A, 0x4BF)) return cp + 1;
  if (cp == 0x4C0) return 0x4CF;
  if (paired(cp, 0x4C1, 0x4CE)) return cp + 1;
  if (paired(cp, 0x4D0, 0x52F)) return cp + 1;
  if (in(cp, 0x531, 0x556)) return cp + 0x30;
  if (in(cp, 0x10A0, 0x10C5) || cp == 0x10C7 || cp == 0x10CD) return cp + 0x1C60;
  if (in(cp, 0x1C90, 0x1CBA) || in(cp, 0x1CBD, 0x1CBF)) return cp - 0x1C90 + 0x10D0;
  if (paired(cp, 0x1E00, 0x1E95) || paired(cp, 0x1EA0, 0x1EFF)) return cp + 1;
  if (in(cp, 0xFF21, 0xFF3A)) return cp + 0x20;
  return cp;
}

}  // namespace

std::string fold_case(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    uint32_t cp = next_cp(text, i);
    if (cp == 0xDF || cp == 0x1E9E) {  // ß and ẞ fold to "ss" (full folding)
      out += "ss";
    } else if (cp == 0xFFFD && text.substr(start, i - start) != "\xEF\xBF\xBD") {
      out.append(text.substr(start, i - start));  // invalid bytes: kept as they are
    } else {
      append_utf8(out, fold_cp(cp));
    }
  }
  return out;
}

std::optional<double> parse_amount(std::string_view text) {
  auto dot = text.find('.');
  if (dot != std::string_view::npos && text.size() - dot - 1 > 2) return std::nullopt;
  return parse_number(text);
}

bool contains_folded(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  return fold_case(haystack).find(fold_case(needle)) != std::string::npos;
}

bool equal_folded(std::string_view a, std::string_view b) {
  return fold_case(a) == fold_case(b);
}

}  // namespace deals

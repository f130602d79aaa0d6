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

// ASCII folding of common Latin letters with diacritics (Latin-1 and Latin Extended-A).
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
  return {};
}

bool is_bidi_control(uint32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
         cp == 0x200F || cp == 0x061C;
}

bool is_wide(uint32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

}  // namespace

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
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
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

int display_width(std::string_view text) {
  int w = 0;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = next_cp(text, i);
    if (cp >= 0x300 && cp <= 0x36F) continue;  // combining marks
    w += is_wide(cp) ? 2 : 1;
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

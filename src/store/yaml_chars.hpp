#pragma once
// Character helpers shared by the YAML reader and writer (store-internal).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.hpp"

namespace deals::yaml::detail {

using deals::append_utf8;
using deals::decode_utf8;
using deals::is_bidi_control;

/// Code points the writer never emits raw: C0 controls (tab and newline included), DEL,
/// C1 controls, the YAML 1.1 line breaks U+2028/U+2029, bidi controls, BOM and the
/// non-characters U+FFFE/U+FFFF.
inline bool needs_escape(char32_t cp) {
  // Invisible characters the reader refuses raw (zero-width space, word joiner) or where
  // syntax wants a space (no-break space), are always written as escapes.
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0xA0) || cp == 0x2028 || cp == 0x2029 ||
         cp == 0x200B || cp == 0x2060 || is_bidi_control(cp) || cp == 0xFEFF || cp == 0xFFFE ||
         cp == 0xFFFF;
}

}  // namespace deals::yaml::detail

// What reaches a terminal: JSON escapes of invisible characters, and terminal_safe for raw
// formats shown on one.
#include <doctest/doctest.h>

#include "core/text.hpp"
#include "render/json.hpp"

using namespace deals;

TEST_CASE("JSON escapes C1 controls, bidi controls and line separators as \\u00XX") {
  CHECK(json_string("a\xC2\x9B"
                    "b") == "\"a\\u009bb\"");                      // U+009B CSI
  CHECK(json_string("\xC2\x80\xC2\x9F") == "\"\\u0080\\u009f\"");  // the range's ends
  CHECK(json_string("\xE2\x80\xAE"
                    "evil") == "\"\\u202eevil\"");  // right-to-left override
  CHECK(json_string("\xE2\x81\xA6\xE2\x81\xA9") == "\"\\u2066\\u2069\"");
  CHECK(json_string("\xE2\x80\x8F\xD8\x9C") == "\"\\u200f\\u061c\"");
  CHECK(json_string("\xE2\x80\xA8") == "\"\\u2028\"");
  CHECK(json_string("\x1B]52;c;x\x07") == "\"\\u001b]52;c;x\\u0007\"");
  // Ordinary non-ASCII text stays as it is.
  CHECK(json_string("Café – 東京 \xC2\xA0\xC2\xA9") == "\"Café – 東京 \xC2\xA0\xC2\xA9\"");
  CHECK(json_string("\xE2\x80\x94") == "\"\xE2\x80\x94\"");  // em dash: E2 80 94
  // Bytes that are not UTF-8 pass as they are; an override after them is still caught.
  CHECK(json_string("\xF0\xE2\x80\xAE\x80") == "\"\xF0\\u202e\x80\"");
  CHECK(json_string("q\"\\\n\r\t\x7F") == "\"q\\\"\\\\\\n\\r\\t\\u007f\"");
}

TEST_CASE("terminal_safe keeps line structure and shows every control as an escape") {
  CHECK(terminal_safe("a,b\r\nc,d\n\te") == "a,b\r\nc,d\n\te");
  CHECK(terminal_safe("x\x1B]52;c;aGk=\x07y") == "x\\x1B]52;c;aGk=\\x07y");
  CHECK(terminal_safe("\xC2\x9B"
                      "31m") == "\\u009B31m");
  CHECK(terminal_safe("\xE2\x80\xAE"
                      "gnp.exe") == "\\u202Egnp.exe");
  CHECK(terminal_safe("lone\rCR") == "lone\\x0DCR");
  CHECK(terminal_safe("Café 東京") == "Café 東京");
}

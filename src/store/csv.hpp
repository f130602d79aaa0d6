#pragma once
// CSV (RFC 4180) reading for `deals import` and cell/row writing for exports. Pure
// functions on strings; the store is where file formats live.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace deals {

/// One record: its fields and the 1-based line it starts on (a quoted field may span
/// several lines, so record numbers and line numbers can differ).
struct CsvRow {
  int line = 0;
  std::vector<std::string> fields;
};

/// Bounds that keep hostile input in check.
struct CsvLimits {
  std::size_t max_bytes = 8 << 20;    // 8 MiB of text
  std::size_t max_fields = 1000;      // per record
  std::size_t max_cells = 1'000'000;  // in the whole file
};

/// Reads RFC 4180 CSV: fields separated by `delimiter` (`,` by default), records by CRLF, LF or a
/// lone CR, an optional UTF-8 byte order mark, a last record with or without a line end. A field in
/// double quotes may hold commas, line ends and `""` (one quote); a CRLF inside a quoted
/// field becomes LF. As in spreadsheets and Python's csv module, a `"` in the middle of
/// an unquoted field is kept as a character. Empty lines are skipped. Records may have
/// different numbers of fields; the caller decides what that means.
///
/// Throws Error `PATH:LINE: record N: <problem>` (N counting non-empty records from 1,
/// the header included) for an unterminated quoted field (LINE is where it opened), text
/// after a closing quote, and too many fields or cells; `PATH:LINE: <problem>` for text
/// that is not UTF-8 or holds NUL; `PATH: file is larger than N bytes`.
std::vector<CsvRow> read_csv(std::string_view text, const std::string& path,
                             const CsvLimits& limits = {}, char delimiter = ',');

/// The field delimiter of a CSV text, guessed from its first line (after a BOM): the one
/// of `,` `;` and tab that occurs most often outside quotes; `,` when none occurs or on a
/// tie with `,`.
char detect_delimiter(std::string_view text);

}  // namespace deals

#pragma once
// Writing CSV: RFC 4180 quoting and spreadsheet formula-injection neutralisation.
#include <string>
#include <string_view>
#include <vector>

namespace deals {

/// How a written cell is treated.
enum class CsvCell {
  /// Data from a deal (titles, names, notes): neutralised against formula injection.
  Text,
  /// A value the tool formats itself (numbers, dates, ids, stage names), written as is so
  /// spreadsheets still read it as a number or date. Never use it for user text.
  Literal,
};

/// One field, quoted when it holds `,`, `"`, CR, LF or leading/trailing spaces. A Text cell
/// that starts with `=`, `+`, `-`, `@`, tab, CR or NUL gets a `'` prefix first, so a
/// spreadsheet shows it as text instead of evaluating it as a formula (OWASP CSV
/// injection); a reader sees the `'` as part of the value. A Text cell that is one or more
/// `'` followed by such a character gets one more `'`, so `deals import`, which removes
/// one `'` before those characters, reads back exactly the value.
/// With another `delimiter` (`;`, tab) a cell holding it is quoted too.
std::string csv_field(std::string_view value, CsvCell kind = CsvCell::Text, char delimiter = ',');

/// A record of Text cells, ending in LF (RFC 4180 readers, spreadsheets and read_csv all
/// accept LF; it keeps exports friendly to grep and diff). Text cells only.
std::string csv_row(const std::vector<std::string>& values);

/// A record with a kind per cell; cells past the end of `kinds` are Text.
std::string csv_row(const std::vector<std::string>& values, const std::vector<CsvCell>& kinds,
                    char delimiter = ',');

}  // namespace deals

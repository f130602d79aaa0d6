#pragma once
// Turning CSV records into deals (spec section 8): pure, so every rule is unit-testable.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"

namespace deals {

/// The deal fields a CSV column can fill.
const std::vector<std::string>& import_fields();

/// How dates are written in the CSV (`--date-format`). ISO dates are read in every format.
enum class DateFormat { Iso, DayMonthYear, MonthDayYear };

/// Parses a --date-format value: YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY; nullopt otherwise.
std::optional<DateFormat> parse_date_format(std::string_view text);
/// The format's name as the user writes it ("DD.MM.YYYY").
const char* date_format_name(DateFormat format);

/// A date cell in `format` (day and month may have one digit: 1.2.2026), or YYYY-MM-DD.
std::optional<Date> parse_csv_date(std::string_view text, DateFormat format);

/// A number cell with `decimal` ('.' or ',') as decimal mark. Spaces, no-break spaces,
/// apostrophes and, with ',', points may group thousands when every group after the first
/// has three digits: with ',' "9.500,00", "9 500,5" and "9500" are 9500, 9500.5 and 9500.
/// With '.' a comma is refused (never guessed to be a thousands separator). Non-negative
/// and below kMaxNumber, like parse_number.
std::optional<double> parse_csv_number(std::string_view text, char decimal);

struct ImportOptions {
  std::map<std::string, std::string> map;        // field -> column (from --map)
  std::map<std::string, std::string> stage_map;  // CSV value -> stage (from --stage-map)
  char decimal = '.';                            // --decimal
  DateFormat date_format = DateFormat::Iso;      // --date-format
};

/// One bad cell (or row) that could not be turned into a deal field: "field: message".
/// A row with several bad cells has one error for each.
struct ImportError {
  int line = 0;  // the 1-based line the record starts on
  std::string message;
};

struct ImportPlan {
  std::vector<Deal> deals;          // in file order, ids assigned
  std::vector<ImportError> errors;  // bad cells, by line, in column order within a row
  std::vector<std::string> unused;  // header columns no field uses
  std::vector<int> lines;           // the line of each deal's record
  /// Lines of won or lost rows without a `closed` date: closed on their created date, so
  /// their sales cycle reads 0 days (the command says so).
  std::vector<int> undated_closes;
};

/// Maps `header` to fields (columns named like fields map by themselves; `options.map`
/// overrides), then converts each record. Throws Error (usage) when a --map names an
/// unknown field or a column that is not in the header, or a --stage-map an unknown stage.
/// Ids: the `id` column, else the slug of company and title; within the file repeated
/// slugs get -2, -3, ... in order, so importing the same file twice gives the same ids.
/// A row without `created` takes its `closed` date, else `today`; won and lost rows get a
/// closing history entry on `closed` (else `created`). A `probability` equal to the
/// stage's is not kept as the deal's own (exports write every deal's effective one);
/// `next_action` and `next_due` fill `next`. A cell the export guarded against formula
/// injection (`'` before `= + - @`, tab or CR) loses that one `'`, so export → import
/// gives back the values.
ImportPlan plan_import(const std::vector<std::string>& header,
                       const std::vector<std::pair<int, std::vector<std::string>>>& records,
                       const ImportOptions& options, const Config& config, Date today);

/// What `import --update` does to one existing deal.
struct ImportUpdate {
  Deal deal;                         // the merged deal (= existing when refused)
  std::vector<std::string> changes;  // "value: 5000 -> 6000", "stage: lead -> demo (today)"
  /// Why the row is skipped: it would move the deal backwards or out of won/lost.
  std::optional<std::string> refused;
};

/// Applies an imported deal to an existing one (`deals import --update`, spec section 12):
/// fields the CSV provides replace the old ones; history, log, BANT answers and unknown
/// keys are kept. A changed stage is entered with a history entry dated `today` (the
/// import is when the move is recorded, never in the past), and only forwards: a row
/// that would move the deal to an earlier open stage, or out of won or lost, is refused
/// whole (`refused` says why, `deal` is unchanged).
ImportUpdate merge_import(const Deal& existing, const Deal& imported, const Config& config,
                          Date today);

}  // namespace deals

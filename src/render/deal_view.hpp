#pragma once
// How one deal and lists of deals look: JSON objects, the `show` page, list tables.
#include <string>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "core/derive.hpp"
#include "core/money.hpp"
#include "render/json.hpp"
#include "render/style.hpp"
#include "render/table.hpp"

namespace deals {

struct DealRow {
  const Deal* deal;
  Derived derived;
};

/// The spec's deal object (`show`/`list --format json`): id, title, company, stage, value,
/// currency, created, expected_close, source, tags, bant, next, last_activity, days_idle,
/// days_in_stage, stalled, score, weighted_value, qualified — plus contact, probability,
/// closed, history, log and notes. `full` adds score_parts and the qualification detail.
void deal_json(Json& json, const Deal& deal, const Derived& d, const Config& config, bool full);

/// The `show` page.
std::string show_text(const Deal& deal, const Derived& d, const Config& config, const Style& style);

/// The columns `list --columns` knows, in the order of its help.
const std::vector<std::string>& list_column_names();
/// The default `list` columns: id, stage, company, title, value, weighted, score, idle,
/// next.
const std::vector<std::string>& default_list_columns();

struct ListColumn;

/// The `list` table for people (text and Markdown), built a row at a time, with `columns`
/// (names from list_column_names; unknown names are the caller's to refuse). Columns
/// carry fit_table's cut and drop orders; the caps are for output of unknown width.
class ListTable {
 public:
  /// One row's cells and what the totals need of it.
  struct Row {
    std::vector<std::string> cells;
    RowKind kind = RowKind::body;
    /// The deal's value in the pipeline currency, for the totals: set by the caller from
    /// MoneySummary::take (which records the rates used and the deals left out).
    std::optional<double> value;
    double probability = 0;
  };

  ListTable(const Config& config, const std::vector<std::string>& columns);
  /// The row of one deal (its value not set). Changes nothing: rows may be made on
  /// several threads at once.
  Row row(const DealRow& r) const;
  /// Appends a row made by row(), in the order shown.
  void add(Row row);
  /// The table. With `totals` (and at least one row) a last row holds the number of
  /// deals in the first column and the sums of value and weighted value of the rows whose
  /// value was converted, in the pipeline currency.
  Table finish(bool totals) &&;

 private:
  const Config& config_;
  std::vector<const ListColumn*> chosen_;
  Table table_;
  double value_ = 0, weighted_ = 0;
};

/// The `list --format csv` / `export` table: one row per deal, importable columns first.
Table csv_table(const std::vector<DealRow>& rows, const Config& config);
/// That table's columns, without rows; and the cells of one row.
Table csv_head();
std::vector<std::string> csv_cells(const DealRow& row, const Config& config);

/// The date of the closing history entry of a won/lost deal, if any.
std::optional<Date> closed_on(const Deal& deal);

}  // namespace deals

#pragma once
// One table value with typed columns and row kinds, rendered as aligned text, Markdown or
// CSV (and as HTML by the review page).
#include <string>
#include <string_view>
#include <vector>

#include "render/style.hpp"

namespace deals {

/// What a column holds. The renderers decide from it, never from header text or cell
/// contents: numbers (money and after) align right, in HTML too, get the CSV decimal mark
/// and need no CSV formula guard (the tool writes them, like dates); `id` is a deal id
/// (HTML shows the deal's company and title over it) and `deal` that "Company · Title"
/// label (text leaves it out, HTML folds it into the id cell).
enum class ColumnType { text, id, deal, date, money, count, percent, days, number };

/// True for the number types: right-aligned, no formula guard, decimal mark applies.
constexpr bool is_number(ColumnType t) {
  return t >= ColumnType::money;
}

struct Column {
  std::string header;
  ColumnType type = ColumnType::text;
  int max_width = 0;  // text only: cut longer cells with an ellipsis (0 = no limit)
  /// For fit_table: the narrowest this column may be cut to (0 = never cut), the order in
  /// which columns are cut (higher first) and dropped when cutting is not enough (higher
  /// first; 0 = never dropped).
  int min_width = 0;
  int shrink = 0;
  int drop = 0;

  bool right() const { return is_number(type); }
  /// A CSV cell of this column may hold user text and is guarded against formulas.
  bool guarded() const { return !is_number(type) && type != ColumnType::date; }
};

/// What a row is, for the renderers to mark: text colours it (bold totals, red late,
/// yellow past, green won), HTML gives it a class.
enum class RowKind {
  body,
  total,  // sums or counts of the rows above
  late,   // needs action now: stalled, or a next action overdue
  past,   // an expected close date that has passed
  won,    // a deal won
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  /// Each row's kind; rows past its end are body rows.
  std::vector<RowKind> kinds;

  RowKind kind(size_t row) const { return row < kinds.size() ? kinds[row] : RowKind::body; }
  /// Marks every row as `kind`.
  void mark_all(RowKind kind) { kinds.assign(rows.size(), kind); }
  /// Marks the last row (if any) as the total.
  void mark_total() {
    kinds.resize(rows.size(), RowKind::body);
    if (!kinds.empty()) kinds.back() = RowKind::total;
  }
};

/// Aligned columns separated by two spaces; cells are sanitized (no control characters).
std::string render_text(const Table& table, const Style& style);
/// Makes the text rendering of `table` at most `width` display columns wide, if it can:
/// cuts columns with shrink > 0 towards their min_width (always the widest first, so long
/// cells share the room; `shrink` breaks ties), then
/// drops a column (highest `drop` first) and tries again; only when nothing is left to
/// drop are columns with shrink 0 and a min_width cut. Cells are never cut when
/// everything fits, and the caps (max_width) are replaced.
void fit_table(Table& table, int width);

/// A GitHub-flavoured Markdown table (| escaped).
/// Deal text as Markdown text, not markup: control characters escaped (sanitize) and
/// every character Markdown or HTML would act on backslash-escaped, so a title like
/// <b>x</b> or *x* shows as typed and a mail client rendering HTML gets no tags from data.
std::string md_escape(std::string_view text);

std::string render_md(const Table& table);
/// RFC 4180 CSV with a header row, CRLF-free (LF line ends), formula injection
/// neutralised: a cell of a guarded column starting with = + - @ tab CR or NUL gets a
/// leading '.
std::string render_csv(const Table& table);
/// render_csv for spreadsheets set up for another locale: fields separated by `delimiter`
/// (`;`, tab), numbers (number-typed columns) with `decimal` (',') as decimal mark, and a
/// UTF-8 byte order mark first when `bom`, so Excel opens the file in one click.
std::string render_csv(const Table& table, char delimiter, char decimal, bool bom);
}  // namespace deals

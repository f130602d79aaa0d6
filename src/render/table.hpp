#pragma once
// One table value, rendered as aligned text, Markdown or CSV.
#include <string>
#include <string_view>
#include <vector>

#include "render/style.hpp"

namespace deals {

struct Column {
  std::string header;
  bool right = false;  // right-aligned (numbers)
  int max_width = 0;   // text only: cut longer cells with an ellipsis (0 = no limit)
  /// For fit_table: the narrowest this column may be cut to (0 = never cut), the order in
  /// which columns are cut (higher first) and dropped when cutting is not enough (higher
  /// first; 0 = never dropped).
  int min_width = 0;
  int shrink = 0;
  int drop = 0;
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  /// Per-row style code for text output ("" = none), e.g. "31" for stalled rows.
  std::vector<std::string> row_style;
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
/// neutralised: a cell starting with = + - @ tab CR or NUL gets a leading '.
std::string render_csv(const Table& table);
/// render_csv for spreadsheets set up for another locale: fields separated by `delimiter`
/// (`;`, tab), numbers (right-aligned columns) with `decimal` (',') as decimal mark, and a
/// UTF-8 byte order mark first when `bom`, so Excel opens the file in one click.
std::string render_csv(const Table& table, char delimiter, char decimal, bool bom);
}  // namespace deals

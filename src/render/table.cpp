#include "render/table.hpp"

#include <algorithm>
#include <cmath>

#include "core/money.hpp"
#include "core/text.hpp"
#include "render/csv.hpp"

namespace deals {

std::string money(double value) {
  double r = round_cents(value);
  bool whole = r == std::floor(r);
  long long units = static_cast<long long>(std::floor(std::fabs(r)));
  std::string digits = std::to_string(units), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  if (!whole) {
    int cents = static_cast<int>(std::lround((std::fabs(r) - units) * 100));
    out += cents < 10 ? ".0" + std::to_string(cents) : "." + std::to_string(cents);
  }
  return r < 0 ? "-" + out : out;
}

namespace {

// A text row in its kind's style: bold totals, red late rows, yellow past, green won.
std::string styled(const Style& style, RowKind kind, const std::string& line) {
  switch (kind) {
    case RowKind::total:
      return style.bold(line);
    case RowKind::late:
      return style.red(line);
    case RowKind::past:
      return style.yellow(line);
    case RowKind::won:
      return style.green(line);
    case RowKind::body:
      break;
  }
  return line;
}

std::string cut(const std::string& s, int max) {
  if (max <= 0 || display_width(s) <= max) return s;
  std::string out;
  int w = 0;
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8_sequence_length(static_cast<unsigned char>(s[i]));
    std::string ch = s.substr(i, len);
    int cw = display_width(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
    i += len;
  }
  return out + "…";
}

}  // namespace

std::string render_text(const Table& table, const Style& style) {
  size_t n = table.columns.size();
  static const std::string empty;
  auto raw = [&](const std::vector<std::string>& row, size_t c) -> const std::string& {
    return c < row.size() ? row[c] : empty;
  };
  // Cells as shown (sanitized, cut to max_width) are kept only where they differ from the
  // table's, by position r * n + c in order: the table is not held twice.
  std::vector<std::pair<size_t, std::string>> shown;
  size_t beyond_width = 0;  // bytes of the cells beyond their display width (UTF-8)
  std::vector<int> width(n, 0);
  for (size_t c = 0; c < n; ++c) width[c] = display_width(table.columns[c].header);
  for (size_t r = 0; r < table.rows.size(); ++r)
    for (size_t c = 0; c < n; ++c) {
      const std::string& cell = raw(table.rows[r], c);
      std::string s = cut(sanitize(cell), table.columns[c].max_width);
      int w = display_width(s);
      width[c] = std::max(width[c], w);
      beyond_width += s.size() - std::min(s.size(), static_cast<size_t>(w));
      if (s != cell) shown.emplace_back(r * n + c, std::move(s));
    }
  auto line = [&](auto&& cell_at) {
    std::string s;
    for (size_t c = 0; c < n; ++c) {
      const std::string& cell = cell_at(c);
      int pad = width[c] - display_width(cell);
      if (c) s += "  ";
      if (table.columns[c].right()) s.append(pad, ' ');
      s += cell;
      if (!table.columns[c].right() && c + 1 < n) s.append(pad, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  };
  // The whole text at once (an upper bound: trailing spaces are trimmed), not grown by
  // doubling, which would leave the smaller copies behind.
  size_t line_bytes = 2 * n + 16;  // separators, newline, a style's codes
  for (int w : width) line_bytes += static_cast<size_t>(w);
  std::string out;
  out.reserve((table.rows.size() + 1) * line_bytes + beyond_width);
  out += style.bold(line([&](size_t c) -> const std::string& { return table.columns[c].header; }));
  out += '\n';
  size_t next = 0;  // the first entry of `shown` not yet used
  for (size_t r = 0; r < table.rows.size(); ++r) {
    std::string l = line([&](size_t c) -> const std::string& {
      if (next < shown.size() && shown[next].first == r * n + c) return shown[next++].second;
      return raw(table.rows[r], c);
    });
    out += styled(style, table.kind(r), l) + "\n";
  }
  return out;
}

void fit_table(Table& t, int width) {
  for (;;) {
    size_t n = t.columns.size();
    std::vector<int> natural(n, 0);
    for (size_t c = 0; c < n; ++c) natural[c] = display_width(t.columns[c].header);
    for (const auto& row : t.rows)
      for (size_t c = 0; c < n && c < row.size(); ++c)
        natural[c] = std::max(natural[c], display_width(sanitize(row[c])));
    int total = n ? 2 * static_cast<int>(n - 1) : 0;
    for (int w : natural) total += w;
    std::vector<int> limit(n, 0);
    // Cuts the columns that may be cut (those with shrink > 0, or all with `last`), one
    // display column at a time from the widest (on a tie, the higher `shrink`), so long
    // cells share the room instead of one column losing everything.
    auto cut = [&](bool last) {
      while (total > width) {
        int best = -1, best_w = 0;
        for (size_t c = 0; c < n; ++c) {
          const Column& col = t.columns[c];
          if (col.min_width <= 0 || (!last && col.shrink <= 0)) continue;
          int w = limit[c] ? limit[c] : natural[c];
          if (w <= col.min_width) continue;
          if (best < 0 || w > best_w || (w == best_w && col.shrink > t.columns[best].shrink)) {
            best = static_cast<int>(c);
            best_w = w;
          }
        }
        if (best < 0) return;
        limit[best] = best_w - 1;
        --total;
      }
    };
    cut(false);
    int victim = -1;
    for (size_t c = 0; c < n; ++c)
      if (t.columns[c].drop > 0 && (victim < 0 || t.columns[c].drop > t.columns[victim].drop))
        victim = static_cast<int>(c);
    if (total <= width || victim < 0 || n <= 1) {
      // Columns with shrink 0 (the id) are cut only when nothing is left to drop.
      if (total > width) cut(true);
      for (size_t c = 0; c < n; ++c) t.columns[c].max_width = limit[c];
      return;
    }
    t.columns.erase(t.columns.begin() + victim);
    for (auto& row : t.rows)
      if (static_cast<size_t>(victim) < row.size()) row.erase(row.begin() + victim);
  }
}

std::string md_escape(std::string_view text) {
  std::string out;
  for (char c : sanitize(text)) {
    if (std::string_view("\\`*_[]<>|#").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string render_md(const Table& table) {
  const auto esc = md_escape;
  std::string out = "|";
  for (const auto& c : table.columns) out += " " + esc(c.header) + " |";
  out += "\n|";
  for (const auto& c : table.columns) out += c.right() ? " ---: |" : " --- |";
  out += "\n";
  for (const auto& row : table.rows) {
    out += "|";
    for (size_t c = 0; c < table.columns.size(); ++c)
      out += " " + esc(c < row.size() ? row[c] : "") + " |";
    out += "\n";
  }
  return out;
}

std::string render_csv(const Table& table) {
  return render_csv(table, ',', '.', false);
}

std::string render_csv(const Table& table, char delimiter, char decimal, bool bom) {
  std::vector<std::string> header;
  std::vector<CsvCell> kinds;
  for (const auto& c : table.columns) {
    header.push_back(c.header);
    kinds.push_back(c.guarded() ? CsvCell::Text : CsvCell::Literal);
  }
  std::string out = bom ? "\xEF\xBB\xBF" : "";
  out += csv_row(header, {}, delimiter);
  for (const auto& row : table.rows) {
    if (decimal == '.') {
      out += csv_row(row, kinds, delimiter);
      continue;
    }
    std::vector<std::string> cells = row;
    for (size_t c = 0; c < cells.size() && c < table.columns.size(); ++c)
      if (is_number(table.columns[c].type))
        std::replace(cells[c].begin(), cells[c].end(), '.', decimal);
    out += csv_row(cells, kinds, delimiter);
  }
  return out;
}

}  // namespace deals

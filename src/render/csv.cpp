#include "render/csv.hpp"

namespace deals {
namespace {

bool needs_guard(std::string_view v) {
  // A value that already starts with guard quotes gets one more, so that an import, which
  // removes exactly one, gives back the value as it was.
  while (!v.empty() && v.front() == '\'') v.remove_prefix(1);
  // = + - @ start a formula; some spreadsheets skip a leading tab, CR or NUL before one.
  static constexpr std::string_view kFormulaStart("=+-@\t\r\0", 7);
  return !v.empty() && kFormulaStart.find(v.front()) != std::string_view::npos;
}

bool needs_quotes(std::string_view v, char delimiter) {
  if (v.find_first_of("\"\r\n") != std::string_view::npos) return true;
  if (v.find(delimiter) != std::string_view::npos) return true;
  return !v.empty() && (v.front() == ' ' || v.back() == ' ');
}

}  // namespace

std::string csv_field(std::string_view value, CsvCell kind, char delimiter) {
  std::string v;
  if (kind == CsvCell::Text && needs_guard(value)) v = "'";
  v += value;
  if (!needs_quotes(v, delimiter)) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& values) {
  return csv_row(values, {});
}

std::string csv_row(const std::vector<std::string>& values, const std::vector<CsvCell>& kinds,
                    char delimiter) {
  // A record of one empty field would be an empty line, which readers skip.
  if (values.size() == 1 && values[0].empty()) return "\"\"\n";
  std::string out;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += delimiter;
    out += csv_field(values[i], i < kinds.size() ? kinds[i] : CsvCell::Text, delimiter);
  }
  out += '\n';
  return out;
}

}  // namespace deals

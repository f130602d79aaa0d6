#pragma once
// Internal to the HTML report: small inline SVG charts (no scripts, no external fonts).
// Every label passed in is escaped here.
#include <string>
#include <vector>

namespace deals {

/// One bar of a chart: a label, its main value, an optional second value drawn inside it
/// (e.g. weighted within total value), and the texts printed beside it.
struct Bar {
  std::string label;
  double value = 0;
  double inner = -1;  // < 0: none
  std::string value_text;
  std::string note;  // small text after the value (may be empty)
};

/// A funnel: bars centred on one axis, widest first, one row per stage.
std::string svg_funnel(const std::vector<Bar>& bars, const std::string& title);
/// Horizontal bars from a common left edge; `inner` drawn darker inside each bar.
std::string svg_hbars(const std::vector<Bar>& bars, const std::string& title,
                      const std::string& legend_outer, const std::string& legend_inner);
/// Vertical bars (columns), e.g. won value per week, labels under each column; `width` is
/// the drawing's width in its own units (it scales to the page), `fill` the bars' colour.
std::string svg_columns(const std::vector<Bar>& bars, const std::string& title,
                        const char* fill = "#16a34a", int width = 940);

/// Text with & < > " ' escaped for HTML and SVG.
std::string html_escape(const std::string& text);

}  // namespace deals

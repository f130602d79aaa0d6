#include "render/report_svg.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/text.hpp"

namespace deals {
namespace {

constexpr const char* kInk = "#1f2937";
constexpr const char* kMuted = "#6b7280";
constexpr const char* kGrid = "#e5e7eb";

double max_of(const std::vector<Bar>& bars) {
  double m = 0;
  for (const auto& b : bars) m = std::max(m, b.value);
  return m;
}

std::string open_svg(int width, int height, const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"100%\" "
      "role=\"img\" aria-label=\"{2}\" font-family=\"inherit\" font-size=\"13\">"
      "<title>{2}</title>",
      width, height, html_escape(title));
}

std::string text(double x, double y, const std::string& s, const char* anchor, const char* fill,
                 const char* extra = "") {
  return fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\" fill=\"{}\" {}>{}</text>",
                     x, y, anchor, fill, extra, html_escape(s));
}

}  // namespace

std::string html_escape(const std::string& raw) {
  // The characters markup acts on, and their entities.
  static constexpr std::pair<char, std::string_view> kEntities[] = {
      {'&', "&amp;"}, {'<', "&lt;"}, {'>', "&gt;"}, {'"', "&quot;"}, {'\'', "&#39;"}};
  std::string out;
  for (char c : sanitize(raw, true)) {
    auto it = std::find_if(std::begin(kEntities), std::end(kEntities),
                           [c](const auto& e) { return e.first == c; });
    if (it == std::end(kEntities))
      out += c;
    else
      out += it->second;
  }
  return out;
}

std::string svg_funnel(const std::vector<Bar>& bars, const std::string& title) {
  const int width = 460, row = 34, label_w = 110, value_w = 60;
  const int height = static_cast<int>(bars.size()) * row + 8;
  const double track = width - label_w - value_w, centre = label_w + track / 2;
  const double max = max_of(bars);
  std::string out = open_svg(width, height, title);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    double y = 4 + static_cast<double>(i) * row;
    double w = max > 0 ? track * b.value / max : 0;
    if (b.value > 0) w = std::max(w, 3.0);
    // Darker towards the bottom of the funnel: later stages are closer to money.
    double shade = bars.size() > 1 ? static_cast<double>(i) / (bars.size() - 1) : 1;
    int r = static_cast<int>(191 - shade * (191 - 37));
    int g = static_cast<int>(219 - shade * (219 - 99));
    int bl = static_cast<int>(254 - shade * (254 - 235));
    out += text(label_w - 10, y + row / 2.0 + 4, b.label, "end", kInk);
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" rx=\"3\" "
        "fill=\"rgb({},{},{})\"/>",
        centre - w / 2, y + 3, w, row - 8, r, g, bl);
    if (b.value <= 0)
      out += fmt::format(
          "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" "
          "stroke=\"{3}\"/>",
          centre, y + 6, y + row - 8, kGrid);
    out += text(width - 4, y + row / 2.0 + 4, b.value_text, "end", kInk,
                "font-weight=\"600\" style=\"font-variant-numeric:tabular-nums\"");
  }
  return out + "</svg>";
}

std::string svg_hbars(const std::vector<Bar>& bars, const std::string& title,
                      const std::string& legend_outer, const std::string& legend_inner) {
  const int width = 460, row = 34, label_w = 110, value_w = 86, legend_h = 26;
  const int height = static_cast<int>(bars.size()) * row + legend_h + 6;
  const double track = width - label_w - value_w;
  const double max = max_of(bars);
  std::string out = open_svg(width, height, title);
  out += fmt::format(
      "<rect x=\"{}\" y=\"4\" width=\"12\" height=\"12\" rx=\"2\" fill=\"#bfdbfe\"/>", label_w);
  out += text(label_w + 18, 14, legend_outer, "start", kMuted);
  out +=
      fmt::format("<rect x=\"{}\" y=\"4\" width=\"12\" height=\"12\" rx=\"2\" fill=\"#2563eb\"/>",
                  label_w + 120);
  out += text(label_w + 138, 14, legend_inner, "start", kMuted);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    double y = legend_h + static_cast<double>(i) * row;
    double w = max > 0 ? track * b.value / max : 0;
    double wi = max > 0 && b.inner > 0 ? track * b.inner / max : 0;
    out += text(label_w - 10, y + row / 2.0 + 4, b.label, "end", kInk);
    out += fmt::format("<line x1=\"{0}\" x2=\"{0}\" y1=\"{1:.1f}\" y2=\"{2:.1f}\" stroke=\"{3}\"/>",
                       label_w, y, y + row, kGrid);
    out += fmt::format(
        "<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" rx=\"3\" "
        "fill=\"#bfdbfe\"/>",
        label_w, y + 5, w, row - 10);
    if (wi > 0)
      out += fmt::format(
          "<rect x=\"{}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" rx=\"3\" "
          "fill=\"#2563eb\"/>",
          label_w, y + 5, std::max(wi, 2.0), row - 10);
    out += text(width - 4, y + row / 2.0 + 4, b.value_text, "end", kInk,
                "font-weight=\"600\" style=\"font-variant-numeric:tabular-nums\"");
  }
  return out + "</svg>";
}

std::string svg_columns(const std::vector<Bar>& bars, const std::string& title, const char* fill,
                        int width) {
  const int height = 220, top = 26, bottom = 44, left = 8;
  const double plot_h = height - top - bottom;
  const double slot = (width - 2.0 * left) / std::max<size_t>(bars.size(), 1);
  const double max = max_of(bars);
  std::string out = open_svg(width, height, title);
  double base = top + plot_h;
  out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\"/>", left,
                     width - left, base, base, kGrid);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    double x = left + slot * static_cast<double>(i);
    double h = max > 0 ? plot_h * b.value / max : 0;
    double bw = std::min(slot * 0.6, 64.0);
    double cx = x + slot / 2;
    if (b.value > 0) {
      out += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" "
          "rx=\"3\" fill=\"{}\"/>",
          cx - bw / 2, base - h, bw, h, fill);
      out += text(cx, base - h - 7, b.value_text, "middle", kInk,
                  "font-weight=\"600\" style=\"font-variant-numeric:tabular-nums\"");
    } else {
      out += text(cx, base - 7, "–", "middle", kMuted);
    }
    out += text(cx, base + 18, b.label, "middle", kInk);
    if (!b.note.empty()) out += text(cx, base + 34, b.note, "middle", kMuted, "font-size=\"11\"");
  }
  return out + "</svg>";
}

}  // namespace deals

#include "render/unreadable.hpp"

#include <fmt/format.h>

#include "core/text.hpp"
#include "render/json.hpp"
#include "render/report_svg.hpp"
#include "render/table.hpp"

namespace deals {
namespace {

std::string where(const Unreadable& u) {
  return u.line > 0 ? u.path + ":" + std::to_string(u.line) : u.path;
}

std::string heading(const std::vector<Unreadable>& files) {
  return fmt::format("COULD NOT READ ({})", files.size());
}

void problems_json(Json& j, const std::vector<Unreadable>& files) {
  j.begin_array();
  for (const auto& u : files) {
    j.begin_object().key("path").value(u.path).key("line");
    if (u.line > 0)
      j.value(u.line);
    else
      j.null();
    j.key("message").value(u.message).end_object();
  }
  j.end_array();
}

// Every line but the first indented by two more spaces (a value nested one level deeper).
std::string nest(const std::string& json) {
  std::string out;
  for (size_t i = 0; i < json.size(); ++i) {
    out += json[i];
    if (json[i] == '\n' && i + 1 < json.size()) out += "  ";
  }
  return out;
}

std::string strip_newline(std::string s) {
  while (!s.empty() && s.back() == '\n') s.pop_back();
  return s;
}

std::string id_of(const std::string& path) {
  std::string name = path.substr(path.rfind('/') + 1);
  return name.ends_with(".yaml") ? name.substr(0, name.size() - 5) : name;
}

// A top-level "unreadable" key first in a JSON object.
std::string add_to_object(std::string report, const std::vector<Unreadable>& files) {
  Json j;
  problems_json(j, files);
  size_t brace = report.find('{');
  if (brace == std::string::npos) return report;
  bool empty = report.find_first_not_of(" \n", brace + 1) == report.find('}', brace);
  std::string key = "\n  \"unreadable\": " + nest(strip_newline(j.str())) + (empty ? "\n" : ",");
  report.insert(brace + 1, key);
  return report;
}

// One element per file, with all of that file's problems, at the end of a JSON array.
std::string add_to_array(std::string report, const std::vector<Unreadable>& files) {
  if (files.empty()) return report;
  size_t close = report.rfind(']');
  if (close == std::string::npos) return report;
  std::string add;
  for (size_t i = 0; i < files.size();) {
    std::vector<Unreadable> same;
    size_t k = i;
    while (k < files.size() && files[k].path == files[i].path) same.push_back(files[k++]);
    Json j;
    j.begin_object().key("id").value(id_of(files[i].path)).key("unreadable");
    problems_json(j, same);
    j.end_object();
    add += "  " + nest(strip_newline(j.str()));
    i = k;
    if (i < files.size()) add += ",\n";
  }
  size_t open = report.find('[');
  bool empty = report.find_first_not_of(" \n", open + 1) == close;
  report.replace(open, close - open + 1,
                 empty ? "[\n" + add + "\n]"
                       : strip_newline(report.substr(open, close - open)) + ",\n" + add + "\n]");
  return report;
}

// A card after the page's header (or first in <main>, <body>, or the page).
std::string add_to_html(std::string report, const std::vector<Unreadable>& files) {
  std::string section =
      "<section class=\"card unreadable\"><h2>" + heading(files) +
      "</h2>\n<p>Left out of this report (see <code>deals check</code>):</p>\n<ul>\n";
  for (const auto& u : files)
    section +=
        "<li><code>" + html_escape(where(u)) + "</code>: " + html_escape(u.message) + "</li>\n";
  section += "</ul>\n</section>\n";
  for (const char* anchor : {"</header>\n", "<main>\n", "<body>\n"}) {
    size_t at = report.find(anchor);
    if (at != std::string::npos) return report.insert(at + std::string(anchor).size(), section);
  }
  return section + report;
}

}  // namespace

std::string add_unreadable(std::string report, const std::vector<Unreadable>& files,
                           UnreadableAs as, const Style& style) {
  if (as == UnreadableAs::json_object) return add_to_object(std::move(report), files);
  if (as == UnreadableAs::json_array) return add_to_array(std::move(report), files);
  if (files.empty()) return report;
  std::string section;
  if (as == UnreadableAs::text) {
    section = style.bold(style.red(heading(files))) + "  " +
              style.dim("left out of this report; see 'deals check'") + "\n";
    for (const auto& u : files) section += "  " + sanitize(where(u) + ": " + u.message) + "\n";
    return report.empty() ? section : report + "\n" + section;
  }
  if (as == UnreadableAs::md) {
    section = "## " + heading(files) + "\n\nLeft out of this report (see `deals check`):\n\n";
    for (const auto& u : files)
      section += "- `" + sanitize(where(u)) + "`: " + md_escape(sanitize(u.message)) + "\n";
    return report.empty() ? section : report + "\n" + section;
  }
  return add_to_html(std::move(report), files);
}

}  // namespace deals

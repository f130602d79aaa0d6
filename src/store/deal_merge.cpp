#include "store/deal_merge.hpp"

#include <algorithm>
#include <vector>

#include "store/deal_codec.hpp"
#include "store/deal_edit.hpp"

namespace deals {
namespace {

// The merged deal's bytes in OURS' layout: OURS' file edited where the merge changed it.
std::string render(std::string_view ours_bytes, const Deal& ours, const Deal& merged,
                   const Config& config) {
  return splice_deal(ours_bytes, ours, merged, config);
}

// Lines with their line ends.
std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    end = end == std::string::npos ? s.size() : end + 1;
    out.push_back(s.substr(start, end - start));
    start = end;
  }
  return out;
}

// Lines [begin, end) of the merged file replaced by OURS' and THEIRS' versions.
struct Region {
  size_t begin, end;
  std::vector<std::string> theirs;
};

// Where two renderings that differ in one field differ: the lines between their common
// prefix and their common suffix.
Region differing(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t p = 0;
  while (p < a.size() && p < b.size() && a[p] == b[p]) ++p;
  size_t s = 0;
  while (s < a.size() - p && s < b.size() - p && a[a.size() - 1 - s] == b[b.size() - 1 - s]) ++s;
  return {p, a.size() - s, std::vector<std::string>(b.begin() + p, b.end() - s)};
}

// A line that starts a top-level key (`next:`, `title: x`).
bool top_key(const std::string& line) {
  return !line.empty() && std::string_view(" \t#-\r\n").find(line[0]) == std::string_view::npos;
}

// Widens a region to whole top-level keys, so that a conflict in `next` shows both
// versions of the whole `next:` block, not just the line that differs inside it.
void widen(Region& r, const std::vector<std::string>& a, const std::vector<std::string>& b) {
  auto first = [&]() -> const std::string& { return r.begin < r.end ? a[r.begin] : b[r.begin]; };
  if (r.begin >= b.size() && r.begin >= r.end) return;
  size_t begin = r.begin;
  while (begin > 0 && !top_key(begin == r.begin ? first() : a[begin])) --begin;
  size_t end = r.end;
  while (end < a.size() && !top_key(a[end])) ++end;
  const size_t new_suffix = a.size() - end;
  r.theirs.assign(b.begin() + begin, b.end() - new_suffix);
  r.begin = begin;
  r.end = end;
}

// A line that starts a list entry (`  - {date: ...}`, `  - date: ...`).
bool entry_start(const std::string& line) {
  size_t indent = line.find_first_not_of(' ');
  return indent != std::string::npos && line.compare(indent, 2, "- ") == 0;
}

// Widens a region inside `history:` to whole entries (an entry written as a block mapping
// spans several lines), never past the list.
void widen_entries(Region& r, const std::vector<std::string>& a,
                   const std::vector<std::string>& b) {
  size_t begin = r.begin;
  while (begin > 0 && begin < r.end && !entry_start(a[begin]) && !top_key(a[begin])) --begin;
  size_t end = r.end;
  while (end < a.size() && !entry_start(a[end]) && !top_key(a[end])) ++end;
  if (begin == r.begin && end == r.end) return;
  const size_t new_suffix = a.size() - end;
  if (begin > b.size() || b.size() < new_suffix || b.size() - new_suffix < begin) return;
  r.theirs.assign(b.begin() + begin, b.end() - new_suffix);
  r.begin = begin;
  r.end = end;
}

std::string with_newline(std::string line) {
  if (line.empty() || line.back() != '\n') line += '\n';
  return line;
}

}  // namespace

std::string merged_file_bytes(std::string_view ours_bytes, const Deal& ours,
                              const MergeResult& merge, const Deal& theirs, const Config& config,
                              const MergeLabels& labels) {
  std::string merged = render(ours_bytes, ours, merge.deal, config);
  if (merge.conflicts.empty()) return merged;
  // A byte order mark stays first, before any marker.
  const std::string bom = "\xEF\xBB\xBF";
  auto without_bom = [&](std::string s) { return s.starts_with(bom) ? s.substr(3) : s; };
  const bool has_bom = merged.starts_with(bom);
  merged = without_bom(merged);
  std::vector<std::string> lines = lines_of(merged);
  // CRLF files get CRLF markers.
  const std::string eol = merged.find("\r\n") != std::string::npos ? "\r\n" : "\n";
  std::vector<Region> regions;
  for (const auto& field : merge.conflicts) {
    if (field == "stage" && merge.theirs_history) {
      // Both sides closed the deal (or one closed it and the other moved it since): the
      // stage line and the history entries are marked, so that keeping one side in both
      // gives a valid file. (Won on two days has no stage region, only the entries.)
      Deal with_theirs = merge.deal;
      with_theirs.stage = merge.theirs_history->back().stage;
      std::vector<std::string> other =
          lines_of(without_bom(render(ours_bytes, ours, with_theirs, config)));
      Region r = differing(lines, other);
      if (r.begin != r.end || !r.theirs.empty()) {
        widen(r, lines, other);
        regions.push_back(std::move(r));
      }
      with_theirs = merge.deal;
      with_theirs.history = *merge.theirs_history;
      other = lines_of(without_bom(render(ours_bytes, ours, with_theirs, config)));
      r = differing(lines, other);
      if (r.begin != r.end || !r.theirs.empty()) {
        widen_entries(r, lines, other);
        regions.push_back(std::move(r));
      }
      continue;
    }
    Deal with_theirs = merge.deal;
    take_field(with_theirs, theirs, field);
    std::vector<std::string> other =
        lines_of(without_bom(render(ours_bytes, ours, with_theirs, config)));
    Region r = differing(lines, other);
    if (r.begin == r.end && r.theirs.empty()) continue;
    if (field.find('.') == std::string::npos) widen(r, lines, other);
    regions.push_back(std::move(r));
  }
  std::sort(regions.begin(), regions.end(),
            [](const Region& a, const Region& b) { return a.begin < b.begin; });
  const size_t n = static_cast<size_t>(std::max(labels.marker_size, 7));
  std::string out = has_bom ? bom : "";
  size_t at = 0;
  for (const auto& r : regions) {
    if (r.begin < at) continue;  // overlaps the previous one (not expected): already shown
    for (; at < r.begin; ++at) out += lines[at];
    out += std::string(n, '<') + " " + labels.ours + eol;
    for (; at < r.end; ++at) out += with_newline(lines[at]);
    out += std::string(n, '=') + eol;
    for (const auto& l : r.theirs) out += with_newline(l);
    out += std::string(n, '>') + " " + labels.theirs + eol;
  }
  for (; at < lines.size(); ++at) out += lines[at];
  return out;
}

}  // namespace deals

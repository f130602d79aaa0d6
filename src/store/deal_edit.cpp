// Surgical writes: two deals are diffed field by field and the file's text is edited
// where each field sits (spans recorded by the YAML reader), never regenerated.
#include "store/deal_edit.hpp"

#include <algorithm>
#include <functional>
#include <vector>

#include "core/text.hpp"
#include "store/deal_codec.hpp"
#include "store/yaml.hpp"

namespace deals {
namespace {

using yaml::Node;
constexpr auto npos = std::string_view::npos;

/// One replacement of parsed-text bytes [begin, end) by `text`.
struct Edit {
  std::size_t begin, end;
  std::string text;
};

/// Thrown when the layout has no in-place edit for a change; the caller falls back.
struct Unsupported {};

/// A value as written after `key:`: `inline_text` when it fits on the key's line, and the
/// full text after the colon (leading space or newline, final newline).
struct Rendered {
  std::optional<std::string> inline_text;
  std::string after;
  /// For a block scalar: the same value double-quoted, for a place where a block would
  /// take the following lines into its text (indented comment lines; for `|+`, empty
  /// lines).
  std::string block_fallback;
};

Rendered on_line(std::string s) {
  Rendered r;
  r.after = " " + s + "\n";
  r.inline_text = std::move(s);
  return r;
}

/// One key of a mapping as it should be once edited.
struct Field {
  std::string key;
  int rank = 0;          // canonical position among its siblings
  bool present = false;  // in the new deal
  bool changed = false;  // differs from the old deal
  /// Renders the value for a key at column `col`, in the style of `old` (nullptr: new).
  std::function<Rendered(const Node* old, int col)> render;
  /// The value in flow form (inside a flow mapping).
  std::function<std::string()> flow;
  std::vector<Field> children;  // for mapping values edited key by key
  bool is_map = false;
  /// Lists: edits the entry itself (key and value may be absent from the file).
  std::function<void(const Node* key, const Node* value)> custom;
};

class Splicer {
 public:
  Splicer(std::string_view text, const Node& root, const Config& config)
      : t_(text), root_(root), config_(config) {
    detect_style();
  }
  void deal(const Deal& b, const Deal& a);
  std::vector<Edit> take() { return std::move(edits_); }

 private:
  // --- text positions
  std::size_t line_start(std::size_t off) const {
    if (off == 0) return 0;
    const std::size_t nl = t_.rfind('\n', off - 1);
    return nl == npos ? 0 : nl + 1;
  }
  std::size_t next_line(std::size_t off) const {
    const std::size_t nl = t_.find('\n', off);
    return nl == npos ? t_.size() : nl + 1;
  }
  int col(std::size_t off) const { return static_cast<int>(off - line_start(off)); }
  std::size_t colon_after(const Node& key) const {
    const std::size_t c = t_.find(':', key.end);
    if (c == npos) throw Unsupported{};
    return c + 1;
  }
  std::size_t entry_begin(const Node& k) const { return line_start(k.begin); }
  std::size_t entry_end(const Node& k, const Node& v) const {
    std::size_t end = next_line(std::max(k.end, v.end));
    if (is_block_scalar(v)) {  // `|+` keeps its trailing empty lines: they are its text
      const std::string_view header = t_.substr(v.begin, t_.find('\n', v.begin) - v.begin);
      if (header.find('+') != npos) {
        while (end < t_.size()) {
          const std::size_t nl = next_line(end);
          if (t_.substr(end, nl - end).find_first_not_of(" \n") != npos) break;
          end = nl;
        }
      }
    }
    return end;
  }
  bool is_flow(const Node& n) const {
    return n.end > n.begin && (t_[n.begin] == '{' || t_[n.begin] == '[');
  }
  bool is_block_scalar(const Node& n) const {
    return n.is_scalar() && n.end > n.begin && (t_[n.begin] == '|' || t_[n.begin] == '>');
  }
  bool one_line(const Node& n) const {
    return n.end > n.begin && t_.substr(n.begin, n.end - n.begin).find('\n') == npos;
  }
  static std::string pad(int n) { return std::string(static_cast<std::size_t>(n), ' '); }

  void edit(std::size_t begin, std::size_t end, std::string text) {
    edits_.push_back({begin, end, std::move(text)});
  }
  /// Inserts whole lines at a line start (or at the end, adding the missing line break).
  void insert_lines(std::size_t at, std::string text) {
    if (at == t_.size() && !t_.empty() && t_.back() != '\n') text.insert(0, "\n");
    edit(at, at, std::move(text));
  }

  // --- mappings
  void detect_style();
  static const std::pair<Node, Node>* find(const Node& map, std::string_view key);
  void apply(const Node& map, std::vector<Field>& fields);
  void apply_flow_map(const Node& value, const std::vector<Field>& fields);
  void replace_value(const Node& k, const Node& v, const Rendered& r);
  /// r.after, unless it is a block scalar that would take in the lines after `at` (for a
  /// key at column `key_col`).
  std::string block_safe(const Rendered& r, std::size_t at, int key_col) const {
    if (r.block_fallback.empty()) return r.after;
    const bool keep = r.after.starts_with(" |+");
    for (std::size_t i = at; i < t_.size(); i = next_line(i)) {
      const std::size_t nl = next_line(i);
      const std::string_view line = t_.substr(i, nl - i);
      const std::size_t first = line.find_first_not_of(' ');
      const int indent = static_cast<int>(first == npos ? line.size() : first);
      if (first == npos || line[first] == '\n') {  // an empty line, or only spaces
        if (keep || indent > key_col) return r.block_fallback;
        continue;
      }
      return indent > key_col ? r.block_fallback : r.after;
    }
    return r.after;
  }
  void insert_entry(const Node& map, const Field& f, const std::vector<Field>& fields);
  Rendered render_map(const std::vector<Field>& fields, int col) const;
  std::string flow_map(const std::vector<Field>& fields) const;

  // --- scalars in the style of the value they replace
  std::string styled(const std::string& s, const Node* old, bool raw) const;
  Field text_field(std::string key, const std::optional<std::string>& b,
                   const std::optional<std::string>& a, bool notes = false) const;
  Field raw_field(std::string key, const std::optional<std::string>& b,
                  const std::optional<std::string>& a) const;
  Field bool_field(std::string key, std::optional<bool> b, std::optional<bool> a) const;
  Field extra_field(const ExtraField* b, const ExtraField* a, int base_indent) const;
  void extras(std::vector<Field>& out, const std::vector<ExtraField>& b,
              const std::vector<ExtraField>& a, int base_indent, int rank0) const;

  // --- lists
  template <class E>
  Field list_field(std::string key, const std::vector<E>& b, const std::vector<E>& a);
  template <class E>
  void edit_list(const Node* k, const Node* v, const std::vector<E>& b, const std::vector<E>& a);
  Field tags_field(const std::vector<std::string>& b, const std::vector<std::string>& a);

  std::string_view t_;
  const Node& root_;
  const Config& config_;
  std::vector<Edit> edits_;
  int step_ = 2;                      // indentation of nested mappings
  std::string list_prefix_ = "  - ";  // text before a new list's first item, key at column 0
  bool list_flow_ = true;             // new lists: flow map per item
  int list_key_offset_ = 4;           // block-style items: column of keys after the prefix
  const Node* bool_example_ = nullptr;  // a BANT answer: new ones copy its word (yes/no, on/off)
};

// ---------------------------------------------------------------------------------------
// Entry rendering (history and log) as (key, value) pairs, in flow or block quoting.

using Pairs = std::vector<std::pair<std::string, std::string>>;

std::string q(const std::string& s, bool flow) {
  return flow ? yaml::quote_flow(s) : yaml::quote(s);
}

void add_extras(Pairs& p, const std::vector<ExtraField>& extra) {
  for (const auto& f : extra)
    p.emplace_back(yaml::quote_flow(f.key), f.yaml.empty() ? "null" : f.yaml);
}

Pairs pairs(const HistoryEntry& e, bool flow) {
  Pairs p{{"date", e.on.str()}, {"stage", q(e.stage, flow)}};
  if (e.note) p.emplace_back("note", q(*e.note, flow));
  if (e.reason) p.emplace_back("reason", q(*e.reason, flow));
  add_extras(p, e.extra);
  return p;
}

Pairs pairs(const LogEntry& e, bool flow) {
  Pairs p{{"date", e.on.str()}, {"kind", q(e.kind, flow)}};
  if (!e.note.empty()) p.emplace_back("note", q(e.note, flow));
  add_extras(p, e.extra);
  return p;
}

std::string flow_text(const Pairs& p, bool spaced) {
  std::string o = spaced ? "{ " : "{";
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (i) o += ", ";
    o += p[i].first + ": " + p[i].second;
  }
  return o + (spaced ? " }" : "}");
}

/// The lines of one list item: `prefix` holds the indentation and the dash.
std::string item_text(const Pairs& p, const std::string& prefix, bool flow, bool spaced,
                      int key_col) {
  if (flow) return prefix + flow_text(p, spaced) + "\n";
  std::string o;
  for (std::size_t i = 0; i < p.size(); ++i) {
    o += i == 0 ? prefix : std::string(static_cast<std::size_t>(key_col), ' ');
    o += p[i].first + ": " + p[i].second + "\n";
  }
  return o;
}

/// Re-indents text rendered for a key at `from` columns to one at `to` columns.
std::string reindent(const std::string& yaml, int from, int to) {
  if (from == to) return yaml;
  std::string o;
  std::size_t i = 0;
  bool first = true;
  while (i < yaml.size()) {
    const std::size_t nl = yaml.find('\n', i);
    const std::size_t e = nl == std::string::npos ? yaml.size() : nl + 1;
    std::string_view line(yaml.data() + i, e - i);
    if (!first && line != "\n") {
      if (to > from) {
        o.append(static_cast<std::size_t>(to - from), ' ');
      } else {
        const std::size_t drop =
            std::min<std::size_t>(static_cast<std::size_t>(from - to), line.find_first_not_of(' '));
        line.remove_prefix(drop);
      }
    }
    o += line;
    first = false;
    i = e;
  }
  return o;
}

// ---------------------------------------------------------------------------------------

void Splicer::detect_style() {
  if (!root_.is_map()) return;
  bool have_step = false, have_list = false;
  for (const auto& [k, v] : root_.entries) {
    if (k.scalar == "bant" && v.is_map() && !v.entries.empty()) {
      const Node& answer = v.entries.front().second;
      if (answer.is_scalar() && answer.plain && !answer.scalar.empty()) bool_example_ = &answer;
    }
    const int kc = col(k.begin);
    if (!have_step && v.is_map() && !is_flow(v) && !v.entries.empty() && col(v.begin) > kc) {
      step_ = col(v.begin) - kc;
      have_step = true;
    }
    if (!have_list && (k.scalar == "history" || k.scalar == "log") && v.is_seq() && !is_flow(v) &&
        !v.items.empty() && v.items.front().is_map()) {
      const Node& item = v.items.front();
      const std::size_t ls = line_start(item.begin);
      const std::string_view prefix = t_.substr(ls, item.begin - ls);
      if (prefix.find('-') != npos && col(item.begin) >= kc) {
        list_prefix_ = pad(static_cast<int>(prefix.find('-')) - kc) +
                       std::string(prefix.substr(prefix.find('-')));
        list_flow_ = t_[item.begin] == '{';
        list_key_offset_ = col(item.begin) - kc;
        have_list = true;
      }
    }
  }
}

const std::pair<Node, Node>* Splicer::find(const Node& map, std::string_view key) {
  for (const auto& e : map.entries) {
    if (e.first.scalar == key) return &e;
  }
  return nullptr;
}

std::string Splicer::styled(const std::string& s, const Node* old, bool raw) const {
  const char quote = old && old->is_scalar() && old->end > old->begin ? t_[old->begin] : 0;
  if (quote == '"') return raw ? "\"" + s + "\"" : yaml::quote_double(s);
  if (quote == '\'') {
    if (raw) return "'" + s + "'";
    const std::string canonical = yaml::quote(s);
    if (canonical.find('\\') == std::string::npos) {
      std::string o = "'";
      for (const char c : s) o += c == '\'' ? std::string("''") : std::string(1, c);
      return o + "'";
    }
    return canonical;
  }
  return raw ? s : yaml::quote(s);
}

Field Splicer::text_field(std::string key, const std::optional<std::string>& b,
                          const std::optional<std::string>& a, bool notes) const {
  Field f;
  f.key = std::move(key);
  f.present = a.has_value();
  f.changed = b != a;
  const std::string s = a.value_or("");
  f.render = [this, s, notes](const Node* old, int col) {
    if (notes && s.find('\n') != std::string::npos) {
      Rendered r;
      r.after = yaml::emit_string(s, col);
      if (r.after.starts_with(" |")) r.block_fallback = " " + yaml::quote_double(s) + "\n";
      if (r.after.front() == ' ' && r.after.find('\n') == r.after.size() - 1) {
        r.inline_text = r.after.substr(1, r.after.size() - 2);
      }
      return r;
    }
    if (old && is_block_scalar(*old)) old = nullptr;
    return on_line(styled(s, old, false));
  };
  f.flow = [s] { return yaml::quote_flow(s); };
  return f;
}

Field Splicer::raw_field(std::string key, const std::optional<std::string>& b,
                         const std::optional<std::string>& a) const {
  Field f;
  f.key = std::move(key);
  f.present = a.has_value();
  f.changed = b != a;
  const std::string s = a.value_or("");
  f.render = [this, s](const Node* old, int) {
    if (old && is_block_scalar(*old)) old = nullptr;
    return on_line(styled(s, old, true));
  };
  f.flow = [s] { return s; };
  return f;
}

/// BANT answers keep the word family and case of the answer they replace (yes/no, on/off).
Field Splicer::bool_field(std::string key, std::optional<bool> b, std::optional<bool> a) const {
  Field f;
  f.key = std::move(key);
  f.present = a.has_value();
  f.changed = b != a;
  const bool met = a.value_or(false);
  f.render = [this, met](const Node* old, int) {
    if (!old) old = bool_example_;
    std::string word = met ? "true" : "false";
    if (old && old->is_scalar() && old->plain && !old->scalar.empty()) {
      std::string lower;
      for (char c : old->scalar) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
      if (lower == "yes" || lower == "no") word = met ? "yes" : "no";
      if (lower == "on" || lower == "off") word = met ? "on" : "off";
      const bool upper = old->scalar.size() > 1 && old->scalar[0] >= 'A' && old->scalar[0] <= 'Z' &&
                         old->scalar[1] >= 'A' && old->scalar[1] <= 'Z';
      const bool title = old->scalar[0] >= 'A' && old->scalar[0] <= 'Z';
      for (std::size_t i = 0; i < word.size(); ++i) {
        if (upper || (title && i == 0)) word[i] = static_cast<char>(word[i] - 32);
      }
    }
    return on_line(word);
  };
  f.flow = [met] { return std::string(met ? "true" : "false"); };
  return f;
}

Field Splicer::extra_field(const ExtraField* b, const ExtraField* a, int base) const {
  Field f;
  f.key = (a ? a : b)->key;
  f.present = a != nullptr;
  f.changed = !(b && a && *b == *a);
  const std::string yaml = a ? a->yaml : "";
  f.render = [yaml, base](const Node*, int col) {
    Rendered r;
    r.after = yaml.empty() ? "\n" : reindent(yaml, base, col);
    if (r.after.back() != '\n') r.after += '\n';
    if (r.after.front() == ' ' && r.after.find('\n') == r.after.size() - 1) {
      r.inline_text = r.after.substr(1, r.after.size() - 2);
    }
    return r;
  };
  f.flow = []() -> std::string { throw Unsupported{}; };
  return f;
}

void Splicer::extras(std::vector<Field>& out, const std::vector<ExtraField>& b,
                     const std::vector<ExtraField>& a, int base, int rank0) const {
  auto find_in = [](const std::vector<ExtraField>& v, const std::string& key) -> const ExtraField* {
    for (const auto& f : v) {
      if (f.key == key) return &f;
    }
    return nullptr;
  };
  int rank = rank0;
  for (const auto& f : a) {
    Field x = extra_field(find_in(b, f.key), &f, base);
    x.rank = rank++;
    out.push_back(std::move(x));
  }
  for (const auto& f : b) {
    if (!find_in(a, f.key)) {
      Field x = extra_field(&f, nullptr, base);
      x.rank = rank0 + 1000;
      out.push_back(std::move(x));
    }
  }
}

Rendered Splicer::render_map(const std::vector<Field>& fields, int col) const {
  Rendered r;
  r.after = "\n";
  const int inner = col + step_;
  for (const auto& f : fields) {
    if (!f.present) continue;
    r.after += pad(inner) + yaml::quote(f.key) + ":";
    if (f.is_map) {
      r.after += render_map(f.children, inner).after;
    } else {
      r.after += f.render(nullptr, inner).after;
    }
  }
  return r;
}

std::string Splicer::flow_map(const std::vector<Field>& fields) const {
  std::string o = "{";
  for (const auto& f : fields) {
    if (!f.present) continue;
    if (o.size() > 1) o += ", ";
    o += yaml::quote_flow(f.key) + ": " + (f.is_map ? flow_map(f.children) : f.flow());
  }
  return o + "}";
}

void Splicer::replace_value(const Node& k, const Node& v, const Rendered& r) {
  if (r.inline_text && v.is_scalar() && !is_block_scalar(v) && one_line(v) &&
      line_start(v.begin) == line_start(k.begin)) {
    return edit(v.begin, v.end, *r.inline_text);
  }
  if (r.inline_text && v.begin == v.end) return edit(v.begin, v.end, " " + *r.inline_text);
  const std::size_t from = colon_after(k);
  const std::size_t to = entry_end(k, v);
  std::string text = block_safe(r, to, col(k.begin));
  // A file without a final line break keeps lacking it, unless a block scalar ends there
  // (its last line break is part of its text).
  const bool block = text.starts_with(" |") || text.starts_with(" >");
  if (to == t_.size() && (t_.empty() || t_.back() != '\n') && !block) text.pop_back();
  edit(from, to, std::move(text));
}

void Splicer::insert_entry(const Node& map, const Field& f, const std::vector<Field>& fields) {
  auto rank_of = [&](std::string_view key) {
    for (const auto& x : fields) {
      if (x.key == key) return x.rank;
    }
    return 100000;  // a key the new deal does not have (an empty optional one)
  };
  // After the last key (in file order) that the canonical order puts before it.
  const std::pair<Node, Node>* after = nullptr;
  for (const auto& e : map.entries) {
    if (rank_of(e.first.scalar) < f.rank) after = &e;
  }
  const int kc = col(map.entries.front().first.begin);
  const std::size_t at =
      after ? entry_end(after->first, after->second) : line_start(map.entries.front().first.begin);
  std::string text = pad(kc) + yaml::quote(f.key) + ":";
  text += f.is_map ? render_map(f.children, kc).after : block_safe(f.render(nullptr, kc), at, kc);
  insert_lines(at, std::move(text));
}

void Splicer::apply_flow_map(const Node& v, const std::vector<Field>& fields) {
  // Changed scalars are replaced where they stand; a key added or removed rewrites the
  // mapping (in flow form, on one line).
  std::vector<Edit> in_place;
  for (const auto& f : fields) {
    if (!f.changed) continue;
    const auto* entry = find(v, f.key);
    if (!f.present || !entry || f.is_map || !entry->second.is_scalar() ||
        entry->second.begin == entry->second.end) {
      return edit(v.begin, v.end, flow_map(fields));
    }
    const Node& old = entry->second;
    const Rendered r = f.render(&old, 0);
    const bool word = r.inline_text && r.inline_text->find_first_of(",:{}[]#\"'") == npos;
    in_place.push_back({old.begin, old.end, word ? *r.inline_text : f.flow()});
  }
  for (auto& e : in_place) edits_.push_back(std::move(e));
}

void Splicer::apply(const Node& map, std::vector<Field>& fields) {
  if (!map.is_map() || map.entries.empty() || is_flow(map)) throw Unsupported{};
  // The first key of a mapping that is not at the start of its line (an item of a
  // block list, `--- key: value`) has no line of its own.
  const Node& first = map.entries.front().first;
  if (t_.substr(line_start(first.begin), first.begin - line_start(first.begin))
          .find_first_not_of(' ') != npos) {
    throw Unsupported{};
  }
  for (auto& f : fields) {
    if (!f.changed) continue;
    const auto* entry = find(map, f.key);
    if (f.custom) {
      f.custom(entry ? &entry->first : nullptr, entry ? &entry->second : nullptr);
      continue;
    }
    if (!f.present) {
      if (entry) edit(entry_begin(entry->first), entry_end(entry->first, entry->second), "");
      continue;
    }
    if (!entry) {
      insert_entry(map, f, fields);
      continue;
    }
    const Node& k = entry->first;
    const Node& v = entry->second;
    if (f.is_map && v.is_map() && !v.entries.empty()) {
      if (is_flow(v)) {
        apply_flow_map(v, f.children);
      } else {
        apply(v, f.children);
      }
      continue;
    }
    replace_value(k, v,
                  f.is_map ? render_map(f.children, col(k.begin)) : f.render(&v, col(k.begin)));
  }
}

// ---------------------------------------------------------------------------------------
// Lists

/// For each item of `a`, the index of the item of `b` it keeps (or -1): a longest common
/// subsequence, so inserted, removed and changed entries touch only their own lines.
template <class E>
std::vector<int> align(const std::vector<E>& b, const std::vector<E>& a) {
  const std::size_t n = b.size(), m = a.size();
  std::vector<int> match(m, -1);
  std::size_t pre = 0;
  while (pre < n && pre < m && b[pre] == a[pre]) match[pre] = static_cast<int>(pre), ++pre;
  std::size_t suf = 0;
  while (suf < n - pre && suf < m - pre && b[n - 1 - suf] == a[m - 1 - suf]) {
    match[m - 1 - suf] = static_cast<int>(n - 1 - suf);
    ++suf;
  }
  const std::size_t bn = n - pre - suf, am = m - pre - suf;
  if (bn == 0 || am == 0 || bn * am > 250000) return match;
  std::vector<std::vector<int>> L(bn + 1, std::vector<int>(am + 1, 0));
  for (std::size_t i = bn; i-- > 0;) {
    for (std::size_t j = am; j-- > 0;) {
      L[i][j] = b[pre + i] == a[pre + j] ? L[i + 1][j + 1] + 1 : std::max(L[i + 1][j], L[i][j + 1]);
    }
  }
  for (std::size_t i = 0, j = 0; i < bn && j < am;) {
    if (b[pre + i] == a[pre + j]) {
      match[pre + j] = static_cast<int>(pre + i);
      ++i, ++j;
    } else if (L[i + 1][j] >= L[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return match;
}

template <class E>
Field Splicer::list_field(std::string key, const std::vector<E>& b, const std::vector<E>& a) {
  Field f;
  f.key = std::move(key);
  f.present = !a.empty();
  f.changed = b != a;
  f.custom = [this, &b, &a](const Node* k, const Node* v) { edit_list(k, v, b, a); };
  return f;
}

template <class E>
void Splicer::edit_list(const Node* k, const Node* v, const std::vector<E>& b,
                        const std::vector<E>& a) {
  if (a.empty()) {
    if (k) edit(entry_begin(*k), entry_end(*k, *v), "");
    return;
  }
  auto new_items = [&](int key_col) {
    std::string o;
    const std::string prefix = pad(key_col) + list_prefix_;
    const int key_at = key_col + list_key_offset_;
    for (const auto& e : a) o += item_text(pairs(e, list_flow_), prefix, list_flow_, false, key_at);
    return o;
  };
  if (!k) throw Unsupported{};  // a new list key goes through insert_entry (see deal())
  if (!v->is_seq()) {           // `log:` with no value (or null)
    const std::string items = new_items(col(k->begin));
    if (v->begin == v->end) return insert_lines(entry_end(*k, *v), items);
    return replace_value(*k, *v, Rendered{std::nullopt, "\n" + items, {}});
  }
  if (is_flow(*v)) {  // `[{...}, {...}]`: the list is rewritten in flow form
    std::string o = "[";
    for (std::size_t i = 0; i < a.size(); ++i)
      o += (i ? ", " : "") + flow_text(pairs(a[i], true), false);
    return edit(v->begin, v->end, o + "]");
  }
  const std::vector<int> match = align(b, a);
  const auto& items = v->items;
  if (items.size() != b.size()) throw Unsupported{};
  std::vector<char> kept(b.size(), 0);
  for (const int m : match) {
    if (m >= 0) kept[static_cast<std::size_t>(m)] = 1;
  }
  auto item_begin = [&](std::size_t i) { return line_start(items[i].begin); };
  auto item_end = [&](std::size_t i) { return next_line(items[i].end); };
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (!kept[i]) edit(item_begin(i), item_end(i), "");
  }
  int prev = -1;  // the last kept old item before the current new one
  for (std::size_t j = 0; j < a.size(); ++j) {
    if (match[j] >= 0) {
      prev = match[j];
      continue;
    }
    // The neighbour whose style the new item takes: the item before it, else the first.
    const Node& like = items[prev >= 0 ? static_cast<std::size_t>(prev) : 0];
    const std::size_t ls = line_start(like.begin);
    const std::string prefix(t_.substr(ls, like.begin - ls));
    if (prefix.find('-') == npos || prefix.find_first_not_of(" -") != npos) throw Unsupported{};
    const bool flow = like.is_map() && t_[like.begin] == '{';
    if (!like.is_map()) throw Unsupported{};
    const bool spaced = flow && like.begin + 1 < t_.size() && t_[like.begin + 1] == ' ';
    const std::size_t at = prev >= 0 ? item_end(static_cast<std::size_t>(prev)) : item_begin(0);
    insert_lines(at, item_text(pairs(a[j], flow), prefix, flow, spaced, col(like.begin)));
  }
}

Field Splicer::tags_field(const std::vector<std::string>& b, const std::vector<std::string>& a) {
  Field f;
  f.key = "tags";
  f.present = !a.empty();
  f.changed = b != a;
  auto flow = [a] {
    std::string o = "[";
    for (std::size_t i = 0; i < a.size(); ++i) o += (i ? ", " : "") + yaml::quote_flow(a[i]);
    return o + "]";
  };
  f.flow = flow;
  f.render = [this, a, flow](const Node* old, int) {
    if (old && old->is_seq() && !is_flow(*old) && !old->items.empty()) {
      const Node& first = old->items.front();
      const std::size_t ls = line_start(first.begin);
      const std::string prefix(t_.substr(ls, first.begin - ls));
      if (prefix.find('-') != npos && prefix.find_first_not_of(" -") == npos) {
        Rendered r;
        r.after = "\n";
        for (const auto& tag : a) r.after += prefix + yaml::quote(tag) + "\n";
        return r;
      }
    }
    return on_line(flow());
  };
  return f;
}

void Splicer::deal(const Deal& b, const Deal& a) {
  std::vector<Field> top;
  auto add = [&](Field f) {
    f.rank = static_cast<int>(top.size());
    top.push_back(std::move(f));
  };
  add(text_field("title", b.title, a.title));
  add(text_field("company", b.company, a.company));
  {
    Field c;
    c.key = "contact";
    c.is_map = true;
    c.present = !a.contact.empty();
    c.changed = b.contact != a.contact;
    const Contact &cb = b.contact, &ca = a.contact;
    c.children.push_back(text_field("name", cb.name, ca.name));
    c.children.push_back(text_field("email", cb.email, ca.email));
    c.children.push_back(text_field("phone", cb.phone, ca.phone));
    for (int i = 0; i < 3; ++i) c.children[static_cast<std::size_t>(i)].rank = i;
    extras(c.children, cb.extra, ca.extra, 2, 100);
    add(std::move(c));
  }
  add(text_field("source", b.source, a.source));
  auto num = [](const std::optional<double>& x) {
    return x ? std::optional<std::string>(format_number(*x)) : std::nullopt;
  };
  add(raw_field("value", num(b.value), num(a.value)));
  {
    auto cur = [&](const std::optional<std::string>& c) {
      return c && *c != config_.currency ? c : std::nullopt;
    };
    add(text_field("currency", cur(b.currency), cur(a.currency)));
  }
  add(text_field("stage", b.stage, a.stage));
  add(raw_field("probability", num(b.probability), num(a.probability)));
  add(raw_field("created", b.created.str(), a.created.str()));
  auto date = [](const std::optional<Date>& d) {
    return d ? std::optional<std::string>(d->str()) : std::nullopt;
  };
  add(raw_field("expected_close", date(b.expected_close), date(a.expected_close)));
  add(tags_field(b.tags, a.tags));
  {
    Field f;
    f.key = "bant";
    f.is_map = true;
    f.present = !a.bant.empty();
    f.changed = b.bant != a.bant;
    int rank = 0;
    std::vector<std::string> names;
    for (const auto& x : a.bant.answers) names.push_back(x.name);
    for (const auto& x : b.bant.answers) {
      if (std::find(names.begin(), names.end(), x.name) == names.end()) names.push_back(x.name);
    }
    for (const auto& name : names) {
      Field x = bool_field(name, b.bant.get(name), a.bant.get(name));
      x.rank = rank++;
      f.children.push_back(std::move(x));
    }
    Field note = text_field("note", b.bant.note, a.bant.note);
    note.rank = 90;
    f.children.push_back(std::move(note));
    extras(f.children, b.bant.extra, a.bant.extra, 2, 100);
    add(std::move(f));
  }
  {
    Field f;
    f.key = "next";
    f.is_map = true;
    f.present = a.next.has_value();
    f.changed = b.next != a.next;
    const NextAction none;
    const NextAction& nb = b.next ? *b.next : none;
    const NextAction& na = a.next ? *a.next : none;
    auto opt = [](const NextAction* n, const std::string& s) {
      return n ? std::optional<std::string>(s) : std::nullopt;
    };
    f.children.push_back(text_field("action", opt(b.next ? &nb : nullptr, nb.action),
                                    opt(a.next ? &na : nullptr, na.action)));
    f.children.push_back(raw_field("due", date(nb.due), date(na.due)));
    f.children[0].rank = 0;
    f.children[1].rank = 1;
    extras(f.children, nb.extra, na.extra, 2, 100);
    add(std::move(f));
  }
  add(list_field("history", b.history, a.history));
  add(list_field("log", b.log, a.log));
  add(text_field("notes", b.notes, a.notes, true));
  extras(top, b.extra, a.extra, 0, 100);

  // A list key the file lacks is inserted like any new key, its items in the style of
  // the file's other list.
  for (auto& f : top) {
    if (!f.custom || !f.changed || !f.present || find(root_, f.key)) continue;
    const bool history = f.key == "history";
    f.custom = nullptr;
    f.render = [this, history, &a](const Node*, int key_col) {
      Rendered r;
      r.after = "\n";
      const std::string prefix = pad(key_col) + list_prefix_;
      const int key_at = key_col + list_key_offset_;
      if (history) {
        for (const auto& e : a.history)
          r.after += item_text(pairs(e, list_flow_), prefix, list_flow_, false, key_at);
      } else {
        for (const auto& e : a.log)
          r.after += item_text(pairs(e, list_flow_), prefix, list_flow_, false, key_at);
      }
      return r;
    };
  }
  apply(root_, top);
}

/// Applies edits (parsed-text offsets) to the original bytes, which may have a BOM and
/// CRLF line ends: offsets are mapped past the BOM and the removed CRs, new text gets
/// the file's line ends.
std::string apply_edits(std::string_view original, std::vector<Edit> edits) {
  std::stable_sort(edits.begin(), edits.end(), [](const Edit& x, const Edit& y) {
    return x.begin != y.begin ? x.begin < y.begin : (x.end - x.begin) < (y.end - y.begin);
  });
  for (std::size_t i = 1; i < edits.size(); ++i) {
    if (edits[i].begin < edits[i - 1].end) throw Unsupported{};
  }
  std::size_t o = 0;
  if (original.size() >= 3 && original.compare(0, 3, "\xEF\xBB\xBF") == 0) o = 3;
  const bool crlf = original.find("\r\n") != npos;
  std::size_t k = 0;  // parsed-text offset matching original offset o
  auto advance = [&](std::size_t target) {
    while (k < target) {
      if (original[o] == '\r') {
        ++o;
        continue;
      }
      ++o;
      ++k;
    }
  };
  std::string out;
  out.reserve(original.size() + 256);
  std::size_t copied = 0;
  for (const Edit& e : edits) {
    advance(e.begin);
    out.append(original.data() + copied, o - copied);
    advance(e.end);
    copied = o;
    if (crlf) {
      for (const char c : e.text) {
        if (c == '\n') out += '\r';
        out += c;
      }
    } else {
      out += e.text;
    }
  }
  out.append(original.data() + copied, original.size() - copied);
  return out;
}

}  // namespace

std::optional<std::string> try_splice_deal(std::string_view old_bytes, const Deal& before,
                                           const Deal& after, const Config& config) {
  if (before == after) return std::string(old_bytes);
  yaml::Node root;
  yaml::ParseError error;
  if (!yaml::parse(old_bytes, root, error)) return std::nullopt;
  std::string buf;
  const std::string_view text = yaml::parsed_text(old_bytes, buf);
  try {
    Splicer s(text, root, config);
    s.deal(before, after);
    return apply_edits(old_bytes, s.take());
  } catch (const Unsupported&) {
    return std::nullopt;
  }
}

std::string splice_deal(std::string_view old_bytes, const Deal& before, const Deal& after,
                        const Config& config) {
  if (auto spliced = try_splice_deal(old_bytes, before, after, config)) return std::move(*spliced);
  return encode_deal(after, config);
}

}  // namespace deals

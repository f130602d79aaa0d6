// The splicing writer: mappings and scalars, edited key by key in the file's own style.
#include <algorithm>

#include "store/deal_edit_splicer.hpp"

namespace deals::splice_detail {

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
  if (r.inline_text && is_flow(v) && one_line(v) && line_start(v.begin) == line_start(k.begin) &&
      r.inline_text->starts_with(t_[v.begin]) && r.inline_text->find('#') == npos) {
    // `[a, b]` on the key's line: a comment after it stays
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

bool Splicer::edit_flow_children(const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                                 const std::vector<char>& keep,
                                 const std::vector<FlowInsert>& inserts) {
  const std::size_t n = spans.size();
  std::size_t first_kept = n, last_kept = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (!keep[i]) continue;
    if (first_kept == n) first_kept = i;
    last_kept = i;
  }
  if (first_kept == n) return false;
  // The text between two children as the collection writes it (`, `, `,\n    `), if it
  // is only a comma and white space.
  auto between = [&](std::size_t i) -> std::optional<std::string> {
    if (i + 1 >= n) return std::nullopt;
    const std::string_view s = t_.substr(spans[i].second, spans[i + 1].first - spans[i].second);
    if (std::count(s.begin(), s.end(), ',') != 1 || s.find_first_not_of(", \n") != npos) {
      return std::nullopt;
    }
    return std::string(s);
  };
  auto separator = [&](std::size_t i) {
    if (auto s = between(i)) return *s;
    if (i > 0) {
      if (auto s = between(i - 1)) return *s;
    }
    return std::string(", ");
  };
  for (std::size_t i = 0; i < n; ++i) {
    if (keep[i]) continue;
    if (i < last_kept) {
      edit(spans[i].first, spans[i + 1].first, "");  // the child and the separator after it
    } else {
      // A removed run at the end goes with the separator before it.
      edit(spans[last_kept].second, spans[n - 1].second, "");
      break;
    }
  }
  for (const auto& ins : inserts) {
    if (ins.after < 0) {
      edit(spans[first_kept].first, spans[first_kept].first, ins.text + separator(first_kept));
    } else {
      const auto p = static_cast<std::size_t>(ins.after);
      edit(spans[p].second, spans[p].second, separator(p) + ins.text);
    }
  }
  return true;
}

void Splicer::apply_flow_map(const Node& v, const std::vector<Field>& fields) {
  // Key by key, as in a block mapping: a changed value is replaced where it stands, a
  // removed key goes with its separator, a new key is inserted where the canonical order
  // puts it among the keys the mapping keeps. The other keys keep their text (`yes`,
  // quotes and all).
  auto rank_of = [&](std::string_view key) {
    for (const auto& x : fields) {
      if (x.key == key) return x.rank;
    }
    return 100000;
  };
  // A value as written inside the mapping: as it would be in a block mapping when it is
  // a plain word (a BANT answer keeps its yes/on family) or quoted (a quoted value stays
  // quoted), else in flow form.
  auto flow_value = [](const Field& f, const Node* old) {
    const Rendered r = f.render(old, 0);
    const bool fits = r.inline_text && !r.inline_text->empty() &&
                      (r.inline_text->front() == '"' || r.inline_text->front() == '\'' ||
                       r.inline_text->find_first_of(",:{}[]#\"'") == npos);
    return fits ? *r.inline_text : f.flow();
  };
  const auto& entries = v.entries;
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (const auto& [k, val] : entries) spans.emplace_back(k.begin, std::max(val.end, k.end));
  std::vector<char> keep(entries.size(), 1);
  std::vector<Edit> in_place;
  std::vector<FlowInsert> inserts;
  std::vector<std::pair<int, const Field*>> added;
  for (const auto& f : fields) {
    if (!f.changed) continue;
    const auto* entry = find(v, f.key);
    const auto i = entry ? static_cast<std::size_t>(entry - entries.data()) : 0;
    if (!f.present) {
      if (entry) keep[i] = 0;
      continue;
    }
    if (f.is_map) throw Unsupported{};  // no nested mapping in contact, bant or next
    if (!entry) {
      added.emplace_back(f.rank, &f);
      continue;
    }
    const Node& old = entry->second;
    if (old.is_scalar() && old.end > old.begin) {
      in_place.push_back({old.begin, old.end, flow_value(f, &old)});
    } else {  // `key:` with no value, or a collection: the entry is written anew
      in_place.push_back({spans[i].first, spans[i].second,
                          yaml::quote_flow(f.key) + ": " + flow_value(f, nullptr)});
    }
  }
  for (const auto& [rank, f] : added) {
    int after = -1;  // the last kept key (in file order) that the canonical order puts before
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (keep[i] && rank_of(entries[i].first.scalar) < rank) after = static_cast<int>(i);
    }
    inserts.push_back({after, yaml::quote_flow(f->key) + ": " + flow_value(*f, nullptr)});
  }
  if (!edit_flow_children(spans, keep, inserts)) return edit(v.begin, v.end, flow_map(fields));
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
    if (f.is_map && v.is_map() && is_flow(v)) {
      // `bant: {}` becomes a block mapping, as a new key would; a comment after the `{}`
      // stays on the key's line.
      edit(colon_after(k), v.end, "");
      insert_lines(entry_end(k, v), render_map(f.children, col(k.begin)).after.substr(1));
      continue;
    }
    replace_value(k, v,
                  f.is_map ? render_map(f.children, col(k.begin)) : f.render(&v, col(k.begin)));
  }
}

}  // namespace deals::splice_detail

// Surgical writes: two deals are diffed field by field and the file's text is edited
// where each field sits (spans recorded by the YAML reader), never regenerated. The
// deal's fields and its lists are here; mappings and scalars in deal_edit_map.cpp.
#include "store/deal_edit.hpp"

#include <algorithm>
#include <functional>
#include <vector>

#include "core/text.hpp"
#include "store/deal_codec.hpp"
#include "store/deal_edit_splicer.hpp"
#include "store/yaml.hpp"

namespace deals {
namespace splice_detail {
namespace {

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

}  // namespace

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
  if (is_flow(*v) && v->items.empty()) {
    // `log: []` (by hand, or from yq) becomes a block list, one line per entry, as a new
    // `log:` key would: the `[]` goes, a comment after it stays on the key's line.
    edit(colon_after(*k), v->end, "");
    return insert_lines(entry_end(*k, *v), new_items(col(k->begin)));
  }
  const std::vector<int> match = align(b, a);
  const auto& items = v->items;
  if (items.size() != b.size()) throw Unsupported{};
  if (is_flow(*v)) {
    // `[{...}, {...}]` the user wrote stays a flow list: kept entries keep their text, a
    // new entry is inserted after the one before it (same separator, same `{ }` spacing),
    // a removed one goes with its separator.
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::vector<char> kept(b.size(), 0);
    for (const auto& item : items) spans.emplace_back(item.begin, item.end);
    for (const int m : match) {
      if (m >= 0) kept[static_cast<std::size_t>(m)] = 1;
    }
    std::vector<FlowInsert> inserts;
    int prev = -1;
    for (std::size_t j = 0; j < a.size(); ++j) {
      if (match[j] >= 0) {
        prev = match[j];
        continue;
      }
      const Node& like = items[prev >= 0 ? static_cast<std::size_t>(prev) : 0];
      const bool spaced = like.is_map() && t_[like.begin] == '{' && like.begin + 1 < t_.size() &&
                          t_[like.begin + 1] == ' ';
      inserts.push_back({prev, flow_text(pairs(a[j], true), spaced)});
    }
    if (edit_flow_children(spans, kept, inserts)) return;
    std::string o = "[";  // no entry kept: the list is written anew, in flow form
    for (std::size_t i = 0; i < a.size(); ++i)
      o += (i ? ", " : "") + flow_text(pairs(a[i], true), false);
    return edit(v->begin, v->end, o + "]");
  }
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
  f.render = [this, &b, a, flow](const Node* old, int) {
    if (old && old->is_seq() && is_flow(*old) && old->items.size() == b.size()) {
      // `[web, "retainer"]`: the tags kept keep their text.
      const std::vector<int> match = align(b, a);
      std::string o = "[";
      for (std::size_t j = 0; j < a.size(); ++j) {
        const Node* item =
            match[j] >= 0 ? &old->items[static_cast<std::size_t>(match[j])] : nullptr;
        o += j ? ", " : "";
        o += item ? std::string(t_.substr(item->begin, item->end - item->begin))
                  : yaml::quote_flow(a[j]);
      }
      return on_line(o + "]");
    }
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

namespace {

std::optional<std::string> date_text(const std::optional<Date>& d) {
  return d ? std::optional<std::string>(d->str()) : std::nullopt;
}

}  // namespace

Field Splicer::contact_field(const Contact& cb, const Contact& ca) const {
  Field c;
  c.key = "contact";
  c.is_map = true;
  c.present = !ca.empty();
  c.changed = cb != ca;
  c.children.push_back(text_field("name", cb.name, ca.name));
  c.children.push_back(text_field("email", cb.email, ca.email));
  c.children.push_back(text_field("phone", cb.phone, ca.phone));
  for (int i = 0; i < 3; ++i) c.children[static_cast<std::size_t>(i)].rank = i;
  extras(c.children, cb.extra, ca.extra, 2, 100);
  return c;
}

Field Splicer::bant_field(const Bant& b, const Bant& a) const {
  Field f;
  f.key = "bant";
  f.is_map = true;
  f.present = !a.empty();
  f.changed = b != a;
  int rank = 0;
  std::vector<std::string> names;
  for (const auto& x : a.answers) names.push_back(x.name);
  for (const auto& x : b.answers) {
    if (std::find(names.begin(), names.end(), x.name) == names.end()) names.push_back(x.name);
  }
  for (const auto& name : names) {
    Field x = bool_field(name, b.get(name), a.get(name));
    x.rank = rank++;
    f.children.push_back(std::move(x));
  }
  Field note = text_field("note", b.note, a.note);
  note.rank = 90;
  f.children.push_back(std::move(note));
  extras(f.children, b.extra, a.extra, 2, 100);
  return f;
}

Field Splicer::next_field(const std::optional<NextAction>& b,
                          const std::optional<NextAction>& a) const {
  Field f;
  f.key = "next";
  f.is_map = true;
  f.present = a.has_value();
  f.changed = b != a;
  const NextAction none;
  const NextAction& nb = b ? *b : none;
  const NextAction& na = a ? *a : none;
  auto opt = [](const NextAction* n, const std::string& s) {
    return n ? std::optional<std::string>(s) : std::nullopt;
  };
  f.children.push_back(
      text_field("action", opt(b ? &nb : nullptr, nb.action), opt(a ? &na : nullptr, na.action)));
  f.children.push_back(raw_field("due", date_text(nb.due), date_text(na.due)));
  f.children[0].rank = 0;
  f.children[1].rank = 1;
  extras(f.children, nb.extra, na.extra, 2, 100);
  return f;
}

// A list key the file lacks is inserted like any new key, its items in the style of the
// file's other list.
void Splicer::render_new_lists(std::vector<Field>& top, const Deal& a) {
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
}

void Splicer::deal(const Deal& b, const Deal& a) {
  std::vector<Field> top;
  auto add = [&](Field f) {
    f.rank = static_cast<int>(top.size());
    top.push_back(std::move(f));
  };
  add(text_field("title", b.title, a.title));
  add(text_field("company", b.company, a.company));
  add(contact_field(b.contact, a.contact));
  add(text_field("source", b.source, a.source));
  auto num = [](const std::optional<double>& x) {
    return x ? std::optional<std::string>(format_number(*x)) : std::nullopt;
  };
  add(raw_field("value", num(b.value), num(a.value)));
  auto cur = [&](const std::optional<std::string>& c) {
    return c && *c != config_.currency ? c : std::nullopt;
  };
  add(text_field("currency", cur(b.currency), cur(a.currency)));
  add(text_field("stage", b.stage, a.stage));
  add(raw_field("probability", num(b.probability), num(a.probability)));
  add(raw_field("created", b.created.str(), a.created.str()));
  add(raw_field("expected_close", date_text(b.expected_close), date_text(a.expected_close)));
  add(tags_field(b.tags, a.tags));
  add(bant_field(b.bant, a.bant));
  add(next_field(b.next, a.next));
  add(list_field("history", b.history, a.history));
  add(list_field("log", b.log, a.log));
  add(text_field("notes", b.notes, a.notes, true));
  extras(top, b.extra, a.extra, 0, 100);
  render_new_lists(top, a);
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

}  // namespace splice_detail

using splice_detail::apply_edits;
using splice_detail::Splicer;
using splice_detail::Unsupported;

std::optional<std::string> try_splice_deal(std::string_view old_bytes, const Deal& before,
                                           const Deal& after, const Config& config) {
  if (before == after) return std::string(old_bytes);
  if (!old_bytes.empty() && old_bytes.back() != '\n') {
    // An edit may have to end the file's last line. Where that changes the last value (a
    // block scalar that keeps its final line break), there is no in-place edit.
    Deal as_is, ended;
    std::vector<Problem> problems;
    decode_deal(old_bytes, after.id, "deals/x.yaml", config, as_is, problems);
    decode_deal(std::string(old_bytes) + "\n", after.id, "deals/x.yaml", config, ended, problems);
    if (!(as_is == ended)) return std::nullopt;
  }
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

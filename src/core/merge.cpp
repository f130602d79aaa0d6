#include "core/merge.hpp"

#include <algorithm>
#include <functional>

#include "core/derive.hpp"
#include "core/new_deal.hpp"
#include "core/stage.hpp"

namespace deals {
namespace {

// One mergeable field: how to three-way merge it into `out`, and how to copy it.
struct Field {
  std::string name;
  // Returns false on a conflict (out then keeps OURS' value).
  std::function<bool(const Deal& b, const Deal& o, const Deal& t, Deal& out)> merge;
  std::function<void(Deal& into, const Deal& from)> take;
};

template <class T>
bool three_way(const T& b, const T& o, const T& t, T& out) {
  if (o == t || t == b) {
    out = o;
    return true;
  }
  if (o == b) {
    out = t;
    return true;
  }
  out = o;
  return false;
}

// A field reached through `get`, a generic lambda returning a reference into a Deal.
template <class Get>
Field simple(std::string name, Get get) {
  Field f;
  f.name = std::move(name);
  f.merge = [get](const Deal& b, const Deal& o, const Deal& t, Deal& out) {
    return three_way(get(b), get(o), get(t), get(out));
  };
  f.take = [get](Deal& into, const Deal& from) { get(into) = get(from); };
  return f;
}

const ExtraField* find_extra(const std::vector<ExtraField>& v, const std::string& key) {
  for (const auto& e : v)
    if (e.key == key) return &e;
  return nullptr;
}

void set_extra(std::vector<ExtraField>& v, const std::string& key, const ExtraField* value) {
  auto it = std::find_if(v.begin(), v.end(), [&](const ExtraField& e) { return e.key == key; });
  if (!value) {
    if (it != v.end()) v.erase(it);
  } else if (it != v.end()) {
    *it = *value;
  } else {
    v.push_back(*value);
  }
}

// Unknown keys, one field per key: OURS' keys in their order, then THEIRS' new ones.
template <class Get>
void extra_fields(std::vector<Field>& fields, const std::string& prefix, const Deal& b,
                  const Deal& o, const Deal& t, Get get) {
  std::vector<std::string> keys;
  for (const Deal* d : {&o, &t, &b})
    for (const auto& e : get(*d))
      if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) keys.push_back(e.key);
  for (const auto& key : keys) {
    Field f;
    f.name = prefix + key;
    f.merge = [get, key](const Deal& b, const Deal& o, const Deal& t, Deal& out) {
      auto value = [&](const Deal& d) {
        const ExtraField* e = find_extra(get(d), key);
        return e ? std::optional<std::string>(e->yaml) : std::nullopt;
      };
      std::optional<std::string> merged;
      bool ok = three_way(value(b), value(o), value(t), merged);
      ExtraField e{key, merged.value_or("")};
      set_extra(get(out), key, merged ? &e : nullptr);
      return ok;
    };
    f.take = [get, key](Deal& into, const Deal& from) {
      set_extra(get(into), key, find_extra(get(from), key));
    };
    fields.push_back(std::move(f));
  }
}

std::vector<std::string> criteria_of(const Deal& b, const Deal& o, const Deal& t) {
  std::vector<std::string> names;
  for (const Deal* d : {&o, &t, &b})
    for (const auto& c : d->bant.answers)
      if (std::find(names.begin(), names.end(), c.name) == names.end()) names.push_back(c.name);
  return names;
}

Field criterion(const std::string& name) {
  Field f;
  f.name = "bant." + name;
  f.merge = [name](const Deal& b, const Deal& o, const Deal& t, Deal& out) {
    std::optional<bool> merged;
    bool ok = three_way(b.bant.get(name), o.bant.get(name), t.bant.get(name), merged);
    out.bant.set(name, merged);
    return ok;
  };
  f.take = [name](Deal& into, const Deal& from) { into.bant.set(name, from.bant.get(name)); };
  return f;
}

// Every field but history, log, tags and stage, in the order of the file.
std::vector<Field> fields_of(const Deal& b, const Deal& o, const Deal& t) {
  std::vector<Field> f;
  f.push_back(simple(
      "title", [](auto& d) -> auto& { return d.title; }));
  f.push_back(simple(
      "company", [](auto& d) -> auto& { return d.company; }));
  f.push_back(simple(
      "contact.name", [](auto& d) -> auto& { return d.contact.name; }));
  f.push_back(simple(
      "contact.email", [](auto& d) -> auto& { return d.contact.email; }));
  f.push_back(simple(
      "contact.phone", [](auto& d) -> auto& { return d.contact.phone; }));
  extra_fields(
      f, "contact.", b, o, t, [](auto& d) -> auto& { return d.contact.extra; });
  f.push_back(simple(
      "source", [](auto& d) -> auto& { return d.source; }));
  f.push_back(simple(
      "value", [](auto& d) -> auto& { return d.value; }));
  f.push_back(simple(
      "currency", [](auto& d) -> auto& { return d.currency; }));
  f.push_back(simple(
      "probability", [](auto& d) -> auto& { return d.probability; }));
  f.push_back(simple(
      "created", [](auto& d) -> auto& { return d.created; }));
  f.push_back(simple(
      "expected_close", [](auto& d) -> auto& { return d.expected_close; }));
  for (const auto& name : criteria_of(b, o, t)) f.push_back(criterion(name));
  f.push_back(simple(
      "bant.note", [](auto& d) -> auto& { return d.bant.note; }));
  extra_fields(
      f, "bant.", b, o, t, [](auto& d) -> auto& { return d.bant.extra; });
  f.push_back(simple(
      "next", [](auto& d) -> auto& { return d.next; }));
  f.push_back(simple(
      "notes", [](auto& d) -> auto& { return d.notes; }));
  extra_fields(
      f, "", b, o, t, [](auto& d) -> auto& { return d.extra; });
  f.push_back(simple(
      "stage", [](auto& d) -> auto& { return d.stage; }));
  return f;
}

template <class E>
long count_of(const std::vector<E>& v, const E& e) {
  return std::count(v.begin(), v.end(), e);
}

// The union of two edited lists of dated entries (see merge_deals).
template <class E>
std::vector<E> merge_entries(const std::vector<E>& b, const std::vector<E>& o,
                             const std::vector<E>& t) {
  // How often an entry appears in the result: as on the side that changed its count, or,
  // when both did (both added it), as on the side that has more.
  auto wanted = [&](const E& e) {
    long cb = count_of(b, e), co = count_of(o, e), ct = count_of(t, e);
    if (co == cb) return ct;
    if (ct == cb) return co;
    return std::max(co, ct);
  };
  std::vector<E> out;
  for (const auto& e : o)
    if (count_of(out, e) < wanted(e)) out.push_back(e);
  for (const auto& e : t) {
    if (count_of(out, e) >= wanted(e)) continue;
    // After the last entry dated on or before it: same-day entries keep their order,
    // OURS' first.
    auto pos = std::find_if(out.rbegin(), out.rend(), [&](const E& x) { return x.on <= e.on; });
    out.insert(pos.base(), e);
  }
  return out;
}

std::vector<std::string> merge_tags(const std::vector<std::string>& b,
                                    const std::vector<std::string>& o,
                                    const std::vector<std::string>& t) {
  auto has = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  std::vector<std::string> out;
  for (const auto& tag : o)
    if (!(has(b, tag) && !has(t, tag)) && !has(out, tag)) out.push_back(tag);
  for (const auto& tag : t)
    if (!has(b, tag) && !has(out, tag)) out.push_back(tag);
  return out;
}

using History = std::vector<HistoryEntry>;

// True when SIDE's last history entry is its own (not in BASE) and the union U does not
// keep what it decided: SIDE closed the deal and OTHER added an entry dated on or after
// the close that SIDE lacks, or SIDE reopened a close OTHER has too and U ends closed.
bool overridden(const History& base, const History& side, const History& other, const History& u) {
  if (side.empty()) return false;
  const HistoryEntry& last = side.back();
  if (count_of(side, last) <= count_of(base, last)) return false;
  if (is_closed_stage(last.stage)) {
    return std::any_of(other.begin(), other.end(), [&](const HistoryEntry& e) {
      return count_of(side, e) == 0 && count_of(base, e) < count_of(other, e) && !(e.on < last.on);
    });
  }
  // A reopen of a close the other side knows too (a close and reopen of its own is, for the
  // other side, just a move).
  if (side.size() < 2) return false;
  const HistoryEntry& closed = side[side.size() - 2];
  const bool reopened = is_closed_stage(closed.stage) && count_of(other, closed) > 0;
  return reopened && !u.empty() && is_closed_stage(u.back().stage);
}

// SIDE's version of a closing conflict: the union U without OTHER's entries (those SIDE
// lacks) that come after SIDE's last entry in U, and without OTHER's closes, except a
// close OTHER itself reopened right after. Its last entry is SIDE's last entry.
History side_of(const History& side, const History& other, const History& u) {
  std::ptrdiff_t last = -1;
  for (size_t i = 0; i < u.size(); ++i)
    if (count_of(side, u[i]) > 0) last = static_cast<std::ptrdiff_t>(i);
  auto reopened_after = [&](const HistoryEntry& e) {
    auto it = std::find(other.begin(), other.end(), e);
    return it != other.end() && it + 1 != other.end() && !is_closed_stage((it + 1)->stage);
  };
  History out;
  for (size_t i = 0; i < u.size(); ++i) {
    const HistoryEntry& e = u[i];
    const bool others = count_of(side, e) == 0;
    if (others &&
        (static_cast<std::ptrdiff_t>(i) > last || (is_closed_stage(e.stage) && !reopened_after(e))))
      continue;
    out.push_back(e);
  }
  return out;
}

// The history a side is compared with: its own, or for a hand-written file without one,
// BASE's followed by its stage entered on `created` when that differs (the reading of
// effective_history), so that a stage set by hand still counts as a move or a close.
History implied(const Deal& side, const History& base) {
  if (!side.history.empty()) return side.history;
  History h = base;
  if (h.empty() || h.back().stage != side.stage) h.push_back(first_entry(side.created, side.stage));
  return h;
}

}  // namespace

MergeResult merge_deals(const std::optional<Deal>& base_in, const Deal& ours, const Deal& theirs) {
  const Deal base = base_in.value_or(Deal{});
  MergeResult r;
  r.deal = ours;
  Deal& m = r.deal;
  for (const auto& f : fields_of(base, ours, theirs)) {
    if (f.merge(base, ours, theirs, m)) continue;
    if (f.name == "created" && !base_in) {
      m.created = std::min(ours.created, theirs.created);  // add/add: the earlier day
      continue;
    }
    if (f.name == "stage") continue;  // decided below when there is a history
    r.conflicts.push_back(f.name);
  }
  m.tags = merge_tags(base.tags, ours.tags, theirs.tags);
  m.history = merge_entries(base.history, ours.history, theirs.history);
  m.log = merge_entries(base.log, ours.log, theirs.log);
  if (!m.history.empty()) {
    const History bh = base_in ? effective_history(base) : base.history;
    const History oh = implied(ours, bh), th = implied(theirs, bh);
    const History u = merge_entries(bh, oh, th);  // m.history when every side has one
    if (overridden(bh, oh, th, u) || overridden(bh, th, oh, u)) {
      History o = side_of(oh, th, u);
      History t = side_of(th, oh, u);
      if (!o.empty() && !t.empty()) {
        m.history = std::move(o);
        r.theirs_history = std::move(t);
        r.conflicts.push_back("stage");
      }
    }
    m.stage = m.history.back().stage;
  } else if (!three_way(base.stage, ours.stage, theirs.stage, m.stage)) {
    r.conflicts.push_back("stage");
  }
  return r;
}

void take_field(Deal& into, const Deal& from, const std::string& field) {
  for (const auto& f : fields_of(into, into, from)) {
    if (f.name == field) {
      f.take(into, from);
      return;
    }
  }
}

}  // namespace deals

#pragma once
// The one list of a deal's fields that the deal cache writes and reads back
// (store-internal; deal_cache.cpp and its unit test). Encoding and decoding both walk these
// functions, so a field is either in both directions or in neither; a field missing here
// is caught by tests/unit/deal_cache_test.cpp, which counts each struct's members and
// compares with what these functions visit.
//
// `fields(v, x)` calls `v(member)` once for every member of `x` (const or not) in record
// order. Deal::id is not visited: it is the record's key, written beside it.
#include <type_traits>

#include "core/deal.hpp"

namespace deals::cache_fields {

template <class T, class U>
concept Is = std::is_same_v<std::remove_const_t<T>, U>;

template <class V, Is<ExtraField> T>
void fields(V& v, T& f) {
  v(f.key);
  v(f.yaml);
}

template <class V, Is<Contact> T>
void fields(V& v, T& c) {
  v(c.name);
  v(c.email);
  v(c.phone);
  v(c.extra);
}

template <class V, Is<Criterion> T>
void fields(V& v, T& c) {
  v(c.name);
  v(c.met);
}

template <class V, Is<Bant> T>
void fields(V& v, T& b) {
  v(b.answers);
  v(b.note);
  v(b.extra);
}

template <class V, Is<NextAction> T>
void fields(V& v, T& n) {
  v(n.action);
  v(n.due);
  v(n.extra);
}

template <class V, Is<HistoryEntry> T>
void fields(V& v, T& h) {
  v(h.on);
  v(h.stage);
  v(h.note);
  v(h.reason);
  v(h.extra);
}

template <class V, Is<LogEntry> T>
void fields(V& v, T& l) {
  v(l.on);
  v(l.kind);
  v(l.note);
  v(l.extra);
}

template <class V, Is<Deal> T>
void fields(V& v, T& d) {
  // d.id: the record's key, not part of its body.
  v(d.title);
  v(d.company);
  v(d.contact);
  v(d.source);
  v(d.value);
  v(d.currency);
  v(d.stage);
  v(d.probability);
  v(d.created);
  v(d.expected_close);
  v(d.tags);
  v(d.bant);
  v(d.next);
  v(d.history);
  v(d.log);
  v(d.notes);
  v(d.extra);
}

/// The structs that have a field list above.
template <class T>
concept Record = Is<T, ExtraField> || Is<T, Contact> || Is<T, Criterion> || Is<T, Bant> ||
    Is<T, NextAction> || Is<T, HistoryEntry> || Is<T, LogEntry> || Is<T, Deal>;

}  // namespace deals::cache_fields

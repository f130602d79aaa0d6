#include "core/find.hpp"

#include "core/text.hpp"

namespace deals {

std::vector<FindHit> find_deals(const std::vector<Deal>& deals, std::string_view text) {
  std::vector<FindHit> hits;
  const std::string needle = fold_case(text);
  if (needle.empty()) return hits;
  auto has = [&](std::string_view s) { return fold_case(s).find(needle) != std::string::npos; };
  auto opt = [&](const std::optional<std::string>& s) { return s && has(*s); };
  for (const auto& d : deals) {
    FindHit hit{&d, {}};
    auto check = [&](const char* field, bool found) {
      if (found) hit.fields.push_back(field);
    };
    check("title", has(d.title));
    check("company", opt(d.company));
    check("contact", opt(d.contact.name) || opt(d.contact.email) || opt(d.contact.phone));
    bool tag = false;
    for (const auto& t : d.tags) tag = tag || has(t);
    check("tags", tag);
    check("next", d.next && has(d.next->action));
    check("notes", opt(d.notes));
    bool log = false;
    for (const auto& l : d.log) log = log || has(l.note);
    check("log", log);
    bool history = false;
    for (const auto& h : d.history) history = history || opt(h.note) || opt(h.reason);
    check("history", history);
    check("id", has(d.id));
    if (!hit.fields.empty()) hits.push_back(std::move(hit));
  }
  return hits;
}

std::vector<std::string> ids_containing(const std::vector<std::string>& ids, std::string_view text,
                                        size_t limit) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  for (const auto& id : ids)
    if (id.find(text) != std::string::npos && out.size() < limit) out.push_back(id);
  return out;
}

}  // namespace deals

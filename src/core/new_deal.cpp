#include "core/new_deal.hpp"

#include "core/stage.hpp"
#include "core/text.hpp"

namespace deals {

HistoryEntry first_entry(Date created, const std::string& stage) {
  HistoryEntry e;
  e.on = created;
  e.stage = stage;
  return e;
}

std::vector<HistoryEntry> initial_history(const Deal& deal, const Config& config,
                                          std::optional<Date> closed) {
  if (!is_closed_stage(deal.stage)) return {first_entry(deal.created, deal.stage)};
  return {first_entry(deal.created, config.first_stage()),
          first_entry(closed.value_or(deal.created), deal.stage)};
}

std::string id_base(const std::optional<std::string>& company, const std::string& title) {
  std::string base = slugify(company ? *company + " " + title : title);
  return base.empty() ? "deal" : base;
}

std::string suffixed_id(const std::string& base, int n) {
  if (n <= 1) return base;
  std::string suffix = "-" + std::to_string(n);
  std::string id = base.substr(0, 64 - suffix.size());
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id + suffix;
}

std::string first_free_id(const std::string& base,
                          const std::function<bool(const std::string&)>& taken) {
  for (int n = 1;; ++n) {
    std::string id = suffixed_id(base, n);
    if (!taken(id)) return id;
  }
}

}  // namespace deals

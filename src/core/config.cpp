#include "core/config.hpp"

namespace deals {

Config Config::defaults() {
  Config c;
  c.stages = {{"lead", 0.05, 7},  {"qualified", 0.10, 7}, {"contacted", 0.20, 10},
              {"demo", 0.35, {}}, {"proposal", 0.50, {}}, {"negotiation", 0.75, 21}};
  return c;
}

int Config::open_index(const std::string& stage) const {
  for (size_t i = 0; i < stages.size(); ++i)
    if (stages[i].name == stage) return static_cast<int>(i);
  return -1;
}

int Config::order(const std::string& stage) const {
  int i = open_index(stage);
  if (i >= 0) return i;
  int n = static_cast<int>(stages.size());
  auto closed = closed_stage(stage);
  if (!closed) return n + 2;
  return n + (*closed == Closed::won ? 0 : 1);
}

int Config::stall_days_for(const std::string& stage) const {
  int i = open_index(stage);
  if (i >= 0 && stages[i].stall_days) return *stages[i].stall_days;
  return stall_days;
}

double Config::probability_for(const std::string& stage) const {
  if (auto closed = closed_stage(stage)) return *closed == Closed::won ? 1 : 0;
  int i = open_index(stage);
  return i >= 0 ? stages[i].probability : 0;
}

std::vector<std::string> Config::all_stage_names() const {
  std::vector<std::string> names;
  for (const auto& s : stages) names.push_back(s.name);
  for (Closed c : kClosedStages) names.push_back(stage_name(c));
  return names;
}

double Config::criterion_weight(const std::string& criterion) const {
  auto it = score.criteria.find(criterion);
  return it != score.criteria.end() ? it->second : score.default_criterion;
}

}  // namespace deals

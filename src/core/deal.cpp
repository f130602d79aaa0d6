#include "core/deal.hpp"

#include <algorithm>

namespace deals {
namespace {

// Rank in canonical order: the four BANT criteria first, others after (stable).
int rank(const std::string& name) {
  const auto& order = bant_order();
  auto it = std::find(order.begin(), order.end(), name);
  return it == order.end() ? static_cast<int>(order.size()) : static_cast<int>(it - order.begin());
}

}  // namespace

std::optional<bool> Bant::get(const std::string& criterion) const {
  for (const auto& a : answers)
    if (a.name == criterion) return a.met;
  return std::nullopt;
}

void Bant::set(const std::string& criterion, std::optional<bool> met) {
  auto it = std::find_if(answers.begin(), answers.end(),
                         [&](const Criterion& a) { return a.name == criterion; });
  if (!met) {
    if (it != answers.end()) answers.erase(it);
    return;
  }
  if (it != answers.end()) {
    it->met = *met;
    return;
  }
  auto pos = std::find_if(answers.begin(), answers.end(),
                          [&](const Criterion& a) { return rank(a.name) > rank(criterion); });
  answers.insert(pos, Criterion{criterion, *met});
}

}  // namespace deals

#include "core/stage.hpp"

namespace deals {

const std::string& stage_name(Closed stage) {
  static const std::string won = "won", lost = "lost";
  return stage == Closed::won ? won : lost;
}

std::optional<Closed> closed_stage(std::string_view stage) {
  for (Closed c : kClosedStages)
    if (stage == stage_name(c)) return c;
  return std::nullopt;
}

}  // namespace deals

#pragma once
// The two closed stages, typed (spec section 3: `won` and `lost` are always the closed
// stages and are never listed in pipeline.toml). Their names are spelled here only.
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace deals {

enum class Closed { won, lost };

/// Both closed stages in pipeline order (after the open stages): won, then lost.
inline constexpr std::array<Closed, 2> kClosedStages{Closed::won, Closed::lost};

/// The stage name of a closed stage: "won" or "lost".
const std::string& stage_name(Closed stage);

/// The closed stage named `stage`; nullopt for any other name (open or unknown).
std::optional<Closed> closed_stage(std::string_view stage);

/// True when `stage` names won or lost.
inline bool is_closed_stage(std::string_view stage) {
  return closed_stage(stage).has_value();
}

}  // namespace deals

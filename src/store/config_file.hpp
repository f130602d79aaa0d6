#pragma once
// pipeline.toml <-> Config.
#include <string>
#include <string_view>

#include "core/config.hpp"

namespace deals {

/// Parses pipeline.toml text. Throws Error naming `path`, line and key on bad TOML,
/// wrong types, probabilities outside 0..1, duplicate or badly named stages.
Config parse_config(std::string_view text, const std::string& path);

/// The commented pipeline.toml that `deals init` writes.
std::string default_config_text(const std::string& name, const std::string& currency);

}  // namespace deals

#pragma once
// pipeline.toml <-> Config. The only code that uses toml++.
#include <string>
#include <string_view>

#include "core/config.hpp"

namespace deals {

/// Parses pipeline.toml text into a Config; absent settings keep Config::defaults(), and
/// an absent [[stages]] means the six default stages. Throws Error
/// `PATH:LINE: key 'stages[2].probability': must be a number between 0 and 1` (stage
/// indexes count [[stages]] tables from 1) on bad TOML, wrong types, values out of range,
/// duplicate, closed or badly named stages, and `PATH:LINE: unknown key 'x', did you mean
/// 'y'?` on keys it does not know. [score] keys are the configured criteria plus
/// `activity` and `next_action`. Without `required`, at most 3 of the criteria must be met.
/// Files over 64 KiB, and nesting or dotted keys deep enough to endanger the stack, are
/// rejected before toml++ sees them.
Config parse_config(std::string_view text, const std::string& path);

/// The commented pipeline.toml that `deals init` writes: the defaults of the spec with a
/// comment on every setting, and the [score] weights. `name` and `currency` are written as
/// escaped TOML strings; parse_config of the result equals Config::defaults() with them
/// (provided they are valid, e.g. a currency without spaces: parse the text before
/// writing it to validate user input).
std::string default_config_text(const std::string& name, const std::string& currency);

}  // namespace deals

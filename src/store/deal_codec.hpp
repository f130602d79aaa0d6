#pragma once
// Deal files <-> Deal values. The only place that knows the deal file format.
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"

namespace deals {

/// A problem found in a file, at a 1-based line (0 when it concerns the whole file).
struct Problem {
  std::string path;  // as shown to the user, relative to the pipeline root
  int line = 0;
  std::string message;
  /// `path:line: message` (or `path: message` without a line).
  std::string str() const;
};

/// Decodes a deal file's bytes. `id` comes from the file name. Returns false and appends
/// to `problems` (every problem found, not just the first) when the file is invalid:
/// bad YAML, missing required keys, wrong types, unknown stages, bad dates, negative
/// value, a history whose last stage differs from `stage`.
///
/// Normalises what the canonical form cannot tell apart, so that
/// decode(encode(decode(x))) == decode(x): `currency` equal to the pipeline's becomes
/// absent, an optional key with an empty/null value is absent, and a log entry without a
/// note has note "". Unknown keys keep their value as yaml::emit_value renders it at the
/// key's indent (0 top level; 2 inside contact, bant and next), or as yaml::emit_flow
/// inside history and log entries.
bool decode_deal(std::string_view bytes, const std::string& id, const std::string& path,
                 const Config& config, Deal& out, std::vector<Problem>& problems);

/// Notes on a valid deal file that are not errors (for `deals check`): history and log
/// entries that name their day `on:` as 0.1 wrote them (YAML 1.1 readers read that key
/// as `true`; `deals fmt` rewrites it). One note per list, at its first such entry.
std::vector<Problem> deal_notes(std::string_view bytes, const std::string& path);

/// The canonical bytes of a deal: fixed key order, absent keys omitted, one flow mapping
/// per history/log entry, `currency` only when it differs from the pipeline's.
std::string encode_deal(const Deal& deal, const Config& config);

}  // namespace deals

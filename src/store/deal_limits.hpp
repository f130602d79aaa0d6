#pragma once
// How big a deal file may grow, checked on the final bytes just before they are written,
// so a deal that grows by normal use is refused with the limit named and the way out,
// never written past what the reader accepts.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/deal.hpp"

namespace deals {

/// A ceiling on a deal file: its size and its number of YAML nodes (every key, value,
/// list and map counts one).
struct FileLimits {
  std::size_t bytes;
  std::size_t nodes;
};

/// What ordinary writes may produce. Below the reader's limits (yaml::Limits: 1 MiB,
/// 120,000 nodes) on purpose: the margin is for the commands that finish a deal.
constexpr FileLimits kWriteLimits{1'000'000, 100'000};
/// What `won`, `lost` and `next --done` may produce: everything the reader accepts, so a
/// deal that reached kWriteLimits can still be closed.
constexpr FileLimits kClosingLimits{1 << 20, 120'000};

/// Throws Error when `bytes`, the file about to be written as `path` for `deal`, exceed
/// `limits`: the message names the limit, what fills the file (log entries, notes) and
/// the way out. Counts nodes only for files large enough to reach the limit.
void check_file_limits(const std::string& path, const Deal& deal, std::string_view bytes,
                       const FileLimits& limits);

/// For a deal about to be created from one record (import): the field that is too big to
/// fit any deal file (over kWriteLimits.bytes on its own or with the others), as
/// "FIELD: N bytes, ..." for a FILE:LINE: message; nullopt when the deal fits.
std::optional<std::string> oversized_field(const Deal& deal, std::size_t file_bytes);

/// 14284 -> "14,284".
std::string thousands(std::size_t n);

}  // namespace deals

#pragma once
// Bounded file reading, and the heap prepared for a large load.
#include <cstddef>
#include <filesystem>
#include <string>

namespace deals {

namespace fs = std::filesystem;

/// Reads a whole file. Throws Error `PATH: cannot read: <reason>` when it cannot be read,
/// and `PATH: file is larger than N bytes` past `max_bytes` (checked while reading, so a
/// FIFO or a growing file cannot exhaust memory).
std::string read_file(const fs::path& path, std::size_t max_bytes = 1 << 20);

}  // namespace deals

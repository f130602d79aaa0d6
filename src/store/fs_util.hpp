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

/// Prepares the malloc heap for a program about to allocate about `bytes` in many small
/// pieces from several threads (loading thousands of deals): one arena, grown once, with
/// transparent huge pages requested for it. Page faults dominate loading on virtual
/// machines where they are slow; this cuts their number by ~4x. Once per process; does
/// nothing below 8 MiB. Call before starting threads.
void prepare_heap(std::size_t bytes);

}  // namespace deals

#pragma once
// Low-level file access for the store: safe reads relative to a directory descriptor and
// atomic writes. Nothing here knows the deal format.
#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "store/deal_codec.hpp"

namespace deals {

/// Reads deals/<id>.yaml through `dir_fd` without following symlinks that lead outside
/// `root` (their targets are never opened or shown), refusing non-regular files, files
/// over 1 MiB and hard links to files whose owner is not the directory's (a hard-linked
/// file of the directory's owner, as in a `cp -al` snapshot, is read). On failure appends a Problem
/// and returns false. When `st` is given it receives the fstat of the file that was read.
bool read_deal_file(int dir_fd, const std::filesystem::path& root, const std::string& id,
                    std::string& bytes, std::vector<Problem>& problems, struct stat* st = nullptr);

/// Writes `bytes` to `name` in `dir_fd` atomically: a temporary file named
/// `<temp_prefix><name>.<pid>` in the same directory, fsync, rename, fsync of the
/// directory. Keeps the mode of an existing file, else uses `new_mode`. Refuses to
/// replace a symbolic link. Throws Error naming `shown` and leaves the old file intact.
void write_file_atomic(int dir_fd, const std::string& name, const std::string& bytes,
                       unsigned new_mode, const std::string& temp_prefix, const std::string& shown);

/// The first half of write_file_atomic for batches: writes `bytes` to a temporary file
/// beside `name` (mode as above) without flushing it, and returns the temporary name.
/// The caller flushes the file system (syncfs) and then calls rename_temp for each.
std::string write_temp(int dir_fd, const std::string& name, const std::string& bytes,
                       unsigned new_mode, const std::string& temp_prefix, const std::string& shown,
                       bool flush);

/// Renames a temporary file from write_temp over `name`.
void rename_temp(int dir_fd, const std::string& temp, const std::string& name,
                 const std::string& shown);

}  // namespace deals

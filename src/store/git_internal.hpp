#pragma once
// What store/git.cpp and store/git_merge.cpp share: running git, and reading its output.
#include <filesystem>
#include <string>
#include <vector>

#include "store/git.hpp"

namespace deals::git_detail {

/// Runs `git -C root --literal-pathspecs [-c config]... args` in the cleaned environment
/// (see git.hpp), waiting up to `settings.lock_timeout` for another git's index.lock.
ProcessResult git(const GitSettings& settings, const std::filesystem::path& root,
                  std::vector<std::string> args, const std::vector<std::string>& config = {});

/// The variables removed from git's environment.
const std::vector<std::string>& cleared_env();

/// `s` without trailing newlines, carriage returns and spaces.
std::string trim(std::string s);

/// A failed GitResult: `what`, then git's stderr (or stdout).
GitResult failure(const std::string& what, const ProcessResult& r);

/// NUL-separated output to a list.
std::vector<std::string> split_z(const std::string& s);

}  // namespace deals::git_detail

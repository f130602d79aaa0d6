#pragma once
// What the store takes from the environment, read once by the program's entry point
// (cli/context.cpp) and passed in: the store itself reads no environment variable.
#include <optional>
#include <string>
#include <string_view>

namespace deals {

/// How git is run (store/git.hpp).
struct GitSettings {
  /// Seconds autocommit waits for git's index.lock (DEALS_GIT_LOCK_TIMEOUT, default 5).
  double lock_timeout = 5;
  /// $EMAIL: git takes the address from it after user.email, so no fallback is given.
  std::string email;
  /// $PATH: where a shell would find `deals` (for the merge driver's command).
  std::string path;
  /// $TMPDIR, else /tmp: where `check --staged` checks the staged files out (and where
  /// `edit` writes its copy).
  std::string tmpdir = "/tmp";
};

/// How the pipeline is read and written (store/pipeline.hpp).
struct StoreSettings {
  /// Seconds to wait for the pipeline lock (DEALS_LOCK_TIMEOUT, default 10).
  double lock_timeout = 10;
  /// DEALS_CACHE: on (1), off (0), or unset: decided by the number of deals.
  std::optional<bool> cache;
  GitSettings git;
};

/// The environment variables behind StoreSettings as they are set ("" when unset).
struct StoreEnvironment {
  std::string_view lock_timeout;      // DEALS_LOCK_TIMEOUT
  std::string_view git_lock_timeout;  // DEALS_GIT_LOCK_TIMEOUT
  std::string_view cache;             // DEALS_CACHE
  std::string_view email;             // EMAIL
  std::string_view path;              // PATH
  std::string_view tmpdir;            // TMPDIR
};

/// Validates and converts the variables, so a bad value is an error at the start of every
/// command, not a silent default. Throws Error naming the variable: the timeouts are plain
/// decimals from 0 to 1,000,000 (not nan, inf, -1, abc, 1e3), DEALS_CACHE is `0`, `1` or
/// empty. Checked in that order: DEALS_LOCK_TIMEOUT, DEALS_GIT_LOCK_TIMEOUT, DEALS_CACHE.
StoreSettings parse_store_settings(const StoreEnvironment& env);

}  // namespace deals

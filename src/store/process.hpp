#pragma once
// Running other programs (git, the editor): no shell, output captured, environment
// adjusted for the child.
#include <cstddef>
#include <string>
#include <vector>

namespace deals {

/// How run_process starts a child.
struct ProcessOptions {
  /// Capture stdout and stderr through pipes (each kept up to `max_output` bytes; the rest
  /// is read and dropped so the child never blocks). When false the child inherits ours.
  bool capture = true;
  /// Give the child /dev/null as stdin (when false it inherits ours, e.g. for an editor).
  bool null_stdin = true;
  /// Names removed from the child's environment; a name ending in `*` removes every
  /// variable with that prefix (`GIT_CONFIG*`).
  std::vector<std::string> unset_env;
  /// `NAME=value` entries added to (or replacing in) the child's environment.
  std::vector<std::string> set_env;
  std::size_t max_output = 1 << 20;
};

struct ProcessResult {
  /// False when the program could not be started at all (`out_error` says why).
  bool started = false;
  /// The exit status, or 128 + signal number when the child was killed by a signal.
  int exit_code = -1;
  std::string out;
  std::string err;
  bool ok() const { return started && exit_code == 0; }
};

/// Runs `argv` (argv[0] looked up in PATH) with posix_spawnp: no shell, no splicing of
/// arguments, waits for it to finish. Never throws for a failing child; a program that
/// cannot be started gives `started = false` and the reason in `err`.
ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options = {});

}  // namespace deals

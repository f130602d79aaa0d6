#pragma once
// Process spawning and bounded file reading: the store's only contact with the OS
// besides the pipeline's own files.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace deals {

namespace fs = std::filesystem;

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

/// The argv that opens `path` in `editor` (the value of $VISUAL or $EDITOR).
///
/// Like git, an editor value made only of plain word characters (`vim`, `/usr/bin/nano`)
/// is run directly; anything else (`code --wait`, `emacsclient -a ""`, `~/bin/ed`) is run
/// as `sh -c '<editor> "$@"' <editor> <path>`, so the user's value gets shell word
/// splitting and quoting while `path` travels as a separate argument and is never spliced
/// into the command text. A value containing `/` that names an executable file as a
/// whole (`/opt/My Editor/ed`) is run directly, spaces and all. An empty `editor` means
/// `vi`.
std::vector<std::string> editor_argv(std::string_view editor, const std::string& path);

/// Reads a whole file. Throws Error `PATH: cannot read: <reason>` when it cannot be read,
/// and `PATH: file is larger than N bytes` past `max_bytes` (checked while reading, so a
/// FIFO or a growing file cannot exhaust memory).
std::string read_file(const fs::path& path, std::size_t max_bytes = 1 << 20);

}  // namespace deals

#pragma once
// What every command gets: the global options, today, output streams, and the pipeline
// (opened on first use). Passed explicitly; there are no globals.
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "core/date.hpp"
#include "render/style.hpp"
#include "store/pipeline.hpp"

namespace deals {

struct Context {
  // Global options.
  std::optional<std::string> dash_c;
  std::string today_arg;
  bool no_color = false;

  // Resolved before a command runs.
  Date today;
  Style style;  // colour decided for stdout
  bool stdin_tty = false;
  bool stdout_tty = false;
  std::ostream* out = &std::cout;
  std::ostream* err = &std::cerr;
  /// The store's settings from the environment (read_store_settings()).
  StoreSettings store;

  /// The pipeline, found and opened on first use (throws Error when there is none).
  Pipeline& pipeline();
  bool has_pipeline() const { return pipeline_ != nullptr; }

  /// A warning on stderr: "deals: warning: <msg>".
  void warn(const std::string& msg) const;
  /// Prints the problems of skipped invalid files as warnings.
  void warn_skipped(const std::vector<Problem>& problems) const;
  /// Parses a DATE argument relative to today; throws a usage error naming `option`.
  Date date_arg(const std::string& text, const std::string& option) const;
  /// The date of an event (`--on`): "" is today; a date after today is a usage error
  /// that points to `next --due` and `--expected-close` (spec section 12).
  Date event_date_arg(const std::string& text, const std::string& option = "--on") const;
  /// An --as-of date: the pipeline's past only (a later date would show every deal idle
  /// until then). Usage error otherwise.
  Date as_of_arg(const std::string& text) const;

  /// What the command changed, for the git commit message (`deals: <message>`).
  std::string commit_message;

  /// The output format chosen (--format, else the command's default; see commands.cpp).
  Format format = Format::Text;
  /// Every valid deal and the problems of the files skipped, for commands that need the
  /// deals (loaded by the dispatcher; a command may move them out).
  LoadAll loaded;
  /// The whole command line as declared, for `deals completion`.
  const CommandLine* command_line = nullptr;

 private:
  std::unique_ptr<Pipeline> pipeline_;
};

/// The store's settings from the environment (DEALS_LOCK_TIMEOUT, DEALS_GIT_LOCK_TIMEOUT,
/// DEALS_CACHE, EMAIL, PATH); throws Error naming a variable with a bad value.
StoreSettings read_store_settings();

}  // namespace deals

#pragma once
// How commands declare their command line: options, flags and positionals with what
// completes their values. Only args.cpp includes CLI11 (a heavy header, compiled once
// instead of in every command file); `deals completion` reads these declarations.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/completion.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace deals {

/// Output formats a command offers (declared in the command table, the first is the default).
enum class Format { Text, Json, Csv, Md, Yaml, Html, Ics };
/// "text", "json", ...: the --format word of a format.
const char* format_name(Format f);
/// Parses a --format value against the allowed ones; throws a usage error otherwise.
Format parse_format(const std::string& text, const std::vector<Format>& allowed);

/// One declared option or positional; the calls chain: `a.option(...).text("N").required()`.
class Arg {
 public:
  Arg& required();
  /// The value's name in --help ("DATE", "S").
  Arg& text(const std::string& label);
  /// One value per occurrence: `--tag x y` is an error, not two tags.
  Arg& one_value();
  /// The value must be one of `words` (a usage error otherwise); completion offers them.
  Arg& choices(const std::vector<std::string>& words);
  /// The value must be a whole number from lo to hi.
  Arg& range(int lo, int hi);
  /// What completes the value: Stage, Id, File, Directory; words() for Word.
  Arg& completes(Complete what);
  /// Completion offers these words (the value itself is checked by the command).
  Arg& words(const std::vector<std::string>& words);
  /// Neither can be given with the other.
  Arg& excludes(Arg& other);
  /// Given on the command line (after parsing).
  bool given() const;

  const CompletionArg& completion() const { return info_; }

 private:
  friend class Args;
  CLI::Option* opt_ = nullptr;
  CompletionArg info_;
};

/// The command line of one command (or of the top level, before the command).
class Args {
 public:
  Args(CLI::App& app, std::vector<Format> formats) : app_(&app), formats_(std::move(formats)) {}
  Args(const Args&) = delete;
  Args& operator=(const Args&) = delete;

  /// An option ("--name", "--yes,-y") or, for a name without dashes, a positional.
  Arg& option(const std::string& name, std::string& target, const std::string& help);
  Arg& option(const std::string& name, std::vector<std::string>& target, const std::string& help);
  Arg& option(const std::string& name, int& target, const std::string& help);
  Arg& positional(const std::string& name, std::string& target, const std::string& help);
  Arg& positional(const std::string& name, std::vector<std::string>& target,
                  const std::string& help);
  Arg& flag(const std::string& name, bool& target, const std::string& help);
  /// `--format`, offering the formats the command table declares for this command.
  Arg& format();
  /// Text after the options in --help.
  void footer(const std::string& text);

  const std::vector<Format>& formats() const { return formats_; }
  /// The chosen format (the default unless --format was given); a usage error for an
  /// unknown one. Text for a command without formats.
  Format chosen_format() const;
  /// Options and positionals, in the order declared (positionals in `positionals`).
  std::vector<CompletionArg> completion(std::vector<CompletionArg>* positionals) const;

 private:
  friend class CommandLine;
  Arg& add(CLI::Option* opt, const std::string& help);

  CLI::App* app_;
  std::vector<Format> formats_;
  std::string format_text_;
  std::vector<std::unique_ptr<Arg>> args_;
};

/// A parsed command line: the command table built into CLI11, parsed once.
class CommandLine {
 public:
  /// The top-level options (-C, --today, --no-color) go to the given targets.
  CommandLine(std::optional<std::string>& dash_c, std::string& today, bool& no_color);
  ~CommandLine();

  /// Adds a command; its options are declared on the returned Args.
  Args& add_command(const std::string& name, const std::string& summary,
                    std::vector<Format> formats);
  /// Parses argv. Returns -1 when a command is to run, else the exit code of --help or
  /// --version (already printed). Parse errors are usage errors in deals' words.
  int parse(int argc, char** argv);
  /// The index (in add_command order) of the command given.
  size_t chosen() const;
  Args& args_of(size_t command) { return *commands_.at(command); }
  /// Every command and option, for the completion scripts.
  CompletionSpec completion_spec() const;

 private:
  std::unique_ptr<CLI::App> app_;
  std::unique_ptr<Args> global_;
  std::vector<CLI::App*> subs_;
  std::vector<std::pair<std::string, std::string>> names_;  // name, summary
  std::vector<std::unique_ptr<Args>> commands_;
};

}  // namespace deals

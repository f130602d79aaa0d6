#pragma once
// Shell completion scripts for bash, zsh and fish, generated from a description of the
// command line (taken from the command table by `deals completion`), so a new command or
// option completes without editing the scripts.
#include <string>
#include <vector>

namespace deals {

/// What completes an option's value or a positional argument.
enum class Complete {
  Nothing,    // free text (a title, a note, an amount)
  Word,       // one of `words`
  Stage,      // a stage name: `deals completion stages`
  OpenStage,  // an open stage (not won or lost): `deals completion open-stages`
  Id,         // a deal id: `deals completion ids`
  File,
  Directory,
};

struct CompletionArg {
  std::vector<std::string> names;  // "--stage", "-C"; empty for a positional
  std::string label;               // the positional's name (ID, FILE) or the option's value
  std::string help;
  bool takes_value = false;
  bool repeatable = false;
  Complete complete = Complete::Nothing;
  std::vector<std::string> words;  // for Complete::Word
};

struct CompletionCommand {
  std::string name, help;
  std::vector<CompletionArg> options;      // without --help
  std::vector<CompletionArg> positionals;  // in order
};

struct CompletionSpec {
  std::vector<CompletionArg> global;  // options before the command
  std::vector<CompletionCommand> commands;
};

/// The scripts. Each finds ids and stages by running the `deals` the user typed (with the
/// `-C DIR` on the line, if any) as `deals completion ids|stages`.
std::string bash_completion(const CompletionSpec& spec);
std::string zsh_completion(const CompletionSpec& spec);
std::string fish_completion(const CompletionSpec& spec);

}  // namespace deals

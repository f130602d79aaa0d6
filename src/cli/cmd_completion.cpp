// deals completion bash|zsh|fish|ids|stages
//
// bash, zsh and fish print a completion script generated from the command table, so
// every command and option completes. The scripts call back `deals completion ids` and
// `deals completion stages`: the deal ids (file names only, no deal is read, so it stays
// fast with thousands of deals) and the stage names of the pipeline, one per line. Those
// print nothing, and exit 0, outside a pipeline.
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/completion.hpp"
#include "core/error.hpp"

namespace deals {
namespace {

struct Opts {
  std::string what;
};

// The allowed formats, from add_format's "output format: a|b|c (default a)".
std::vector<std::string> format_words(const std::string& help) {
  std::vector<std::string> out;
  size_t start = help.find(": "), end = help.find(" (");
  if (start == std::string::npos || end == std::string::npos || end < start) return out;
  std::string list = help.substr(start + 2, end - start - 2);
  for (size_t p = 0; p <= list.size();) {
    size_t bar = list.find('|', p);
    if (bar == std::string::npos) bar = list.size();
    out.push_back(list.substr(p, bar - p));
    p = bar + 1;
  }
  return out;
}

// What completes an option's value, from its name.
void classify(CompletionArg& a) {
  const std::string& n = a.names.front();
  if (n == "--stage" || n == "--to") {
    a.complete = Complete::Stage;
  } else if (n == "--format") {
    a.complete = Complete::Word;
    a.words = format_words(a.help);
  } else if (n == "-C") {
    a.complete = Complete::Directory;
  } else if (n == "--budget" || n == "--authority" || n == "--need" || n == "--timeline") {
    a.complete = Complete::Word;
    a.words = {"yes", "no", "unknown"};
  } else if (n == "--kind") {
    a.complete = Complete::Word;
    a.words = {"call", "email", "meeting", "note"};
  } else if (n == "--method") {
    a.complete = Complete::Word;
    a.words = {"stage", "historical"};
  } else if (n == "--week") {
    a.complete = Complete::Word;
    a.words = {"last", "this"};
  }
}

CompletionArg describe(const CLI::Option& o) {
  CompletionArg a;
  a.help = o.get_description();
  a.takes_value = o.get_expected_max() != 0;  // flags expect no value
  a.repeatable = o.get_items_expected_max() > 1;
  if (o.nonpositional()) {
    for (const auto& s : o.get_snames()) a.names.push_back("-" + s);
    for (const auto& l : o.get_lnames()) a.names.push_back("--" + l);
    a.label = o.get_option_text().empty() ? "VALUE" : o.get_option_text();
    classify(a);
  } else {
    a.label = o.get_name(true);
    if (a.label == "ID") a.complete = Complete::Id;
    if (a.label == "FILE") a.complete = Complete::File;
    if (a.label == "DIR") a.complete = Complete::Directory;
    if (a.label == "SHELL") {
      a.complete = Complete::Word;
      a.words = {"bash", "zsh", "fish"};
    }
  }
  return a;
}

std::vector<CompletionArg> options_of(const CLI::App& app,
                                      std::vector<CompletionArg>* positionals) {
  std::vector<CompletionArg> out;
  for (const CLI::Option* o : app.get_options()) {
    if (o == app.get_help_ptr() || o == app.get_version_ptr()) continue;
    CompletionArg a = describe(*o);
    if (!o->nonpositional()) {
      if (positionals) positionals->push_back(a);
    } else if (!a.names.empty()) {
      out.push_back(a);
    }
  }
  return out;
}

CompletionSpec spec_of(const CLI::App& root) {
  CompletionSpec spec;
  spec.global = options_of(root, nullptr);
  for (const auto& def : commands()) {
    const CLI::App* sub = root.get_subcommand(def.name);
    CompletionCommand c{def.name, def.summary, {}, {}};
    c.options = options_of(*sub, &c.positionals);
    spec.commands.push_back(std::move(c));
  }
  return spec;
}

// Ids and stages for the scripts: quiet and successful even outside a pipeline.
int list_for_completion(Context& ctx, const std::string& what) {
  try {
    Pipeline& p = ctx.pipeline();
    if (what == "ids") {
      for (const auto& id : p.ids()) *ctx.out << id << "\n";
    } else {
      for (const auto& s : p.config().all_stage_names()) *ctx.out << s << "\n";
    }
  } catch (const Error&) {
  }
  return 0;
}

int run(Context& ctx, const CLI::App& app, const Opts& o) {
  if (o.what == "ids" || o.what == "stages") return list_for_completion(ctx, o.what);
  CompletionSpec spec = spec_of(*app.get_parent());
  if (o.what == "bash") *ctx.out << bash_completion(spec);
  if (o.what == "zsh") *ctx.out << zsh_completion(spec);
  if (o.what == "fish") *ctx.out << fish_completion(spec);
  return 0;
}

}  // namespace

void setup_completion(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  app.add_option("SHELL", o->what,
                 "bash, zsh or fish: print that shell's completion script; ids or stages: "
                 "print the pipeline's deal ids or stage names, one per line (used by the "
                 "scripts)")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish", "ids", "stages"}));
  ctx.runners[&app] = [&ctx, &app, o] { return run(ctx, app, *o); };
}

}  // namespace deals

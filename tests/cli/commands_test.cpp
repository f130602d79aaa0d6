// The command table and the command line built from it: every command declares what it
// needs, --format and its completion come from the table's formats, and what completes
// an option's value is declared where the option is added.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include "cli/commands.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"

using namespace deals;

namespace {

// The command line with every command of the table, as main builds it.
struct Line {
  Context ctx;
  CommandLine line{ctx.dash_c, ctx.today_arg, ctx.no_color};
  std::vector<Runner> runners;
  Line() {
    for (const auto& c : commands())
      runners.push_back(c.setup(line.add_command(c.name, c.summary, c.formats), ctx));
  }
};

const CompletionCommand& command(const CompletionSpec& spec, const std::string& name) {
  for (const auto& c : spec.commands)
    if (c.name == name) return c;
  FAIL("no command " << name);
  throw;
}

const CompletionArg* option(const CompletionCommand& c, const std::string& name) {
  for (const auto& o : c.options)
    if (std::find(o.names.begin(), o.names.end(), name) != o.names.end()) return &o;
  return nullptr;
}

}  // namespace

TEST_CASE("every command in the table declares what it needs and returns its runner") {
  Line l;
  REQUIRE(l.runners.size() == commands().size());
  for (size_t i = 0; i < commands().size(); ++i) {
    const CommandDef& c = commands()[i];
    CAPTURE(c.name);
    CHECK(c.needs != Needs::undeclared);
    CHECK(l.runners[i].run);
    // Only commands the dispatcher locks for decide per run whether they write.
    if (l.runners[i].writes) CHECK(c.needs == Needs::lock);
  }
  // A few rows spelled out: one-deal reads load nothing, reports read every deal.
  auto needs = [](const std::string& name) {
    for (const auto& c : commands())
      if (name == c.name) return c.needs;
    return Needs::undeclared;
  };
  CHECK(needs("show") == Needs::pipeline);
  CHECK(needs("next") == Needs::lock);
  CHECK(needs("list") == Needs::each);
  CHECK(needs("review") == Needs::deals);
  CHECK(needs("log") == Needs::lock);
  CHECK(needs("edit") == Needs::own_lock);
  CHECK(needs("init") == Needs::nothing);
}

TEST_CASE("--format, its help and its completion come from the table's formats") {
  Line l;
  CompletionSpec spec = l.line.completion_spec();
  REQUIRE(spec.commands.size() == commands().size());
  for (const auto& c : commands()) {
    CAPTURE(c.name);
    const CompletionArg* f = option(command(spec, c.name), "--format");
    if (c.formats.empty()) {
      CHECK(f == nullptr);
      continue;
    }
    REQUIRE(f != nullptr);
    std::vector<std::string> words;
    std::string list;
    for (Format x : c.formats) {
      words.push_back(format_name(x));
      list += (list.empty() ? "" : "|") + words.back();
    }
    CHECK(f->complete == Complete::Word);
    CHECK(f->words == words);
    CHECK(f->help == "output format: " + list + " (default " + words.front() + ")");
  }
}

TEST_CASE("what completes a value is declared with the option") {
  Line l;
  CompletionSpec spec = l.line.completion_spec();
  CHECK(spec.global.at(0).names == std::vector<std::string>{"-C"});
  CHECK(spec.global.at(0).complete == Complete::Directory);
  CHECK(option(command(spec, "list"), "--stage")->complete == Complete::Stage);
  // advance, reopen and add take an open stage (won and lost have their commands); the
  // list filter takes any stage.
  CHECK(option(command(spec, "advance"), "--to")->complete == Complete::OpenStage);
  CHECK(option(command(spec, "reopen"), "--to")->complete == Complete::OpenStage);
  CHECK(option(command(spec, "add"), "--stage")->complete == Complete::OpenStage);
  CHECK(option(command(spec, "log"), "--kind")->words ==
        std::vector<std::string>{"call", "email", "meeting", "note"});
  CHECK(option(command(spec, "qualify"), "--need")->words ==
        std::vector<std::string>{"yes", "no", "unknown"});
  CHECK(option(command(spec, "forecast"), "--method")->words ==
        std::vector<std::string>{"stage", "historical"});
  CHECK(option(command(spec, "review"), "--week")->words ==
        std::vector<std::string>{"last", "this"});
  CHECK(option(command(spec, "add"), "--id")->complete == Complete::Nothing);
  // Every ID positional completes deal ids; the others what they declare.
  for (const auto& c : spec.commands)
    for (const auto& p : c.positionals)
      if (p.label == "ID") CHECK_MESSAGE(p.complete == Complete::Id, c.name);
  CHECK(command(spec, "import").positionals.at(0).complete == Complete::File);
  CHECK(command(spec, "completion").positionals.at(0).words ==
        std::vector<std::string>{"bash", "zsh", "fish"});
}

TEST_CASE("the chosen format: the table's first unless --format names another") {
  {
    Line l;
    char* argv[] = {(char*)"deals", (char*)"stats"};
    REQUIRE(l.line.parse(2, argv) == -1);
    CHECK(std::string(commands()[l.line.chosen()].name) == "stats");
    CHECK(l.line.args_of(l.line.chosen()).chosen_format() == Format::Text);
  }
  {
    Line l;
    char* argv[] = {(char*)"deals", (char*)"due", (char*)"--format", (char*)"ics"};
    REQUIRE(l.line.parse(4, argv) == -1);
    CHECK(l.line.args_of(l.line.chosen()).chosen_format() == Format::Ics);
  }
  {
    Line l;
    char* argv[] = {(char*)"deals", (char*)"export", (char*)"--format", (char*)"md"};
    REQUIRE(l.line.parse(4, argv) == -1);
    try {
      l.line.args_of(l.line.chosen()).chosen_format();
      FAIL("md is not an export format");
    } catch (const Error& e) {
      CHECK(std::string(e.what()) == "--format: unknown format 'md' (choose csv, json)");
      CHECK(e.exit_code() == kUsage);
    }
  }
}

#pragma once
// The table of commands: adding a command is one new cmd_<verb>.cpp and one line in
// commands.cpp. The table also drives `--help`, completions and "did you mean".
#include <vector>

#include "cli/context.hpp"

namespace CLI {
class App;
}

namespace deals {

struct CommandDef {
  const char* name;
  const char* summary;
  /// Adds the command's options to `app` and registers its runner in ctx.runners.
  void (*setup)(CLI::App& app, Context& ctx);
  bool mutates;  // takes the lock and may autocommit
};

const std::vector<CommandDef>& commands();

#define DEALS_COMMAND(verb) void setup_##verb(CLI::App& app, Context& ctx)
DEALS_COMMAND(init);
DEALS_COMMAND(add);
DEALS_COMMAND(show);
DEALS_COMMAND(list);
DEALS_COMMAND(qualify);
DEALS_COMMAND(advance);
DEALS_COMMAND(won);
DEALS_COMMAND(lost);
DEALS_COMMAND(reopen);
DEALS_COMMAND(log);
DEALS_COMMAND(next);
DEALS_COMMAND(due);
DEALS_COMMAND(edit);
DEALS_COMMAND(rm);
DEALS_COMMAND(check);
DEALS_COMMAND(export);
DEALS_COMMAND(import);
DEALS_COMMAND(fmt);
DEALS_COMMAND(stalled);
DEALS_COMMAND(review);
DEALS_COMMAND(stats);
DEALS_COMMAND(forecast);
DEALS_COMMAND(completion);
DEALS_COMMAND(calendar);
DEALS_COMMAND(undo);
DEALS_COMMAND(find);
DEALS_COMMAND(merge_file);
DEALS_COMMAND(git_setup);
DEALS_COMMAND(sync);
#undef DEALS_COMMAND

}  // namespace deals

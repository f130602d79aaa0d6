#pragma once
// The table of commands: adding a command is one new cmd_<verb>.cpp and one line in
// commands.cpp. The table says what each command needs (the dispatcher in main.cpp does
// it once: opens the pipeline, loads the deals, takes the lock) and which output formats
// it offers; it also drives `--help`, completions and "did you mean".
#include <functional>
#include <type_traits>
#include <vector>

#include "cli/args.hpp"
#include "cli/context.hpp"

namespace deals {

/// What a command needs before it runs, done by the dispatcher after the argument checks.
enum class Needs {
  undeclared,  // a table row that forgets its needs (tests/cli refuses it)
  nothing,     // no pipeline (init, completion, merge-file look for one themselves, if at all)
  pipeline,    // the pipeline opened: one-deal reads (show, next ID) and git work
  deals,       // every valid deal loaded read-only (ctx.loaded); skipped files warned about
  each,        // the pipeline opened; the command reads the deals one at a time
               // (Pipeline::load_each) and keeps what it shows, not the deals (list, export)
  lock,        // writes: the pipeline opened and locked before a deal is read; autocommit
  own_lock,    // writes that open and lock the pipeline themselves, once all else is
               // checked (add: to choose the id; import: after the whole file; edit: after
               // the editor; undo: after git's checks; sync: before it commits); autocommit
};

/// What a command's setup returns: how to run it once parsed.
struct Runner {
  std::function<int()> run;
  /// Argument checks run before the pipeline is opened, loaded or locked (usage errors
  /// come first); may be empty.
  std::function<void()> check;
  /// For Needs::lock: whether this run writes (next ID only shows; fmt --check only
  /// reads); empty means always.
  std::function<bool()> writes;

  template <typename F>
  requires std::is_invocable_r_v<int, F> Runner(F f)
      : run(std::move(f)) {}  // a bare runner converts
  Runner(std::function<int()> r, std::function<void()> c, std::function<bool()> w = {})
      : run(std::move(r)), check(std::move(c)), writes(std::move(w)) {}
};

struct CommandDef {
  const char* name;
  const char* summary;
  /// Declares the command's options on `args` and returns its runner.
  Runner (*setup)(Args& args, Context& ctx);
  Needs needs;
  /// The --format values, the first is the default; empty: no --format.
  std::vector<Format> formats;
};

const std::vector<CommandDef>& commands();

#define DEALS_COMMAND(verb) Runner setup_##verb(Args& args, Context& ctx)
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

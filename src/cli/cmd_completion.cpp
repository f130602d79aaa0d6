// deals completion bash|zsh|fish|ids|stages|open-stages
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

// Ids and stages for the scripts: quiet and successful even outside a pipeline.
int list_for_completion(Context& ctx, const std::string& what) {
  try {
    Pipeline& p = ctx.pipeline();
    if (what == "ids") {
      for (const auto& id : p.ids()) *ctx.out << id << "\n";
    } else if (what == "open-stages") {
      for (const auto& s : p.config().stages) *ctx.out << s.name << "\n";
    } else {
      for (const auto& s : p.config().all_stage_names()) *ctx.out << s << "\n";
    }
  } catch (const Error&) {
  }
  return 0;
}

int run(Context& ctx, const Opts& o) {
  if (o.what == "ids" || o.what == "stages" || o.what == "open-stages")
    return list_for_completion(ctx, o.what);
  // Every option as declared: what completes a value (formats, stages, ids, words) is
  // said where the option is added, and --format's words come from the command table.
  CompletionSpec spec = ctx.command_line->completion_spec();
  if (o.what == "bash") *ctx.out << bash_completion(spec);
  if (o.what == "zsh") *ctx.out << zsh_completion(spec);
  if (o.what == "fish") *ctx.out << fish_completion(spec);
  return 0;
}

}  // namespace

Runner setup_completion(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("SHELL", o->what,
                  "bash, zsh or fish: print that shell's completion script; ids, stages or "
                  "open-stages: print the pipeline's deal ids or stage names (open ones "
                  "only), one per line (used by the scripts)")
      .required()
      .choices({"bash", "zsh", "fish", "ids", "stages", "open-stages"})
      .words({"bash", "zsh", "fish"});  // ids and stages are for the scripts
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

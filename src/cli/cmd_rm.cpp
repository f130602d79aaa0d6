// deals rm ID [--yes]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::string id;
  bool yes = false;
};

int run(Context& ctx, const Opts& o) {
  Pipeline& p = ctx.pipeline();  // locked: Needs::lock
  const std::string id = p.resolve(o.id);
  if (!o.yes && ctx.stdin_tty) {
    auto answer = prompt(ctx, "delete " + Pipeline::rel_path(id) + "? [y/N] ");
    if (!answer || (*answer != "y" && *answer != "yes")) {
      *ctx.err << "deals: nothing deleted\n";
      return 1;
    }
  }
  p.remove(id);
  ctx.commit_message = "rm " + id;
  *ctx.out << id << ": deleted\n";
  return 0;
}

}  // namespace

Runner setup_rm(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("ID", o->id, "deal id or unique prefix").completes(Complete::Id).required();
  args.flag("--yes,-y", o->yes, "do not ask");
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

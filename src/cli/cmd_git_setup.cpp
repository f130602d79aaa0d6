// deals git-setup: make a clone ready for two-machine work (spec section 11): register
// the deals merge driver in the repository's config (git does not copy config into a
// clone) and make sure .gitattributes routes deal files to it.
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "store/git.hpp"

namespace deals {
namespace {

int run(Context& ctx) {
  Pipeline& p = ctx.pipeline();
  if (!in_work_tree(ctx.store.git, p.root()))
    throw Error(p.root().string() +
                " is not in a git work tree; run 'git init' there (or clone the pipeline's "
                "repository) first");
  if (ensure_gitattributes(p.root())) {
    *ctx.out << "wrote .gitattributes: " << kGitAttributesLine << "\n";
    if (p.config().autocommit) {
      GitResult r = git_commit(ctx.store.git, p.root(), {".gitattributes"},
                               "deals: git-setup: merge deal files field by field");
      if (!r.ok) ctx.warn(".gitattributes is written but not committed: " + r.message);
    }
  }
  GitResult r = git_register_driver(ctx.store.git, p.root(), true);
  if (!r.ok) throw Error("cannot register the merge driver: " + r.message);
  *ctx.out << "merge driver 'deals' registered: " << git_registered_driver(ctx.store.git, p.root())
           << "\n";
  // A clone gets the umask's permissions; `deals init` made deals/ private.
  if (p.make_private())
    *ctx.out << "deals/ made private to you (chmod 700: it holds personal contact data)\n";
  return 0;
}

}  // namespace

Runner setup_git_setup(Args& args, Context& ctx) {
  args.footer(
      "Run once in a fresh clone of a pipeline's repository (git does not copy config).\n"
      "It also makes deals/ private to you (chmod 700), as 'deals init' does.\n"
      "Commands that autocommit and 'deals sync' also register the driver when it is missing.\n"
      "The driver runs the deals found in PATH, or this binary's absolute path when the\n"
      "deals in PATH is another one (or there is none).");
  return [&ctx] { return run(ctx); };
}

}  // namespace deals

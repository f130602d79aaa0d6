#include "cli/autocommit.hpp"

#include "core/error.hpp"
#include "store/git.hpp"

namespace deals {

void autocommit(Context& ctx) {
  if (!ctx.has_pipeline()) return;
  Pipeline& p = ctx.pipeline();
  if (!p.config().autocommit || p.changed().empty()) return;
  if (!in_work_tree(ctx.store.git, p.root())) {
    // Outside a work tree autocommit has nothing to do; without git it cannot work at all.
    if (!git_available())
      ctx.warn(
          "git not found in PATH; the change is saved but not committed ([git] autocommit is on)");
    return;
  }
  // A fresh clone has .gitattributes but not the driver (git does not copy config).
  GitResult reg = git_register_driver(ctx.store.git, p.root());
  if (!reg.ok) ctx.warn("cannot register the deals merge driver: " + reg.message);
  std::string message =
      "deals: " + (ctx.commit_message.empty() ? std::string("update") : ctx.commit_message);
  GitResult r = git_commit(ctx.store.git, p.root(), p.changed(), message);
  if (!r.ok)
    ctx.warn("the change is saved but not committed: " + r.message +
             "\n(the next command that changes the same deal commits it too)");
}

void init_git(Context& ctx, const std::filesystem::path& dir) {
  if (!git_available()) {
    ctx.warn("git not found in PATH; the pipeline is created but not under git");
    return;
  }
  if (!in_work_tree(ctx.store.git, dir)) {
    GitResult r = git_init(ctx.store.git, dir);
    if (!r.ok) {
      ctx.warn("the pipeline is created but not under git: " + r.message);
      return;
    }
  }
  try {
    ensure_gitattributes(dir);
  } catch (const std::exception& e) {
    ctx.warn(std::string("cannot write .gitattributes: ") + e.what());
  }
  GitResult reg = git_register_driver(ctx.store.git, dir);
  if (!reg.ok) ctx.warn("cannot register the deals merge driver: " + reg.message);
  GitResult r =
      git_commit(ctx.store.git, dir, {"pipeline.toml", "deals/.gitkeep", ".gitattributes"},
                 "deals: init pipeline");
  if (!r.ok) ctx.warn("the pipeline is created but not committed: " + r.message);
}

}  // namespace deals

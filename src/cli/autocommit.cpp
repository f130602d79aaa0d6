#include "cli/autocommit.hpp"

#include "store/git.hpp"

namespace deals {

void autocommit(Context& ctx) {
  if (!ctx.has_pipeline()) return;
  Pipeline& p = ctx.pipeline();
  if (!p.config().autocommit || p.changed().empty()) return;
  if (!in_work_tree(p.root())) {
    // Outside a work tree autocommit has nothing to do; without git it cannot work at all.
    if (!git_available())
      ctx.warn(
          "git not found in PATH; the change is saved but not committed ([git] autocommit is on)");
    return;
  }
  std::string message =
      "deals: " + (ctx.commit_message.empty() ? std::string("update") : ctx.commit_message);
  GitResult r = git_commit(p.root(), p.changed(), message);
  if (!r.ok) ctx.warn("the change is saved but not committed: " + r.message);
}

void init_git(Context& ctx, const std::filesystem::path& dir) {
  if (!git_available()) {
    ctx.warn("git not found in PATH; the pipeline is created but not under git");
    return;
  }
  if (!in_work_tree(dir)) {
    GitResult r = git_init(dir);
    if (!r.ok) {
      ctx.warn("the pipeline is created but not under git: " + r.message);
      return;
    }
  }
  GitResult r = git_commit(dir, {"pipeline.toml", "deals/.gitkeep"}, "deals: init pipeline");
  if (!r.ok) ctx.warn("the pipeline is created but not committed: " + r.message);
}

}  // namespace deals

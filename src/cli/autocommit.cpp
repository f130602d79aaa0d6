#include "cli/autocommit.hpp"

#include "store/git.hpp"

namespace deals {

void autocommit(Context& ctx) {
  if (!ctx.has_pipeline()) return;
  Pipeline& p = ctx.pipeline();
  if (!p.config().autocommit || p.changed().empty() || !in_work_tree(p.root())) return;
  std::string message = "deals: " + (ctx.commit_message.empty() ? std::string("update") : ctx.commit_message);
  GitResult r = git_commit(p.root(), p.changed(), message);
  if (!r.ok) ctx.warn("git commit failed; the change is saved but not committed: " + r.message);
}

void init_git(Context& ctx, const std::filesystem::path& dir) {
  if (!in_work_tree(dir)) {
    GitResult r = git_init(dir);
    if (!r.ok) {
      ctx.warn("git init failed: " + r.message);
      return;
    }
  }
  GitResult r = git_commit(dir, {"pipeline.toml", "deals/.gitkeep"}, "deals: init pipeline");
  if (!r.ok) ctx.warn("git commit failed; the pipeline is created but not committed: " + r.message);
}

}  // namespace deals

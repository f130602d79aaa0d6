#include "cli/autocommit.hpp"

namespace deals {

void autocommit(Context& ctx) {
  if (!ctx.has_pipeline()) return;
  Pipeline& p = ctx.pipeline();
  if (!p.config().autocommit || p.changed().empty()) return;
  // git support lands with the store's git module.
}

void init_git(Context& ctx, const std::filesystem::path&) {
  ctx.warn("git support is not built yet");
}

}  // namespace deals

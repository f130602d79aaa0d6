#pragma once
#include <filesystem>

#include "cli/context.hpp"

namespace deals {

/// With [git] autocommit on and the pipeline in a git work tree, commits exactly the
/// files this command changed, with message "deals: <ctx.commit_message>". A git failure
/// is a warning; the change stays on disk.
void autocommit(Context& ctx);

/// `deals init --git`: git init unless `dir` is inside a work tree, then commit the new
/// pipeline files. Failures are warnings.
void init_git(Context& ctx, const std::filesystem::path& dir);

}  // namespace deals

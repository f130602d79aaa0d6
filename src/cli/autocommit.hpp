#pragma once
#include <filesystem>

#include "cli/context.hpp"

namespace deals {

/// With [git] autocommit on and the pipeline in a git work tree, commits exactly the
/// files this command changed, with message "deals: <ctx.commit_message>", after
/// registering the deals merge driver in the repository if it is missing. A git failure
/// is a warning; the change stays on disk (and goes in with the next commit of that file).
void autocommit(Context& ctx);

/// `deals init --git`: git init unless `dir` is inside a work tree, write .gitattributes,
/// register the merge driver, then commit the new pipeline files. Failures are warnings.
void init_git(Context& ctx, const std::filesystem::path& dir);

}  // namespace deals

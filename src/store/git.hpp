#pragma once
// git integration for autocommit (spec section 9). git runs without a shell, with its
// output captured, in an environment cleared of variables that would redirect it to
// another repository or index (as when deals runs inside a git hook).
#include <filesystem>
#include <string>
#include <vector>

namespace deals {

namespace fs = std::filesystem;

/// Outcome of a git operation. Git failures are never thrown: the caller prints
/// `message` as a warning and carries on with exit code 0.
struct GitResult {
  bool ok = false;
  /// True when a commit was made (ok with committed = false: there was nothing to commit).
  bool committed = false;
  /// On failure: what failed and git's stderr, on one or more lines, without "deals: ".
  std::string message;
};

/// True when `dir` is inside a git work tree (and git is installed).
bool in_work_tree(const fs::path& dir);

/// True when a `git` program can be started (looked up in PATH).
bool git_available();

/// `git init` in `dir`.
GitResult git_init(const fs::path& dir);

/// Commits exactly `paths` (relative to `root`, as in Pipeline::changed()) with
/// `message`, and nothing else: changes the user has staged for other paths stay staged
/// and uncommitted. New files are added, modified files committed, deleted tracked files
/// committed as deletions; paths with no change against HEAD are left out, and when none
/// remain nothing is committed. Runs the repository's commit hooks. When neither the
/// repository nor the user configures an identity, commits as `deals <deals@localhost>`.
GitResult git_commit(const fs::path& root, const std::vector<std::string>& paths,
                     const std::string& message);

}  // namespace deals

namespace deals {

/// The commit at HEAD, for `deals undo`.
struct HeadCommit {
  std::string hash;     // full hash
  std::string subject;  // first line of the message
  int parents = 0;
  /// Paths the commit changed (against its parent, or all of them for a root commit),
  /// relative to `root` when inside it; paths outside `root` keep a leading "../" form
  /// and are listed in `outside`.
  std::vector<std::string> paths;
  std::vector<std::string> outside;
};

/// Reads HEAD of the repository holding `root`. ok = false when there is no commit yet or
/// git fails (`message` says which).
GitResult git_head(const fs::path& root, HeadCommit& head);

/// The bytes of `path` (relative to `root`) in the parent of `commit`; false when the
/// file does not exist there.
bool git_parent_file(const fs::path& root, const std::string& commit, const std::string& path,
                     std::string& bytes);

/// The most recent commit (from HEAD back) whose subject starts with `prefix`, as "hash
/// subject"; empty when none.
std::string git_last_commit_with(const fs::path& root, const std::string& prefix);

/// True when any of `paths` (relative to `root`) differs from HEAD in the index or the
/// work tree.
bool git_has_changes(const fs::path& root, const std::vector<std::string>& paths);

}  // namespace deals

namespace deals {

/// The git operation in progress in the repository holding `root` ("merge", "rebase",
/// "cherry-pick", "revert"), or "" when none.
std::string git_operation_in_progress(const fs::path& root);

}  // namespace deals

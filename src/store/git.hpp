#pragma once
// git integration for autocommit (spec section 9). git runs without a shell, with its
// output captured, in an environment cleared of variables that would redirect it to
// another repository or index (as when deals runs inside a git hook). Every function that
// runs git takes the GitSettings read from the environment at the start (store/settings.hpp).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "store/process.hpp"
#include "store/settings.hpp"

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
bool in_work_tree(const GitSettings& git, const fs::path& dir);

/// True when a `git` program can be started (looked up in PATH).
bool git_available();

/// `git init` in `dir`.
GitResult git_init(const GitSettings& git, const fs::path& dir);

/// Commits exactly `paths` (relative to `root`, as in Pipeline::changed()) with
/// `message`, and nothing else: changes the user has staged for other paths stay staged
/// and uncommitted. New files are added, modified files committed, deleted tracked files
/// committed as deletions; paths with no change against HEAD are left out, and when none
/// remain nothing is committed. Runs the repository's commit hooks. When neither the
/// repository nor the user configures an identity, commits as `deals <deals@localhost>`.
GitResult git_commit(const GitSettings& git, const fs::path& root,
                     const std::vector<std::string>& paths, const std::string& message);

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
GitResult git_head(const GitSettings& git, const fs::path& root, HeadCommit& head);

/// The bytes of `path` (relative to `root`) in the parent of `commit`; false when the
/// file does not exist there.
bool git_parent_file(const GitSettings& git, const fs::path& root, const std::string& commit,
                     const std::string& path, std::string& bytes);

/// The most recent commit (from HEAD back) whose subject starts with `prefix`, as "hash
/// subject"; empty when none.
std::string git_last_commit_with(const GitSettings& git, const fs::path& root,
                                 const std::string& prefix);

/// True when any of `paths` (relative to `root`) differs from HEAD in the index or the
/// work tree.
bool git_has_changes(const GitSettings& git, const fs::path& root,
                     const std::vector<std::string>& paths);

/// Runs git in `root` (without a shell, in the cleaned environment described above).
/// With `identity`, commits made by this call fall back to `deals <deals@localhost>` when
/// no identity is configured.
ProcessResult run_git(const GitSettings& git, const fs::path& root,
                      const std::vector<std::string>& args, bool identity = false);

/// A git operation that stopped half-way (on a conflict, or to let the user edit).
enum class GitOperation { none, merge, rebase, am, cherry_pick, revert, sequencer };

/// The operation in progress in the repository whose work tree holds `dir`, found from its
/// git directory (MERGE_HEAD, rebase-merge/, rebase-apply/, CHERRY_PICK_HEAD, REVERT_HEAD,
/// sequencer/) without running git. `none` outside a repository.
GitOperation git_operation(const fs::path& dir);

/// "a merge", "a rebase", ... and how to finish or abort it, for messages.
std::string describe_operation(GitOperation op);

/// Throws Error when a git operation is in progress in the repository holding `root`:
/// what it is, how to finish or abort it, and the unmerged files. Every write to the
/// pipeline checks this (Pipeline::lock): a write now would be thrown away by an abort or
/// mixed into the operation's commit.
void refuse_during_git_operation(const GitSettings& git, const fs::path& root);

/// Unmerged (conflicted) paths, relative to `root`.
std::vector<std::string> git_unmerged(const GitSettings& git, const fs::path& root);

/// The merge driver command to register: `deals merge-file %O %A %B %P` when the running
/// binary is the `deals` found in `git.path`, else the running binary's absolute path (quoted for
/// the shell git runs drivers with) in place of `deals`.
std::string merge_driver_command(const GitSettings& git);

/// Registers the `deals` merge driver in the repository's config (merge.deals.name and
/// merge.deals.driver) when it is missing or names a program that no longer exists, or
/// always with `force`. `changed` tells whether it wrote anything.
GitResult git_register_driver(const GitSettings& git, const fs::path& root, bool force = false,
                              bool* changed = nullptr);

/// The registered driver command ("" when none).
std::string git_registered_driver(const GitSettings& git, const fs::path& root);

/// The line `.gitattributes` needs: `deals/*.yaml merge=deals`.
inline const char* kGitAttributesLine = "deals/*.yaml merge=deals";

/// Adds kGitAttributesLine to `root/.gitattributes` (creating it) unless it is there.
/// Returns true when the file was written.
bool ensure_gitattributes(const fs::path& root);

/// True when `root/.gitattributes` has kGitAttributesLine.
bool has_gitattributes(const fs::path& root);

/// A plain line-based three-way merge (`git merge-file`), written into `ours`: the fallback
/// for files the semantic merge cannot read. Returns the number of conflicts (0 = merged),
/// or -1 when git could not run.
int git_merge_file_text(const GitSettings& git, const fs::path& ours, const fs::path& base,
                        const fs::path& theirs, int marker_size);

/// A file as the next commit would hold it.
struct StagedFile {
  std::string path;   // relative to the root given to git_staged
  std::string bytes;  // the staged content (empty when unmerged or a symbolic link)
  bool unmerged = false;
  bool symlink = false;
};

/// The files under `dir` (relative to `root`) whose staged version differs from HEAD,
/// added or modified (deletions are left out), with their staged content; plus `extra`
/// paths when they are staged. Throws Error when git fails.
std::vector<StagedFile> git_staged(const GitSettings& git, const fs::path& root,
                                   const std::string& dir,
                                   const std::vector<std::string>& extra = {});

/// The line-based three-way merge of the three files when it has no conflict (nothing is
/// written); nullopt otherwise.
std::optional<std::string> git_merge_file_clean(const GitSettings& git, const fs::path& ours,
                                                const fs::path& base, const fs::path& theirs);

}  // namespace deals

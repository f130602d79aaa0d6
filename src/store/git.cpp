#include "store/git.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "store/git_internal.hpp"

// Running git, and the commits deals makes and reads (autocommit, undo).
namespace deals {
namespace git_detail {

// Variables that point git at another repository, index, object store or configuration,
// or change how pathspecs are read. Set inside git hooks, they would make our commit go
// somewhere else.
const std::vector<std::string>& cleared_env() {
  static const std::vector<std::string> names{
      "GIT_DIR",
      "GIT_WORK_TREE",
      "GIT_INDEX_FILE",
      "GIT_OBJECT_DIRECTORY",
      "GIT_ALTERNATE_OBJECT_DIRECTORIES",
      "GIT_CEILING_DIRECTORIES",
      "GIT_DISCOVERY_ACROSS_FILESYSTEM",
      "GIT_COMMON_DIR",
      "GIT_NAMESPACE",
      "GIT_PREFIX",
      "GIT_CONFIG*",
      "GIT_SHALLOW_FILE",
      "GIT_GRAFT_FILE",
      "GIT_REPLACE_REF_BASE",
      "GIT_NO_REPLACE_OBJECTS",
      "GIT_QUARANTINE_PATH",
      "GIT_LITERAL_PATHSPECS",
      "GIT_GLOB_PATHSPECS",
      "GIT_NOGLOB_PATHSPECS",
      "GIT_ICASE_PATHSPECS",
      "GIT_EDITOR",
      "GIT_SEQUENCE_EDITOR",
      "GIT_PAGER",
  };
  return names;
}

ProcessResult git(const GitSettings& settings, const fs::path& root, std::vector<std::string> args,
                  const std::vector<std::string>& config) {
  std::vector<std::string> argv{"git", "-C", root.string(), "--literal-pathspecs"};
  for (const auto& c : config) {
    argv.push_back("-c");
    argv.push_back(c);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions o;
  o.unset_env = cleared_env();
  o.set_env = {"GIT_TERMINAL_PROMPT=0"};
  // Another git (an editor's `git status` every few seconds, a prompt) holding the
  // index lock makes git fail at once; wait for it with backoff instead of giving up.
  const double limit = settings.lock_timeout;
  auto start = std::chrono::steady_clock::now();
  for (int delay_ms = 5;; delay_ms = std::min(delay_ms * 2, 200)) {
    ProcessResult r = run_process(argv, o);
    if (r.ok() || r.err.find("index.lock': File exists") == std::string::npos) return r;
    std::chrono::duration<double> waited = std::chrono::steady_clock::now() - start;
    if (waited.count() >= limit) return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
  }
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

GitResult failure(const std::string& what, const ProcessResult& r) {
  GitResult res;
  res.message = what;
  std::string detail = trim(r.err.empty() ? r.out : r.err);
  if (!detail.empty()) res.message += ": " + detail;
  return res;
}

std::vector<std::string> split_z(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\0') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

}  // namespace git_detail

using namespace git_detail;

namespace {

bool exists_no_follow(const fs::path& p) {
  struct stat st;
  return lstat(p.c_str(), &st) == 0;
}

// `-c` settings that supply an identity only where git has none configured.
std::vector<std::string> identity_fallback(const GitSettings& g, const fs::path& root) {
  std::vector<std::string> config;
  if (trim(git(g, root, {"config", "user.name"}).out).empty()) config.push_back("user.name=deals");
  // git also takes the address from $EMAIL, after user.email; do not override it.
  if (g.email.empty() && trim(git(g, root, {"config", "user.email"}).out).empty())
    config.push_back("user.email=deals@localhost");
  return config;
}

}  // namespace

bool in_work_tree(const GitSettings& g, const fs::path& dir) {
  ProcessResult r = git(g, dir, {"rev-parse", "--is-inside-work-tree"});
  return r.ok() && trim(r.out) == "true";
}

bool git_available() {
  ProcessOptions o;
  o.unset_env = cleared_env();
  return run_process({"git", "--version"}, o).started;
}

GitResult git_init(const GitSettings& g, const fs::path& dir) {
  ProcessResult r = git(g, dir, {"init", "--quiet"});
  if (!r.ok()) return failure("git init failed", r);
  GitResult res;
  res.ok = true;
  return res;
}

GitResult git_commit(const GitSettings& g, const fs::path& root,
                     const std::vector<std::string>& paths, const std::string& message) {
  GitResult done;
  done.ok = true;
  std::vector<std::string> present, missing;
  for (const auto& p : paths) {
    if (std::find(present.begin(), present.end(), p) != present.end() ||
        std::find(missing.begin(), missing.end(), p) != missing.end())
      continue;
    (exists_no_follow(root / p) ? present : missing).push_back(p);
  }
  if (present.empty() && missing.empty()) return done;

  // New files must be in the index before `commit --only` can name them. Adding only
  // these paths leaves the user's other staged changes as they were.
  if (!present.empty()) {
    std::vector<std::string> add{"add", "--"};
    add.insert(add.end(), present.begin(), present.end());
    ProcessResult r = git(g, root, add);
    if (!r.ok()) return failure("git add failed", r);
  }
  // A missing path can only be committed (as a deletion) when git tracks it; a file
  // created and removed again before the commit is simply not there.
  std::vector<std::string> commit_paths = present;
  if (!missing.empty()) {
    std::vector<std::string> ls{"ls-files", "-z", "--"};
    ls.insert(ls.end(), missing.begin(), missing.end());
    ProcessResult r = git(g, root, ls);
    if (!r.ok()) return failure("git ls-files failed", r);
    for (const auto& tracked : split_z(r.out))
      if (std::find(missing.begin(), missing.end(), tracked) != missing.end())
        commit_paths.push_back(tracked);
  }
  if (commit_paths.empty()) return done;

  std::vector<std::string> status{"status", "--porcelain", "-z", "--untracked-files=no", "--"};
  status.insert(status.end(), commit_paths.begin(), commit_paths.end());
  ProcessResult st = git(g, root, status);
  if (!st.ok()) return failure("git status failed", st);
  if (st.out.empty()) return done;

  std::vector<std::string> commit{"commit", "--quiet", "--only", "-m", message, "--"};
  commit.insert(commit.end(), commit_paths.begin(), commit_paths.end());
  ProcessResult r = git(g, root, commit, identity_fallback(g, root));
  if (!r.ok()) return failure("git commit failed", r);
  done.committed = true;
  return done;
}

GitResult git_head(const GitSettings& g, const fs::path& root, HeadCommit& head) {
  ProcessResult r = git(g, root, {"log", "-1", "--format=%H%x00%P%x00%s", "HEAD", "--"});
  if (!r.ok()) return failure("there is no commit to undo", r);
  std::string out = trim(r.out);
  size_t a = out.find('\0'), b = out.find('\0', a + 1);
  if (a == std::string::npos || b == std::string::npos) return failure("git log failed", r);
  head.hash = out.substr(0, a);
  std::string parents = out.substr(a + 1, b - a - 1);
  head.subject = out.substr(b + 1);
  head.parents = 0;
  for (size_t i = 0; i < parents.size(); ++i)
    if (parents[i] != ' ' && (i == 0 || parents[i - 1] == ' ')) ++head.parents;
  ProcessResult prefix = git(g, root, {"rev-parse", "--show-prefix"});
  if (!prefix.ok()) return failure("git rev-parse failed", prefix);
  std::string pre = trim(prefix.out);
  ProcessResult files = git(
      g, root,
      {"diff-tree", "--no-commit-id", "-r", "-z", "--name-only", "--root", "--no-renames", "HEAD"});
  if (!files.ok()) return failure("git diff-tree failed", files);
  head.paths.clear();
  head.outside.clear();
  for (const auto& p : split_z(files.out)) {
    if (p.starts_with(pre))
      head.paths.push_back(p.substr(pre.size()));
    else
      head.outside.push_back(p);
  }
  GitResult res;
  res.ok = true;
  return res;
}

ProcessResult run_git(const GitSettings& g, const fs::path& root,
                      const std::vector<std::string>& args, bool identity) {
  return git(g, root, args, identity ? identity_fallback(g, root) : std::vector<std::string>{});
}

}  // namespace deals

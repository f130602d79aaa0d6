#include "store/git.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <thread>

#include "core/error.hpp"
#include "core/text.hpp"
#include "store/fs_util.hpp"
#include "store/pipeline.hpp"

namespace deals {

namespace {

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
                  const std::vector<std::string>& config = {}) {
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

// NUL-separated output to a list.
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

}  // namespace deals

namespace deals {

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

namespace {

// The git directory of the work tree holding `dir`: the nearest `.git` above it, a
// directory or a file saying `gitdir: PATH` (linked work trees, submodules).
std::optional<fs::path> git_dir_of(const fs::path& dir) {
  std::error_code ec;
  fs::path at = fs::absolute(dir, ec);
  if (ec) return std::nullopt;
  for (;; at = at.parent_path()) {
    fs::path dot = at / ".git";
    if (fs::is_directory(dot, ec)) return dot;
    if (fs::is_regular_file(dot, ec)) {
      std::ifstream in(dot);
      std::string line;
      std::getline(in, line);
      if (line.rfind("gitdir:", 0) != 0) return std::nullopt;
      std::string path = trim(line.substr(7));
      while (!path.empty() && path.front() == ' ') path.erase(path.begin());
      fs::path p(path);
      return p.is_relative() ? at / p : p;
    }
    if (at == at.root_path() || at.empty()) return std::nullopt;
  }
}

}  // namespace

GitOperation git_operation(const fs::path& dir) {
  auto gd = git_dir_of(dir);
  if (!gd) return GitOperation::none;
  std::error_code ec;
  auto has = [&](const char* name) { return fs::exists(*gd / name, ec); };
  if (has("rebase-merge")) return GitOperation::rebase;
  if (has("rebase-apply"))
    return has("rebase-apply/applying") ? GitOperation::am : GitOperation::rebase;
  if (has("MERGE_HEAD")) return GitOperation::merge;
  if (has("CHERRY_PICK_HEAD")) return GitOperation::cherry_pick;
  if (has("REVERT_HEAD")) return GitOperation::revert;
  if (has("sequencer")) return GitOperation::sequencer;
  return GitOperation::none;
}

std::string describe_operation(GitOperation op) {
  switch (op) {
    case GitOperation::merge:
      return "a git merge is in progress: resolve the conflicts, 'git add' the files and "
             "'git commit' to finish it, or 'git merge --abort'";
    case GitOperation::rebase:
      return "a git rebase is in progress: resolve the conflicts, 'git add' the files and "
             "'git rebase --continue' to finish it, or 'git rebase --abort'";
    case GitOperation::am:
      return "a 'git am' is in progress: 'git am --continue' to finish it, or 'git am --abort'";
    case GitOperation::cherry_pick:
      return "a git cherry-pick is in progress: resolve the conflicts, 'git add' the files and "
             "'git cherry-pick --continue' to finish it, or 'git cherry-pick --abort'";
    case GitOperation::revert:
      return "a git revert is in progress: resolve the conflicts, 'git add' the files and "
             "'git revert --continue' to finish it, or 'git revert --abort'";
    case GitOperation::sequencer:
      return "a git cherry-pick or revert is in progress: 'git cherry-pick --continue' (or "
             "'git revert --continue') to finish it, or '--abort'";
    case GitOperation::none:
      break;
  }
  return "";
}

void refuse_during_git_operation(const GitSettings& g, const fs::path& root) {
  GitOperation op = git_operation(root);
  if (op == GitOperation::none) return;
  std::string msg = describe_operation(op) + "; then run this command again (nothing changed)";
  std::vector<std::string> unmerged = git_unmerged(g, root);
  if (!unmerged.empty()) {
    msg += "\nunmerged:";
    for (size_t i = 0; i < unmerged.size() && i < 20; ++i) msg += "\n  " + unmerged[i];
  }
  throw Error(msg);
}

std::vector<std::string> git_unmerged(const GitSettings& g, const fs::path& root) {
  ProcessResult r =
      git(g, root, {"diff", "--name-only", "-z", "--relative", "--diff-filter=U", "--"});
  if (!r.ok()) return {};
  std::vector<std::string> out = split_z(r.out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::optional<fs::path> self_exe() {
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return p;
}

// The `deals` that a shell would start, if any.
std::optional<fs::path> deals_in_path(const std::string& path) {
  std::string_view rest = path;
  while (true) {
    size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (!dir.empty()) {
      fs::path candidate = fs::path(dir) / "deals";
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return std::nullopt;
}

constexpr const char* kDriverArgs = " merge-file %O %A %B %P";

// The program a registered driver command starts, when it is an absolute path we wrote.
std::optional<fs::path> driver_program(const std::string& command) {
  if (command.size() < 2 || command[0] != '\'') return std::nullopt;
  std::string path;
  for (size_t i = 1; i < command.size(); ++i) {
    if (command.compare(i, 4, "'\\''") == 0) {
      path += '\'';
      i += 3;
    } else if (command[i] == '\'') {
      return fs::path(path);
    } else {
      path += command[i];
    }
  }
  return std::nullopt;
}

}  // namespace

std::string merge_driver_command(const GitSettings& g) {
  auto self = self_exe();
  auto found = deals_in_path(g.path);
  std::error_code ec;
  if (!self || (found && fs::equivalent(*found, *self, ec)))
    return std::string("deals") + kDriverArgs;
  return shell_quote(self->string()) + kDriverArgs;
}

std::string git_registered_driver(const GitSettings& g, const fs::path& root) {
  return trim(git(g, root, {"config", "--get", "merge.deals.driver"}).out);
}

GitResult git_register_driver(const GitSettings& g, const fs::path& root, bool force,
                              bool* changed) {
  if (changed) *changed = false;
  GitResult res;
  std::string have = git_registered_driver(g, root);
  bool stale = false;
  if (!have.empty() && !force) {
    auto program = driver_program(have);
    std::error_code ec;
    stale = program && !fs::exists(*program, ec);
    if (!stale) {
      res.ok = true;
      return res;
    }
  }
  ProcessResult r =
      git(g, root, {"config", "merge.deals.name", "deals: merge deal files field by field"});
  if (!r.ok()) return failure("git config failed", r);
  r = git(g, root, {"config", "merge.deals.driver", merge_driver_command(g)});
  if (!r.ok()) return failure("git config failed", r);
  if (changed) *changed = true;
  res.ok = true;
  return res;
}

bool git_parent_file(const GitSettings& g, const fs::path& root, const std::string& commit,
                     const std::string& path, std::string& bytes) {
  std::string spec = commit + "^:./" + path;
  if (!git(g, root, {"rev-parse", "--verify", "--quiet", spec}).ok()) return false;
  ProcessResult r = git(g, root, {"cat-file", "blob", spec});
  if (!r.ok()) return false;
  bytes = r.out;
  return true;
}

std::string git_last_commit_with(const GitSettings& g, const fs::path& root,
                                 const std::string& prefix) {
  ProcessResult r = git(g, root, {"log", "-200", "--format=%h %s", "HEAD", "--"});
  if (!r.ok()) return "";
  size_t start = 0;
  while (start < r.out.size()) {
    size_t end = r.out.find('\n', start);
    if (end == std::string::npos) end = r.out.size();
    std::string line = r.out.substr(start, end - start);
    size_t sp = line.find(' ');
    if (sp != std::string::npos && line.compare(sp + 1, prefix.size(), prefix) == 0) return line;
    start = end + 1;
  }
  return "";
}

bool git_has_changes(const GitSettings& g, const fs::path& root,
                     const std::vector<std::string>& paths) {
  std::vector<std::string> status{"status", "--porcelain", "-z", "--"};
  status.insert(status.end(), paths.begin(), paths.end());
  ProcessResult r = git(g, root, status);
  return !r.ok() || !r.out.empty();
}

bool has_gitattributes(const fs::path& root) {
  std::ifstream in(root / ".gitattributes");
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line == kGitAttributesLine) return true;
  }
  return false;
}

bool ensure_gitattributes(const fs::path& root) {
  if (has_gitattributes(root)) return false;
  std::string text;
  std::error_code ec;
  if (fs::exists(root / ".gitattributes", ec)) text = read_file(root / ".gitattributes");
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += std::string(kGitAttributesLine) + "\n";
  atomic_write(root, ".gitattributes", text, 0644);
  return true;
}

int git_merge_file_text(const GitSettings& g, const fs::path& ours, const fs::path& base,
                        const fs::path& theirs, int marker_size) {
  ProcessResult r = git(g, ours.parent_path().empty() ? fs::path(".") : ours.parent_path(),
                        {"merge-file", "--marker-size=" + std::to_string(marker_size), "-L", "ours",
                         "-L", "base", "-L", "theirs", fs::absolute(ours).string(),
                         fs::absolute(base).string(), fs::absolute(theirs).string()});
  if (!r.started || r.exit_code < 0 || r.exit_code >= 128) return -1;
  return r.exit_code;
}

std::optional<std::string> git_merge_file_clean(const GitSettings& g, const fs::path& ours,
                                                const fs::path& base, const fs::path& theirs) {
  fs::path dir = fs::absolute(ours).parent_path();
  ProcessResult r = git(g, dir,
                        {"merge-file", "-p", "--quiet", fs::absolute(ours).string(),
                         fs::absolute(base).string(), fs::absolute(theirs).string()});
  if (!r.ok()) return std::nullopt;
  return r.out;
}

std::vector<StagedFile> git_staged(const GitSettings& g, const fs::path& root,
                                   const std::string& dir, const std::vector<std::string>& extra) {
  bool has_head = git(g, root, {"rev-parse", "--verify", "--quiet", "HEAD"}).ok();
  std::vector<std::string> diff{"diff",       "--cached",     "--name-only",    "-z",
                                "--relative", "--no-renames", "--diff-filter=d"};
  // Before the first commit everything in the index is staged.
  if (!has_head) diff = {"ls-files", "-z", "--cached"};
  diff.push_back("--");
  diff.push_back(dir);
  diff.insert(diff.end(), extra.begin(), extra.end());
  ProcessResult r = git(g, root, diff);
  if (!r.ok()) throw Error(failure("git diff --cached failed", r).message);
  std::vector<std::string> paths = split_z(r.out);
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  std::vector<StagedFile> out;
  if (paths.empty()) return out;

  std::vector<std::string> ls{"ls-files", "-s", "-z", "--"};
  ls.insert(ls.end(), paths.begin(), paths.end());
  ProcessResult st = git(g, root, ls);
  if (!st.ok()) throw Error(failure("git ls-files failed", st).message);
  // "<mode> <sha> <stage>\t<path>"
  std::vector<std::string> checkout;
  for (const auto& rec : split_z(st.out)) {
    size_t tab = rec.find('\t');
    if (tab == std::string::npos || rec.size() < 50) continue;
    std::string path = rec.substr(tab + 1);
    char stage = rec[tab - 1];
    auto it =
        std::find_if(out.begin(), out.end(), [&](const StagedFile& f) { return f.path == path; });
    if (it == out.end()) it = out.insert(out.end(), StagedFile{path, "", false, false});
    if (stage != '0')
      it->unmerged = true;
    else if (rec.starts_with("120000"))
      it->symlink = true;
    else
      checkout.push_back(path);
  }
  if (checkout.empty()) return out;
  // The staged blobs, written below a temporary directory in one git call.
  std::string tmpl = (fs::temp_directory_path() / "deals-staged-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw Error("cannot create a temporary directory: " + tmpl);
  fs::path tmp = tmpl;
  std::string prefix = trim(git(g, root, {"rev-parse", "--show-prefix"}).out);
  std::vector<std::string> co{"checkout-index", "-f", "--prefix=" + tmp.string() + "/", "--"};
  co.insert(co.end(), checkout.begin(), checkout.end());
  ProcessResult c = git(g, root, co);
  std::error_code ec;
  if (!c.ok()) {
    fs::remove_all(tmp, ec);
    throw Error(failure("git checkout-index failed", c).message);
  }
  try {
    for (auto& f : out)
      if (!f.unmerged && !f.symlink) f.bytes = read_file(tmp / prefix / f.path);
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
  fs::remove_all(tmp, ec);
  return out;
}

}  // namespace deals

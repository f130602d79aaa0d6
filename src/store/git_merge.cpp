#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <optional>

#include "core/error.hpp"
#include "store/fs_util.hpp"
#include "store/git.hpp"
#include "store/git_internal.hpp"
#include "store/pipeline.hpp"

// git and merges: operations in progress, the merge driver and its registration, staged
// files, line-based merges.
namespace deals {

using namespace git_detail;

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

namespace {

// Reads the staged content of `checkout` (paths relative to `root`) into `out`: the blobs
// are written below a temporary directory in one git call.
void read_staged(const GitSettings& g, const fs::path& root,
                 const std::vector<std::string>& checkout, std::vector<StagedFile>& out) {
  std::string tmpl = (fs::path(g.tmpdir) / "deals-staged-XXXXXX").string();
  if (!::mkdtemp(tmpl.data()))
    throw Error("cannot create a temporary directory in " + g.tmpdir +
                " ($TMPDIR): " + std::strerror(errno));
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
}

}  // namespace

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
  if (!checkout.empty()) read_staged(g, root, checkout, out);
  return out;
}

}  // namespace deals

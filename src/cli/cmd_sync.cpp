// deals sync: commit pending deal changes, pull (merge, with the deals driver), push when
// the branch has an upstream, and say what came in and what went out (spec section 11).
#include <fmt/format.h>

#include <map>

#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "store/fs_util.hpp"
#include "store/git.hpp"

namespace deals {
namespace {

std::vector<std::string> split_z(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if (s[i] == '\0') {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

bool is_deal_path(const std::string& p) {
  if (!p.starts_with("deals/") || !p.ends_with(".yaml")) return false;
  std::string name = p.substr(6);
  return name.find('/') == std::string::npos && !name.starts_with(".");
}

std::string id_of(const std::string& path) {
  return path.substr(6, path.size() - 6 - 5);
}

// Deal files changed against HEAD (staged or not) and new deal files git does not track.
std::vector<std::string> pending(const GitSettings& git, const fs::path& root, bool has_head) {
  std::vector<std::string> out;
  if (has_head) {
    ProcessResult r =
        run_git(git, root,
                {"diff", "--name-only", "-z", "--relative", "--no-renames", "HEAD", "--", "deals"});
    for (auto& p : split_z(r.out))
      if (is_deal_path(p)) out.push_back(p);
  }
  ProcessResult r =
      run_git(git, root, {"ls-files", "-z", "--others", "--exclude-standard", "--", "deals"});
  for (auto& p : split_z(r.out))
    if (is_deal_path(p)) out.push_back(p);
  return out;
}

// "added"/"changed"/"removed" -> ids, for the deal files that differ between two commits.
std::map<std::string, std::vector<std::string>> changes(const GitSettings& git,
                                                        const fs::path& root,
                                                        const std::string& from,
                                                        const std::string& to) {
  std::map<std::string, std::vector<std::string>> out;
  ProcessResult r = run_git(
      git, root,
      {"diff", "--name-status", "-z", "--relative", "--no-renames", from, to, "--", "deals"});
  std::vector<std::string> f = split_z(r.out);
  for (size_t i = 0; i + 1 < f.size(); i += 2) {
    if (!is_deal_path(f[i + 1])) continue;
    const char* kind = f[i] == "A" ? "added" : f[i] == "D" ? "removed" : "changed";
    out[kind].push_back(id_of(f[i + 1]));
  }
  return out;
}

void print_changes(Context& ctx, const std::string& heading,
                   const std::map<std::string, std::vector<std::string>>& c, int commits) {
  std::string summary;
  for (const char* kind : {"added", "changed", "removed"}) {
    auto it = c.find(kind);
    if (it == c.end()) continue;
    summary += (summary.empty() ? "" : ", ") + fmt::format("{} {}", it->second.size(), kind);
  }
  if (summary.empty())
    summary = commits == 0
                  ? "nothing"
                  : fmt::format("{} commit{}, no deal changed", commits, commits == 1 ? "" : "s");
  *ctx.out << heading << ": " << summary << "\n";
  for (const char* kind : {"added", "changed", "removed"}) {
    auto it = c.find(kind);
    if (it == c.end()) continue;
    for (const auto& id : it->second) *ctx.out << fmt::format("  {:<8} {}\n", kind, sanitize(id));
  }
}

// The fields a conflicted deal file has markers around: the key of the first line inside
// each marked region ("contact.email" for a key inside contact:).
std::vector<std::string> conflicted_fields(const std::string& bytes) {
  std::vector<std::string> fields;
  std::string parent;
  bool in_region = false;
  bool named = false;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    std::string line = bytes.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.starts_with("<<<<<<<")) {
      in_region = true;
      named = false;
      continue;
    }
    if (line.starts_with(">>>>>>>")) {
      in_region = false;
      continue;
    }
    if (line.starts_with("=======") || line.starts_with("|||||||")) continue;
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || line[indent] == '#') continue;
    std::string key = line.substr(indent);
    bool entry = key.starts_with("- ");
    size_t colon = key.find(':');
    key = colon == std::string::npos ? "" : key.substr(0, colon);
    if (!in_region) {
      if (indent == 0 && !key.empty()) parent = key;
      continue;
    }
    if (named) continue;
    named = true;
    std::string field = indent == 0 && !entry ? key : parent + (entry ? "" : "." + key);
    if (field.empty()) field = "?";
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) fields.push_back(field);
    if (indent == 0 && !entry && !key.empty()) parent = key;
  }
  return fields;
}

// Refuses outside a git work tree; takes the lock (which refuses during a merge or rebase
// and holds off other deals writers meanwhile); registers the merge driver.
void prepare(Context& ctx, const fs::path& root) {
  if (!in_work_tree(ctx.store.git, root))
    throw Error(root.string() +
                " is not in a git work tree; nothing to sync (see 'deals init --git')");
  ctx.pipeline().lock();
  GitResult reg = git_register_driver(ctx.store.git, root);
  if (!reg.ok) ctx.warn("cannot register the deals merge driver: " + reg.message);
  if (!has_gitattributes(root))
    ctx.warn(std::string(".gitattributes lacks '") + kGitAttributesLine +
             "': deal files merge line by line; run 'deals git-setup'");
}

void commit_pending(Context& ctx, const fs::path& root) {
  bool has_head = run_git(ctx.store.git, root, {"rev-parse", "--verify", "--quiet", "HEAD"}).ok();
  std::vector<std::string> local = pending(ctx.store.git, root, has_head);
  if (local.empty()) return;
  GitResult c = git_commit(
      ctx.store.git, root, local,
      fmt::format("deals: sync: {} pending change{}", local.size(), local.size() == 1 ? "" : "s"));
  if (!c.ok) throw Error("cannot commit the pending changes: " + c.message + "; nothing pulled");
  if (c.committed)
    *ctx.out << "committed " << local.size() << " pending deal change"
             << (local.size() == 1 ? "" : "s") << "\n";
}

// The error of a pull that stopped: the files and fields both sides changed, and what to do.
Error stopped_pull(Context& ctx, const fs::path& root, const ProcessResult& pull) {
  std::vector<std::string> unmerged = git_unmerged(ctx.store.git, root);
  if (unmerged.empty())
    return Error("git pull failed; nothing pushed: " +
                 trimmed(pull.err.empty() ? pull.out : pull.err));
  std::string msg = "sync stopped: both sides changed the same field; nothing pushed";
  for (const auto& path : unmerged) {
    std::string fields;
    try {
      for (const auto& f : conflicted_fields(read_file(root / path)))
        fields += (fields.empty() ? "" : ", ") + f;
    } catch (const Error&) {
    }
    msg += "\n  " + path + (fields.empty() ? "" : ": " + fields);
    // History entries are marked only when the sides closed (or reopened) the deal in ways
    // that cannot both stand (merge-file's conflict on stage).
    if ((", " + fields + ",").find(", history,") != std::string::npos)
      msg += " (the sides disagree on how the deal was closed: keep the same side throughout)";
  }
  msg +=
      "\nkeep one version in each file (delete the <<<<<<< ======= >>>>>>> lines), run 'deals "
      "check', then 'git add' the files and 'git commit', and 'deals sync' again; or undo the "
      "pull with 'git merge --abort'";
  return Error(msg);
}

void pull(Context& ctx, const fs::path& root, const std::string& upstream) {
  std::string before = trimmed(run_git(ctx.store.git, root, {"rev-parse", "HEAD"}).out);
  ProcessResult pull =
      run_git(ctx.store.git, root, {"pull", "--no-rebase", "--no-edit", "--quiet"}, true);
  if (!pull.ok()) throw stopped_pull(ctx, root, pull);
  std::string after = trimmed(run_git(ctx.store.git, root, {"rev-parse", "HEAD"}).out);
  int in_commits = std::atoi(
      run_git(ctx.store.git, root, {"rev-list", "--count", before + ".." + after}).out.c_str());
  print_changes(ctx, "received from " + upstream,
                before == after ? std::map<std::string, std::vector<std::string>>{}
                                : changes(ctx.store.git, root, before, after),
                in_commits);
}

void push(Context& ctx, const fs::path& root, const std::string& upstream) {
  int ahead = std::atoi(
      run_git(ctx.store.git, root, {"rev-list", "--count", upstream + "..HEAD"}).out.c_str());
  auto out_changes = ahead > 0 ? changes(ctx.store.git, root, upstream, "HEAD")
                               : std::map<std::string, std::vector<std::string>>{};
  if (ahead > 0) {
    ProcessResult push = run_git(ctx.store.git, root, {"push", "--quiet"});
    if (!push.ok())
      throw Error("git push failed: " + trimmed(push.err.empty() ? push.out : push.err) +
                  "\n(the pulled changes are merged locally; run 'deals sync' again)");
  }
  print_changes(ctx, "sent to " + upstream, out_changes, ahead);
}

int run(Context& ctx) {
  const fs::path root = ctx.pipeline().root();
  prepare(ctx, root);
  commit_pending(ctx, root);
  ProcessResult up = run_git(ctx.store.git, root,
                             {"rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"});
  if (!up.ok()) {
    *ctx.out << "no upstream branch: nothing pulled or pushed (set one with 'git push -u REMOTE "
                "BRANCH')\n";
    return 0;
  }
  const std::string upstream = trimmed(up.out);
  pull(ctx, root, upstream);
  push(ctx, root, upstream);
  return 0;
}

}  // namespace

Runner setup_sync(Args& args, Context& ctx) {
  args.footer(
      "Commits pending deal changes, runs 'git pull --no-rebase' (deal files are merged field\n"
      "by field by the deals merge driver), then 'git push' when the branch has an upstream.\n"
      "A field both sides changed differently stops it, naming files and fields; nothing is\n"
      "pushed then.");
  return [&ctx] { return run(ctx); };
}

}  // namespace deals

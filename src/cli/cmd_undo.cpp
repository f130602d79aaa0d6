// deals undo: revert the last commit deals made, when it is HEAD and touches only deal files.
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "store/git.hpp"

namespace deals {
namespace {

constexpr const char* kPrefix = "deals: ";

std::string short_hash(const std::string& h) {
  return h.substr(0, 7);
}

// The id of `deals/<id>.yaml`, or "" for any other path.
std::string deal_id_of(const std::string& path) {
  if (!path.starts_with("deals/") || !path.ends_with(".yaml")) return "";
  std::string id = path.substr(6, path.size() - 6 - 5);
  return valid_id(id) ? id : "";
}

// HEAD as messages name it: short hash and subject.
std::string head_text(const HeadCommit& head) {
  return short_hash(head.hash) + " \"" + sanitize(head.subject) + "\"";
}

Error refuse(const std::string& why) {
  return Error("cannot undo: " + why);
}

// HEAD, when it is a deals commit that undo may revert; refuses with the reason otherwise.
HeadCommit undoable_head(Context& ctx, const Pipeline& p) {
  if (!git_available()) throw refuse("no git: git is not installed (undo reverts a git commit)");
  if (!in_work_tree(ctx.store.git, p.root()))
    throw refuse("no git: the pipeline is not in a git work tree; undo reverts the commits " +
                 std::string("deals makes with [git] autocommit = true"));
  if (GitOperation op = git_operation(p.root()); op != GitOperation::none)
    throw refuse(describe_operation(op));
  HeadCommit head;
  GitResult r = git_head(ctx.store.git, p.root(), head);
  if (!r.ok) throw refuse(r.message);
  const std::string shown = head_text(head);
  if (!head.subject.starts_with(kPrefix)) {
    std::string last = git_last_commit_with(ctx.store.git, p.root(), kPrefix);
    if (last.empty()) throw refuse("HEAD " + shown + " is not a deals commit");
    throw refuse("HEAD " + shown + " is not a deals commit; the last deals commit (" +
                 sanitize(last) +
                 ") is not HEAD, so undoing it would skip what came after; "
                 "revert it yourself with 'git revert " +
                 last.substr(0, last.find(' ')) + "' if that is what you want");
  }
  if (head.parents > 1) throw refuse("HEAD " + shown + " is a merge");
  return head;
}

// The deal ids HEAD changes; refuses when it changes any other file, or none.
std::vector<std::string> changed_ids(const HeadCommit& head) {
  const std::string shown = head_text(head);
  std::vector<std::string> others = head.outside;
  std::vector<std::string> ids;
  for (const auto& path : head.paths) {
    std::string id = deal_id_of(path);
    (id.empty() ? others : ids).push_back(id.empty() ? path : id);
  }
  if (!others.empty()) {
    std::string list;
    for (const auto& o : others) list += (list.empty() ? "" : ", ") + sanitize(o);
    throw refuse("HEAD " + shown + " changes files other than deal files: " + list);
  }
  if (ids.empty()) throw refuse("HEAD " + shown + " changes no deal file");
  return ids;
}

// The reverse of HEAD, file by file: each deal file gets its bytes from HEAD's parent
// (written atomically like every write), or is removed when HEAD created it.
void restore(Context& ctx, Pipeline& p, const HeadCommit& head,
             const std::vector<std::string>& ids) {
  if (git_has_changes(ctx.store.git, p.root(), head.paths)) {
    std::string list;
    for (const auto& path : head.paths) list += (list.empty() ? "" : ", ") + path;
    throw refuse("uncommitted changes in " + list + "; commit or discard them first");
  }
  for (size_t i = 0; i < ids.size(); ++i) {
    std::string bytes;
    if (git_parent_file(ctx.store.git, p.root(), head.hash, head.paths[i], bytes))
      p.save_raw(ids[i], bytes);
    else if (p.exists(ids[i]))
      p.remove(ids[i]);
  }
}

int run(Context& ctx) {
  Pipeline& p = ctx.pipeline();
  HeadCommit head = undoable_head(ctx, p);
  std::vector<std::string> ids = changed_ids(head);
  p.lock();
  restore(ctx, p, head, ids);
  // Undoing an undo is a redo, and the messages say so instead of piling up "undo undo".
  std::string what = head.subject.substr(std::string(kPrefix).size());
  std::string verb = "undo ";
  if (what.starts_with("undo ")) {
    verb = "redo ";
    what = what.substr(5);
  } else if (what.starts_with("redo ")) {
    what = what.substr(5);
  }
  GitResult c = git_commit(ctx.store.git, p.root(), p.changed(),
                           kPrefix + verb + what + "\n\nThis reverts commit " + head.hash + ".");
  if (!c.ok) ctx.warn("the files are restored but not committed: " + c.message);
  *ctx.out << (verb == "undo " ? "undid " : "redid ") << sanitize(what) << " (reverted "
           << short_hash(head.hash) << ")\n";
  return 0;
}

}  // namespace

Runner setup_undo(Args& args, Context& ctx) {
  args.footer(
      "Reverts HEAD when it is a commit deals made (message 'deals: ...') that changes only "
      "deal files: each file gets back its bytes from before, and the revert is committed as "
      "'deals: undo ...'. Refused, with the reason, when there is no git, when HEAD is not a "
      "deals commit, or when it touches other files. Undo an undo to redo.");
  return [&ctx] { return run(ctx); };
}

}  // namespace deals

// deals edit ID: edit in $VISUAL/$EDITOR; an invalid edit is never saved.
#include <cstdlib>

#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "store/editor.hpp"
#include "store/git.hpp"

namespace deals {
namespace {

// The editor: $VISUAL, else $EDITOR, else vi, read here at the edge; the temporary copy
// goes to $TMPDIR, read with the store's settings.
EditorSettings editor_settings(const Context& ctx) {
  EditorSettings s;
  const char* visual = std::getenv("VISUAL");
  const char* editor = std::getenv("EDITOR");
  if (visual && *visual)
    s.command = visual;
  else if (editor && *editor)
    s.command = editor;
  s.tmpdir = ctx.store.git.tmpdir;
  return s;
}

struct Opts {
  std::string id;
};

int run(Context& ctx, const Opts& o) {
  Pipeline& p = ctx.pipeline();
  refuse_during_git_operation(ctx.store.git,
                              p.root());  // before the editor, not after the work is done
  const std::string id = p.resolve(o.id);
  StoredDeal before = p.load(id);  // an invalid file is refused here, never edited
  EditedCopy copy = edit_copy(id, before.bytes, editor_settings(ctx));
  if (copy.bytes == before.bytes) {
    discard(copy);
    *ctx.out << id << ": no changes\n";
    return 0;
  }
  std::vector<Problem> problems = p.validate(id, copy.bytes);
  if (!problems.empty()) {
    std::string msg =
        "the edit is invalid; nothing saved (your version is kept in " + copy.path + "):";
    for (auto& pr : problems) {
      pr.path = copy.path;
      msg += "\n" + pr.str();
    }
    throw Error(msg);
  }
  // From here on every failure (a change made meanwhile, the deal deleted or broken, a
  // full disk) keeps the user's work and says where it is.
  try {
    p.lock();
    if (!p.exists(id))
      throw Error(Pipeline::rel_path(id) +
                  " was deleted by another command while you were editing; nothing saved "
                  "(your version is kept in " +
                  copy.path + "; 'deals edit' cannot bring it back: copy it to " +
                  Pipeline::rel_path(id) + " to restore the deal)");
    StoredDeal now = p.load(id);
    if (now.bytes != before.bytes)
      throw Error(Pipeline::rel_path(id) +
                  " was changed by another command while you were editing; nothing saved (your "
                  "version is kept in " +
                  copy.path + ")");
    p.save_raw(id, copy.bytes);
  } catch (const Error& e) {
    std::string msg = e.what();
    if (msg.find(copy.path) != std::string::npos) throw;
    throw Error(msg + "\nnothing saved; your version is kept in " + copy.path);
  }
  discard(copy);
  ctx.commit_message = "edit " + id;
  *ctx.out << id << ": saved\n";
  return 0;
}

}  // namespace

Runner setup_edit(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("ID", o->id, "deal id or unique prefix").completes(Complete::Id).required();
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

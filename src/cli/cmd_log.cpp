// deals log ID NOTE [--kind KIND] [--on DATE]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::string id, note, kind = "note", on;
};

// Arguments first: a usage error comes before the lock.
void check(Context& ctx, const Opts& o) {
  if (is_blank(o.note)) throw usage_error("NOTE must not be empty or blank");
  if (o.kind.empty() || o.kind.find_first_of(" \t\n") != std::string::npos)
    throw usage_error("--kind: expected one word (call, email, meeting, note, ...)");
  const auto& kinds = ctx.pipeline().config().log_kinds;
  if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), o.kind) == kinds.end()) {
    std::string msg = "--kind: unknown kind '" + sanitize(o.kind) + "'";
    if (auto best = closest(o.kind, kinds)) msg += ", did you mean '" + *best + "'?";
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    throw usage_error(msg + " ([log] kinds: " + list + ")");
  }
  ctx.event_date_arg(o.on);
}

int run(Context& ctx, const Opts& o) {
  Date on = ctx.event_date_arg(o.on);
  StoredDeal s = load_for_update(ctx, o.id);
  add_log(s.deal, LogEntry{on, o.kind, o.note, {}});
  save_deal(ctx, s, "log " + s.deal.id + " " + o.kind);
  *ctx.out << s.deal.id << ": logged " << sanitize(o.kind) << " on " << on.str() << "\n";
  return 0;
}

}  // namespace

Runner setup_log(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("ID", o->id, "deal id or unique prefix").completes(Complete::Id).required();
  args.positional("NOTE", o->note, "what happened").required();
  args.option("--kind", o->kind, "call, email, meeting, note (default) or any word")
      .text("KIND")
      .words({"call", "email", "meeting", "note"});
  args.option("--on", o->on, "date of the activity (default today)").text("DATE");
  return {[&ctx, o] { return run(ctx, *o); }, [&ctx, o] { check(ctx, *o); }};
}

}  // namespace deals

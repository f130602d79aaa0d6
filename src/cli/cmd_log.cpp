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

int run(Context& ctx, const Opts& o) {
  if (o.note.empty()) throw usage_error("NOTE must not be empty");
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
  Date on = ctx.event_date_arg(o.on);
  StoredDeal s = load_for_update(ctx, o.id);
  add_log(s.deal, LogEntry{on, o.kind, o.note, {}});
  save_deal(ctx, s, "log " + s.deal.id + " " + o.kind);
  *ctx.out << s.deal.id << ": logged " << sanitize(o.kind) << " on " << on.str() << "\n";
  return 0;
}

}  // namespace

void setup_log(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  app.add_option("ID", o->id, "deal id or unique prefix")->required();
  app.add_option("NOTE", o->note, "what happened")->required();
  app.add_option("--kind", o->kind, "call, email, meeting, note (default) or any word")
      ->option_text("KIND");
  app.add_option("--on", o->on, "date of the activity (default today)")->option_text("DATE");
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

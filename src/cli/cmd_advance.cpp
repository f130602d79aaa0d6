// deals advance ID [--to STAGE] [--on DATE] [--note TEXT] [--force]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/lifecycle.hpp"

namespace deals {
namespace {

struct Opts {
  std::string id, to, on, note;
  bool force = false;
};

int run(Context& ctx, const Opts& o) {
  StoredDeal s = load_for_update(ctx, o.id);
  Deal& deal = s.deal;
  std::string from = deal.stage;
  std::string target = advance_target(deal, ctx.pipeline().config(), opt(o.to), o.force);
  Date on = ctx.event_date_arg(o.on);
  enter_stage(deal, target, on, opt(o.note));
  save_deal(ctx, s, "advance " + deal.id + " " + from + " -> " + target);
  *ctx.out << deal.id << ": " << from << " -> " << target << "\n";
  return 0;
}

}  // namespace

Runner setup_advance(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("ID", o->id, "deal id or unique prefix").completes(Complete::Id).required();
  args.option("--to", o->to, "move to this open stage (forward or back)")
      .text("STAGE")
      .completes(Complete::OpenStage);
  args.option("--on", o->on, "date of the move (default today)").text("DATE");
  args.option("--note", o->note, "note on the history entry").text("TEXT");
  args.flag("--force", o->force, "move an unqualified lead anyway");
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

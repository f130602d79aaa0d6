// deals won ID [--on D] [--value N] [--note T] · deals lost ID --reason T [--on D]
// deals reopen ID [--to STAGE] [--on D]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/outcome.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::string id, on, value, note, reason, to;
};

void require_open(const Deal& deal) {
  if (!is_open_deal(deal))
    throw Error("deal '" + deal.id + "' is already " + deal.stage + "; use 'deals reopen' first");
}

int run_won(Context& ctx, const Opts& o) {
  ctx.pipeline().allow_closing_margin();
  StoredDeal s = load_for_update(ctx, o.id);
  Deal& deal = s.deal;
  require_open(deal);
  if (!o.value.empty()) deal.value = amount_arg(o.value, "--value");
  std::string from = deal.stage;
  const std::string& won = stage_name(Closed::won);
  enter_stage(deal, won, ctx.event_date_arg(o.on), opt(o.note));
  save_deal(ctx, s, won + " " + deal.id + " " + from + " -> " + won);
  *ctx.out << deal.id << ": " << from << " -> " << won << "\n";
  return 0;
}

int run_lost(Context& ctx, const Opts& o) {
  ctx.pipeline().allow_closing_margin();
  StoredDeal s = load_for_update(ctx, o.id);
  Deal& deal = s.deal;
  require_open(deal);
  std::string from = deal.stage;
  const std::string& lost = stage_name(Closed::lost);
  enter_stage(deal, lost, ctx.event_date_arg(o.on), {}, o.reason);
  save_deal(ctx, s, lost + " " + deal.id + " " + from + " -> " + lost);
  *ctx.out << deal.id << ": " << from << " -> " << lost << "\n";
  return 0;
}

int run_reopen(Context& ctx, const Opts& o) {
  StoredDeal s = load_for_update(ctx, o.id);
  Deal& deal = s.deal;
  std::string from = deal.stage;
  std::string target = reopen_target(deal, ctx.pipeline().config(), opt(o.to));
  enter_stage(deal, target, ctx.event_date_arg(o.on), opt(o.note));
  save_deal(ctx, s, "reopen " + deal.id + " " + from + " -> " + target);
  *ctx.out << deal.id << ": " << from << " -> " << target << "\n";
  return 0;
}

std::shared_ptr<Opts> common(Args& args) {
  auto o = std::make_shared<Opts>();
  args.positional("ID", o->id, "deal id or unique prefix").completes(Complete::Id).required();
  args.option("--on", o->on, "date (default today)").text("DATE");
  return o;
}

}  // namespace

Runner setup_won(Args& args, Context& ctx) {
  auto o = common(args);
  args.option("--value", o->value, "final value").text("N");
  args.option("--note", o->note, "note on the closing entry (why it was won)").text("TEXT");
  return [&ctx, o] { return run_won(ctx, *o); };
}

Runner setup_lost(Args& args, Context& ctx) {
  auto o = common(args);
  args.option("--reason", o->reason, "why it was lost").required().text("TEXT");
  auto check = [o] {
    if (is_blank(o->reason)) throw usage_error("--reason must not be empty or blank");
  };
  return {[&ctx, o] { return run_lost(ctx, *o); }, check};
}

Runner setup_reopen(Args& args, Context& ctx) {
  auto o = common(args);
  args.option("--to", o->to, "stage to reopen into (default: the one before closing)")
      .text("STAGE")
      .completes(Complete::OpenStage);
  args.option("--note", o->note, "note on the history entry").text("TEXT");
  return [&ctx, o] { return run_reopen(ctx, *o); };
}

}  // namespace deals

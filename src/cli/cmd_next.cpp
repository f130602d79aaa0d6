// deals next ID [ACTION] [--due DATE] [--done]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::string id, action, due;
  bool done = false;
};

void print(Context& ctx, const Deal& deal) {
  if (!deal.next) {
    *ctx.out << deal.id << ": no next action\n";
    return;
  }
  *ctx.out << deal.id << ": " << sanitize(deal.next->action);
  if (deal.next->due) {
    *ctx.out << " (due " << deal.next->due->str();
    if (*deal.next->due < ctx.today)
      *ctx.out << ", " << (ctx.today - *deal.next->due) << " days overdue";
    *ctx.out << ")";
  }
  *ctx.out << "\n";
}

int run(Context& ctx, const Opts& o) {
  if (o.action.empty() && o.due.empty() && !o.done) {
    Pipeline& p = ctx.pipeline();
    print(ctx, p.load(p.resolve(o.id)).deal);
    return 0;
  }
  if (o.done) ctx.pipeline().allow_closing_margin();
  StoredDeal s = load_for_update(ctx, o.id);
  Deal& deal = s.deal;
  if (o.done) {
    complete_next(deal, ctx.today);
    save_deal(ctx, s, "next " + deal.id + " done");
    *ctx.out << deal.id << ": done; no next action\n";
    return 0;
  }
  if (o.action.empty() && !deal.next)
    throw Error("deal '" + deal.id + "' has no next action; give ACTION");
  if (!o.action.empty()) deal.next = NextAction{o.action, {}, {}};
  if (!o.due.empty()) deal.next->due = ctx.date_arg(o.due, "--due");
  save_deal(ctx, s, "next " + deal.id);
  print(ctx, deal);
  return 0;
}

}  // namespace

Runner setup_next(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("ID", o->id, "deal id or unique prefix").completes(Complete::Id).required();
  args.positional("ACTION", o->action, "the next action (replaces the current one)");
  args.option("--due", o->due, "when it is due").text("DATE");
  args.flag("--done", o->done, "complete it: log it as done and clear it");
  // `next ID` only shows the action: no lock then.
  auto writes = [o] { return !o->action.empty() || !o->due.empty() || o->done; };
  auto check = [o] {
    if (o->done && (!o->action.empty() || !o->due.empty()))
      throw usage_error("--done takes no ACTION or --due");
    if (!o->action.empty() && is_blank(o->action))
      throw usage_error("ACTION must not be blank");
  };
  return {[&ctx, o] { return run(ctx, *o); }, check, writes};
}

}  // namespace deals

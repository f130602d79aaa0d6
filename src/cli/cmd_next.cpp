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
  if (o.done && (!o.action.empty() || !o.due.empty()))
    throw usage_error("--done takes no ACTION or --due");
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

void setup_next(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  app.add_option("ID", o->id, "deal id or unique prefix")->required();
  app.add_option("ACTION", o->action, "the next action (replaces the current one)");
  app.add_option("--due", o->due, "when it is due")->option_text("DATE");
  app.add_flag("--done", o->done, "complete it: log it as done and clear it");
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

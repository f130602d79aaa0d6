// deals calendar [--closing]: every next action (and expected close) as an iCalendar feed.
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/calendar.hpp"
#include "render/ics.hpp"

namespace deals {
namespace {

struct Opts {
  bool closing = false;
};

int run(Context& ctx, const Opts& o) {
  Pipeline& p = ctx.pipeline();
  const LoadAll& all = ctx.loaded;
  auto events = calendar_events(all.deals, std::nullopt, o.closing);
  *ctx.out << render_ics(events, p.config(), ctx.today);
  return 0;
}

}  // namespace

Runner setup_calendar(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.flag("--closing", o->closing, "also an event on each open deal's expected close date");
  return [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

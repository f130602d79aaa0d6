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
  LoadAll all = p.load_all();
  ctx.warn_skipped(all.problems);
  auto events = calendar_events(all.deals, std::nullopt, o.closing);
  *ctx.out << render_ics(events, p.config(), ctx.today);
  return 0;
}

}  // namespace

void setup_calendar(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  app.add_flag("--closing", o->closing, "also an event on each open deal's expected close date");
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

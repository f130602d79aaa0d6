// deals stats [--since DATE] [--until DATE] [--as-of DATE] [--format text|json|md]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "render/report.hpp"

namespace deals {
namespace {

struct Opts {
  std::string since, until, as_of, format;
};

int run(Context& ctx, const Opts& o) {
  Format f = parse_format(o.format, {"text", "json", "md"});
  const Config& config = ctx.pipeline().config();
  auto since = opt_date_arg(ctx, o.since, "--since");
  auto until = opt_date_arg(ctx, o.until, "--until");
  if (!o.as_of.empty()) {
    // As of a date, nothing later exists: the period ends there at the latest.
    Date as_of = ctx.date_arg(o.as_of, "--as-of");
    if (!until || *until > as_of) until = as_of;
  }
  if (since && until && *since > *until)
    throw usage_error("--since " + since->str() + " is after --until " + until->str());
  ReportInput in = load_report_input(ctx, o.as_of);
  Stats s = compute_stats(in.deals, config, since, until);
  ReportEnv env{config, in.deals, in.today, ctx.style};
  switch (f) {
    case Format::Json:
      *ctx.out << add_unreadable(stats_json(s, since, until), in.unreadable,
                                 UnreadableAs::json_object);
      break;
    case Format::Md:
      *ctx.out << add_unreadable(stats_md(s, env, since, until), in.unreadable, UnreadableAs::md);
      break;
    default:
      *ctx.out << add_unreadable(stats_text(s, env, since, until), in.unreadable,
                                 UnreadableAs::text, ctx.style);
  }
  return 0;
}

}  // namespace

void setup_stats(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  app.add_option("--since", o->since, "count deals closed on or after DATE")->option_text("DATE");
  app.add_option("--until", o->until, "count deals closed on or before DATE")->option_text("DATE");
  add_as_of(app, o->as_of);
  add_format(app, o->format, {"text", "json", "md"});
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

// deals review [--week YYYY-Www|last|this] [--since DATE] [--until DATE] [--as-of DATE]
//              [--format text|md|json|html]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"
#include "core/review.hpp"
#include "core/text.hpp"
#include "core/week.hpp"
#include "render/report.hpp"

namespace deals {
namespace {

struct Opts {
  std::string week, since, until, as_of;
};

// The review period from the options, relative to `today` (the --as-of date if given).
Period review_period(const Context& ctx, const Opts& o, Date today, int week_start) {
  if (!o.week.empty()) {
    auto p = parse_week(o.week, today, week_start);
    if (!p)
      throw usage_error("--week: invalid week '" + sanitize(o.week) +
                        "' (use YYYY-Www such as 2026-W48, 'this' or 'last')");
    return *p;
  }
  auto since = opt_date_arg(ctx, o.since, "--since");
  auto until = opt_date_arg(ctx, o.until, "--until");
  Period p = default_review_period(until.value_or(today));
  if (since) p.since = *since;
  if (p.since > p.until)
    throw usage_error("--since " + p.since.str() + " is after --until " + p.until.str());
  return p;
}

// Every argument, parsed before the deals are read, so usage errors come first.
Period period_arg(Context& ctx, const Opts& o) {
  const Config& config = ctx.pipeline().config();
  Date today = o.as_of.empty() ? ctx.today : ctx.as_of_arg(o.as_of);
  return review_period(ctx, o, today, config.week_start);
}

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  const Config& config = ctx.pipeline().config();
  Period p = period_arg(ctx, o);
  ReportInput in = load_report_input(ctx, o.as_of);
  Review r = compute_review(in.deals, config, p.since, p.until, in.today);
  ReportEnv env{config, in.deals, in.today, ctx.style};
  switch (f) {
    case Format::Json:
      *ctx.out << add_unreadable(review_json(r), in.unreadable, UnreadableAs::json_object);
      break;
    case Format::Md:
      *ctx.out << add_unreadable(review_md(r, env), in.unreadable, UnreadableAs::md);
      break;
    case Format::Html:
      *ctx.out << add_unreadable(review_html(r, env), in.unreadable, UnreadableAs::html);
      break;
    default:
      *ctx.out << add_unreadable(review_text(r, env), in.unreadable, UnreadableAs::text, ctx.style);
  }
  return 0;
}

}  // namespace

Runner setup_review(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  Arg& week = args.option("--week", o->week,
                          "an ISO week (YYYY-Www), or this or last week (per week_start)")
                  .text("WEEK")
                  .words({"last", "this"});
  Arg& since =
      args.option("--since", o->since, "first day of the period (default: until - 6)").text("DATE");
  Arg& until =
      args.option("--until", o->until, "last day of the period (default: today)").text("DATE");
  week.excludes(since).excludes(until);
  add_as_of(args, o->as_of);
  args.format();
  return {[&ctx, o] { return run(ctx, *o); }, [&ctx, o] { period_arg(ctx, *o); }};
}

}  // namespace deals

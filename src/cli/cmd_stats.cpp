// deals stats [--since DATE] [--until DATE] [--as-of DATE] [--by month|quarter|year]
//             [--format text|json|md|csv]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"
#include "core/metrics.hpp"
#include "core/text.hpp"
#include "render/report.hpp"

namespace deals {
namespace {

struct Opts {
  std::string since, until, as_of, by;
};

// The arguments, parsed before the deals are read (usage errors first).
struct Span {
  std::optional<PeriodUnit> by;
  std::optional<Date> since, until;
};

// " · closed from A to B" for a bounded period, "" otherwise.
std::string scope(std::optional<Date> since, std::optional<Date> until) {
  if (!since && !until) return "";
  return " · closed" + (since ? " from " + since->str() : std::string()) +
         (until ? " to " + until->str() : std::string());
}

// `stats --by`: the deals closed in each period.
int run_by(Context& ctx, const ReportInput& in, PeriodUnit by, Format f, std::optional<Date> since,
           std::optional<Date> until) {
  const Config& config = ctx.pipeline().config();
  MoneySummary money(config);
  std::vector<PeriodRow> rows = closed_by_period(in.deals, by, since, until, config, money);
  const std::vector<std::string> notes = money_notes(money);
  switch (f) {
    case Format::Json:
      *ctx.out << periods_json(rows, by, money, since, until);
      break;
    case Format::Csv:
      *ctx.out << render_csv(periods_csv_table(rows, by));
      break;
    case Format::Md: {
      std::string title =
          config.name + " · won and lost by " + period_unit_name(by) + scope(since, until);
      *ctx.out << "# " << md_escape(title) << "\n\n";
      for (const auto& n : notes) *ctx.out << "_" << md_escape(n) << "._\n\n";
      *ctx.out << render_md(periods_table(rows, by, true)) << "\n_"
               << md_escape("Values in " + config.currency + ", by close date.") << "_\n";
      break;
    }
    default: {
      std::string title = sanitize(config.name) + " · won and lost by " + period_unit_name(by) +
                          scope(since, until) + " · values in " + config.currency;
      *ctx.out << ctx.style.bold(title) << "\n";
      for (const auto& n : notes) *ctx.out << sanitize(n) << "\n";
      if (rows.empty())
        *ctx.out << "no deal closed" << (since || until ? " in the period" : "") << "\n";
      else
        *ctx.out << render_text(periods_table(rows, by, true), ctx.style);
    }
  }
  return 0;
}

Span span_arg(Context& ctx, const Opts& o, Format f) {
  std::optional<PeriodUnit> by;
  if (!o.by.empty()) {
    by = parse_period_unit(o.by);
    if (!by)
      throw usage_error("--by: unknown period '" + sanitize(o.by) +
                        "' (choose month, quarter or year)");
  } else if (f == Format::Csv) {
    throw usage_error("--format csv needs --by month|quarter|year (one row per period)");
  }
  ctx.pipeline();  // "not a pipeline" before a bad date
  auto since = opt_date_arg(ctx, o.since, "--since");
  auto until = opt_date_arg(ctx, o.until, "--until");
  if (!o.as_of.empty()) {
    // As of a date, nothing later exists: the period ends there at the latest.
    Date as_of = ctx.as_of_arg(o.as_of);
    if (!until || *until > as_of) until = as_of;
  }
  if (since && until && *since > *until)
    throw usage_error("--since " + since->str() + " is after --until " + until->str());
  return {by, since, until};
}

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  const Config& config = ctx.pipeline().config();
  auto [by, since, until] = span_arg(ctx, o, f);
  ReportInput in = load_report_input(ctx, o.as_of);
  if (by) return run_by(ctx, in, *by, f, since, until);
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

Runner setup_stats(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.option("--since", o->since, "count deals closed on or after DATE").text("DATE");
  args.option("--until", o->until, "count deals closed on or before DATE").text("DATE");
  add_as_of(args, o->as_of);
  args.option("--by", o->by,
              "won count and value, lost count and win rate per month, quarter or year")
      .text("PERIOD")
      .words({"month", "quarter", "year"});
  args.format();
  return {[&ctx, o] { return run(ctx, *o); }, [&ctx, o] { span_arg(ctx, *o, ctx.format); }};
}

}  // namespace deals

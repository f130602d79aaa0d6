// deals forecast [--months N] [--method stage|historical] [--as-of DATE]
//                [--format text|json|csv|md]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"
#include "core/forecast.hpp"
#include "core/text.hpp"
#include "render/csv.hpp"
#include "render/report.hpp"

namespace deals {
namespace {

struct Opts {
  int months = 6;
  std::string method = "stage", as_of;
};

// The arguments, checked before the deals are loaded.
ForecastMethod method_arg(const Opts& o) {
  if (o.months < 1 || o.months > 120) throw usage_error("--months: expected 1 to 120");
  // "configured" is accepted as another name for the stage method.
  auto method = parse_method(o.method == "configured" ? "stage" : o.method);
  if (!method)
    throw usage_error("--method: unknown method '" + sanitize(o.method) +
                      "' (choose stage or historical)");
  return *method;
}

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  const ForecastMethod method = method_arg(o);
  const Config& config = ctx.pipeline().config();
  ReportInput in = load_report_input(ctx, o.as_of);
  Forecast fc = compute_forecast(in.deals, config, in.today, o.months, method);
  ReportEnv env{config, in.deals, in.today, ctx.style};
  switch (f) {
    case Format::Json:
      *ctx.out << add_unreadable(forecast_json(fc), in.unreadable, UnreadableAs::json_object);
      break;
    case Format::Csv:
      *ctx.out << render_csv(forecast_csv_table(fc));
      break;
    case Format::Md:
      *ctx.out << add_unreadable(forecast_md(fc, env), in.unreadable, UnreadableAs::md);
      break;
    default:
      *ctx.out << add_unreadable(forecast_text(fc, env), in.unreadable, UnreadableAs::text,
                                 ctx.style);
  }
  return 0;
}

}  // namespace

Runner setup_forecast(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.option("--months", o->months, "months to show, starting this month (default 6)").text("N");
  args.option("--method", o->method,
              "stage: the configured stage probabilities (default; also 'configured'); "
              "historical: learnt from closed deals where at least 10 reached the stage")
      .text("METHOD")
      .words({"stage", "historical"});
  add_as_of(args, o->as_of);
  args.format();
  return {[&ctx, o] { return run(ctx, *o); }, [o] { method_arg(*o); }};
}

}  // namespace deals

// deals stalled [--days N] [--as-of DATE] [--format text|json|csv|md]
//
// In text (and Markdown) it prints nothing at all when nothing is stalled, so that
// `deals stalled | mail` from cron mails only when there is something to say.
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"
#include "core/review.hpp"
#include "render/csv.hpp"
#include "render/report.hpp"

namespace deals {
namespace {

struct Opts {
  int days = -1;
  Arg* days_opt = nullptr;
  std::string as_of;
};

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  std::optional<int> days;
  if (o.days_opt->given()) days = o.days;
  ReportInput in = load_report_input(ctx, o.as_of);
  const Config& config = ctx.pipeline().config();
  std::vector<StalledRow> rows = stalled_deals(in.deals, config, in.today, days);
  switch (f) {
    case Format::Json:
      *ctx.out << add_unreadable(stalled_json(rows), in.unreadable, UnreadableAs::json_array);
      break;
    case Format::Csv:
      *ctx.out << render_csv(stalled_csv_table(rows));
      break;
    case Format::Md:
      *ctx.out << add_unreadable(rows.empty() ? "" : render_md(stalled_table(rows)), in.unreadable,
                                 UnreadableAs::md);
      break;
    default:
      *ctx.out << add_unreadable(rows.empty() ? "" : render_text(stalled_table(rows), ctx.style),
                                 in.unreadable, UnreadableAs::text, ctx.style);
  }
  return 0;
}

}  // namespace

Runner setup_stalled(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  o->days_opt = &args.option("--days", o->days,
                             "stalled after N idle days, for every stage (default: each "
                             "stage's stall_days)")
                     .text("N");
  add_as_of(args, o->as_of);
  args.format();
  auto check = [o] {
    if (o->days_opt->given() && o->days < 0)
      throw usage_error("--days: expected a non-negative number of days");
  };
  return {[&ctx, o] { return run(ctx, *o); }, check};
}

}  // namespace deals

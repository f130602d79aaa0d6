// deals export [--format csv|json] [--all]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"

namespace deals {
namespace {

struct Opts {
  std::string format;
  bool all = false;
};

int run(Context& ctx, const Opts& o) {
  Format f = parse_format(o.format, {"csv", "json"});
  Pipeline& p = ctx.pipeline();
  LoadAll all = p.load_all();
  ctx.warn_skipped(all.problems);
  std::vector<DealRow> rows = derive_rows(all.deals, p.config(), ctx.today);
  if (f == Format::Json) {
    Json j;
    j.begin_array();
    // A full dump (history, log, notes): export is what scripts and backups read.
    for (const auto& r : rows) deal_json(j, *r.deal, r.derived, p.config(), true);
    j.end_array();
    *ctx.out << add_unreadable(j.str(), unreadable_of(all.problems), UnreadableAs::json_array);
  } else {
    *ctx.out << render_csv(csv_table(rows, p.config()));
  }
  return 0;
}

}  // namespace

void setup_export(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  add_format(app, o->format, {"csv", "json"});
  app.add_flag("--all", o->all, "every deal, open and closed (export always includes all)");
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

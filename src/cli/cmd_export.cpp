// deals export [--format csv|json] [--all] [--delimiter C] [--decimal M] [--bom]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"

namespace deals {
namespace {

struct Opts {
  std::string format;
  bool all = false;
  std::string delimiter = ",", decimal = ".";
  bool bom = false;
};

int run(Context& ctx, const Opts& o) {
  Format f = parse_format(o.format, {"csv", "json"});
  char delimiter = delimiter_arg(o.delimiter), decimal = decimal_arg(o.decimal);
  if (decimal == delimiter)
    throw usage_error("--decimal and --delimiter are both '" + o.decimal + "'");
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
    *ctx.out << render_csv(csv_table(rows, p.config()), delimiter, decimal, o.bom);
  }
  return 0;
}

}  // namespace

void setup_export(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  add_format(app, o->format, {"csv", "json"});
  app.add_flag("--all", o->all, "every deal, open and closed (export always includes all)");
  app.add_option("--delimiter", o->delimiter, "CSV field separator: , (default) ; | or tab")
      ->option_text("CHAR");
  app.add_option("--decimal", o->decimal, "CSV decimal mark of numbers: . (default) or ,")
      ->option_text("MARK");
  app.add_flag("--bom", o->bom, "start the CSV with a UTF-8 byte order mark (for Excel)");
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

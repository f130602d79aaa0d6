// deals export [--format csv|json] [--all] [--delimiter C] [--decimal M] [--bom]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"

namespace deals {
namespace {

struct Opts {
  bool all = false;
  std::string delimiter = ",", decimal = ".";
  bool bom = false;
};

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  char delimiter = delimiter_arg(o.delimiter), decimal = decimal_arg(o.decimal);
  Pipeline& p = ctx.pipeline();
  const LoadAll& all = ctx.loaded;
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

Runner setup_export(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.format();
  args.flag("--all", o->all, "every deal, open and closed (export always includes all)");
  args.option("--delimiter", o->delimiter, "CSV field separator: , (default) ; | or tab")
      .text("CHAR");
  args.option("--decimal", o->decimal, "CSV decimal mark of numbers: . (default) or ,")
      .text("MARK");
  args.flag("--bom", o->bom, "start the CSV with a UTF-8 byte order mark (for Excel)");
  auto check = [o] {
    char delimiter = delimiter_arg(o->delimiter);
    if (decimal_arg(o->decimal) == delimiter)
      throw usage_error("--decimal and --delimiter are both '" + o->decimal + "'");
  };
  return {[&ctx, o] { return run(ctx, *o); }, check};
}

}  // namespace deals

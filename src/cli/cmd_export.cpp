// deals export [--format csv|json] [--all] [--delimiter C] [--decimal M] [--bom]
#include <algorithm>
#include <mutex>

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

// Each deal becomes its JSON object or CSV row as soon as it is read (on the loader's
// threads), and is dropped: export keeps its output, not the deals.
int run(Context& ctx, const Opts& o) {
  const Format f = ctx.format;
  char delimiter = delimiter_arg(o.delimiter), decimal = decimal_arg(o.decimal);
  Pipeline& p = ctx.pipeline();
  const Config& config = p.config();
  std::vector<std::pair<size_t, std::vector<std::string>>> rows;  // by index: id order
  std::mutex mutex;
  auto take = [&](size_t index, Deal&& deal) {
    const DealRow r{&deal, derive(deal, config, ctx.today)};
    std::vector<std::string> cells;
    if (f == Format::Json) {
      Json j(1);  // an element of the array
      // A full dump (history, log, notes): export is what scripts and backups read.
      deal_json(j, deal, r.derived, config, true);
      cells.push_back(std::move(j).str());
    } else {
      cells = csv_cells(r, config);
    }
    std::lock_guard lock(mutex);
    rows.emplace_back(index, std::move(cells));
  };
  const std::vector<Problem> problems = p.load_each(take);
  ctx.warn_skipped(problems);
  std::sort(rows.begin(), rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  if (f == Format::Json) {
    std::vector<std::string> objects;
    objects.reserve(rows.size());
    for (auto& r : rows) objects.push_back(std::move(r.second[0]));
    *ctx.out << add_unreadable(json_array(objects), unreadable_of(problems),
                               UnreadableAs::json_array);
  } else {
    Table t = csv_head();
    t.rows.reserve(rows.size());
    for (auto& r : rows) t.rows.push_back(std::move(r.second));
    *ctx.out << render_csv(t, delimiter, decimal, o.bom);
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

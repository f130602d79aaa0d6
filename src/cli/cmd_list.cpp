// deals list [filters] [--sort FIELD] [--format text|json|csv|md]
#include <algorithm>

#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/list_filter.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"

namespace deals {
namespace {

struct Opts {
  ListFilter filter;
  std::string format;
};

int run(Context& ctx, const Opts& o) {
  Format f = parse_format(o.format, {"text", "json", "csv", "md"});
  Pipeline& p = ctx.pipeline();
  LoadAll all = p.load_all();
  ctx.warn_skipped(all.problems);
  std::vector<Deal> deals = std::move(all.deals);
  const std::vector<Unreadable> unreadable = unreadable_of(all.problems);
  std::vector<DealRow> rows = select_rows(ctx, o.filter, deals);
  const Config& config = p.config();
  switch (f) {
    case Format::Json: {
      Json j;
      j.begin_array();
      for (const auto& r : rows) deal_json(j, *r.deal, r.derived, config, false);
      j.end_array();
      *ctx.out << add_unreadable(j.str(), unreadable, UnreadableAs::json_array);
      break;
    }
    case Format::Csv:
      *ctx.out << render_csv(csv_table(rows, config));
      break;
    case Format::Md:
      *ctx.out << add_unreadable(render_md(list_table(rows, config)), unreadable, UnreadableAs::md);
      break;
    default:
      *ctx.out << add_unreadable(
          rows.empty() ? "" : render_text(list_table(rows, config), ctx.style), unreadable,
          UnreadableAs::text, ctx.style);
  }
  return 0;
}

}  // namespace

void setup_list(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  add_filter_options(app, o->filter);
  add_format(app, o->format, {"text", "json", "csv", "md"});
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

// deals list [filters] [--sort FIELD] [--columns A,B,...] [--format text|json|csv|md]
#include <algorithm>

#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/list_filter.hpp"
#include "cli/report_util.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  ListFilter filter;
  std::string columns;
};

// The --columns list, each name checked.
std::vector<std::string> parse_columns(const std::string& text) {
  if (text.empty()) return default_list_columns();
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string name = text.substr(start, end - start);
    start = end + 1;
    if (name.empty()) continue;
    const auto& known = list_column_names();
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      std::string msg = "--columns: unknown column '" + sanitize(name) + "'";
      if (auto best = closest(name, known)) msg += ", did you mean '" + *best + "'?";
      std::string all;
      for (const auto& k : known) all += (all.empty() ? "" : ", ") + k;
      throw usage_error(msg + " (columns: " + all + ")");
    }
    out.push_back(name);
  }
  if (out.empty()) throw usage_error("--columns: no column named");
  return out;
}

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  std::vector<std::string> columns = parse_columns(o.columns);
  Pipeline& p = ctx.pipeline();
  LoadAll all = std::move(ctx.loaded);
  std::vector<Deal> deals = std::move(all.deals);
  const std::vector<Unreadable> unreadable = unreadable_of(all.problems);
  std::vector<DealRow> rows = select_rows(ctx, o.filter, deals);
  const Config& config = p.config();
  switch (f) {
    case Format::Json: {
      Json j;
      j.reserve(rows.size() * 1024);  // a typical deal takes 0.5-1.5 KB
      j.begin_array();
      for (const auto& r : rows) deal_json(j, *r.deal, r.derived, config, false);
      j.end_array();
      *ctx.out << add_unreadable(std::move(j).str(), unreadable, UnreadableAs::json_array);
      break;
    }
    case Format::Csv:
      *ctx.out << render_csv(csv_table(rows, config));
      break;
    case Format::Md: {
      MoneySummary money(config);
      std::string md = render_md(list_table(rows, config, columns, &money));
      for (const auto& n : money_notes(money)) md += "\n_" + md_escape(n) + "._\n";
      *ctx.out << add_unreadable(std::move(md), unreadable, UnreadableAs::md);
      break;
    }
    default: {
      std::string text;
      if (!rows.empty()) {
        MoneySummary money(config);
        Table t = list_table(rows, config, columns, &money);
        if (int width = output_width(ctx); width > 0)
          fit_table(t, width);
        else
          for (auto& c : t.columns) c.max_width = 0;  // a pipe gets whole cells
        text = render_text(t, ctx.style);
        for (const auto& n : money_notes(money)) text += sanitize(n) + "\n";
      }
      *ctx.out << add_unreadable(std::move(text), unreadable, UnreadableAs::text, ctx.style);
    }
  }
  return 0;
}

}  // namespace

Runner setup_list(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  add_filter_options(args, o->filter);
  args.format();
  std::string names;
  for (const auto& n : list_column_names()) names += (names.empty() ? "" : ",") + n;
  args.option("--columns", o->columns,
              "text and md columns, comma-separated, from: " + names +
                  " (default id,stage,company,title,value,weighted,score,idle,next)")
      .text("A,B,...");
  return {[&ctx, o] { return run(ctx, *o); }, [o] { parse_columns(o->columns); }};
}

}  // namespace deals

// deals list [filters] [--sort FIELD] [--columns A,B,...] [--format text|json|csv|md]
#include <algorithm>
#include <mutex>

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

// What list keeps of a deal it shows: its place in the order and its row, made as soon
// as the deal is read. The deals themselves are not kept (at 100,000 deals they would take
// most of the memory).
struct Listed {
  SortKey key;
  ListTable::Row row;  // csv: the CSV cells; json: one cell, the deal's JSON object
};

// The selected deals' rows, sorted; `money` records the totals' conversions (text, md).
std::vector<Listed> listed(Context& ctx, const Opts& o, const ListTable& table, MoneySummary& money,
                           std::vector<Problem>& problems) {
  const Format f = ctx.format;
  const Config& config = ctx.pipeline().config();
  DealSelector selector(ctx, o.filter);
  std::vector<Listed> rows;
  std::mutex mutex;
  auto take = [&](size_t index, Deal&& deal) {  // on the loader's threads
    std::optional<Derived> x = selector.select(deal);
    if (!x) return;
    const DealRow r{&deal, std::move(*x)};
    Listed l{selector.key(deal, r.derived, static_cast<std::uint32_t>(index)), {}};
    if (f == Format::Json) {
      Json j(1);  // an element of the array
      deal_json(j, deal, r.derived, config, false);
      l.row.cells.push_back(std::move(j).str());
    } else if (f == Format::Csv) {
      l.row.cells = csv_cells(r, config);
    } else {
      l.row = table.row(r);
    }
    std::lock_guard lock(mutex);
    if (f == Format::Text || f == Format::Md) l.row.value = money.take(deal, config);
    rows.push_back(std::move(l));
  };
  problems = ctx.pipeline().load_each(take);
  ctx.warn_skipped(problems);
  std::sort(rows.begin(), rows.end(),
            [&](const Listed& a, const Listed& b) { return selector.less(a.key, b.key); });
  return rows;
}

int run(Context& ctx, const Opts& o) {
  const Format f = ctx.format;
  std::vector<std::string> columns = parse_columns(o.columns);
  const Config& config = ctx.pipeline().config();
  ListTable table(config, columns);
  MoneySummary money(config);
  std::vector<Problem> problems;
  std::vector<Listed> rows = listed(ctx, o, table, money, problems);
  const std::vector<Unreadable> unreadable = unreadable_of(problems);
  if (f == Format::Json) {
    std::vector<std::string> objects;
    objects.reserve(rows.size());
    for (auto& r : rows) objects.push_back(std::move(r.row.cells[0]));
    *ctx.out << add_unreadable(json_array(objects), unreadable, UnreadableAs::json_array);
    return 0;
  }
  if (f == Format::Csv) {
    Table t = csv_head();
    t.rows.reserve(rows.size());
    for (auto& r : rows) t.rows.push_back(std::move(r.row.cells));
    *ctx.out << render_csv(t);
    return 0;
  }
  const bool any = !rows.empty();
  for (auto& r : rows) table.add(std::move(r.row));
  std::vector<Listed>().swap(rows);
  Table t = std::move(table).finish(true);
  if (f == Format::Md) {
    std::string md = render_md(t);
    for (const auto& n : money_notes(money)) md += "\n_" + md_escape(n) + "._\n";
    *ctx.out << add_unreadable(std::move(md), unreadable, UnreadableAs::md);
    return 0;
  }
  std::string text;
  if (any) {
    if (int width = output_width(ctx); width > 0)
      fit_table(t, width);
    else
      for (auto& c : t.columns) c.max_width = 0;  // a pipe gets whole cells
    text = render_text(t, ctx.style);
    for (const auto& n : money_notes(money)) text += sanitize(n) + "\n";
  }
  *ctx.out << add_unreadable(std::move(text), unreadable, UnreadableAs::text, ctx.style);
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

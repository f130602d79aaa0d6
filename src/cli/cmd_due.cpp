// deals due [--within DAYS] [--format text|json|csv|md]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"

namespace deals {
namespace {

struct Opts {
  int within = 7;
  std::string format;
};

int run(Context& ctx, const Opts& o) {
  Format f = parse_format(o.format, {"text", "json", "csv", "md"});
  if (o.within < 0) throw usage_error("--within: expected a non-negative number of days");
  Pipeline& p = ctx.pipeline();
  LoadAll all = p.load_all();
  ctx.warn_skipped(all.problems);
  Date until = ctx.today.add_days(o.within);
  std::vector<const Deal*> due;
  for (const auto& d : all.deals)
    if (d.stage != "lost" && d.next && d.next->due && *d.next->due <= until) due.push_back(&d);
  std::sort(due.begin(), due.end(), [](const Deal* a, const Deal* b) {
    return *a->next->due != *b->next->due ? *a->next->due < *b->next->due : a->id < b->id;
  });
  if (f == Format::Json) {
    Json j;
    j.begin_array();
    for (const Deal* d : due)
      j.begin_object().key("id").value(d->id).key("action").value(d->next->action)
          .key("due").value(*d->next->due).key("overdue").value(*d->next->due < ctx.today)
          .end_object();
    j.end_array();
    *ctx.out << j.str();
    return 0;
  }
  Table t;
  t.columns = {{"DUE"}, {"ID", false, 36}, {"STAGE"}, {"ACTION", false, 50}};
  for (const Deal* d : due) {
    bool overdue = *d->next->due < ctx.today;
    std::string when = d->next->due->str();
    if (f == Format::Text && overdue) when += " (" + std::to_string(ctx.today - *d->next->due) + "d late)";
    t.rows.push_back({when, d->id, d->stage, d->next->action});
    t.row_style.push_back(overdue ? "31" : "");
  }
  if (f == Format::Csv) {
    t.columns = {{"due"}, {"id"}, {"stage"}, {"action"}};
    *ctx.out << render_csv(t);
  } else if (f == Format::Md) {
    *ctx.out << render_md(t);
  } else if (!t.rows.empty()) {
    *ctx.out << render_text(t, ctx.style);
  }
  return 0;
}

}  // namespace

void setup_due(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<Opts>();
  app.add_option("--within", o->within, "days ahead to include (default 7)")->option_text("DAYS");
  add_format(app, o->format, {"text", "json", "csv", "md"});
  ctx.runners[&app] = [&ctx, o] { return run(ctx, *o); };
}

}  // namespace deals

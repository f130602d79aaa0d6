// deals due [--within DAYS] [--format text|json|csv|md|ics]
#include <map>
#include <string_view>

#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "cli/report_util.hpp"
#include "core/calendar.hpp"
#include "core/error.hpp"
#include "core/review.hpp"
#include "render/ics.hpp"

namespace deals {
namespace {

struct Opts {
  int within = 7;
};

int run(Context& ctx, const Opts& o) {
  bool ics = ctx.format == Format::Ics;
  Format f = ics ? Format::Text : ctx.format;
  Pipeline& p = ctx.pipeline();
  const LoadAll& all = ctx.loaded;
  if (ics) {
    // The same actions as the other formats: calendar_events and due_actions share the rule.
    auto events = calendar_events(all.deals, ctx.today.add_days(o.within), false);
    *ctx.out << render_ics(events, p.config(), ctx.today);
    return 0;
  }
  // The review's `due` section and this command share one definition (core/review).
  std::vector<DueRow> due = due_actions(all.deals, ctx.today, o.within);
  std::map<std::string_view, std::string_view> stage_of;
  for (const auto& d : all.deals) stage_of[d.id] = d.stage;
  if (f == Format::Json) {
    Json j;
    j.begin_array();
    for (const DueRow& r : due)
      j.begin_object()
          .key("id")
          .value(r.id)
          .key("action")
          .value(r.action)
          .key("due")
          .value(r.due)
          .key("overdue")
          .value(r.overdue)
          .end_object();
    j.end_array();
    *ctx.out << add_unreadable(j.str(), unreadable_of(all.problems), UnreadableAs::json_array);
    return 0;
  }
  Table t;
  t.columns = {{"DUE", ColumnType::date},
               {"ID", ColumnType::id, 36},
               {"STAGE"},
               {"ACTION", ColumnType::text, 50}};
  for (const DueRow& r : due) {
    std::string when = r.due.str();
    if (f == Format::Text && r.overdue) when += " (" + std::to_string(-r.days) + "d late)";
    t.rows.push_back({when, r.id, std::string(stage_of[r.id]), r.action});
    t.kinds.push_back(r.overdue ? RowKind::late : RowKind::body);
  }
  if (f == Format::Csv) {
    t.columns = {{"due", ColumnType::date}, {"id", ColumnType::id}, {"stage"}, {"action"}};
    *ctx.out << render_csv(t);
  } else if (f == Format::Md) {
    *ctx.out << add_unreadable(render_md(t), unreadable_of(all.problems), UnreadableAs::md);
  } else {
    *ctx.out << add_unreadable(t.rows.empty() ? "" : render_text(t, ctx.style),
                               unreadable_of(all.problems), UnreadableAs::text, ctx.style);
  }
  return 0;
}

}  // namespace

Runner setup_due(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.option("--within", o->within, "days ahead to include (default 7)").text("DAYS");
  args.format();
  auto check = [o] {
    if (o->within < 0) throw usage_error("--within: expected a non-negative number of days");
  };
  return {[&ctx, o] { return run(ctx, *o); }, check};
}

}  // namespace deals

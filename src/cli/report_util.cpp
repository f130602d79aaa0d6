#include "cli/report_util.hpp"

#include "core/asof.hpp"

namespace deals {

void add_as_of(Args& args, std::string& target) {
  args.option("--as-of", target, "as the pipeline stood on DATE, rebuilt from history")
      .text("DATE");
}

ReportInput load_report_input(Context& ctx, const std::string& as_of_arg) {
  LoadAll all = std::move(ctx.loaded);
  ReportInput in{std::move(all.deals), ctx.today, unreadable_of(all.problems)};
  if (!as_of_arg.empty()) {
    in.today = ctx.as_of_arg(as_of_arg);
    in.deals = as_of(in.deals, in.today);
  }
  return in;
}

std::vector<Unreadable> unreadable_of(const std::vector<Problem>& problems) {
  std::vector<Unreadable> out;
  for (const auto& p : problems) out.push_back({p.path, p.line, p.message});
  return out;
}

std::optional<Date> opt_date_arg(const Context& ctx, const std::string& text,
                                 const std::string& option) {
  if (text.empty()) return std::nullopt;
  return ctx.date_arg(text, option);
}

}  // namespace deals

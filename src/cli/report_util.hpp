#pragma once
// What the report commands (stalled, review, stats, forecast) share: loading every valid
// deal, `--as-of`, and the period options.
#include <optional>
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/context.hpp"
#include "core/deal.hpp"
#include "render/unreadable.hpp"

namespace deals {

/// The deals a report is computed from, and the day it looks from.
struct ReportInput {
  std::vector<Deal> deals;
  Date today;
  std::vector<Unreadable> unreadable;  // the files left out, for the report's own output
};

/// The problems of the deal files a report left out, for its COULD NOT READ section.
std::vector<Unreadable> unreadable_of(const std::vector<Problem>& problems);

/// Adds `--as-of DATE`.
void add_as_of(Args& args, std::string& target);

/// Every valid deal (loaded by the dispatcher: Needs::deals; invalid files were skipped
/// with a warning on stderr), moved out of ctx. With `as_of` given, the deals are rebuilt
/// as they stood on that date, which becomes the report's today.
ReportInput load_report_input(Context& ctx, const std::string& as_of);

/// An optional DATE option ("" = not given), relative to ctx.today.
std::optional<Date> opt_date_arg(const Context& ctx, const std::string& text,
                                 const std::string& option);

}  // namespace deals

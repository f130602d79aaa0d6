#pragma once
// The deal filters and sort order shared by `list` and `export`.
#include <string>
#include <vector>

#include "cli/args.hpp"
#include "cli/context.hpp"
#include "render/deal_view.hpp"

namespace deals {

struct ListFilter {
  std::vector<std::string> stages;
  bool open = false, won = false, lost = false, all = false;
  std::string tag, source, company, as_of, sort;
  bool stalled = false;
};

void add_filter_options(Args& args, ListFilter& f);

/// Filters and sorts `deals` (already loaded). With --as-of the deals are first rebuilt
/// as they stood on that date. Default: open deals, by stage then score (highest first).
std::vector<DealRow> select_rows(Context& ctx, const ListFilter& f, std::vector<Deal>& deals);

}  // namespace deals

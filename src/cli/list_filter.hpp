#pragma once
// The deal filters and sort order shared by `list` and `export`.
#include <cstdint>
#include <optional>
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

/// Where a row goes in the --sort order, kept without the deal: only what the chosen
/// order compares is filled in. Ties go by `index`, the deal's place in id order.
struct SortKey {
  std::uint32_t index = 0;
  int order = 0;  // the stage's place in the pipeline
  int score = 0;
  double number = 0;         // the value (-1 when none), weighted value or days idle
  std::optional<Date> date;  // created, expected_close or the next action's due date
  std::string text;          // the title or company
};

/// The filters and sort order, checked once, then applied deal by deal (on several
/// threads at once). Default: open deals, by stage then score (highest first).
class DealSelector {
 public:
  /// Checks --as-of, the stages and the sort field (usage errors).
  DealSelector(Context& ctx, const ListFilter& f);
  /// With --as-of, rebuilds `deal` as it stood then. The deal's derived figures when it
  /// passes the filters, else nullopt.
  std::optional<Derived> select(Deal& deal) const;
  /// The sort key of a selected deal, `index` its place in id order.
  SortKey key(const Deal& deal, const Derived& derived, std::uint32_t index) const;
  /// The --sort order.
  bool less(const SortKey& a, const SortKey& b) const;

  /// The --sort fields, in the order of their names in --help (list_filter.cpp).
  enum class Order {
    stage,
    score,
    value,
    weighted,
    idle,
    created,
    expected_close,
    id,
    title,
    company,
    due
  };

 private:
  const Config& config_;
  const ListFilter& filter_;
  Date today_;
  std::optional<Date> as_of_;
  std::string company_;  // --company, case-folded
  Order order_ = Order::stage;
};

}  // namespace deals

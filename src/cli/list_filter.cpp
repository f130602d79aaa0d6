#include "cli/list_filter.hpp"

#include <algorithm>

#include "cli/cmd_util.hpp"
#include "core/asof.hpp"
#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/outcome.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

// The --sort fields, named in the order of DealSelector::Order.
const std::vector<std::string> kSortFields{
    "stage",          "score", "value", "weighted", "idle", "created",
    "expected_close", "id",    "title", "company",  "due"};

std::string sort_fields_text() {
  std::string out;
  for (const auto& s : kSortFields) out += (out.empty() ? "" : ", ") + s;
  return out;
}

}  // namespace

void add_filter_options(Args& args, ListFilter& f) {
  args.option("--stage", f.stages, "only deals in this stage (repeatable)")
      .text("S")
      .completes(Complete::Stage);
  Arg& open = args.flag("--open", f.open, "open deals (the default)");
  Arg& won = args.flag("--won", f.won, "won deals");
  Arg& lost = args.flag("--lost", f.lost, "lost deals");
  Arg& all = args.flag("--all", f.all, "all deals");
  open.excludes(won).excludes(lost).excludes(all);
  won.excludes(lost).excludes(all);
  lost.excludes(all);
  args.option("--tag", f.tag, "only deals with this tag").text("T");
  args.option("--source", f.source, "only deals from this source (any case)").text("S");
  args.option("--company", f.company, "only deals whose company contains this text (any case)")
      .text("C");
  args.flag("--stalled", f.stalled, "only stalled deals");
  args.option("--as-of", f.as_of, "the pipeline as it stood on DATE, rebuilt from history")
      .text("DATE");
  args.option("--sort", f.sort, "sort by: " + sort_fields_text()).text("FIELD");
}

namespace {

using Order = DealSelector::Order;

// Refuses unknown stages and sort fields before anything is filtered; the sort order.
Order check_filter(const Config& config, const ListFilter& f) {
  for (const auto& s : f.stages) require_known_stage(config, s, true);
  if (f.sort.empty()) return Order::stage;
  auto it = std::find(kSortFields.begin(), kSortFields.end(), f.sort);
  if (it == kSortFields.end()) {
    std::string msg = "--sort: unknown field '" + sanitize(f.sort) + "'";
    if (auto best = closest(f.sort, kSortFields)) msg += ", did you mean '" + *best + "'?";
    throw usage_error(msg + " (fields: " + sort_fields_text() + ")");
  }
  return static_cast<Order>(it - kSortFields.begin());
}

// The filters that need no derived figures; `company` is f.company case-folded.
bool keep(const Deal& d, const ListFilter& f, const std::string& company) {
  const std::optional<Closed> outcome = outcome_of(d);
  if (!f.stages.empty()) {
    if (std::find(f.stages.begin(), f.stages.end(), d.stage) == f.stages.end()) return false;
  } else if (f.won) {
    if (outcome != Closed::won) return false;
  } else if (f.lost) {
    if (outcome != Closed::lost) return false;
  } else if (!f.all && outcome) {
    return false;
  }
  if (!f.tag.empty() && std::find(d.tags.begin(), d.tags.end(), f.tag) == d.tags.end())
    return false;
  if (!f.source.empty() && !(d.source && equal_folded(*d.source, f.source))) return false;
  return company.empty() || fold_case(d.company.value_or("")).find(company) != std::string::npos;
}

// Scheduled first, earliest first; nullopt when both are the same.
std::optional<bool> earlier(const std::optional<Date>& x, const std::optional<Date>& y) {
  if (x == y) return std::nullopt;
  if (!x) return false;
  if (!y) return true;
  return *x < *y;
}

}  // namespace

DealSelector::DealSelector(Context& ctx, const ListFilter& f)
    : config_(ctx.pipeline().config()), filter_(f), today_(ctx.today) {
  if (!f.as_of.empty()) today_ = *(as_of_ = ctx.as_of_arg(f.as_of));
  order_ = check_filter(config_, f);
  company_ = fold_case(f.company);  // any case, any script (spec 12)
}

std::optional<Derived> DealSelector::select(Deal& deal) const {
  if (as_of_) {
    std::optional<Deal> then = deal_as_of(deal, *as_of_);
    if (!then) return std::nullopt;  // created later
    deal = std::move(*then);
  }
  if (!keep(deal, filter_, company_)) return std::nullopt;
  Derived x = derive(deal, config_, today_);
  if (filter_.stalled && !x.stalled) return std::nullopt;
  return x;
}

SortKey DealSelector::key(const Deal& d, const Derived& x, std::uint32_t index) const {
  SortKey k;
  k.index = index;
  switch (order_) {
    case Order::stage:
      k.order = config_.order(d.stage);
      k.score = x.score;
      break;
    case Order::score:
      k.score = x.score;
      break;
    case Order::value:
      k.number = d.value.value_or(-1);
      break;
    case Order::weighted:
      k.number = x.weighted_value;
      break;
    case Order::idle:
      k.number = x.days_idle;
      break;
    case Order::created:
      k.date = d.created;
      break;
    case Order::expected_close:
      k.date = d.expected_close;
      break;
    case Order::due:
      k.date = d.next ? d.next->due : std::nullopt;
      break;
    case Order::title:
      k.text = d.title;
      break;
    case Order::company:
      k.text = d.company.value_or("");
      break;
    case Order::id:
      break;
  }
  return k;
}

bool DealSelector::less(const SortKey& a, const SortKey& b) const {
  const bool tie = a.index < b.index;  // the ids' order
  switch (order_) {
    case Order::stage:
      if (a.order != b.order) return a.order < b.order;
      [[fallthrough]];
    case Order::score:
      return a.score != b.score ? a.score > b.score : tie;
    case Order::value:
    case Order::weighted:
    case Order::idle:
      return a.number != b.number ? a.number > b.number : tie;
    case Order::created:
    case Order::expected_close:
    case Order::due:
      return earlier(a.date, b.date).value_or(tie);
    case Order::title:
    case Order::company:
      return a.text != b.text ? a.text < b.text : tie;
    case Order::id:
      break;
  }
  return tie;
}

}  // namespace deals

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

const std::vector<std::string> kSortFields{
    "stage",          "score", "value", "weighted", "idle", "created",
    "expected_close", "id",    "title", "company",  "due"};

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
  std::string fields;
  for (const auto& s : kSortFields) fields += (fields.empty() ? "" : ", ") + s;
  args.option("--sort", f.sort, "sort by: " + fields).text("FIELD");
}

namespace {

// Refuses unknown stages and sort fields before anything is filtered.
void check_filter(const Config& config, const ListFilter& f) {
  for (const auto& s : f.stages) require_known_stage(config, s, true);
  if (!f.sort.empty() &&
      std::find(kSortFields.begin(), kSortFields.end(), f.sort) == kSortFields.end()) {
    std::string msg = "--sort: unknown field '" + sanitize(f.sort) + "'";
    if (auto best = closest(f.sort, kSortFields)) msg += ", did you mean '" + *best + "'?";
    throw usage_error(msg);
  }
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

// The --sort order `key`; ties go by id.
bool row_less(const std::string& key, const Config& config, const DealRow& a, const DealRow& b) {
  const Deal &x = *a.deal, &y = *b.deal;
  const Derived &dx = a.derived, &dy = b.derived;
  auto tie = [&] { return x.id < y.id; };
  if (key == "stage") {
    int sa = config.order(x.stage), sb = config.order(y.stage);
    if (sa != sb) return sa < sb;
    return dx.score != dy.score ? dx.score > dy.score : tie();
  }
  if (key == "score") return dx.score != dy.score ? dx.score > dy.score : tie();
  if (key == "value")
    return x.value.value_or(-1) != y.value.value_or(-1)
               ? x.value.value_or(-1) > y.value.value_or(-1)
               : tie();
  if (key == "weighted")
    return dx.weighted_value != dy.weighted_value ? dx.weighted_value > dy.weighted_value : tie();
  if (key == "idle") return dx.days_idle != dy.days_idle ? dx.days_idle > dy.days_idle : tie();
  if (key == "created") return x.created != y.created ? x.created < y.created : tie();
  if (key == "expected_close") return earlier(x.expected_close, y.expected_close).value_or(tie());
  if (key == "due")
    return earlier(x.next ? x.next->due : std::nullopt, y.next ? y.next->due : std::nullopt)
        .value_or(tie());
  if (key == "title") return x.title != y.title ? x.title < y.title : tie();
  if (key == "company")
    return x.company != y.company ? x.company.value_or("") < y.company.value_or("") : tie();
  return tie();
}

}  // namespace

std::vector<DealRow> select_rows(Context& ctx, const ListFilter& f, std::vector<Deal>& deals) {
  const Config& config = ctx.pipeline().config();
  Date today = ctx.today;
  if (!f.as_of.empty()) {
    today = ctx.date_arg(f.as_of, "--as-of");
    deals = as_of(deals, today);
  }
  check_filter(config, f);
  const std::string company = fold_case(f.company);  // any case, any script (spec 12)
  std::vector<DealRow> rows;
  for (const auto& d : deals) {
    if (!keep(d, f, company)) continue;
    Derived x = derive(d, config, today);
    if (f.stalled && !x.stalled) continue;
    rows.push_back({&d, std::move(x)});
  }
  const std::string key = f.sort.empty() ? std::string("stage") : f.sort;
  std::sort(rows.begin(), rows.end(),
            [&](const DealRow& a, const DealRow& b) { return row_less(key, config, a, b); });
  return rows;
}

}  // namespace deals

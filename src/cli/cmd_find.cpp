// deals find TEXT [--format text|json|csv|md]
#include "cli/cmd_util.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/find.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

struct Opts {
  std::string text;
};

int run(Context& ctx, const Opts& o) {
  Format f = ctx.format;
  Pipeline& p = ctx.pipeline();
  const LoadAll& all = ctx.loaded;
  std::vector<FindHit> hits = find_deals(all.deals, o.text);
  std::vector<Deal> found;
  std::vector<std::string> where;
  for (const auto& h : hits) {
    found.push_back(*h.deal);
    std::string w;
    for (const auto& field : h.fields) w += (w.empty() ? "" : ", ") + field;
    where.push_back(w);
  }
  std::vector<DealRow> rows = derive_rows(found, p.config(), ctx.today);
  switch (f) {
    case Format::Json: {
      Json j;
      j.begin_array();
      for (const auto& r : rows) deal_json(j, *r.deal, r.derived, p.config(), false);
      j.end_array();
      *ctx.out << j.str();
      break;
    }
    case Format::Csv:
      *ctx.out << render_csv(csv_table(rows, p.config()));
      break;
    default: {
      Table t;
      t.columns = {{"ID", ColumnType::id},
                   {"STAGE"},
                   {"COMPANY", ColumnType::text, 24},
                   {"TITLE", ColumnType::text, 36},
                   {"VALUE", ColumnType::money},
                   {"FOUND IN"}};
      for (size_t i = 0; i < rows.size(); ++i) {
        const Deal& d = *rows[i].deal;
        t.rows.push_back({d.id, d.stage, d.company.value_or(""), d.title,
                          d.value ? money(*d.value) : "", where[i]});
      }
      if (f == Format::Md)
        *ctx.out << render_md(t);
      else if (!t.rows.empty())
        *ctx.out << render_text(t, ctx.style);
    }
  }
  if (hits.empty()) {
    if (f == Format::Text) *ctx.err << "deals: no deal mentions '" << sanitize(o.text) << "'\n";
    return kFailure;
  }
  return 0;
}

}  // namespace

Runner setup_find(Args& args, Context& ctx) {
  auto o = std::make_shared<Opts>();
  args.positional("TEXT", o->text,
                  "text to look for in title, company, contact, tags, next action, notes, "
                  "log and history notes (any case)")
      .required();
  args.format();
  auto check = [o] {
    if (o->text.empty()) throw usage_error("find: the text to look for is empty");
  };
  return {[&ctx, o] { return run(ctx, *o); }, check};
}

}  // namespace deals

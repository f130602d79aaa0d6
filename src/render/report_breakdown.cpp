// Stats breakdowns: per period (`stats --by`), lost reasons and figures by tag.
#include <cmath>

#include "core/text.hpp"
#include "render/json.hpp"
#include "render/report.hpp"
#include "render/report_tables.hpp"

namespace deals {

using Col = ColumnType;

Table lost_reasons_table(const Stats& s) {
  Table t;
  t.columns = {{"REASON", Col::text, 50}, {"LOST", Col::count}, {"VALUE", Col::money}};
  for (const auto& r : s.lost_reasons)
    t.rows.push_back({r.reason, std::to_string(r.count), money(r.value)});
  return t;
}

Table tag_table(const Stats& s) {
  Table t;
  t.columns = {{"TAG"},
               {"DEALS", Col::count},
               {"OPEN", Col::count},
               {"WON", Col::count},
               {"LOST", Col::count},
               {"WIN RATE", Col::percent},
               {"OPEN VALUE", Col::money},
               {"WON VALUE", Col::money}};
  for (const auto& g : s.by_tag)
    t.rows.push_back({g.tag, std::to_string(g.deals), std::to_string(g.open), std::to_string(g.won),
                      std::to_string(g.lost), percent(g.win_rate), money(g.open_value),
                      money(g.won_value)});
  return t;
}

void breakdown_json(Json& j, const Stats& s) {
  j.key("lost_reasons").begin_array();
  for (const auto& r : s.lost_reasons)
    j.begin_object()
        .key("reason")
        .value(r.reason)
        .key("count")
        .value(r.count)
        .key("value")
        .value(r.value)
        .key("currency")
        .value(s.money.currency)
        .end_object();
  j.end_array();
  j.key("by_tag").begin_array();
  for (const auto& g : s.by_tag) {
    j.begin_object().key("tag").value(g.tag).key("deals").value(g.deals);
    j.key("open").value(g.open).key("won").value(g.won).key("lost").value(g.lost);
    j.key("win_rate").value(g.win_rate).key("open_value").value(g.open_value);
    j.key("won_value").value(g.won_value).key("currency").value(s.money.currency).end_object();
  }
  j.end_array();
}

Table periods_table(const std::vector<PeriodRow>& rows, PeriodUnit unit, bool total) {
  Table t;
  std::string head = period_unit_name(unit);
  for (auto& c : head) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  t.columns = {{head},
               {"WON", Col::count},
               {"WON VALUE", Col::money},
               {"LOST", Col::count},
               {"WIN RATE", Col::percent}};
  PeriodRow sum;
  for (const auto& r : rows) {
    t.rows.push_back({r.period, std::to_string(r.won), money(r.won_value), std::to_string(r.lost),
                      percent(r.win_rate)});
    sum.won += r.won;
    sum.won_value += r.won_value;
    sum.lost += r.lost;
  }
  if (total && !rows.empty()) {
    if (sum.won + sum.lost > 0) sum.win_rate = static_cast<double>(sum.won) / (sum.won + sum.lost);
    t.rows.push_back({"total", std::to_string(sum.won), money(sum.won_value),
                      std::to_string(sum.lost), percent(sum.win_rate)});
    t.mark_total();
  }
  return t;
}

Table periods_csv_table(const std::vector<PeriodRow>& rows, PeriodUnit unit) {
  Table t;
  t.columns = {{period_unit_name(unit)},
               {"won", Col::count},
               {"won_value", Col::number},
               {"lost", Col::count},
               {"win_rate", Col::number}};
  for (const auto& r : rows)
    t.rows.push_back({r.period, std::to_string(r.won), format_number(round_cents(r.won_value)),
                      std::to_string(r.lost),
                      r.win_rate ? format_number(std::round(*r.win_rate * 10000) / 10000) : ""});
  return t;
}

std::string periods_json(const std::vector<PeriodRow>& rows, PeriodUnit unit,
                         const MoneySummary& money, std::optional<Date> since,
                         std::optional<Date> until) {
  Json j;
  j.begin_object().key("by").value(period_unit_name(unit));
  money_keys(j, money);
  j.key("since").value(since).key("until").value(until);
  j.key("periods").begin_array();
  for (const auto& r : rows) {
    j.begin_object().key("period").value(r.period).key("won").value(r.won);
    j.key("won_value").value(r.won_value).key("lost").value(r.lost);
    j.key("win_rate").value(r.win_rate).key("currency").value(money.currency).end_object();
  }
  j.end_array().end_object();
  return j.str();
}

}  // namespace deals

#include "render/deal_view.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/breakdown.hpp"
#include "core/outcome.hpp"
#include "core/text.hpp"

namespace deals {

std::optional<Date> closed_on(const Deal& deal) {
  return close_date(deal);  // the one definition (core/outcome.hpp)
}

namespace {

std::string tags_text(const std::vector<std::string>& tags, const char* sep) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : sep) + t;
  return out;
}

void detail_json(Json& j, const Deal& deal, const Derived& d);

}  // namespace

void deal_json(Json& j, const Deal& deal, const Derived& d, const Config& config, bool full) {
  j.begin_object();
  j.key("id").value(deal.id);
  j.key("title").value(deal.title);
  j.key("company").value(deal.company);
  j.key("stage").value(deal.stage);
  j.key("value").value(deal.value);
  j.key("currency").value(currency_of(deal, config));
  j.key("created").value(deal.created);
  j.key("expected_close").value(deal.expected_close);
  j.key("closed").value(closed_on(deal));
  j.key("source").value(deal.source);
  j.key("tags").value(deal.tags);
  j.key("contact").begin_object();
  j.key("name").value(deal.contact.name);
  j.key("email").value(deal.contact.email);
  j.key("phone").value(deal.contact.phone);
  j.end_object();
  j.key("bant").begin_object();
  for (const auto& c : config.criteria) j.key(c).value(deal.bant.get(c));
  for (const auto& a : deal.bant.answers)
    if (std::find(config.criteria.begin(), config.criteria.end(), a.name) == config.criteria.end())
      j.key(a.name).value(a.met);
  j.key("note").value(deal.bant.note);
  j.end_object();
  j.key("next");
  if (deal.next) {
    j.begin_object();
    j.key("action").value(deal.next->action);
    j.key("due").value(deal.next->due);
    j.end_object();
  } else {
    j.null();
  }
  j.key("last_activity").value(d.last_activity);
  j.key("days_idle");  // a closed deal has no idle clock
  if (d.open)
    j.value(d.days_idle);
  else
    j.null();
  j.key("days_in_stage").value(d.days_in_stage);
  j.key("stalled").value(d.stalled).key("waiting").value(d.waiting);
  j.key("score").value(d.score);
  j.key("probability").value(d.probability);
  j.key("weighted_value").value(d.weighted_value);
  j.key("qualified").value(d.qualification.passed);
  if (full) detail_json(j, deal, d);
  j.end_object();
}

namespace {

// What `show --format json` adds: the qualification detail, score parts, history, log and
// notes.
void detail_json(Json& j, const Deal& deal, const Derived& d) {
  j.key("qualification").begin_object();
  j.key("met").value(d.qualification.met);
  j.key("required").value(d.qualification.required);
  j.key("unmet").value(d.qualification.unmet);
  j.key("unknown").value(d.qualification.unknown);
  j.end_object();
  j.key("score_parts").begin_array();
  for (const auto& p : d.score_parts) {
    j.begin_object().key("label").value(p.label).key("points").value(p.points);
    j.key("max").value(p.max).end_object();
  }
  j.end_array();
  j.key("history").begin_array();
  for (const auto& h : effective_history(deal)) {
    j.begin_object().key("on").value(h.on).key("stage").value(h.stage);
    j.key("note").value(h.note).key("reason").value(h.reason).end_object();
  }
  j.end_array();
  j.key("log").begin_array();
  for (const auto& l : deal.log) {
    j.begin_object().key("on").value(l.on).key("kind").value(l.kind);
    j.key("note").value(l.note).end_object();
  }
  j.end_array();
  j.key("notes").value(deal.notes);
}

// "1 day", "3 days".
std::string days(int n) {
  return std::to_string(n) + (n == 1 || n == -1 ? " day" : " days");
}

// The qualification verdict with each criterion's answer, and the score with its parts.
std::string qualification_text(const Deal& deal, const Derived& d, const Config& config,
                               const Style& st) {
  std::string out;
  const Qualification& q = d.qualification;
  std::string verdict = fmt::format("{} ({} met, {} required)",
                                    q.passed ? "qualified" : "not qualified", q.met, q.required);
  out += fmt::format("  {:<15}{}\n", "qualification", q.passed ? st.green(verdict) : verdict);
  for (const auto& c : config.criteria) {
    auto a = deal.bant.get(c);
    out += fmt::format("    {:<13}{}\n", c, a ? (*a ? "yes" : "no") : "unknown");
  }
  if (deal.bant.note) out += "    " + sanitize(*deal.bant.note) + "\n";
  out += fmt::format("  {:<15}{} / 100\n", "score", st.bold(std::to_string(d.score)));
  for (const auto& p : d.score_parts)
    out += fmt::format("    {:>5.1f} / {:<5g} {}\n", p.points, p.max, p.label);
  return out;
}

// The stage history, the activity log and the notes.
std::string history_text(const Deal& deal) {
  std::string out;
  out += "  history\n";
  for (const auto& h : effective_history(deal)) {
    std::string extra;
    if (h.reason) extra += " — " + *h.reason;
    if (h.note) extra += " — " + *h.note;
    out += fmt::format("    {}  {}{}\n", h.on.str(), h.stage, sanitize(extra));
  }
  if (!deal.log.empty()) {
    out += "  log\n";
    for (const auto& l : deal.log)
      out += fmt::format("    {}  {:<8} {}\n", l.on.str(), sanitize(l.kind), sanitize(l.note));
  }
  if (deal.notes) {
    out += "  notes\n";
    std::string notes = sanitize(*deal.notes, true);
    size_t start = 0;
    while (start < notes.size()) {
      size_t end = notes.find('\n', start);
      if (end == std::string::npos) end = notes.size();
      out += "    " + notes.substr(start, end - start) + "\n";
      start = end + 1;
    }
  }
  return out;
}

}  // namespace

std::string show_text(const Deal& deal, const Derived& d, const Config& config, const Style& st) {
  std::string out;
  auto line = [&](std::string_view label, const std::string& value) {
    if (!value.empty()) out += fmt::format("  {:<15}{}\n", label, sanitize(value));
  };
  out += st.bold(sanitize(deal.title)) + "  " + st.dim(deal.id) + "\n";
  line("company", deal.company.value_or(""));
  std::string contact = deal.contact.name.value_or("");
  for (const auto* part : {&deal.contact.email, &deal.contact.phone})
    if (*part) contact += (contact.empty() ? "" : ", ") + **part;
  line("contact", contact);
  line("source", deal.source.value_or(""));
  std::string stage =
      deal.stage + fmt::format(" (for {}, since {})", days(d.days_in_stage), d.stage_entered.str());
  out += fmt::format("  {:<15}{}\n", "stage", d.stalled ? st.red(stage + ", stalled") : stage);
  if (deal.value)
    line("value",
         money(*deal.value) + " " + currency_of(deal, config) +
             fmt::format(" × {:.0f}% = {} weighted", d.probability * 100, money(d.weighted_value)));
  line("created", deal.created.str());
  line("expected close", deal.expected_close ? deal.expected_close->str() : "");
  line("tags", tags_text(deal.tags, ", "));
  if (d.open)
    line("last activity", fmt::format("{} ({} idle, stalls after {})", d.last_activity.str(),
                                      days(d.days_idle), d.stall_days));
  else
    line("last activity", d.last_activity.str() + " (closed: no idle clock)");
  if (d.stalled)
    out += fmt::format("  {:<15}{}\n", "status",
                       st.red("stalled: idle past " + days(d.stall_days) + " and " +
                              (!deal.next || !deal.next->due ? "no dated next action"
                                                             : "the next action is overdue")));
  else if (d.waiting)
    line("status", "waiting: next action due " + deal.next->due->str());
  if (deal.next)
    line("next",
         deal.next->action + (deal.next->due ? " (due " + deal.next->due->str() + ")" : ""));
  out += qualification_text(deal, d, config, st);
  out += history_text(deal);
  return out;
}

// One `list` column: its header, alignment, fit_table orders, and its cell for a row.
struct ListColumn {
  const char* name;
  Column column;
  std::string (*cell)(const DealRow& row, const Config& config);
};

namespace {

using Col = ColumnType;

std::string opt_text(const std::optional<std::string>& s) {
  return s.value_or("");
}
std::string opt_date(const std::optional<Date>& d) {
  return d ? d->str() : "";
}

// An amount of the deal's, with its currency when it is not the pipeline's.
std::string in_deal_currency(const Deal& d, double amount, const Config& c) {
  std::string v = money(amount);
  if (d.currency && *d.currency != c.currency) v += " " + *d.currency;
  return v;
}

// The value, with the deal's currency when it is not the pipeline's.
std::string value_cell(const DealRow& r, const Config& c) {
  const Deal& d = *r.deal;
  return d.value ? in_deal_currency(d, *d.value, c) : "";
}

// The next action, after its due date.
std::string next_cell(const DealRow& r, const Config&) {
  const Deal& d = *r.deal;
  if (!d.next) return std::string();
  return (d.next->due ? d.next->due->str() + " " : "") + d.next->action;
}

const std::vector<ListColumn>& list_columns() {
  using R = const DealRow&;
  using C = const Config&;
  // Column{header, type, cap, min_width, shrink, drop}: cut NEXT, TITLE, COMPANY; drop
  // NEXT, WEIGHTED, IDLE, SCORE, COMPANY when cutting is not enough; the id is cut last.
  static const std::vector<ListColumn> cols{
      {"id", {"ID", Col::id, 32, 12, 0, 0}, [](R r, C) { return r.deal->id; }},
      {"stage", {"STAGE"}, [](R r, C) { return r.deal->stage + (r.derived.stalled ? "!" : ""); }},
      {"company",
       {"COMPANY", Col::text, 20, 8, 3, 1},
       [](R r, C) { return opt_text(r.deal->company); }},
      {"title", {"TITLE", Col::text, 30, 10, 4, 0}, [](R r, C) { return r.deal->title; }},
      {"value", {"VALUE", Col::money}, value_cell},
      {"weighted",
       {"WEIGHTED", Col::money, 0, 0, 0, 4},
       [](R r, C c) {
         return r.deal->value ? in_deal_currency(*r.deal, r.derived.weighted_value, c)
                              : std::string();
       }},
      {"probability",
       {"PROB", Col::percent},
       [](R r, C) { return fmt::format("{:.0f}%", r.derived.probability * 100); }},
      {"score",
       {"SCORE", Col::count, 0, 0, 0, 2},
       [](R r, C) { return std::to_string(r.derived.score); }},
      {"idle",
       {"IDLE", Col::days, 0, 0, 0, 3},
       [](R r, C) {
         return r.derived.open ? std::to_string(r.derived.days_idle) + "d" : std::string();
       }},
      {"next", {"NEXT", Col::text, 36, 10, 5, 5}, next_cell},
      {"due",
       {"DUE", Col::date},
       [](R r, C) { return r.deal->next ? opt_date(r.deal->next->due) : std::string(); }},
      {"created", {"CREATED", Col::date}, [](R r, C) { return r.deal->created.str(); }},
      {"expected_close",
       {"CLOSE", Col::date},
       [](R r, C) { return opt_date(r.deal->expected_close); }},
      {"source",
       {"SOURCE", Col::text, 20, 6, 2, 0},
       [](R r, C) { return opt_text(r.deal->source); }},
      {"tags",
       {"TAGS", Col::text, 24, 6, 2, 0},
       [](R r, C) { return tags_text(r.deal->tags, ", "); }},
      {"contact",
       {"CONTACT", Col::text, 24, 8, 2, 0},
       [](R r, C) { return opt_text(r.deal->contact.name); }},
      {"last_activity",
       {"LAST ACTIVITY", Col::date},
       [](R r, C) { return r.derived.last_activity.str(); }},
      {"days_in_stage",
       {"IN STAGE", Col::days},
       [](R r, C) { return std::to_string(r.derived.days_in_stage) + "d"; }},
  };
  return cols;
}

// The `list --format csv` / `export` columns: the importable ones first, then what deals
// works out.
const std::vector<Column>& csv_columns() {
  static const std::vector<Column> columns{{"id", Col::id},
                                           {"title"},
                                           {"company"},
                                           {"contact"},
                                           {"email"},
                                           {"phone"},
                                           {"source"},
                                           {"value", Col::number},
                                           {"currency"},
                                           {"stage"},
                                           {"created", Col::date},
                                           {"expected_close", Col::date},
                                           {"closed", Col::date},
                                           {"tags"},
                                           {"notes"},
                                           {"probability", Col::number},
                                           {"weighted_value", Col::number},
                                           {"score", Col::count},
                                           {"last_activity", Col::date},
                                           {"days_idle", Col::count},
                                           {"days_in_stage", Col::count},
                                           {"stalled"},
                                           {"qualified"},
                                           {"next_action"},
                                           {"next_due", Col::date}};
  return columns;
}

}  // namespace

const std::vector<std::string>& list_column_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& c : list_columns()) out.push_back(c.name);
    return out;
  }();
  return names;
}

const std::vector<std::string>& default_list_columns() {
  static const std::vector<std::string> names{"id",       "stage", "company", "title", "value",
                                              "weighted", "score", "idle",    "next"};
  return names;
}

ListTable::ListTable(const Config& config, const std::vector<std::string>& columns)
    : config_(config) {
  for (const auto& name : columns)
    for (const auto& c : list_columns())
      if (name == c.name) {
        chosen_.push_back(&c);
        table_.columns.push_back(c.column);
      }
}

ListTable::Row ListTable::row(const DealRow& r) const {
  Row out;
  out.cells.reserve(chosen_.size());
  for (const auto* c : chosen_) out.cells.push_back(c->cell(r, config_));
  out.kind = r.derived.stalled ? RowKind::late : RowKind::body;
  out.probability = r.derived.probability;
  return out;
}

void ListTable::add(Row row) {
  if (row.value) {
    value_ += *row.value;
    weighted_ += *row.value * row.probability;
  }
  table_.rows.push_back(std::move(row.cells));
  table_.kinds.push_back(row.kind);
}

Table ListTable::finish(bool totals) && {
  const size_t n = table_.rows.size();
  if (totals && n > 0 && !chosen_.empty()) {
    std::vector<std::string> cells(chosen_.size());
    cells[0] = fmt::format("{} deal{}", n, n == 1 ? "" : "s");
    for (size_t i = 0; i < chosen_.size(); ++i) {
      std::string_view name = chosen_[i]->name;
      if (name == "value") cells[i] = money(value_) + " " + config_.currency;
      if (name == "weighted") cells[i] = money(weighted_) + " " + config_.currency;
    }
    table_.rows.push_back(std::move(cells));
    table_.kinds.push_back(RowKind::total);
  }
  return std::move(table_);
}

std::vector<std::string> csv_cells(const DealRow& r, const Config& config) {
  const Deal& d = *r.deal;
  const Derived& x = r.derived;
  return {d.id,
          d.title,
          opt_text(d.company),
          opt_text(d.contact.name),
          opt_text(d.contact.email),
          opt_text(d.contact.phone),
          opt_text(d.source),
          d.value ? format_number(*d.value) : "",
          currency_of(d, config),
          d.stage,
          d.created.str(),
          opt_date(d.expected_close),
          opt_date(closed_on(d)),
          tags_text(d.tags, ";"),
          opt_text(d.notes),
          format_number(x.probability),
          format_number(round_cents(x.weighted_value)),
          std::to_string(x.score),
          x.last_activity.str(),
          x.open ? std::to_string(x.days_idle) : "",  // a closed deal has no idle clock
          std::to_string(x.days_in_stage),
          x.stalled ? "true" : "false",
          x.qualification.passed ? "true" : "false",
          d.next ? d.next->action : "",
          d.next ? opt_date(d.next->due) : ""};
}

Table csv_table(const std::vector<DealRow>& rows, const Config& config) {
  Table t = csv_head();
  for (const auto& r : rows) t.rows.push_back(csv_cells(r, config));
  return t;
}

Table csv_head() {
  Table t;
  t.columns = csv_columns();
  return t;
}

}  // namespace deals

#include "core/import.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
#include "core/new_deal.hpp"
#include "core/outcome.hpp"
#include "core/text.hpp"

namespace deals {

const std::vector<std::string>& import_fields() {
  static const std::vector<std::string> fields{
      "id",     "title", "company",  "contact",     "email",       "phone",
      "source", "value", "currency", "stage",       "created",     "expected_close",
      "closed", "tags",  "notes",    "probability", "next_action", "next_due"};
  return fields;
}

namespace {

std::string trim(const std::string& s) {
  size_t a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? std::string() : s.substr(a, b - a + 1);
}

// Undoes the export's formula-injection guard: one `'` is removed from a cell that is one
// or more `'` followed by `=`, `+`, `-`, `@`, tab or CR (see render/csv.hpp).
std::string unguard(std::string s) {
  size_t quotes = s.find_first_not_of('\'');
  if (quotes == 0 || quotes == std::string::npos) return s;
  if (std::string_view("=+-@\t\r").find(s[quotes]) == std::string_view::npos) return s;
  return s.substr(1);
}

struct Row {
  const std::vector<std::string>& cells;
  const std::map<std::string, size_t>& index;
  std::string get(const std::string& field) const {
    auto it = index.find(field);
    if (it == index.end() || it->second >= cells.size()) return "";
    return unguard(trim(cells[it->second]));
  }
};

std::optional<Date> date_field(const Row& row, const std::string& field, DateFormat format,
                               std::vector<std::string>& errors) {
  std::string v = row.get(field);
  if (v.empty()) return std::nullopt;
  auto d = parse_csv_date(v, format);
  if (d) return d;
  std::string msg =
      field + ": bad date '" + sanitize(v) + "' (expected " + date_format_name(format);
  // A date the other formats read: the spreadsheet's locale, most likely.
  for (DateFormat other : {DateFormat::DayMonthYear, DateFormat::MonthDayYear})
    if (other != format && parse_csv_date(v, other)) {
      msg += std::string("; import with --date-format ") + date_format_name(other) + "?";
      break;
    }
  errors.push_back(msg + ")");
  return d;
}

// "bad number 'x'", with a hint when a decimal comma meets the default decimal point.
std::string bad_number(const std::string& v, char decimal) {
  std::string msg = "bad number '" + sanitize(v) + "'";
  if (decimal != ',' && v.find(',') != std::string::npos)
    msg += " (a decimal comma? import with --decimal ,)";
  return msg;
}

// Digits only, at least one.
bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::optional<DateFormat> parse_date_format(std::string_view text) {
  if (text == "YYYY-MM-DD") return DateFormat::Iso;
  if (text == "DD.MM.YYYY") return DateFormat::DayMonthYear;
  if (text == "MM/DD/YYYY") return DateFormat::MonthDayYear;
  return std::nullopt;
}

const char* date_format_name(DateFormat format) {
  switch (format) {
    case DateFormat::DayMonthYear:
      return "DD.MM.YYYY";
    case DateFormat::MonthDayYear:
      return "MM/DD/YYYY";
    default:
      return "YYYY-MM-DD";
  }
}

std::optional<Date> parse_csv_date(std::string_view text, DateFormat format) {
  if (auto iso = Date::parse(text)) return iso;
  if (format == DateFormat::Iso) return std::nullopt;
  char sep = format == DateFormat::DayMonthYear ? '.' : '/';
  size_t a = text.find(sep), b = a == std::string_view::npos ? a : text.find(sep, a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  std::string_view first = text.substr(0, a), second = text.substr(a + 1, b - a - 1),
                   year = text.substr(b + 1);
  if (!all_digits(first) || !all_digits(second) || !all_digits(year) || first.size() > 2 ||
      second.size() > 2 || year.size() != 4)
    return std::nullopt;
  int x = std::stoi(std::string(first)), y = std::stoi(std::string(second));
  int day = format == DateFormat::DayMonthYear ? x : y;
  int month = format == DateFormat::DayMonthYear ? y : x;
  return Date::from_ymd(std::stoi(std::string(year)), month, day);
}

std::optional<double> parse_csv_number(std::string_view text, char decimal) {
  // With a decimal point a comma is refused rather than read as a thousands separator:
  // "1,500" from a decimal-comma spreadsheet would silently become 1500.
  if (decimal != ',' && text.find(',') != std::string_view::npos) return std::nullopt;
  const char group = '.';
  std::string whole;
  // Split off the decimal part at the one decimal mark.
  size_t mark = text.find(decimal);
  if (mark != std::string_view::npos && text.find(decimal, mark + 1) != std::string_view::npos)
    return std::nullopt;
  std::string_view int_part = text.substr(0, mark);
  std::string_view frac = mark == std::string_view::npos ? "" : text.substr(mark + 1);
  if (mark != std::string_view::npos && !all_digits(frac)) return std::nullopt;
  // Group separators: the other mark, a space, a no-break space (U+00A0, U+202F).
  std::vector<std::string> groups{""};
  for (size_t i = 0; i < int_part.size(); ++i) {
    char c = int_part[i];
    size_t sep = 0;
    if ((decimal == ',' && c == group) || c == ' ' || c == '\'')
      sep = 1;
    else if (int_part.substr(i, 2) == "\xC2\xA0")
      sep = 2;
    else if (int_part.substr(i, 3) == "\xE2\x80\xAF")
      sep = 3;
    if (sep) {
      groups.emplace_back();
      i += sep - 1;
    } else {
      groups.back() += c;
    }
  }
  for (size_t g = 0; g < groups.size(); ++g) {
    bool ok = g == 0 ? all_digits(groups[g]) && (groups.size() == 1 || groups[g].size() <= 3)
                     : all_digits(groups[g]) && groups[g].size() == 3;
    if (!ok) return std::nullopt;
    whole += groups[g];
  }
  return parse_number(frac.empty() ? whole : whole + "." + std::string(frac));
}

namespace {

// The column of each field: columns named like fields map by themselves, --map overrides.
std::map<std::string, size_t> column_index(const std::vector<std::string>& header,
                                           const ImportOptions& options) {
  const auto& fields = import_fields();
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = trim(header[i]);
    if (std::find(fields.begin(), fields.end(), h) != fields.end() && !index.count(h)) index[h] = i;
  }
  for (const auto& [field, column] : options.map) {
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
      std::string msg = "--map: unknown field '" + sanitize(field) + "'";
      if (auto best = closest(field, fields)) msg += ", did you mean '" + *best + "'?";
      throw usage_error(msg);
    }
    const std::string& wanted = column;  // clang 14 cannot capture a structured binding
    auto it = std::find_if(header.begin(), header.end(),
                           [&](const std::string& h) { return trim(h) == wanted; });
    if (it == header.end())
      throw usage_error("--map: no column '" + sanitize(column) + "' in the header");
    index[field] = static_cast<size_t>(it - header.begin());
  }
  return index;
}

// The columns `export` writes that deals works out itself: importing an export ignores
// them without a word.
const std::set<std::string, std::less<>> kDerivedColumns{
    "weighted_value", "score",   "last_activity", "days_idle",
    "days_in_stage",  "stalled", "qualified"};

// Header columns no field uses, in header order (export's derived columns left out).
std::vector<std::string> unused_columns(const std::vector<std::string>& header,
                                        const std::map<std::string, size_t>& index) {
  std::set<size_t> used;
  for (const auto& [field, i] : index) used.insert(i);
  std::vector<std::string> out;
  for (size_t i = 0; i < header.size(); ++i)
    if (!used.count(i) && !kDerivedColumns.count(header[i])) out.push_back(header[i]);
  return out;
}

// Converts one record; every bad cell adds an error.
class RowReader {
 public:
  RowReader(const Row& row, const ImportOptions& options, const Config& config, Date today)
      : row_(row), options_(options), config_(config), today_(today) {}

  std::vector<std::string> errors;

  std::optional<std::string> text(const char* field) const {
    std::string v = row_.get(field);
    return v.empty() ? std::nullopt : std::optional<std::string>(v);
  }
  std::optional<Date> date(const char* field) {
    return date_field(row_, field, options_.date_format, errors);
  }

  void fields(Deal& d) {
    d.title = row_.get("title");
    if (is_blank(d.title)) errors.push_back("title: missing");
    d.company = text("company");
    d.contact.name = text("contact");
    d.contact.email = text("email");
    d.contact.phone = text("phone");
    d.source = text("source");
    d.notes = text("notes");
    if (d.notes) d.notes = unguard(row_.cells[row_.index.at("notes")]);  // kept as written
    if (auto v = text("value")) {
      d.value = parse_csv_number(*v, options_.decimal);
      if (!d.value) errors.push_back("value: " + bad_number(*v, options_.decimal));
    }
    if (auto c = text("currency")) {
      auto code = normalize_currency(*c);
      if (!code) errors.push_back("currency: " + currency_refusal(*c));
      if (code && *code != config_.currency) d.currency = code;
    }
  }

  // The stage, translated by --stage-map, the first stage when empty.
  std::string stage() {
    std::string stage = row_.get("stage");
    if (auto it = options_.stage_map.find(stage); it != options_.stage_map.end())
      stage = it->second;
    if (stage.empty()) stage = config_.first_stage();
    if (!config_.is_known(stage))
      errors.push_back("stage: " + unknown_stage_message(config_, stage, sanitize(stage), true,
                                                         " (map it with --stage-map VALUE=STAGE)"));
    return stage;
  }

  // created (else closed, else today) and expected_close; returns the closed date.
  std::optional<Date> dates(Deal& d) {
    auto created = date("created");
    auto closed = date("closed");
    d.expected_close = date("expected_close");
    d.created = created ? *created : closed ? *closed : today_;
    if (closed && *closed < d.created)
      errors.push_back("closed: " + closed->str() + " is before created " + d.created.str());
    return closed;
  }

  // An export writes every deal's effective probability; only one that differs from its
  // stage's is the deal's own.
  void probability(Deal& d, const std::string& stage) {
    auto v = text("probability");
    if (!v) return;
    auto pr = parse_csv_number(*v, options_.decimal);
    if (!pr || *pr > 1)
      errors.push_back("probability: bad probability '" + sanitize(*v) + "' (expected 0..1)");
    if (pr && *pr <= 1 && config_.is_known(stage) && *pr != config_.probability_for(stage))
      d.probability = pr;
  }

  void next_and_tags(Deal& d) {
    auto next_due = date("next_due");
    if (auto a = text("next_action"))
      d.next = NextAction{*a, next_due, {}};
    else if (next_due)
      errors.push_back("next_due: a due date needs a next_action");
    auto t = text("tags");
    if (!t) return;
    for (size_t start = 0; start <= t->size();) {
      size_t end = std::min(t->find(';', start), t->size());
      std::string tag = trim(t->substr(start, end - start));
      if (!tag.empty() && std::find(d.tags.begin(), d.tags.end(), tag) == d.tags.end())
        d.tags.push_back(tag);
      start = end + 1;
    }
  }

  // The `id` cell, else the id base numbered by its occurrences in the file so far.
  std::string id(const Deal& d, std::map<std::string, int>& seen) {
    std::string id = row_.get("id");
    if (id.empty()) {
      std::string base = id_base(d.company, d.title);
      return suffixed_id(base, ++seen[base]);
    }
    if (!valid_id(id)) errors.push_back("id: invalid id '" + sanitize(id) + "'");
    return id;
  }

 private:
  const Row& row_;
  const ImportOptions& options_;
  const Config& config_;
  Date today_;
};

// The same id twice in one file (from an id column) is a bad row.
void report_repeated_ids(ImportPlan& plan) {
  std::map<std::string, int> first;
  for (size_t i = 0; i < plan.deals.size(); ++i) {
    auto [it, fresh] = first.emplace(plan.deals[i].id, plan.lines[i]);
    if (!fresh)
      plan.errors.push_back({plan.lines[i], "id: '" + plan.deals[i].id + "' already used on line " +
                                                std::to_string(it->second)});
  }
}

}  // namespace

ImportPlan plan_import(const std::vector<std::string>& header,
                       const std::vector<std::pair<int, std::vector<std::string>>>& records,
                       const ImportOptions& options, const Config& config, Date today) {
  const std::map<std::string, size_t> index = column_index(header, options);
  for (const auto& [value, stage] : options.stage_map) require_known_stage(config, stage, true);
  ImportPlan plan;
  plan.unused = unused_columns(header, index);
  std::map<std::string, int> seen;  // id base -> occurrences so far
  for (const auto& [line, cells] : records) {
    Row row{cells, index};
    RowReader read(row, options, config, today);
    Deal d;
    read.fields(d);
    std::string stage = read.stage();
    auto closed = read.dates(d);
    read.probability(d, stage);
    read.next_and_tags(d);
    std::string id = read.id(d, seen);
    if (!read.errors.empty()) {
      for (auto& e : read.errors) plan.errors.push_back({line, std::move(e)});
      continue;
    }
    d.id = id;
    d.stage = stage;
    if (!closed && is_closed_stage(stage)) plan.undated_closes.push_back(line);
    d.history = initial_history(d, config, closed);
    plan.deals.push_back(std::move(d));
    plan.lines.push_back(line);
  }
  report_repeated_ids(plan);
  std::stable_sort(plan.errors.begin(), plan.errors.end(),
                   [](const ImportError& a, const ImportError& b) { return a.line < b.line; });
  return plan;
}

namespace {

std::string shown(const std::optional<std::string>& s) {
  return s ? "'" + sanitize(*s) + "'" : "(none)";
}

std::string shown(const std::optional<double>& v) {
  return v ? format_number(*v) : "(none)";
}

std::string shown(const std::optional<Date>& d) {
  return d ? d->str() : "(none)";
}

std::string shown(const std::vector<std::string>& tags) {
  std::string out;
  for (const auto& t : tags) out += (out.empty() ? "" : ";") + sanitize(t);
  return "[" + out + "]";
}

std::string shown(const std::optional<NextAction>& n) {
  if (!n) return "(none)";
  return "'" + sanitize(n->action) + "'" + (n->due ? " due " + n->due->str() : "");
}

template <class T>
void note_change(std::vector<std::string>& out, const char* field, const T& before,
                 const T& after) {
  if (!(before == after))
    out.push_back(std::string(field) + ": " + shown(before) + " -> " + shown(after));
}

// "value: 5000 -> 6000": each field that differs, in file order.
std::vector<std::string> field_changes(const Deal& existing, const Deal& d) {
  std::vector<std::string> c;
  note_change(c, "title", std::optional(existing.title), std::optional(d.title));
  note_change(c, "company", existing.company, d.company);
  note_change(c, "contact", existing.contact.name, d.contact.name);
  note_change(c, "email", existing.contact.email, d.contact.email);
  note_change(c, "phone", existing.contact.phone, d.contact.phone);
  note_change(c, "source", existing.source, d.source);
  note_change(c, "value", existing.value, d.value);
  note_change(c, "currency", existing.currency, d.currency);
  note_change(c, "expected_close", existing.expected_close, d.expected_close);
  note_change(c, "tags", existing.tags, d.tags);
  note_change(c, "notes", existing.notes, d.notes);
  note_change(c, "probability", existing.probability, d.probability);
  note_change(c, "next", existing.next, d.next);
  return c;
}

}  // namespace

ImportUpdate merge_import(const Deal& existing, const Deal& imported, const Config& config,
                          Date today) {
  ImportUpdate u{existing, {}, {}};
  if (imported.stage != existing.stage) {
    if (!is_open_deal(existing)) {
      u.refused = "is " + existing.stage + "; the row says " + imported.stage +
                  " (an import never reopens a deal: use 'deals reopen')";
      return u;
    }
    int from = config.open_index(existing.stage), to = config.open_index(imported.stage);
    if (to >= 0 && from >= 0 && to < from) {
      u.refused = "is in " + existing.stage + "; the row says " + imported.stage +
                  " (an import never moves a deal backwards: use 'deals advance --to')";
      return u;
    }
  }
  Deal& d = u.deal;
  d.title = imported.title;
  if (imported.company) d.company = imported.company;
  if (imported.contact.name) d.contact.name = imported.contact.name;
  if (imported.contact.email) d.contact.email = imported.contact.email;
  if (imported.contact.phone) d.contact.phone = imported.contact.phone;
  if (imported.source) d.source = imported.source;
  if (imported.value) d.value = imported.value;
  if (imported.currency) d.currency = imported.currency;
  if (imported.expected_close) d.expected_close = imported.expected_close;
  if (!imported.tags.empty()) d.tags = imported.tags;
  if (imported.notes) d.notes = imported.notes;
  if (imported.probability) d.probability = imported.probability;
  if (imported.next) d.next = imported.next;
  u.changes = field_changes(existing, d);
  if (imported.stage != existing.stage) {
    // Dated today: the import records the move now; a later entry (hand-written) wins.
    Date on = std::max(today, stage_entered(existing));
    enter_stage(d, imported.stage, on);
    u.changes.push_back("stage: " + existing.stage + " -> " + imported.stage + " (dated " +
                        on.str() + ")");
  }
  return u;
}

}  // namespace deals

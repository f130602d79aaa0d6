#include "core/import.hpp"

#include <algorithm>
#include <set>

#include "core/error.hpp"
#include "core/lifecycle.hpp"
#include "core/money.hpp"
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

std::optional<Date> date_field(const Row& row, const std::string& field, std::string& error) {
  std::string v = row.get(field);
  if (v.empty()) return std::nullopt;
  auto d = Date::parse(v);
  if (!d && error.empty()) error = field + ": bad date '" + sanitize(v) + "' (expected YYYY-MM-DD)";
  return d;
}

}  // namespace

ImportPlan plan_import(const std::vector<std::string>& header,
                       const std::vector<std::pair<int, std::vector<std::string>>>& records,
                       const ImportOptions& options, const Config& config, Date today) {
  const auto& fields = import_fields();
  std::map<std::string, size_t> index;
  std::set<size_t> used;
  for (size_t i = 0; i < header.size(); ++i) {
    std::string h = trim(header[i]);
    if (std::find(fields.begin(), fields.end(), h) != fields.end() && !index.count(h)) {
      index[h] = i;
    }
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
  for (const auto& [value, stage] : options.stage_map) require_known_stage(config, stage, true);
  for (const auto& [field, i] : index) used.insert(i);

  ImportPlan plan;
  for (size_t i = 0; i < header.size(); ++i)
    if (!used.count(i)) plan.unused.push_back(header[i]);
  std::map<std::string, int> seen;  // slug -> occurrences so far
  for (const auto& [line, cells] : records) {
    Row row{cells, index};
    std::string error;
    Deal d;
    d.title = row.get("title");
    if (d.title.empty()) error = "title: missing";
    auto opt = [&](const char* f) {
      std::string v = row.get(f);
      return v.empty() ? std::nullopt : std::optional<std::string>(v);
    };
    d.company = opt("company");
    d.contact.name = opt("contact");
    d.contact.email = opt("email");
    d.contact.phone = opt("phone");
    d.source = opt("source");
    d.notes = opt("notes");
    if (d.notes) d.notes = unguard(cells[index.at("notes")]);  // keep notes as written
    if (auto v = opt("value")) {
      d.value = parse_number(*v);
      if (!d.value && error.empty()) error = "value: bad number '" + sanitize(*v) + "'";
    }
    if (auto c = opt("currency")) {
      auto code = normalize_currency(*c);
      if (!code && error.empty()) error = "currency: " + currency_refusal(*c);
      if (code && *code != config.currency) d.currency = code;
    }
    std::string stage = row.get("stage");
    if (auto it = options.stage_map.find(stage); it != options.stage_map.end()) stage = it->second;
    if (stage.empty()) stage = config.first_stage();
    if (!config.is_known(stage) && error.empty()) {
      error = "stage: unknown stage '" + sanitize(stage) + "'";
      std::vector<std::string> names = config.all_stage_names();
      if (auto best = closest(stage, names))
        error += ", did you mean '" + *best + "'?";
      else
        error += " (map it with --stage-map VALUE=STAGE)";
    }
    auto created = date_field(row, "created", error);
    auto closed = date_field(row, "closed", error);
    d.expected_close = date_field(row, "expected_close", error);
    d.created = created ? *created : closed ? *closed : today;
    if (closed && *closed < d.created && error.empty())
      error = "closed: " + closed->str() + " is before created " + d.created.str();
    if (auto v = opt("probability")) {
      auto pr = parse_number(*v);
      if ((!pr || *pr > 1) && error.empty())
        error = "probability: bad probability '" + sanitize(*v) + "' (expected 0..1)";
      // An export writes every deal's effective probability; only one that differs from
      // its stage's is the deal's own.
      if (pr && *pr <= 1 && config.is_known(stage) && *pr != config.probability_for(stage))
        d.probability = pr;
    }
    auto next_due = date_field(row, "next_due", error);
    if (auto a = opt("next_action"))
      d.next = NextAction{*a, next_due, {}};
    else if (next_due && error.empty())
      error = "next_due: a due date needs a next_action";
    if (auto t = opt("tags")) {
      std::string tags = *t;
      size_t start = 0;
      while (start <= tags.size()) {
        size_t end = tags.find(';', start);
        if (end == std::string::npos) end = tags.size();
        std::string tag = trim(tags.substr(start, end - start));
        if (!tag.empty() && std::find(d.tags.begin(), d.tags.end(), tag) == d.tags.end())
          d.tags.push_back(tag);
        start = end + 1;
      }
    }
    std::string id = row.get("id");
    if (!id.empty()) {
      if (!valid_id(id) && error.empty()) error = "id: invalid id '" + sanitize(id) + "'";
    } else {
      std::string base = slugify(d.company ? *d.company + " " + d.title : d.title);
      if (base.empty()) base = "deal";
      int n = ++seen[base];
      id = base;
      if (n > 1) {
        std::string suffix = "-" + std::to_string(n);
        id = base.substr(0, 64 - suffix.size());
        while (!id.empty() && id.back() == '-') id.pop_back();
        id += suffix;
      }
    }
    if (!error.empty()) {
      plan.errors.push_back({line, error});
      continue;
    }
    d.id = id;
    d.stage = stage;
    if (Config::is_closed(stage)) {
      d.history.push_back(HistoryEntry{d.created, config.first_stage(), {}, {}, {}});
      d.history.push_back(HistoryEntry{closed ? *closed : d.created, stage, {}, {}, {}});
    } else {
      d.history.push_back(HistoryEntry{d.created, stage, {}, {}, {}});
    }
    plan.deals.push_back(std::move(d));
    plan.lines.push_back(line);
  }
  // The same id twice in one file (from an id column) is a bad row.
  std::map<std::string, int> first;
  for (size_t i = 0; i < plan.deals.size(); ++i) {
    auto [it, fresh] = first.emplace(plan.deals[i].id, plan.lines[i]);
    if (!fresh)
      plan.errors.push_back({plan.lines[i], "id: '" + plan.deals[i].id + "' already used on line " +
                                                std::to_string(it->second)});
  }
  std::sort(plan.errors.begin(), plan.errors.end(),
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

}  // namespace

ImportUpdate merge_import(const Deal& existing, const Deal& imported, const Config& config,
                          Date today) {
  ImportUpdate u{existing, {}, {}};
  if (imported.stage != existing.stage) {
    if (Config::is_closed(existing.stage)) {
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
  std::vector<std::string>& c = u.changes;
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
  if (imported.stage != existing.stage) {
    // Dated today: the import records the move now; a later entry (hand-written) wins.
    Date on =
        std::max(today, existing.history.empty() ? existing.created : existing.history.back().on);
    enter_stage(d, imported.stage, on);
    c.push_back("stage: " + existing.stage + " -> " + imported.stage + " (dated " + on.str() + ")");
  }
  return u;
}

}  // namespace deals

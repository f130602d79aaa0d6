// parse_config: pipeline.toml text -> Config, with toml++ confined to this file.
#include "store/config_file.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>

#include "core/error.hpp"
#include "core/money.hpp"
#include "core/stage.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

constexpr std::size_t kMaxBytes = 64 * 1024;
constexpr int kMaxDepth = 32;         // [ and { nesting
constexpr int kMaxDotsPerLine = 128;  // dotted key parts (toml++ recurses per part)
constexpr int64_t kMaxDays = 36500;

const std::vector<std::string> kWeekdays{"monday", "tuesday",  "wednesday", "thursday",
                                         "friday", "saturday", "sunday"};

// 'text', made safe for a terminal.
std::string quoted(std::string_view text) {
  std::string out(1, '\'');
  out += sanitize(text);
  out += '\'';
  return out;
}

[[noreturn]] void fail_at(const std::string& path, std::size_t line, const std::string& what) {
  throw Error(path + ":" + std::to_string(line == 0 ? 1 : line) + ": " + what);
}

enum class Str { None, Basic, Literal, MlBasic, MlLiteral };

// Inside a string: steps over `s[i]` (an escape, the closing quotes); returns the index of
// the last character consumed.
std::size_t string_step(std::string_view s, std::size_t i, Str& str) {
  const char c = s[i];
  if ((str == Str::Basic || str == Str::MlBasic) && c == '\\') {
    if (i + 1 < s.size() && s[i + 1] != '\n') ++i;
  } else if (str == Str::Basic && c == '"') {
    str = Str::None;
  } else if (str == Str::Literal && c == '\'') {
    str = Str::None;
  } else if ((str == Str::MlBasic && s.substr(i, 3) == "\"\"\"") ||
             (str == Str::MlLiteral && s.substr(i, 3) == "'''")) {
    str = Str::None;
    i += 2;
  }
  return i;
}

// Whether the `[` at `s[i]` opens three or more brackets (`[[[`, `[ [ [`).
bool triple_bracket(std::string_view s, std::size_t i) {
  std::size_t j = i + 1, brackets = 1;
  for (; j < s.size() && brackets < 3; ++j) {
    if (s[j] == '[')
      ++brackets;
    else if (s[j] != ' ' && s[j] != '\t')
      break;
  }
  return brackets >= 3;
}

// toml++ recurses on nesting and on dotted key parts, so hostile input could overflow the
// stack, and some malformed headers trip an assertion in debug builds. This cheap scan
// bounds both before toml++ sees the text; everything else is left to toml++.
void prescan(std::string_view s, const std::string& path) {
  if (s.size() > kMaxBytes)
    throw Error(path + ": file is larger than " + std::to_string(kMaxBytes) + " bytes");
  Str str = Str::None;
  std::size_t line = 1;
  int depth = 0, dots = 0;
  bool comment = false, line_start = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\n') {
      ++line;
      dots = 0;
      comment = false;
      line_start = true;
      if (str == Str::Basic || str == Str::Literal) str = Str::None;  // invalid; toml++ reports it
      continue;
    }
    if (comment) continue;
    if (str != Str::None) {
      i = string_step(s, i, str);
      continue;
    }
    if (line_start && c != ' ' && c != '\t' && c != '\r') {
      line_start = false;
      if (depth == 0 && c == '[' && triple_bracket(s, i))
        fail_at(path, line, "invalid table header");
    }
    if (c == '#') {
      comment = true;
    } else if (c == '"') {
      str = s.substr(i, 3) == "\"\"\"" ? Str::MlBasic : Str::Basic;
      if (str == Str::MlBasic) i += 2;
    } else if (c == '\'') {
      str = s.substr(i, 3) == "'''" ? Str::MlLiteral : Str::Literal;
      if (str == Str::MlLiteral) i += 2;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxDepth)
        fail_at(path, line, "nested more than " + std::to_string(kMaxDepth) + " levels deep");
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    } else if (c == '.' && ++dots > kMaxDotsPerLine) {
      fail_at(path, line, "too many dotted key parts on one line");
    }
  }
}

// Reads typed values out of the parsed table, naming file, line and key on every error.
class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}

  [[noreturn]] void fail(const toml::node& n, const std::string& key,
                         const std::string& what) const {
    fail_at(path_, n.source().begin.line, "key " + quoted(key) + ": " + what);
  }

  // Rejects keys outside `allowed`, suggesting the closest one.
  void check_keys(const toml::table& t, const std::string& prefix,
                  const std::vector<std::string>& allowed) const {
    for (auto&& [k, v] : t) {
      std::string name(k.str());
      if (std::find(allowed.begin(), allowed.end(), name) != allowed.end()) continue;
      std::string msg = "unknown key " + quoted(prefix + name);
      if (auto near = closest(name, allowed)) msg += ", did you mean '" + *near + "'?";
      std::size_t line = k.source().begin.line ? k.source().begin.line : v.source().begin.line;
      fail_at(path_, line, msg);
    }
  }

  std::string string(const toml::node& n, const std::string& key) const {
    if (!n.is_string()) fail(n, key, "must be a string");
    return n.as_string()->get();
  }

  int integer(const toml::node& n, const std::string& key, int64_t lo, int64_t hi) const {
    if (!n.is_integer() || n.as_integer()->get() < lo || n.as_integer()->get() > hi)
      fail(n, key,
           "must be a whole number between " + std::to_string(lo) + " and " + std::to_string(hi));
    return static_cast<int>(n.as_integer()->get());
  }

  double number(const toml::node& n, const std::string& key, double lo, double hi) const {
    double v = NAN;
    if (n.is_integer()) v = static_cast<double>(n.as_integer()->get());
    if (n.is_floating_point()) v = n.as_floating_point()->get();
    if (!(v >= lo && v <= hi))  // also rejects nan and non-numbers
      fail(n, key, "must be a number between " + format_number(lo) + " and " + format_number(hi));
    return v;
  }

  bool boolean(const toml::node& n, const std::string& key) const {
    if (!n.is_boolean()) fail(n, key, "must be true or false");
    return n.as_boolean()->get();
  }

  const toml::table& table(const toml::node& n, const std::string& key) const {
    if (!n.is_table()) fail(n, key, "must be a table");
    return *n.as_table();
  }

 private:
  const std::string& path_;
};

std::vector<StageDef> read_stages(const Reader& r, const toml::node& node) {
  const toml::array* arr_p = node.as_array();
  if (arr_p && arr_p->empty()) r.fail(node, "stages", "at least one stage is required");
  if (!arr_p || !arr_p->is_array_of_tables())
    r.fail(node, "stages", "must be a list of [[stages]] tables");
  const toml::array& arr = *arr_p;
  std::vector<StageDef> stages;
  std::map<std::string, std::size_t> seen;  // name -> line
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const toml::table& t = *arr[i].as_table();
    std::string key = "stages[" + std::to_string(i + 1) + "]";
    r.check_keys(t, key + ".", {"name", "probability", "stall_days"});
    StageDef st;
    const toml::node* name = t.get("name");
    if (!name) r.fail(t, key + ".name", "missing; every stage needs a name");
    st.name = r.string(*name, key + ".name");
    if (is_closed_stage(st.name))
      r.fail(*name, key + ".name", "'won' and 'lost' are the closed stages and are not listed");
    if (!valid_id(st.name))
      r.fail(*name, key + ".name",
             quoted(st.name) +
                 " is not a valid stage name (lowercase letters, digits and "
                 "'-', starting with a letter or digit, at most 64)");
    if (auto it = seen.find(st.name); it != seen.end())
      r.fail(
          *name, key + ".name",
          "duplicate stage '" + st.name + "' (first on line " + std::to_string(it->second) + ")");
    seen[st.name] = name->source().begin.line;
    const toml::node* p = t.get("probability");
    if (!p) r.fail(t, key + ".probability", "missing; give a number between 0 and 1");
    st.probability = r.number(*p, key + ".probability", 0, 1);
    if (const toml::node* sd = t.get("stall_days"))
      st.stall_days = r.integer(*sd, key + ".stall_days", 0, kMaxDays);
    stages.push_back(std::move(st));
  }
  return stages;
}

void read_qualification(const Reader& r, const toml::table& t, Config& c) {
  r.check_keys(t, "qualification.", {"criteria", "required"});
  if (const toml::node* n = t.get("criteria")) {
    if (!n->is_array()) r.fail(*n, "qualification.criteria", "must be a list of names");
    c.criteria.clear();
    const toml::array& arr = *n->as_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      std::string key = "qualification.criteria[" + std::to_string(i + 1) + "]";
      std::string name = r.string(arr[i], key);
      if (!valid_id(name) || name == "note")
        r.fail(arr[i], key,
               quoted(name) +
                   " is not a valid criterion name (lowercase letters, digits and "
                   "'-'; not 'note')");
      if (std::find(c.criteria.begin(), c.criteria.end(), name) != c.criteria.end())
        r.fail(arr[i], key, "duplicate criterion '" + name + "'");
      c.criteria.push_back(name);
    }
  }
  int n_criteria = static_cast<int>(c.criteria.size());
  if (const toml::node* n = t.get("required"))
    c.required = r.integer(*n, "qualification.required", 0, n_criteria);
  else
    c.required = std::min(c.required, n_criteria);
}

void read_score(const Reader& r, const toml::table& t, Config& c) {
  std::vector<std::string> allowed = c.criteria;
  // The weights `deals init` writes stay valid when [qualification] criteria change.
  for (const auto& b : bant_order())
    if (std::find(allowed.begin(), allowed.end(), b) == allowed.end()) allowed.push_back(b);
  allowed.push_back("activity");
  allowed.push_back("next_action");
  r.check_keys(t, "score.", allowed);
  for (auto&& [k, v] : t) {
    std::string name(k.str());
    double w = r.number(v, "score." + name, 0, 10000);
    if (name == "activity")
      c.score.activity = w;
    else if (name == "next_action")
      c.score.next_action = w;
    else
      c.score.criteria[name] = w;
  }
}

// [rates]: CODE = rate, one unit of CODE in the pipeline's currency; rates_date a date.
void read_rates(const Reader& r, const toml::node* rates, const toml::node* date, Config& c) {
  if (rates) {
    for (auto&& [k, v] : r.table(*rates, "rates")) {
      if (k.str() == "rates_date" || k.str() == "date") {  // written below [rates]
        if (!date) date = &v;
        continue;
      }
      std::string key = "rates." + std::string(k.str());
      auto code = normalize_currency(k.str());
      if (!code) r.fail(v, key, currency_refusal(k.str()));
      if (*code == c.currency) r.fail(v, key, "is the pipeline's own currency (its rate is 1)");
      c.rates[*code] = r.number(v, key, 0, kMaxNumber);
      if (!(c.rates[*code] > 0)) r.fail(v, key, "must be a rate above 0");
    }
  }
  if (date) {
    std::optional<Date> d;
    if (date->is_date()) {
      auto t = date->as_date()->get();
      d = Date::from_ymd(t.year, t.month, t.day);
    } else if (date->is_string()) {
      d = Date::parse(date->as_string()->get());
    }
    if (!d) r.fail(*date, "rates_date", "must be a date, YYYY-MM-DD");
    c.rates_date = d;
  }
}

}  // namespace

Config parse_config(std::string_view text, const std::string& path) {
  prescan(text, path);
  toml::table root;
  try {
    root = toml::parse(text, std::string_view(path));
  } catch (const toml::parse_error& e) {
    fail_at(path, e.source().begin.line, "invalid TOML: " + sanitize(e.description()));
  }
  Reader r(path);
  r.check_keys(root, "",
               {"name", "currency", "rates_date", "stall_days", "week_start", "stages",
                "qualification", "git", "score", "rates", "log"});
  Config c = Config::defaults();
  if (const toml::node* n = root.get("name")) c.name = r.string(*n, "name");
  if (const toml::node* n = root.get("currency")) {
    std::string text = r.string(*n, "currency");
    auto code = normalize_currency(text);
    if (!code) r.fail(*n, "currency", currency_refusal(text));
    c.currency = *code;
  }
  read_rates(r, root.get("rates"), root.get("rates_date"), c);
  if (const toml::node* n = root.get("stall_days"))
    c.stall_days = r.integer(*n, "stall_days", 0, kMaxDays);
  if (const toml::node* n = root.get("week_start")) {
    std::string day = r.string(*n, "week_start");
    auto it = std::find(kWeekdays.begin(), kWeekdays.end(), day);
    if (it == kWeekdays.end()) {
      std::string msg = "must be a day name, monday to sunday";
      if (auto near = closest(day, kWeekdays)) msg += "; did you mean '" + *near + "'?";
      r.fail(*n, "week_start", msg);
    }
    c.week_start = static_cast<int>(it - kWeekdays.begin());
  }
  if (const toml::node* n = root.get("stages")) c.stages = read_stages(r, *n);
  if (const toml::node* n = root.get("qualification"))
    read_qualification(r, r.table(*n, "qualification"), c);
  if (const toml::node* n = root.get("git")) {
    const toml::table& git = r.table(*n, "git");
    r.check_keys(git, "git.", {"autocommit"});
    if (const toml::node* a = git.get("autocommit")) c.autocommit = r.boolean(*a, "git.autocommit");
  }
  if (const toml::node* n = root.get("score")) read_score(r, r.table(*n, "score"), c);
  if (const toml::node* n = root.get("log")) {
    const toml::table& log = r.table(*n, "log");
    r.check_keys(log, "log.", {"kinds"});
    if (const toml::node* k = log.get("kinds")) {
      if (!k->is_array()) r.fail(*k, "log.kinds", "must be a list of words");
      for (const auto& item : *k->as_array()) {
        std::string kind = r.string(item, "log.kinds");
        if (kind.empty() || kind.find_first_of(" \t\n") != std::string::npos)
          r.fail(item, "log.kinds", "'" + sanitize(kind) + "' is not one word");
        c.log_kinds.push_back(kind);
      }
    }
  }
  return c;
}

}  // namespace deals

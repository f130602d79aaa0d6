// Deal file bytes -> Deal: every problem is reported with its line, not just the first.
#include <string_view>

#include "core/text.hpp"
#include "store/deal_codec.hpp"
#include "store/deal_fields.hpp"
#include "store/yaml.hpp"

namespace deals {

std::string Problem::str() const {
  if (line <= 0) return path + ": " + message;
  return path + ":" + std::to_string(line) + ": " + message;
}

namespace {

using yaml::Node;

/// The keys of SPEC section 2, in canonical order.
enum class Key {
  title,
  company,
  contact,
  source,
  value,
  currency,
  stage,
  probability,
  created,
  expected_close,
  tags,
  bant,
  next,
  history,
  log,
  notes,
  unknown
};

Key key_of(std::string_view key) {
  static constexpr std::string_view kNames[] = {
      "title",   "company",        "contact", "source", "value", "currency", "stage", "probability",
      "created", "expected_close", "tags",    "bant",   "next",  "history",  "log",   "notes"};
  for (std::size_t i = 0; i < std::size(kNames); ++i) {
    if (kNames[i] == key) return static_cast<Key>(i);
  }
  return Key::unknown;
}

class Decoder : public detail::FieldReader {
 public:
  using FieldReader::FieldReader;

  void deal(const Node& root, Deal& d);

 private:
  void top_entry(const std::string& key, const Node& v, Deal& d);
  /// title, stage, created: each must have a value.
  void required_entry(Key k, const std::string& key, const Node& v, Deal& d);
  void contact(const Node& n, Contact& c);
  void bant(const Node& n, Bant& b);
  void next(const Node& n, std::optional<NextAction>& out);
  void tags(const Node& n, std::vector<std::string>& out);
  void history(const Node& n, Deal& d);
  bool history_entry(const Node& n, HistoryEntry& e);
  void log(const Node& n, std::vector<LogEntry>& out);
  void check_history(const Deal& d);

  unsigned seen_required_ = 0;  // bits of the Key values title, stage, created
  bool created_ok_ = false;
  bool history_ok_ = false;
  std::vector<int> history_lines_;
};

void Decoder::deal(const Node& root, Deal& d) {
  if (root.is_scalar() && root.is_null()) {
    return problem(root.line > 0 ? root.line : 1,
                   "the file is empty; a deal needs at least title, stage and created");
  }
  if (!root.is_map()) {
    return problem(root.line,
                   "the top level must be a mapping of 'key: value' lines, not " + kind_name(root));
  }
  for (const auto& [k, v] : root.entries) top_entry(k.scalar, v, d);
  if (history_ok_) check_history(d);
  for (const Key k : {Key::title, Key::stage, Key::created}) {
    if (!(seen_required_ & (1u << static_cast<unsigned>(k)))) {
      static constexpr const char* kNames[] = {"title", "stage", "created"};
      const char* name = kNames[k == Key::title ? 0 : k == Key::stage ? 1 : 2];
      problem(root.line, std::string("missing required key '") + name + "'");
    }
  }
}

void Decoder::required_entry(Key k, const std::string& key, const Node& v, Deal& d) {
  seen_required_ |= 1u << static_cast<unsigned>(k);
  if (v.is_null()) return problem(v.line, "'" + key + "' has no value");
  if (k == Key::title) {
    if (auto s = text(v, key)) d.title = std::move(*s);
  } else if (k == Key::stage) {
    if (auto s = stage(v, key)) d.stage = std::move(*s);
  } else if (auto t = date(v, key)) {
    d.created = *t;
    created_ok_ = true;
  }
}

void Decoder::top_entry(const std::string& key, const Node& v, Deal& d) {
  const Key k = key_of(key);
  if (k == Key::title || k == Key::stage || k == Key::created) return required_entry(k, key, v, d);
  if (k != Key::unknown && v.is_null()) return;  // an optional key without a value is absent
  switch (k) {
    case Key::company:
      d.company = text(v, key);
      break;
    case Key::contact:
      contact(v, d.contact);
      break;
    case Key::source:
      d.source = text(v, key);
      break;
    case Key::value:
      d.value = number(v, key, -1);
      break;
    case Key::currency:
      d.currency = text(v, key);
      if (d.currency == config_.currency) d.currency.reset();  // only an override is kept
      break;
    case Key::probability:
      d.probability = number(v, key, 1);
      break;
    case Key::expected_close:
      d.expected_close = date(v, key);
      break;
    case Key::tags:
      tags(v, d.tags);
      break;
    case Key::bant:
      bant(v, d.bant);
      break;
    case Key::next:
      next(v, d.next);
      break;
    case Key::history:
      history(v, d);
      break;
    case Key::log:
      log(v, d.log);
      break;
    case Key::notes:
      d.notes = text(v, key);
      break;
    default:
      d.extra.push_back({key, yaml::emit_value(v, 0)});
      break;
  }
}

void Decoder::contact(const Node& n, Contact& c) {
  if (!expect_map(n, "contact", "name:, email:, phone:")) return;
  for (const auto& [k, v] : n.entries) {
    const std::string& key = k.scalar;
    std::optional<std::string>* field = key == "name"    ? &c.name
                                        : key == "email" ? &c.email
                                        : key == "phone" ? &c.phone
                                                         : nullptr;
    if (!field) {
      c.extra.push_back({key, yaml::emit_value(v, 2)});
    } else if (!v.is_null()) {
      *field = text(v, "contact." + key);
    }
  }
}

void Decoder::bant(const Node& n, Bant& b) {
  if (!expect_map(n, "bant", "budget: true, need: false, ...")) return;
  for (const auto& [k, v] : n.entries) {
    const std::string& key = k.scalar;
    if (key == "note") {
      if (!v.is_null()) b.note = text(v, "bant.note");
    } else if (is_criterion(key)) {
      if (auto met = boolean(v, "bant." + key)) b.set(key, *met);
    } else {
      b.extra.push_back({key, yaml::emit_value(v, 2)});
    }
  }
}

void Decoder::next(const Node& n, std::optional<NextAction>& out) {
  if (!expect_map(n, "next", "action: and optional due:")) return;
  NextAction a;
  bool has_action = false;
  for (const auto& [k, v] : n.entries) {
    const std::string& key = k.scalar;
    if (key == "action") {
      if (v.is_null()) {
        problem(v.line, "'next.action' has no value");
      } else if (auto s = text(v, "next.action")) {
        a.action = *s;
        has_action = true;
      }
    } else if (key == "due") {
      if (!v.is_null()) a.due = date(v, "next.due");
    } else {
      a.extra.push_back({key, yaml::emit_value(v, 2)});
    }
  }
  if (!n.find("action")) problem(n.line, "'next' needs an 'action:'");
  if (has_action) out = std::move(a);
}

void Decoder::tags(const Node& n, std::vector<std::string>& out) {
  if (!n.is_seq()) {
    return problem(n.line, "'tags' must be a list like [web, retainer], not " + kind_name(n));
  }
  out.reserve(n.items.size());
  for (const Node& item : n.items) {
    if (item.is_null()) {
      problem(item.line, "empty entry in 'tags'");
    } else if (auto s = text(item, "tags entry")) {
      out.push_back(*s);
    }
  }
}

bool Decoder::history_entry(const Node& n, HistoryEntry& e) {
  if (!expect_map(n, "history entry", "{date: 2026-01-01, stage: lead}")) return false;
  bool ok = true;
  bool have_on = false, have_stage = false, seen_date = false;
  for (const auto& [k, v] : n.entries) {
    const std::string& key = k.scalar;
    if (key == "date" || key == "on") {  // `on` is how 0.1 wrote it (SPEC 10)
      if (seen_date) {
        problem(k.line, "history entry has both 'date:' and 'on:'; keep 'date:'");
        ok = false;
        continue;
      }
      seen_date = true;
      auto t = required_date(v, "history." + key);
      have_on = t.has_value();
      if (t) e.on = *t;
    } else if (key == "stage") {
      auto s = v.is_null() ? std::nullopt : stage(v, "history.stage");
      if (v.is_null()) problem(v.line, "'history.stage' has no value");
      have_stage = s.has_value();
      if (s) e.stage = *s;
    } else if (key == "note" || key == "reason") {
      if (v.is_null()) continue;
      auto s = text(v, "history." + key);
      ok = ok && s.has_value();
      (key == "note" ? e.note : e.reason) = s;
    } else {
      e.extra.push_back({key, yaml::emit_flow(v)});
    }
  }
  if (!n.find("date") && !n.find("on")) {
    problem(n.line, "history entry is missing 'date:'");
  }
  if (!n.find("stage")) problem(n.line, "history entry is missing 'stage:'");
  return ok && have_on && have_stage;
}

void Decoder::history(const Node& n, Deal& d) {
  if (!n.is_seq()) {
    return problem(n.line, "'history' must be a list of {date: DATE, stage: STAGE} entries, not " +
                               kind_name(n));
  }
  history_ok_ = true;
  d.history.reserve(n.items.size());
  history_lines_.reserve(n.items.size());
  for (const Node& item : n.items) {
    HistoryEntry e;
    if (history_entry(item, e)) {
      d.history.push_back(std::move(e));
      history_lines_.push_back(item.line);
    } else {
      history_ok_ = false;
    }
  }
}

/// Consistency of a well-formed history with the deal; runs once every key is read.
void Decoder::check_history(const Deal& d) {
  const auto& h = d.history;
  const auto& lines = history_lines_;
  for (std::size_t i = 1; i < h.size(); ++i) {
    if (h[i].on < h[i - 1].on) {
      problem(lines[i], "history goes back in time: " + h[i].on.str() + " comes after " +
                            h[i - 1].on.str() + "; list entries oldest first");
    }
  }
  if (h.empty()) return;
  if (created_ok_ && h.front().on < d.created) {
    problem(lines.front(), "history starts on " + h.front().on.str() + ", before 'created' (" +
                               d.created.str() + ")");
  }
  if (!d.stage.empty() && h.back().stage != d.stage) {
    problem(lines.back(), "the last history entry's stage '" + h.back().stage +
                              "' differs from 'stage: " + d.stage +
                              "'; add a history entry for the current stage");
  }
}

void Decoder::log(const Node& n, std::vector<LogEntry>& out) {
  if (!n.is_seq()) {
    return problem(n.line,
                   "'log' must be a list of {date: DATE, kind: KIND, note: TEXT} entries, "
                   "not " +
                       kind_name(n));
  }
  out.reserve(n.items.size());
  for (const Node& item : n.items) {
    if (!expect_map(item, "log entry", "{date: 2026-01-01, kind: call, note: ...}")) continue;
    LogEntry e;
    bool ok = true;
    bool have_date = false;
    for (const auto& [k, v] : item.entries) {
      const std::string& key = k.scalar;
      if (key == "date" || key == "on") {  // `on` is how 0.1 wrote it (SPEC 10)
        if (have_date) {
          problem(k.line, "log entry has both 'date:' and 'on:'; keep 'date:'");
          ok = false;
          continue;
        }
        have_date = true;
        auto t = required_date(v, "log." + key);
        ok = ok && t.has_value();
        if (t) e.on = *t;
      } else if (key == "kind" || key == "note") {
        if (key == "kind" && v.is_null()) problem(v.line, "'log.kind' has no value");
        auto s = v.is_null() ? std::optional<std::string>("") : text(v, "log." + key);
        ok = ok && s.has_value() && !(key == "kind" && v.is_null());
        if (s) (key == "kind" ? e.kind : e.note) = *s;
      } else {
        e.extra.push_back({key, yaml::emit_flow(v)});
      }
    }
    const bool dated = item.find("date") || item.find("on");
    if (!dated) problem(item.line, "log entry is missing 'date:'");
    if (!item.find("kind")) problem(item.line, "log entry is missing 'kind:' (call, email, ...)");
    if (ok && dated && item.find("kind")) out.push_back(std::move(e));
  }
}

}  // namespace

namespace {

// Whether `bytes` may hold a key `on`. The reader has no anchors, aliases, tags or complex
// keys, so such a key is the word `on`, perhaps quoted, then `:` (a double-quoted key may
// spell it with escapes: any backslash counts). Most files have none: no parse for them.
bool may_have_on_key(std::string_view bytes) {
  if (bytes.find('\\') != std::string_view::npos) return true;
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  for (size_t at = bytes.find("on"); at != std::string_view::npos; at = bytes.find("on", at + 1)) {
    size_t before = at;
    if (before > 0 && (bytes[before - 1] == '"' || bytes[before - 1] == '\'')) --before;
    if (before > 0 && word(bytes[before - 1])) continue;  // `reason:`, `action:`
    size_t i = at + 2;
    if (i < bytes.size() && (bytes[i] == '"' || bytes[i] == '\'')) ++i;
    while (i < bytes.size() &&
           (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
      ++i;
    if (i < bytes.size() && bytes[i] == ':') return true;
  }
  return false;
}

}  // namespace

std::vector<Problem> deal_notes(std::string_view bytes, const std::string& path) {
  std::vector<Problem> out;
  if (!may_have_on_key(bytes)) return out;  // the common case, quickly
  yaml::Node root;
  yaml::ParseError error;
  if (!yaml::parse(bytes, root, error) || !root.is_map()) return out;
  for (const char* list : {"history", "log"}) {
    const Node* seq = root.find(list);
    if (!seq || !seq->is_seq()) continue;
    int count = 0, first = 0;
    for (const Node& item : seq->items) {
      for (const auto& [k, v] : item.entries) {
        if (k.scalar == "on") {
          if (!count++) first = k.line;
        }
      }
    }
    if (count) {
      out.push_back({path, first,
                     std::to_string(count) + " " + list + " entr" +
                         (count == 1 ? "y names its" : "ies name their") +
                         " day 'on:' (0.1's spelling, read as 'true' by YAML 1.1 readers such "
                         "as PyYAML); 'deals fmt' rewrites " +
                         (count == 1 ? "it" : "them") + " as 'date:'"});
    }
  }
  return out;
}

bool decode_deal(std::string_view bytes, const std::string& id, const std::string& path,
                 const Config& config, Deal& out, std::vector<Problem>& problems) {
  out = Deal{};
  out.id = id;
  yaml::Node root;
  yaml::ParseError error;
  if (!yaml::parse(bytes, root, error)) {
    problems.push_back({path, error.line, error.message});
    return false;
  }
  Decoder decoder(path, config, problems);
  decoder.deal(root, out);
  return decoder.ok();
}

}  // namespace deals

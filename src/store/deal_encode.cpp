// Deal -> canonical deal file bytes (SPEC section 2): fixed key order, absent keys
// omitted, one flow mapping per history/log entry, unknown keys last in read order.
#include "core/text.hpp"
#include "store/deal_codec.hpp"
#include "store/yaml.hpp"

namespace deals {

namespace {

using yaml::quote;
using yaml::quote_flow;

class Writer {
 public:
  std::string out;

  /// `key: value` with an already rendered value.
  void line(int indent, std::string_view key, std::string_view value) {
    out.append(static_cast<std::size_t>(indent), ' ');
    out += key;
    out += ": ";
    out += value;
    out += '\n';
  }
  void text(int indent, std::string_view key, const std::optional<std::string>& s) {
    if (s) line(indent, key, quote(*s));
  }
  /// Unknown keys: `yaml` is the text after "key:" rendered by yaml::emit_value.
  void extras(int indent, const std::vector<ExtraField>& extra) {
    for (const auto& f : extra) {
      out.append(static_cast<std::size_t>(indent), ' ');
      out += quote(f.key);
      out += ':';
      out += f.yaml.empty() ? "\n" : f.yaml;
      if (out.back() != '\n') out += '\n';
    }
  }
};

/// `, key: value` inside a flow mapping.
void flow_pair(std::string& o, std::string_view key, std::string_view value) {
  o += ", ";
  o += key;
  o += ": ";
  o += value;
}

void flow_extras(std::string& o, const std::vector<ExtraField>& extra) {
  for (const auto& f : extra) flow_pair(o, quote_flow(f.key), f.yaml.empty() ? "null" : f.yaml);
}

void write_contact(Writer& w, const Contact& c) {
  if (c.empty()) return;
  w.out += "contact:\n";
  w.text(2, "name", c.name);
  w.text(2, "email", c.email);
  w.text(2, "phone", c.phone);
  w.extras(2, c.extra);
}

void write_tags(Writer& w, const std::vector<std::string>& tags) {
  if (tags.empty()) return;
  std::string v = "[";
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (i) v += ", ";
    v += quote_flow(tags[i]);
  }
  w.line(0, "tags", v + "]");
}

void write_bant(Writer& w, const Bant& b) {
  if (b.empty()) return;
  w.out += "bant:\n";
  for (const auto& a : b.answers) w.line(2, quote(a.name), a.met ? "true" : "false");
  w.text(2, "note", b.note);
  w.extras(2, b.extra);
}

void write_next(Writer& w, const std::optional<NextAction>& n) {
  if (!n) return;
  w.out += "next:\n";
  w.line(2, "action", quote(n->action));
  if (n->due) w.line(2, "due", n->due->str());
  w.extras(2, n->extra);
}

void write_history(Writer& w, const std::vector<HistoryEntry>& history) {
  if (history.empty()) return;
  w.out += "history:\n";
  for (const auto& e : history) {
    std::string o = "  - {date: " + e.on.str();
    flow_pair(o, "stage", quote_flow(e.stage));
    if (e.note) flow_pair(o, "note", quote_flow(*e.note));
    if (e.reason) flow_pair(o, "reason", quote_flow(*e.reason));
    flow_extras(o, e.extra);
    w.out += o + "}\n";
  }
}

void write_log(Writer& w, const std::vector<LogEntry>& log) {
  if (log.empty()) return;
  w.out += "log:\n";
  for (const auto& e : log) {
    std::string o = "  - {date: " + e.on.str();
    flow_pair(o, "kind", quote_flow(e.kind));
    if (!e.note.empty()) flow_pair(o, "note", quote_flow(e.note));
    flow_extras(o, e.extra);
    w.out += o + "}\n";
  }
}

}  // namespace

std::string encode_deal(const Deal& d, const Config& config) {
  Writer w;
  w.out.reserve(1024);
  w.line(0, "title", quote(d.title));
  w.text(0, "company", d.company);
  write_contact(w, d.contact);
  w.text(0, "source", d.source);
  if (d.value) w.line(0, "value", format_number(*d.value));
  if (d.currency && *d.currency != config.currency) w.line(0, "currency", quote(*d.currency));
  w.line(0, "stage", quote(d.stage));
  if (d.probability) w.line(0, "probability", format_number(*d.probability));
  w.line(0, "created", d.created.str());
  if (d.expected_close) w.line(0, "expected_close", d.expected_close->str());
  write_tags(w, d.tags);
  write_bant(w, d.bant);
  write_next(w, d.next);
  write_history(w, d.history);
  write_log(w, d.log);
  if (d.notes) w.out += "notes:" + yaml::emit_string(*d.notes, 0);
  w.extras(0, d.extra);
  return std::move(w.out);
}

}  // namespace deals

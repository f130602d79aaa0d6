#include "store/deal_limits.hpp"

#include <utility>
#include <vector>

#include "core/error.hpp"
#include "store/yaml.hpp"

namespace deals {
namespace {

// Every node takes at least two bytes ("a," in a flow list): smaller files cannot reach
// the node limit and are not parsed again.
bool may_have_too_many_nodes(std::string_view bytes, std::size_t nodes) {
  return bytes.size() >= 2 * nodes;
}

bool too_many_nodes(std::string_view bytes, std::size_t nodes) {
  if (!may_have_too_many_nodes(bytes, nodes)) return false;
  yaml::Limits limits;
  limits.max_bytes = bytes.size();
  limits.max_nodes = nodes;
  yaml::Node root;
  yaml::ParseError error;
  return !yaml::parse(bytes, root, error, limits) &&
         error.message.starts_with("too many YAML nodes");
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return thousands(n) + " " + (n == 1 ? one : many);
}

// What fills the file, biggest first: "the log has 14,284 entries".
std::string contents(const Deal& d) {
  std::string out = "the log has " + plural(d.log.size(), "entry", "entries") + ", the history " +
                    plural(d.history.size(), "entry", "entries");
  if (d.notes) out += ", the notes " + plural(d.notes->size(), "byte", "bytes");
  return out;
}

}  // namespace

std::string thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

void check_file_limits(const std::string& path, const Deal& deal, std::string_view bytes,
                       const FileLimits& limits) {
  const bool closing = limits.nodes > kWriteLimits.nodes;
  const std::string way_out =
      closing ? "; make it smaller first with 'deals edit " + deal.id + "'"
              : "; move old log entries to `notes` or to a second file, or shorten the notes "
                "('deals edit " +
                    deal.id + "'); won, lost and next --done still work";
  if (bytes.size() > limits.bytes)
    throw Error(path + ": not written: it would be " + thousands(bytes.size()) +
                " bytes, over the " + thousands(limits.bytes) + " bytes a deal file may hold (" +
                contents(deal) + ")" + way_out);
  if (too_many_nodes(bytes, limits.nodes))
    throw Error(path + ": not written: it would hold more than " + thousands(limits.nodes) +
                " YAML values, the most a deal file may hold (" + contents(deal) + ")" + way_out);
}

std::optional<std::string> oversized_field(const Deal& d, std::size_t file_bytes) {
  if (file_bytes <= kWriteLimits.bytes) return std::nullopt;
  std::vector<std::pair<std::string, std::size_t>> fields{{"title", d.title.size()}};
  auto add = [&](const char* name, const std::optional<std::string>& v) {
    if (v) fields.emplace_back(name, v->size());
  };
  add("company", d.company);
  add("contact", d.contact.name);
  add("email", d.contact.email);
  add("phone", d.contact.phone);
  add("source", d.source);
  add("notes", d.notes);
  if (d.next) fields.emplace_back("next_action", d.next->action.size());
  std::size_t tags = 0;
  for (const auto& t : d.tags) tags += t.size() + 1;
  fields.emplace_back("tags", tags);
  auto biggest = fields.front();
  for (const auto& f : fields)
    if (f.second > biggest.second) biggest = f;
  return biggest.first + ": " + thousands(biggest.second) + " bytes; a deal file may hold " +
         thousands(kWriteLimits.bytes) + " bytes in all";
}

}  // namespace deals

// The canonical YAML writer: scalar quoting and re-emitting parsed nodes.
#include <cstdio>

#include "store/yaml.hpp"
#include "store/yaml_chars.hpp"

namespace deals::yaml {

namespace {

using detail::decode_utf8;
using detail::needs_escape;

bool is_ws(char c) {
  return c == ' ' || c == '\t';
}

/// Words YAML 1.1 or 1.2 read as booleans or null, in any capitalisation.
bool is_keyword(std::string_view s) {
  static constexpr std::string_view words[] = {"y",     "n",  "yes", "no",   "true",
                                               "false", "on", "off", "null", "~"};
  for (std::string_view w : words) {
    if (iequals(s, w)) return true;
  }
  return false;
}

/// Starts with a digit and could be read as a number (int, float, hex, octal, binary,
/// sexagesimal, 1_000, 1e3) or a date/timestamp by some YAML version. Errs on quoting.
bool numberish(std::string_view s) {
  if (s.find_first_not_of("0123456789abcdefABCDEFxXoObB_.:+-") == std::string_view::npos) {
    return true;
  }
  return s.size() >= 5 && s.find_first_not_of("0123456789") == 4 && s[4] == '-';
}

/// Reads as a plain scalar with exactly this text (a plain scalar read back as written).
bool raw_ok_block(std::string_view s) {
  if (s.empty() || is_ws(s.front()) || is_ws(s.back()) || s.back() == ':') return false;
  if (std::string_view(",[]{}#&*!|>'\"%@`").find(s[0]) != std::string_view::npos) return false;
  if ((s[0] == '-' || s[0] == '?' || s[0] == ':') && (s.size() == 1 || is_ws(s[1]))) {
    return false;
  }
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == ':' && i + 1 < s.size() && is_ws(s[i + 1])) return false;
    if (c == '#' && i > 0 && is_ws(s[i - 1])) return false;
    if ((c < 0x20 && c != '\t') || c == 0x7F) return false;
    if (c >= 0x80) {
      char32_t cp = 0;
      const std::size_t len = decode_utf8(s, i, cp);
      if (len == 0 || needs_escape(cp)) return false;
      i += len - 1;
    }
  }
  return true;
}

bool raw_ok_flow(std::string_view s) {
  return raw_ok_block(s) && s.find_first_of(",?[]{}:#") == std::string_view::npos;
}

void append_hex_escape(std::string& o, char32_t cp) {
  char buf[12];
  if (cp <= 0xFF) {
    std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(cp));
  } else {
    std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(cp));
  }
  o += buf;
}

std::string double_quote(std::string_view s) {
  std::string o;
  o.reserve(s.size() + 2);
  o += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F) {
      if (c == '"' || c == '\\') o += '\\';
      o += static_cast<char>(c);
    } else if (c == '\n') {
      o += "\\n";
    } else if (c == '\t') {
      o += "\\t";
    } else if (c == '\r') {
      o += "\\r";
    } else if (c == 0) {
      o += "\\0";
    } else if (c < 0x80) {
      append_hex_escape(o, c);
    } else {
      char32_t cp = 0;
      const std::size_t len = decode_utf8(s, i, cp);
      if (len == 0) {
        o += "\xEF\xBF\xBD";  // invalid UTF-8 can't be written: U+FFFD
      } else if (needs_escape(cp)) {
        append_hex_escape(o, cp);
        i += len - 1;
      } else {
        o.append(s.data() + i, len);
        i += len - 1;
      }
    }
  }
  o += '"';
  return o;
}

/// A multi-line string that a literal block scalar (`|`) carries exactly, and that
/// survives editors stripping trailing whitespace.
bool literal_safe(std::string_view s) {
  const std::size_t body_end = s.find_last_not_of('\n');
  if (body_end == std::string_view::npos || s.find('\n') == std::string_view::npos) return false;
  const std::string_view body = s.substr(0, body_end + 1);
  const std::size_t first = body.find_first_not_of('\n');
  if (is_ws(body[first])) return false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    if (c == '\n') {
      if (i > 0 && is_ws(body[i - 1])) return false;
    } else if ((c < 0x20 && c != '\t') || c == 0x7F) {
      return false;
    } else if (c >= 0x80) {
      char32_t cp = 0;
      const std::size_t len = decode_utf8(body, i, cp);
      if (len == 0 || needs_escape(cp)) return false;
      i += len - 1;
    }
  }
  return !is_ws(body.back());
}

std::string literal_block(std::string_view s, int indent) {
  const std::size_t body_end = s.find_last_not_of('\n');
  const std::size_t trailing = s.size() - body_end - 1;
  std::string o = trailing == 0 ? " |-\n" : trailing == 1 ? " |\n" : " |+\n";
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
  std::string_view body = s.substr(0, body_end + 1);
  for (;;) {
    const std::size_t nl = body.find('\n');
    const std::string_view line = body.substr(0, nl);
    if (!line.empty()) o += pad;
    o += line;
    o += '\n';
    if (nl == std::string_view::npos) break;
    body.remove_prefix(nl + 1);
  }
  if (trailing > 1) o.append(trailing - 1, '\n');
  return o;
}

std::string emit_key(const Node& key) {
  if (key.plain && raw_ok_block(key.scalar)) return key.scalar;
  return quote(key.scalar);
}

std::string emit_flow_key(const Node& key) {
  if (key.plain && raw_ok_flow(key.scalar)) return key.scalar;
  return quote_flow(key.scalar);
}

bool all_scalars(const Node& seq) {
  for (const Node& item : seq.items) {
    if (!item.is_scalar()) return false;
  }
  return true;
}

std::string emit_item(const Node& item, int col);

void emit_entries(std::string& o, const Node& map, int indent, bool first_inline) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  for (const auto& [k, v] : map.entries) {
    o += first_inline ? " " : pad;
    first_inline = false;
    o += emit_key(k);
    o += ':';
    o += emit_value(v, indent);
  }
}

/// The text after a `-` at column `col`.
std::string emit_item(const Node& item, int col) {
  if (item.is_map() && !item.entries.empty()) {
    std::string o;
    emit_entries(o, item, col + 2, true);
    return o;
  }
  if (item.is_seq() && !item.items.empty() && !all_scalars(item)) {
    const std::string pad(static_cast<std::size_t>(col) + 2, ' ');
    std::string o = " -" + emit_item(item.items.front(), col + 2);
    for (std::size_t i = 1; i < item.items.size(); ++i) {
      o += pad + "-" + emit_item(item.items[i], col + 2);
    }
    return o;
  }
  return emit_value(item, col);
}

}  // namespace

bool plain_safe(std::string_view s) {
  if (s.empty()) return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`+. \t").find(s[0]) != std::string_view::npos) {
    return false;
  }
  if (s[0] >= '0' && s[0] <= '9' && numberish(s)) return false;
  if (is_keyword(s) || s == "=" || s == "<<") return false;
  return raw_ok_block(s) && s.find('\t') == std::string_view::npos;
}

std::string quote_double(std::string_view s) {
  return double_quote(s);
}

std::string quote(std::string_view s) {
  return plain_safe(s) ? std::string(s) : double_quote(s);
}

std::string quote_flow(std::string_view s) {
  if (!plain_safe(s)) return double_quote(s);
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool ok = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') ||
                    std::string_view(" -_./@+").find(ch) != std::string_view::npos;
    if (!ok) return double_quote(s);
  }
  return std::string(s);
}

std::string emit_string(std::string_view s, int indent) {
  if (literal_safe(s)) return literal_block(s, indent);
  return " " + quote(s) + "\n";
}

std::string emit_value(const Node& node, int indent) {
  if (node.is_scalar()) {
    if (node.plain && node.scalar.empty()) return "\n";
    if (node.plain && raw_ok_block(node.scalar)) return " " + node.scalar + "\n";
    return emit_string(node.scalar, indent);
  }
  if (node.is_map()) {
    if (node.entries.empty()) return " {}\n";
    std::string o = "\n";
    emit_entries(o, node, indent + 2, false);
    return o;
  }
  if (node.items.empty() || all_scalars(node)) return " " + emit_flow(node) + "\n";
  std::string o = "\n";
  const std::string pad(static_cast<std::size_t>(indent) + 2, ' ');
  for (const Node& item : node.items) o += pad + "-" + emit_item(item, indent + 2);
  return o;
}

std::string emit_flow(const Node& node) {
  if (node.is_scalar()) {
    if (node.plain && node.scalar.empty()) return "null";
    if (node.plain && raw_ok_flow(node.scalar)) return node.scalar;
    return quote_flow(node.scalar);
  }
  std::string o;
  if (node.is_seq()) {
    o += '[';
    for (std::size_t i = 0; i < node.items.size(); ++i) {
      if (i) o += ", ";
      o += emit_flow(node.items[i]);
    }
    return o + ']';
  }
  o += '{';
  for (std::size_t i = 0; i < node.entries.size(); ++i) {
    if (i) o += ", ";
    o += emit_flow_key(node.entries[i].first);
    o += ": ";
    o += emit_flow(node.entries[i].second);
  }
  return o + '}';
}

}  // namespace deals::yaml

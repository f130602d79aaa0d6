// Block structure of the strict YAML reader: documents, block mappings and sequences.
#include "store/yaml_reader.hpp"

namespace deals::yaml::detail {

void KeySet::check(const Node& map, const Node& key) {
  constexpr std::size_t kLinear = 64;  // small mappings: a scan beats hashing
  const auto duplicate = [&](const Node& first) {
    throw Failure{key.line, "duplicate key '" + key.scalar + "' (first on line " +
                                std::to_string(first.line) + ")"};
  };
  if (map.entries.size() < kLinear) {
    for (const auto& [k, v] : map.entries) {
      if (k.scalar == key.scalar) duplicate(k);
    }
    return;
  }
  if (index.empty()) {
    for (const auto& [k, v] : map.entries) index.insert(k.scalar);
  }
  if (!index.insert(key.scalar).second) {
    for (const auto& [k, v] : map.entries) {
      if (k.scalar == key.scalar) duplicate(k);
    }
  }
}

bool Reader::flow_end(std::size_t i) const {
  const char c = at(i);
  return ws_or_end(i) || c == ',' || c == '[' || c == ']' || c == '{' || c == '}';
}

bool Reader::is_doc_marker(std::size_t ls) const {
  const char c = at(ls);
  return (c == '-' || c == '.') && at(ls + 1) == c && at(ls + 2) == c && ws_or_end(ls + 3);
}

void Reader::fail(int line, std::string message) const {
  throw Failure{line, std::move(message)};
}

void Reader::finish_line() {
  while (is_ws(at(p_))) ++p_;
  if (at(p_) == '#' && (p_ == line_start_ || is_ws(at(p_ - 1)))) {
    while (p_ < s_.size() && s_[p_] != '\n') ++p_;
  }
  if (at(p_) == '\n') {
    newline();
  } else if (p_ < s_.size()) {
    fail(line_, std::string("unexpected text '") + s_[p_] + "' after the value");
  }
}

int Reader::find_content() {
  for (;;) {
    if (p_ >= s_.size()) return kEnd;
    std::size_t i = p_;
    while (at(i) == ' ') ++i;
    char c = at(i);
    if (c == '\t') {
      std::size_t j = i;
      while (is_ws(at(j))) ++j;
      if (at(j) != '\n' && at(j) != '#' && at(j) != '\0') {
        fail(line_, "tab character used for indentation; indent with spaces");
      }
      i = j;
      c = at(i);
    }
    if (c == '#') {
      while (at(i) != '\n' && at(i) != '\0') ++i;
      c = at(i);
    }
    if (c == '\0') {
      p_ = s_.size();
      return kEnd;
    }
    if (c == '\n') {
      p_ = i;
      newline();
      continue;
    }
    if (i == p_ && is_doc_marker(p_)) return kMarker;
    return static_cast<int>(i - p_);
  }
}

void Reader::init(Node& node, Node::Kind kind, int line) {
  if (++nodes_ > limits_.max_nodes) {
    fail(line, "too many YAML nodes (more than " + std::to_string(limits_.max_nodes) + ")");
  }
  node.kind = kind;
  node.line = line;
  node.begin = node.end = static_cast<std::uint32_t>(p_);
}

void Reader::enter(int depth, int line) const {
  if (depth > limits_.max_depth) {
    fail(line, "nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
  }
}

void Reader::check_indicator(std::size_t i) const {
  switch (at(i)) {
    case '&':
      fail(line_, "anchors (&) are not supported");
    case '*':
      fail(line_, "aliases (*) are not supported");
    case '!':
      fail(line_, "tags (!) are not supported");
    case '%':
    case '@':
    case '`':
    case ',':
    case ']':
    case '}':
      fail(line_, std::string("a value can't start with '") + at(i) + "'; quote it");
    case '?':
      if (flow_end(i + 1)) fail(line_, "complex keys ('? ') are not supported");
      break;
    case ':':
      if (flow_end(i + 1)) fail(line_, "missing key before ':'");
      break;
    default:
      break;
  }
}

void Reader::document(Node& out) {
  int n = find_content();
  if (n == 0 && at(p_) == '%') fail(line_, "YAML directives (%) are not supported");
  if (n == kMarker && s_.compare(p_, 3, "---") == 0) {
    p_ += 3;
    while (is_ws(at(p_))) ++p_;
    if (at(p_) != '#' && at(p_) != '\n' && at(p_) != '\0') {
      block_node_at(out, column(), 0, -1);  // `--- |`, `--- {a: 1}` and the like
      trailer();
      return;
    }
    finish_line();
    n = find_content();
  }
  if (n >= 0) {
    p_ += static_cast<std::size_t>(n);
    block_node_at(out, n, 0, -1);
  } else {
    init(out, Node::Kind::Scalar, 1);  // an empty document is null
    out.plain = true;
  }
  trailer();
}

void Reader::trailer() {
  int n = find_content();
  if (n == kMarker && s_.compare(p_, 3, "...") == 0) {
    p_ += 3;
    finish_line();
    n = find_content();
    if (n == kEnd) return;
    if (n == kMarker && s_.compare(p_, 3, "---") == 0) {
      fail(line_, "a second YAML document is not supported (one deal per file)");
    }
    fail(line_, "content after the document end marker '...'");
  }
  if (n == kMarker) fail(line_, "a second YAML document is not supported (one deal per file)");
  if (n >= 0) fail(line_, "unexpected content after the top-level value");
}

void Reader::block_node_at(Node& out, int col, int depth, int parent) {
  check_indicator(p_);
  const char c = at(p_);
  block_parent_ = parent;
  if (c == '-' && ws_or_end(p_ + 1)) return block_sequence(out, col, depth + 1);
  if (c == '[' || c == '{') {
    flow_node(out, depth, line_);
    return after_value();
  }
  if (c == '|' || c == '>') return block_scalar(out, parent);
  if (is_key_line()) return block_mapping(out, col, depth + 1);
  if (c == '"' || c == '\'') {
    c == '"' ? double_quoted(out) : single_quoted(out);
    return after_value();
  }
  plain_block(out, parent);
}

void Reader::check_merge_key(const Node& key) const {
  if (key.plain && key.scalar == "<<") {
    fail(key.line,
         "merge keys ('<<') are not supported (they need anchors (&), which deal "
         "files don't use); write the keys out");
  }
}

void Reader::after_value() {
  std::size_t i = p_;
  while (is_ws(at(i))) ++i;
  if (at(i) == ':') fail(line_, "keys must be plain or quoted scalars on one line");
  finish_line();
}

std::size_t Reader::quoted_end_on_line(std::size_t i) const {
  const char q = at(i);
  for (++i; i < s_.size() && s_[i] != '\n'; ++i) {
    if (q == '"' && s_[i] == '\\') {
      ++i;
      if (at(i) == '\n') return std::string_view::npos;
    } else if (s_[i] == q) {
      if (q == '\'' && at(i + 1) == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return std::string_view::npos;
}

bool Reader::is_key_line() const {
  std::size_t i = p_;
  if (at(i) == '"' || at(i) == '\'') {
    i = quoted_end_on_line(i);
    if (i == std::string_view::npos) return false;
    while (is_ws(at(i))) ++i;
    return at(i) == ':' && ws_or_end(i + 1);
  }
  for (; i < s_.size() && s_[i] != '\n'; ++i) {
    if (s_[i] == ':' && ws_or_end(i + 1)) return true;
    if (s_[i] == '#' && i > p_ && is_ws(s_[i - 1])) return false;
  }
  return false;
}

void Reader::parse_key(Node& key) {
  check_indicator(p_);
  const char c = at(p_);
  if (c == '-' && ws_or_end(p_ + 1)) fail(line_, "expected 'key: value', found a list item");
  if (c == '[' || c == '{')
    fail(line_, "complex keys (lists or mappings as keys) are not supported");
  if (c == '|' || c == '>') fail(line_, std::string("a key can't start with '") + c + "'");
  if (c == '"' || c == '\'') {
    c == '"' ? double_quoted(key) : single_quoted(key);
    while (is_ws(at(p_))) ++p_;
    if (at(p_) != ':' || !ws_or_end(p_ + 1)) fail(key.line, "expected ':' after the key");
    ++p_;
    return;
  }
  init(key, Node::Kind::Scalar, line_);
  key.plain = true;
  const std::size_t start = p_;
  while (!(at(p_) == ':' && ws_or_end(p_ + 1))) {
    if (at(p_) == '\n' || at(p_) == '\0' || (at(p_) == '#' && is_ws(at(p_ - 1)))) {
      fail(key.line, "expected 'key: value'");
    }
    ++p_;
  }
  std::size_t end = p_;
  while (end > start && is_ws(s_[end - 1])) --end;
  key.scalar.assign(s_.data() + start, end - start);
  key.end = static_cast<std::uint32_t>(end);
  ++p_;
}

void Reader::block_mapping(Node& out, int n, int depth) {
  enter(depth, line_);
  init(out, Node::Kind::Mapping, line_);
  out.entries.reserve(8);  // fewer moves of whole nodes while a deal's top level grows
  KeySet keys;
  for (;;) {
    Node key;
    parse_key(key);
    check_merge_key(key);
    keys.check(out, key);
    Node value;
    map_value(value, n, depth, key.line);
    out.end = value.end;
    out.entries.emplace_back(std::move(key), std::move(value));
    const int k = find_content();
    if (k < n) return;
    if (k > n) {
      fail(line_, "bad indentation: expected a key at column " + std::to_string(n + 1));
    }
    p_ += static_cast<std::size_t>(n);
  }
}

void Reader::map_value(Node& out, int n, int depth, int key_line) {
  const auto colon = static_cast<std::uint32_t>(p_);  // just past the ':'
  while (is_ws(at(p_))) ++p_;
  const char c = at(p_);
  if (c == '#' || c == '\n' || c == '\0') {
    finish_line();
    const int k = find_content();
    const std::size_t q = p_ + static_cast<std::size_t>(k < 0 ? 0 : k);
    if (k > n) {
      p_ = q;
      return block_node_at(out, k, depth, n);
    }
    if (k == n && at(q) == '-' && ws_or_end(q + 1)) {  // `key:` then `- item` at its indent
      p_ = q;
      return block_sequence(out, n, depth + 1);
    }
    init(out, Node::Kind::Scalar, key_line);  // `key:` with nothing: null
    out.plain = true;
    out.begin = out.end = colon;
    return;
  }
  if (c == '-' && ws_or_end(p_ + 1)) {
    fail(line_, "a list can't start on the line of its key; put '- item' on the next lines");
  }
  check_indicator(p_);  // before the ': ' check: `&a {b: 1}` is an anchor first
  if (c != '[' && c != '{' && c != '|' && c != '>' && is_key_line()) {
    fail(line_, "unexpected ': ' in a value (nested mappings go on the next lines; or quote it)");
  }
  block_parent_ = n;
  if (c == '[' || c == '{') {
    flow_node(out, depth, line_);
    return after_value();
  }
  if (c == '|' || c == '>') return block_scalar(out, n);
  if (c == '"' || c == '\'') {
    c == '"' ? double_quoted(out) : single_quoted(out);
    return after_value();
  }
  plain_block(out, n);
}

void Reader::block_sequence(Node& out, int n, int depth) {
  enter(depth, line_);
  init(out, Node::Kind::Sequence, line_);
  for (;;) {
    ++p_;  // the '-'
    Node item;
    seq_item(item, n, depth);
    out.end = item.end;
    out.items.push_back(std::move(item));
    const int k = find_content();
    if (k < n) return;
    if (k > n) {
      fail(line_, "bad indentation: expected '- ' at column " + std::to_string(n + 1));
    }
    const std::size_t q = p_ + static_cast<std::size_t>(n);
    if (at(q) != '-' || !ws_or_end(q + 1)) return;  // the parent decides what this line is
    p_ = q;
  }
}

void Reader::seq_item(Node& out, int n, int depth) {
  const int dash_line = line_;
  const auto dash = static_cast<std::uint32_t>(p_);  // just past the '-'
  while (is_ws(at(p_))) ++p_;
  const char c = at(p_);
  if (c == '#' || c == '\n' || c == '\0') {
    finish_line();
    const int k = find_content();
    if (k > n) {
      p_ += static_cast<std::size_t>(k);
      return block_node_at(out, k, depth, n);
    }
    init(out, Node::Kind::Scalar, dash_line);
    out.plain = true;
    out.begin = out.end = dash;
    return;
  }
  block_node_at(out, column(), depth, n);
}

}  // namespace deals::yaml::detail

// Flow collections ([...] and {...}) of the strict YAML reader.
#include "store/yaml_reader.hpp"

namespace deals::yaml::detail {

void Reader::skip_flow_ws(int open_line) {
  for (;;) {
    const char c = at(p_);
    if (is_ws(c)) {
      ++p_;
    } else if (c == '\n') {
      newline();
      if (is_doc_marker(p_)) fail(open_line, "unclosed flow collection (opened on this line)");
      check_continuation(open_line, true);
    } else if (c == '#' && (p_ == line_start_ || is_ws(at(p_ - 1)))) {
      while (p_ < s_.size() && s_[p_] != '\n') ++p_;
    } else if (c == '\0') {
      fail(open_line, "unclosed flow collection (opened on this line)");
    } else {
      return;
    }
  }
}

void Reader::check_continuation(int open_line, bool flow, char quote) const {
  if (block_parent_ < 0) return;
  std::size_t i = line_start_;
  while (at(i) == ' ') ++i;
  const char c = at(i);
  if (c == '\n' || c == '\0' || c == '#' || (flow && (c == ']' || c == '}'))) return;
  if (static_cast<int>(i - line_start_) <= block_parent_) {
    fail(open_line,
         (flow ? std::string("unclosed flow collection (opened on this line)")
               : std::string("unclosed quoted string (the ") + quote + " on this line)") +
             "; line " + std::to_string(line_) + " is not indented inside it");
  }
}

void Reader::flow_node(Node& out, int depth, int open_line) {
  skip_flow_ws(open_line);
  const char c = at(p_);
  if (c == '[') return flow_seq(out, depth + 1);
  if (c == '{') return flow_map(out, depth + 1);
  if (c == '"') return double_quoted(out);
  if (c == '\'') return single_quoted(out);
  check_indicator(p_);
  if (c == '|' || c == '>' || c == '#' || (c == '-' && flow_end(p_ + 1))) {
    fail(line_, std::string("unexpected '") + c + "' inside a flow collection");
  }
  plain_flow(out, open_line);
}

void Reader::plain_flow(Node& out, int open_line) {
  init(out, Node::Kind::Scalar, line_);
  out.plain = true;
  int blanks = -1;  // line breaks before this segment; -1 for the first
  for (;;) {
    const std::size_t start = p_;
    std::size_t end = p_;
    for (; p_ < s_.size(); ++p_) {
      const char c = s_[p_];
      if (c == '\n' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}') break;
      if (c == ':' && flow_end(p_ + 1)) break;
      if (c == '#' && is_ws(at(p_ - 1))) break;
      if (!is_ws(c)) end = p_ + 1;
    }
    if (blanks == 0) {
      out.scalar += ' ';
    } else if (blanks > 0) {
      out.scalar.append(static_cast<std::size_t>(blanks), '\n');
    }
    out.scalar.append(s_.data() + start, end - start);
    if (end > start) out.end = static_cast<std::uint32_t>(end);
    if (at(p_) != '\n') return;  // an indicator, a comment or the end stops it
    blanks = 0;
    newline();
    for (;;) {
      while (is_ws(at(p_))) ++p_;
      if (at(p_) != '\n') break;
      newline();
      ++blanks;
    }
    check_continuation(open_line, true);
    if (p_ == line_start_ && is_doc_marker(p_)) {
      fail(open_line, "unclosed flow collection (opened on this line)");
    }
    const char c = at(p_);
    if (c == '\0' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}' || c == '#' ||
        (c == ':' && flow_end(p_ + 1))) {
      return;
    }
  }
}

void Reader::flow_seq(Node& out, int depth) {
  enter(depth, line_);
  init(out, Node::Kind::Sequence, line_);
  const int open = line_;
  ++p_;
  for (;;) {
    skip_flow_ws(open);
    if (at(p_) == ']') {
      out.end = static_cast<std::uint32_t>(++p_);
      return;
    }
    Node item;
    flow_node(item, depth, open);
    skip_flow_ws(open);
    if (at(p_) == ':') {  // `[a: b]` is a list holding the mapping {a: b}
      if (!item.is_scalar()) fail(item.line, "complex keys are not supported");
      ++p_;
      Node pair;
      enter(depth + 1, item.line);
      init(pair, Node::Kind::Mapping, item.line);
      Node value;
      skip_flow_ws(open);
      if (at(p_) == ',' || at(p_) == ']') {
        init(value, Node::Kind::Scalar, item.line);
        value.plain = true;
      } else {
        flow_node(value, depth + 1, open);
      }
      pair.begin = item.begin;
      pair.end = value.end;
      pair.entries.emplace_back(std::move(item), std::move(value));
      item = std::move(pair);
      skip_flow_ws(open);
    }
    out.items.push_back(std::move(item));
    if (at(p_) == ',') {
      ++p_;
    } else if (at(p_) == ']') {
      out.end = static_cast<std::uint32_t>(++p_);
      return;
    } else {
      fail(line_, "expected ',' or ']' in a flow list");
    }
  }
}

void Reader::flow_map(Node& out, int depth) {
  enter(depth, line_);
  init(out, Node::Kind::Mapping, line_);
  out.entries.reserve(4);
  const int open = line_;
  KeySet keys;
  ++p_;
  for (;;) {
    skip_flow_ws(open);
    const char c = at(p_);
    if (c == '}') {
      out.end = static_cast<std::uint32_t>(++p_);
      return;
    }
    if (c == '[' || c == '{')
      fail(line_, "complex keys (lists or mappings as keys) are not supported");
    Node key;
    flow_node(key, depth, open);
    check_merge_key(key);
    keys.check(out, key);
    skip_flow_ws(open);
    Node value;
    const bool colon = at(p_) == ':';
    if (colon) {
      ++p_;
      skip_flow_ws(open);
    }
    if (!colon || at(p_) == ',' || at(p_) == '}') {
      init(value, Node::Kind::Scalar, key.line);
      value.plain = true;
    } else {
      flow_node(value, depth, open);
    }
    out.entries.emplace_back(std::move(key), std::move(value));
    skip_flow_ws(open);
    if (at(p_) == ',') {
      ++p_;
    } else if (at(p_) == '}') {
      out.end = static_cast<std::uint32_t>(++p_);
      return;
    } else {
      fail(line_, "expected ',' or '}' in a flow mapping");
    }
  }
}

}  // namespace deals::yaml::detail

#pragma once
// The strict YAML-subset reader behind yaml::parse (store-internal). Block structure
// lives in yaml_reader.cpp, scalars in yaml_scalars.cpp, flow collections in yaml_flow.cpp.
//
// Conventions: the reader walks `s_` forward once. After any block value has been read,
// `p_` sits at the start of a line (or at the end). Failures throw `Failure`, which
// yaml::parse turns into a ParseError. Nesting is bounded by Limits::max_depth, so the
// recursion depth is too.
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>

#include "store/yaml.hpp"

namespace deals::yaml::detail {

struct Failure {
  int line;
  std::string message;
};

/// Checks the raw bytes (size, UTF-8, control characters, lone CR) and returns the text
/// to parse: BOM removed, CRLF turned into LF (in `buf` when anything had to change).
std::string_view check_bytes(std::string_view text, std::string& buf, const Limits& limits);

/// Keys seen in one mapping, for the duplicate check (indexed once a mapping grows).
struct KeySet {
  std::unordered_set<std::string> index;
  void check(const Node& map, const Node& key);
};

class Reader {
 public:
  Reader(std::string_view text, const Limits& limits) : s_(text), limits_(limits) {}
  void document(Node& out);

 private:
  static constexpr int kEnd = -1;     // find_content: end of input
  static constexpr int kMarker = -2;  // find_content: `---` or `...` at column 0

  // --- characters and lines
  char at(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  static bool is_ws(char c) { return c == ' ' || c == '\t'; }
  bool ws_or_end(std::size_t i) const {
    const char c = at(i);
    return c == ' ' || c == '\t' || c == '\n' || c == '\0';
  }
  bool flow_end(std::size_t i) const;  // ws, end, or one of ,[]{}
  bool is_doc_marker(std::size_t line_start) const;
  void newline() {  // p_ is at '\n'
    ++p_;
    ++line_;
    line_start_ = p_;
  }
  int column() const { return static_cast<int>(p_ - line_start_); }
  [[noreturn]] void fail(int line, std::string message) const;
  void finish_line();  // spaces, an optional comment, then the line break
  int find_content();  // from a line start: indent of the next content line, kEnd, kMarker
  void init(Node& node, Node::Kind kind, int line);
  void enter(int depth, int line) const;
  void check_indicator(std::size_t i) const;

  // --- block structure (yaml_reader.cpp)
  void block_node_at(Node& out, int col, int depth, int parent);
  void block_mapping(Node& out, int n, int depth);
  void block_sequence(Node& out, int n, int depth);
  void map_value(Node& out, int n, int depth, int key_line);
  void seq_item(Node& out, int n, int depth);
  void parse_key(Node& key);
  bool is_key_line() const;
  std::size_t quoted_end_on_line(std::size_t i) const;
  void after_value();
  void check_merge_key(const Node& key) const;
  /// A line inside a flow collection or quoted scalar that starts at or left of the
  /// enclosing block's indentation: the bracket or quote opened on `open_line` was never
  /// closed (YAML wants such lines indented more than their key).
  void check_continuation(int open_line, bool flow, char quote = 0) const;
  void trailer();

  // --- scalars (yaml_scalars.cpp) and flow collections (yaml_flow.cpp)
  void plain_block(Node& out, int parent);
  std::size_t scan_plain_line(std::size_t i, bool& comment, bool continuation) const;
  void double_quoted(Node& out);
  void single_quoted(Node& out);
  void escape(std::string& r);
  void fold_quoted(std::string& r, std::size_t keep, int start_line, char quote);
  void block_scalar(Node& out, int parent);
  int detect_block_indent(int parent) const;
  void flow_node(Node& out, int depth, int open_line);
  void flow_seq(Node& out, int depth);
  void flow_map(Node& out, int depth);
  void plain_flow(Node& out, int open_line);
  void skip_flow_ws(int open_line);

  std::string_view s_;
  const Limits& limits_;
  std::size_t p_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
  std::size_t nodes_ = 0;
  int block_parent_ = -1;  // indentation of the block holding the current flow or quoted node
};

}  // namespace deals::yaml::detail

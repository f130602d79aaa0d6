#pragma once
// A strict reader for the YAML subset deal files use, and the canonical scalar writer.
//
// Why not yaml-cpp for reading: it accepts duplicate keys and unclosed quotes, drops
// extra documents, and expands aliases (alias bombs). This reader accepts block and flow
// mappings and sequences, plain / single- / double-quoted scalars, literal (|) and folded
// (>) block scalars, comments, one optional `---` and `...`; it rejects anchors,
// aliases, tags, complex keys, duplicate keys, tabs used as indentation and more than one
// document, always naming the line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace deals::yaml {

struct Node {
  enum class Kind { Scalar, Sequence, Mapping };
  Kind kind = Kind::Scalar;
  int line = 0;  // 1-based line where the node starts
  // Byte span of the node's text in the parsed text (after a BOM is dropped and CRLF
  // turned into LF): from its first character (a quote, `|`, `[`, the first key or `-`)
  // to just past its last one (a closing quote, the last content character of a block
  // scalar or collection; comments and line breaks after it excluded). A null value
  // written as nothing spans the empty text right after its `:` or `-`.
  std::uint32_t begin = 0, end = 0;
  std::string scalar;  // for scalars: the value after unescaping / folding
  bool plain = false;  // scalar written without quotes or block style (may be null/bool/number)
  std::vector<Node> items;                     // sequence items
  std::vector<std::pair<Node, Node>> entries;  // mapping key/value pairs, in order

  // The destructor is defined out of line (yaml_bytes.cpp): clang 14 with libstdc++
  // cannot instantiate the implicit one while std::pair<Node, Node> is incomplete.
  Node() = default;
  Node(const Node&) = default;
  Node(Node&&) = default;
  Node& operator=(const Node&) = default;
  Node& operator=(Node&&) = default;
  ~Node();

  bool is_scalar() const { return kind == Kind::Scalar; }
  bool is_map() const { return kind == Kind::Mapping; }
  bool is_seq() const { return kind == Kind::Sequence; }
  /// Plain `null`, `Null`, `NULL`, `~` or empty plain scalar.
  bool is_null() const;
  /// The mapping value for `key`, or nullptr.
  const Node* find(std::string_view key) const;
};

/// A reading failure at a 1-based line.
struct ParseError {
  int line = 0;
  std::string message;
};

/// Limits that keep hostile input bounded.
struct Limits {
  std::size_t max_bytes = 1 << 20;  // 1 MiB per file
  int max_depth = 64;
  std::size_t max_nodes = 100000;
};

/// Parses one document. Checks the raw bytes first (size, UTF-8, NUL and other control
/// characters, lone CR); accepts a UTF-8 BOM and CRLF line ends. Returns false and fills
/// `error` on any problem.
bool parse(std::string_view text, Node& out, ParseError& error, const Limits& limits = {});

/// The text parse() reads for `text`: BOM dropped, CRLF turned into LF. Node spans are
/// offsets into it. `buf` holds the text when anything had to change.
std::string_view parsed_text(std::string_view text, std::string& buf);

/// A scalar double-quoted with escapes (the writer's quoted form).
std::string quote_double(std::string_view s);

/// True when `s` can be written as a plain scalar that YAML 1.1 and 1.2 readers both read
/// back as this same string (not a bool, null, number, date, or syntax).
bool plain_safe(std::string_view s);

/// A scalar in canonical form: plain when safe, else double-quoted with escapes.
std::string quote(std::string_view s);

/// A scalar for flow context (inside `{...}` / `[...]`): like quote(), but also quotes
/// strings holding `,[]{}` -- in fact any ASCII punctuation other than `-_./@+`, so
/// history and log lines stay unambiguous to every reader (SPEC: `note: "a; b"`).
std::string quote_flow(std::string_view s);

/// A string as the value of a key at `indent` columns (the text after "key:", through the
/// final newline): a literal block (`|`, `|-` or `|+`, so trailing newlines round-trip)
/// when the string is multi-line and a literal block carries it exactly, else " " + quote().
std::string emit_string(std::string_view s, int indent);

/// Re-emits a parsed node canonically as the value of a key at `indent` columns (the text
/// after "key:" including the leading space or newline), so unknown keys survive rewrites.
std::string emit_value(const Node& node, int indent);

/// Emits a node in flow form on one line (for unknown keys inside history/log entries).
std::string emit_flow(const Node& node);

}  // namespace deals::yaml

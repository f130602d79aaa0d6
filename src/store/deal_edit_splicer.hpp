#pragma once
// The splicing writer's internals (store-internal; see store/deal_edit.hpp): the text
// edits, the fields of a deal as they should be, and the Splicer that turns the
// difference into edits. deal_edit.cpp holds the entry points, the deal's fields and the
// lists; deal_edit_map.cpp the mappings and scalars.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.hpp"
#include "core/deal.hpp"
#include "store/yaml.hpp"

namespace deals::splice_detail {

using yaml::Node;
constexpr auto npos = std::string_view::npos;

/// One replacement of parsed-text bytes [begin, end) by `text`.
struct Edit {
  std::size_t begin, end;
  std::string text;
};

/// Thrown when the layout has no in-place edit for a change; the caller falls back.
struct Unsupported {};

/// A value as written after `key:`: `inline_text` when it fits on the key's line, and the
/// full text after the colon (leading space or newline, final newline).
struct Rendered {
  std::optional<std::string> inline_text;
  std::string after;
  /// For a block scalar: the same value double-quoted, for a place where a block would
  /// take the following lines into its text (indented comment lines; for `|+`, empty
  /// lines).
  std::string block_fallback;
};

inline Rendered on_line(std::string s) {
  Rendered r;
  r.after = " " + s + "\n";
  r.inline_text = std::move(s);
  return r;
}

/// One key of a mapping as it should be once edited.
struct Field {
  std::string key;
  int rank = 0;          // canonical position among its siblings
  bool present = false;  // in the new deal
  bool changed = false;  // differs from the old deal
  /// Renders the value for a key at column `col`, in the style of `old` (nullptr: new).
  std::function<Rendered(const Node* old, int col)> render;
  /// The value in flow form (inside a flow mapping).
  std::function<std::string()> flow;
  std::vector<Field> children;  // for mapping values edited key by key
  bool is_map = false;
  /// Lists: edits the entry itself (key and value may be absent from the file).
  std::function<void(const Node* key, const Node* value)> custom;
};

class Splicer {
 public:
  Splicer(std::string_view text, const Node& root, const Config& config)
      : t_(text), root_(root), config_(config) {
    detect_style();
  }
  void deal(const Deal& b, const Deal& a);
  std::vector<Edit> take() { return std::move(edits_); }

 private:
  // --- text positions
  std::size_t line_start(std::size_t off) const {
    if (off == 0) return 0;
    const std::size_t nl = t_.rfind('\n', off - 1);
    return nl == npos ? 0 : nl + 1;
  }
  std::size_t next_line(std::size_t off) const {
    const std::size_t nl = t_.find('\n', off);
    return nl == npos ? t_.size() : nl + 1;
  }
  int col(std::size_t off) const { return static_cast<int>(off - line_start(off)); }
  std::size_t colon_after(const Node& key) const {
    const std::size_t c = t_.find(':', key.end);
    if (c == npos) throw Unsupported{};
    return c + 1;
  }
  std::size_t entry_begin(const Node& k) const { return line_start(k.begin); }
  std::size_t entry_end(const Node& k, const Node& v) const {
    std::size_t end = next_line(std::max(k.end, v.end));
    if (is_block_scalar(v)) {  // `|+` keeps its trailing empty lines: they are its text
      const std::string_view header = t_.substr(v.begin, t_.find('\n', v.begin) - v.begin);
      if (header.find('+') != npos) {
        while (end < t_.size()) {
          const std::size_t nl = next_line(end);
          if (t_.substr(end, nl - end).find_first_not_of(" \n") != npos) break;
          end = nl;
        }
      }
    }
    return end;
  }
  bool is_flow(const Node& n) const {
    return n.end > n.begin && (t_[n.begin] == '{' || t_[n.begin] == '[');
  }
  bool is_block_scalar(const Node& n) const {
    return n.is_scalar() && n.end > n.begin && (t_[n.begin] == '|' || t_[n.begin] == '>');
  }
  bool one_line(const Node& n) const {
    return n.end > n.begin && t_.substr(n.begin, n.end - n.begin).find('\n') == npos;
  }
  static std::string pad(int n) { return std::string(static_cast<std::size_t>(n), ' '); }

  void edit(std::size_t begin, std::size_t end, std::string text) {
    edits_.push_back({begin, end, std::move(text)});
  }
  /// Inserts whole lines at a line start (or at the end, adding the missing line break).
  void insert_lines(std::size_t at, std::string text) {
    if (at == t_.size() && !t_.empty() && t_.back() != '\n') text.insert(0, "\n");
    edit(at, at, std::move(text));
  }

  // --- mappings
  void detect_style();
  static const std::pair<Node, Node>* find(const Node& map, std::string_view key);
  void apply(const Node& map, std::vector<Field>& fields);
  void apply_flow_map(const Node& value, const std::vector<Field>& fields);
  /// A new child of a flow collection: inserted after old child `after` (-1: before the
  /// first kept one).
  struct FlowInsert {
    int after;
    std::string text;
  };
  /// Edits a flow collection (`{...}` or `[...]`) child by child: the children whose
  /// `keep` is 0 go with their separator, new ones are inserted with the separator the
  /// collection already uses (`, ` or a line break and indentation); every other byte
  /// stays. `spans` are the old children's texts. False (and no edit) when no old child
  /// is kept: the caller rewrites the collection.
  bool edit_flow_children(const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                          const std::vector<char>& keep, const std::vector<FlowInsert>& inserts);
  void replace_value(const Node& k, const Node& v, const Rendered& r);
  /// r.after, unless it is a block scalar that would take in the lines after `at` (for a
  /// key at column `key_col`).
  std::string block_safe(const Rendered& r, std::size_t at, int key_col) const {
    if (r.block_fallback.empty()) return r.after;
    const bool keep = r.after.starts_with(" |+");
    for (std::size_t i = at; i < t_.size(); i = next_line(i)) {
      const std::size_t nl = next_line(i);
      const std::string_view line = t_.substr(i, nl - i);
      const std::size_t first = line.find_first_not_of(' ');
      const int indent = static_cast<int>(first == npos ? line.size() : first);
      if (first == npos || line[first] == '\n') {  // an empty line, or only spaces
        if (keep || indent > key_col) return r.block_fallback;
        continue;
      }
      return indent > key_col ? r.block_fallback : r.after;
    }
    return r.after;
  }
  void insert_entry(const Node& map, const Field& f, const std::vector<Field>& fields);
  Rendered render_map(const std::vector<Field>& fields, int col) const;
  std::string flow_map(const std::vector<Field>& fields) const;

  // --- scalars in the style of the value they replace
  std::string styled(const std::string& s, const Node* old, bool raw) const;
  Field text_field(std::string key, const std::optional<std::string>& b,
                   const std::optional<std::string>& a, bool notes = false) const;
  Field raw_field(std::string key, const std::optional<std::string>& b,
                  const std::optional<std::string>& a) const;
  Field bool_field(std::string key, std::optional<bool> b, std::optional<bool> a) const;
  Field extra_field(const ExtraField* b, const ExtraField* a, int base_indent) const;
  void extras(std::vector<Field>& out, const std::vector<ExtraField>& b,
              const std::vector<ExtraField>& a, int base_indent, int rank0) const;

  // --- lists
  template <class E>
  Field list_field(std::string key, const std::vector<E>& b, const std::vector<E>& a);
  template <class E>
  void edit_list(const Node* k, const Node* v, const std::vector<E>& b, const std::vector<E>& a);
  Field tags_field(const std::vector<std::string>& b, const std::vector<std::string>& a);

  // --- the deal's nested maps, and the lists it gains
  Field contact_field(const Contact& b, const Contact& a) const;
  Field bant_field(const Bant& b, const Bant& a) const;
  Field next_field(const std::optional<NextAction>& b, const std::optional<NextAction>& a) const;
  void render_new_lists(std::vector<Field>& top, const Deal& a);

  std::string_view t_;
  const Node& root_;
  const Config& config_;
  std::vector<Edit> edits_;
  int step_ = 2;                        // indentation of nested mappings
  std::string list_prefix_ = "  - ";    // text before a new list's first item, key at column 0
  bool list_flow_ = true;               // new lists: flow map per item
  int list_key_offset_ = 4;             // block-style items: column of keys after the prefix
  const Node* bool_example_ = nullptr;  // a BANT answer: new ones copy its word (yes/no, on/off)
};

/// Re-indents text rendered for a key at `from` columns to one at `to` columns.
std::string reindent(const std::string& yaml, int from, int to);

}  // namespace deals::splice_detail

#pragma once
// A small streaming JSON writer with stable key order and two-space indentation.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.hpp"

namespace deals {

class Json {
 public:
  Json() = default;
  /// A writer for a value that goes `depth` containers deep in another document (indented
  /// as it will be there): its str() is then given to that document's rendered().
  explicit Json(int depth) : depth_(depth) {}
  Json& begin_object();
  Json& end_object();
  Json& begin_array();
  Json& end_array();
  Json& key(std::string_view k);
  Json& value(std::string_view s);
  Json& value(const char* s) { return value(std::string_view(s)); }
  Json& value(const std::string& s) { return value(std::string_view(s)); }
  Json& value(double d);
  Json& value(int i);
  Json& value(bool b);
  Json& value(Date d) { return value(d.str()); }
  Json& null();
  template <typename T>
  Json& value(const std::optional<T>& v) {
    return v ? value(*v) : null();
  }
  Json& value(const std::vector<std::string>& list);
  /// A value rendered by a Json(depth) of this one's depth at this point (its final
  /// newline dropped), so the values of a document can be made apart (on several threads).
  Json& rendered(std::string_view value);

  /// Room for a document of about `bytes` (a large one is then not grown by doubling).
  void reserve(std::size_t bytes) { out_.reserve(bytes); }

  /// The document, with a final newline.
  std::string str() const& { return out_ + "\n"; }
  /// The same, moved out of a Json no longer needed (a large document is not copied).
  std::string str() && {
    out_ += '\n';
    return std::move(out_);
  }

 private:
  void before_value();
  void newline();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
  int depth_ = 0;  // containers around the document
};

/// A JSON array document of `values` rendered apart by Json(1) writers, in order; each is
/// freed once copied (the document is the one large allocation).
std::string json_array(std::vector<std::string>& values);

/// A JSON string literal (quoted, escaped).
std::string json_string(std::string_view s);

}  // namespace deals

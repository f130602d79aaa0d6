#include "store/csv.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace deals {
namespace {

// Rejects NUL and bytes that are not UTF-8, naming the line (counted like the reader
// counts: CRLF, LF and a lone CR each end a line).
void check_encoding(std::string_view s, const std::string& path) {
  int line = 1;
  for (std::size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == '\n' || (c == '\r' && (i + 1 == s.size() || s[i + 1] != '\n'))) ++line;
    if (c == '\0') throw Error(path + ":" + std::to_string(line) + ": NUL byte in CSV");
    char32_t cp;
    std::size_t len = decode_utf8(s, i, cp);
    if (len == 0)
      throw Error(path + ":" + std::to_string(line) +
                  ": not valid UTF-8; save the file as CSV with UTF-8 encoding");
    i += len;
  }
}

class Reader {
 public:
  Reader(std::string_view text, const std::string& path, const CsvLimits& limits, char delimiter)
      : s_(text), path_(path), limits_(limits), delim_(delimiter) {}

  std::vector<CsvRow> read() {
    std::vector<CsvRow> rows;
    while (i_ < s_.size()) {
      CsvRow row;
      row.line = line_;
      bool blank = read_record(row.fields);
      if (!blank) rows.push_back(std::move(row));
    }
    return rows;
  }

 private:
  [[noreturn]] void fail(int line, const std::string& what) const {
    throw Error(path_ + ":" + std::to_string(line) + ": record " + std::to_string(record_) + ": " +
                what);
  }

  bool at_line_end() const { return i_ < s_.size() && (s_[i_] == '\n' || s_[i_] == '\r'); }

  void skip_line_end() {
    if (s_[i_] == '\r' && i_ + 1 < s_.size() && s_[i_ + 1] == '\n') ++i_;
    ++i_;
    ++line_;
  }

  // Reads one record into `fields`; returns true when it was an empty line.
  bool read_record(std::vector<std::string>& fields) {
    if (at_line_end()) {
      skip_line_end();
      return true;
    }
    ++record_;
    for (;;) {
      if (fields.size() == limits_.max_fields)
        fail(line_, "more than " + std::to_string(limits_.max_fields) + " fields");
      if (++cells_ > limits_.max_cells)
        fail(line_, "more than " + std::to_string(limits_.max_cells) + " cells in the file");
      fields.push_back(i_ < s_.size() && s_[i_] == '"' ? quoted() : unquoted());
      if (i_ >= s_.size()) return false;
      if (s_[i_] == delim_) {
        ++i_;
        continue;
      }
      skip_line_end();
      return false;
    }
  }

  std::string unquoted() {
    std::size_t start = i_;
    while (i_ < s_.size() && s_[i_] != delim_ && s_[i_] != '\n' && s_[i_] != '\r') ++i_;
    return std::string(s_.substr(start, i_ - start));
  }

  std::string quoted() {
    int open_line = line_;
    std::string f;
    ++i_;
    for (;;) {
      if (i_ >= s_.size())
        fail(open_line, "quoted field is never closed (a quote inside one is written \"\")");
      char c = s_[i_];
      if (c == '"') {
        if (i_ + 1 < s_.size() && s_[i_ + 1] == '"') {
          f += '"';
          i_ += 2;
          continue;
        }
        ++i_;
        break;
      }
      if (c == '\n' || c == '\r') {
        skip_line_end();
        f += '\n';
        continue;
      }
      f += c;
      ++i_;
    }
    if (i_ < s_.size() && s_[i_] != delim_ && !at_line_end())
      fail(line_, "text after the closing quote of a field (a quote inside one is written \"\")");
    return f;
  }

  std::string_view s_;
  const std::string& path_;
  const CsvLimits& limits_;
  std::size_t i_ = 0;
  int line_ = 1;
  int record_ = 0;
  std::size_t cells_ = 0;
  char delim_;
};

}  // namespace

std::vector<CsvRow> read_csv(std::string_view text, const std::string& path,
                             const CsvLimits& limits, char delimiter) {
  if (text.size() > limits.max_bytes)
    throw Error(path + ": file is larger than " + std::to_string(limits.max_bytes) + " bytes");
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  check_encoding(text, path);
  return Reader(text, path, limits, delimiter).read();
}

char detect_delimiter(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  int comma = 0, semicolon = 0, tab = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    comma += c == ',';
    semicolon += c == ';';
    tab += c == '\t';
  }
  if (semicolon > comma && semicolon >= tab) return ';';
  if (tab > comma && tab > semicolon) return '\t';
  return ',';
}

}  // namespace deals

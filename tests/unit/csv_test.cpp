#include "render/csv.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"
#include "store/csv.hpp"

using namespace deals;

namespace {

using Fields = std::vector<std::string>;

std::vector<Fields> fields_of(const std::vector<CsvRow>& rows) {
  std::vector<Fields> out;
  for (const auto& r : rows) out.push_back(r.fields);
  return out;
}

std::vector<int> lines_of(const std::vector<CsvRow>& rows) {
  std::vector<int> out;
  for (const auto& r : rows) out.push_back(r.line);
  return out;
}

std::string error_of(std::string_view text, const CsvLimits& limits = {}) {
  try {
    read_csv(text, "in.csv", limits);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("read_csv reads plain records with LF, CRLF and no final line end") {
  auto rows = read_csv("title,value\nAcme,100\r\nGlobex,200", "in.csv");
  CHECK(fields_of(rows) ==
        std::vector<Fields>{{"title", "value"}, {"Acme", "100"}, {"Globex", "200"}});
  CHECK(lines_of(rows) == std::vector<int>{1, 2, 3});
}

TEST_CASE("read_csv handles quoted fields with commas, quotes and line ends") {
  auto rows = read_csv(
      "\xEF\xBB\xBFtitle,notes,x\r\n\"Web, design\",\"line1\r\nline2\nsaid \"\"hi\"\"\",\"\"\r\n"
      "next,,\n",
      "in.csv");
  CHECK(fields_of(rows) == std::vector<Fields>{{"title", "notes", "x"},
                                               {"Web, design", "line1\nline2\nsaid \"hi\"", ""},
                                               {"next", "", ""}});
  CHECK(lines_of(rows) == std::vector<int>{1, 2, 5});
}

TEST_CASE("read_csv skips empty lines, keeps empty fields and a stray quote in a plain field") {
  auto rows = read_csv("a,b\n\n\r\n12\" screen,\n\"\"\n,\n", "in.csv");
  CHECK(fields_of(rows) == std::vector<Fields>{{"a", "b"}, {"12\" screen", ""}, {""}, {"", ""}});
  CHECK(lines_of(rows) == std::vector<int>{1, 4, 5, 6});
  CHECK(read_csv("", "in.csv").empty());
  CHECK(read_csv("\xEF\xBB\xBF", "in.csv").empty());
  CHECK(fields_of(read_csv("a\rb\r", "in.csv")) == std::vector<Fields>{{"a"}, {"b"}});
}

TEST_CASE("read_csv reports malformed quoting with record and line") {
  CHECK(error_of("a,b\nc,\"open\nmore\n") ==
        "in.csv:2: record 2: quoted field is never closed (a quote inside one is written \"\")");
  CHECK(error_of("a,b\n\n\"multi\nline\",x\n\"bad\"x,y\n") ==
        "in.csv:5: record 3: text after the closing quote of a field (a quote inside one is "
        "written \"\")");
}

TEST_CASE("read_csv rejects bad encodings and enforces its limits") {
  CHECK(error_of("a\nb\xff\n") ==
        "in.csv:2: not valid UTF-8; save the file as CSV with UTF-8 encoding");
  CHECK(error_of(std::string("a\n\nb\0", 5)) == "in.csv:3: NUL byte in CSV");
  CHECK(error_of("\xC0\xAF") != "");  // overlong
  CHECK(error_of("caf\xC3\xA9,\xE2\x82\xAC\n") == "");

  CsvLimits small;
  small.max_bytes = 10;
  CHECK(error_of("0123456789X", small) == "in.csv: file is larger than 10 bytes");
  small.max_bytes = 1000;
  small.max_fields = 3;
  CHECK(error_of("a,b,c\na,b,c,d\n", small) == "in.csv:2: record 2: more than 3 fields");
  small.max_cells = 4;
  CHECK(error_of("a,b\nc,d\ne\n", small) == "in.csv:3: record 3: more than 4 cells in the file");
}

TEST_CASE("csv_field quotes when needed") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field(" padded ") == "\" padded \"");
}

TEST_CASE("csv_field neutralises formula injection in text cells only") {
  CHECK(csv_field("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_field("+1 555") == "'+1 555");
  CHECK(csv_field("-2") == "'-2");
  CHECK(csv_field("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_field("\tx") == "'\tx");
  CHECK(csv_field("\rx") == "\"'\rx\"");
  CHECK(csv_field(std::string_view("\0x", 2)) == std::string("'\0x", 3));
  CHECK(csv_field("a=b") == "a=b");
  // Already guarded-looking values get one more quote, so an import gives them back.
  CHECK(csv_field("'=x") == "''=x");
  CHECK(csv_field("''+1") == "'''+1");
  CHECK(csv_field("'plain") == "'plain");
  CHECK(csv_field("'") == "'");
  CHECK(csv_field("2026-11-02", CsvCell::Literal) == "2026-11-02");
  CHECK(csv_field("-5", CsvCell::Literal) == "-5");
  CHECK(csv_field("1,5", CsvCell::Literal) == "\"1,5\"");
}

TEST_CASE("csv_row writes records that read_csv reads back") {
  std::vector<std::string> values{"acme", "=1+1", "a \"b\", c\nd", "", "12000"};
  std::string line = csv_row(
      values, {CsvCell::Literal, CsvCell::Text, CsvCell::Text, CsvCell::Text, CsvCell::Literal});
  CHECK(line == "acme,'=1+1,\"a \"\"b\"\", c\nd\",,12000\n");
  auto rows = read_csv(line + csv_row({""}) + csv_row({"x", "y"}), "out.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].fields == Fields{"acme", "'=1+1", "a \"b\", c\nd", "", "12000"});
  CHECK(rows[1].fields == Fields{""});
  CHECK(rows[2].fields == Fields{"x", "y"});
  CHECK(csv_row({"-x", "y"}) == "'-x,y\n");
}

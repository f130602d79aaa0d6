// The write limits of a deal file: checked on the final bytes, with a closing margin.
#include "store/deal_limits.hpp"

#include <doctest/doctest.h>

#include "core/error.hpp"

using namespace deals;

namespace {

std::string log_file(std::size_t entries) {
  std::string s = "title: Acme\nstage: lead\ncreated: 2026-01-01\nlog:\n";
  for (std::size_t i = 0; i < entries; ++i) s += "  - {date: 2026-01-01, kind: call, note: x}\n";
  return s;
}

std::string message(const std::string& bytes, const Deal& d, const FileLimits& limits) {
  try {
    check_file_limits("deals/acme.yaml", d, bytes, limits);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("thousands separators") {
  CHECK(thousands(0) == "0");
  CHECK(thousands(999) == "999");
  CHECK(thousands(1000) == "1,000");
  CHECK(thousands(14284) == "14,284");
  CHECK(thousands(1048576) == "1,048,576");
}

TEST_CASE("a file past the node limit is refused naming the log; the closing margin takes it") {
  Deal d;
  d.id = "acme";
  d.log.resize(14285);
  // Each log entry is 7 values (the map, three keys, three values).
  const std::string big = log_file(14285);
  std::string m = message(big, d, kWriteLimits);
  CHECK(m.find("deals/acme.yaml: not written: it would hold more than 100,000 YAML values") == 0);
  CHECK(m.find("the log has 14,285 entries") != std::string::npos);
  CHECK(m.find("move old log entries to `notes`") != std::string::npos);
  CHECK(message(big, d, kClosingLimits).empty());
  CHECK(message(log_file(14000), d, kWriteLimits).empty());
  // Past what the reader takes, even closing is refused, with the way out.
  m = message(log_file(17200), d, kClosingLimits);
  CHECK(m.find("more than 120,000 YAML values") != std::string::npos);
  CHECK(m.find("make it smaller first with 'deals edit acme'") != std::string::npos);
}

TEST_CASE("a file past the byte limit is refused naming its size and the notes") {
  Deal d;
  d.id = "acme";
  d.notes = std::string(1'000'000, 'n');
  std::string bytes = "title: Acme\nnotes: " + *d.notes + "\n";
  std::string m = message(bytes, d, kWriteLimits);
  CHECK(m.find("it would be 1,000,020 bytes, over the 1,000,000 bytes a deal file may hold") !=
        std::string::npos);
  CHECK(m.find("the notes 1,000,000 bytes") != std::string::npos);
  CHECK(message(bytes, d, kClosingLimits).empty());
}

TEST_CASE("the field that makes an imported deal too big is named") {
  Deal d;
  d.title = "t";
  d.company = std::string(2'000'000, 'c');
  CHECK(oversized_field(d, 900'000) == std::nullopt);
  CHECK(oversized_field(d, 2'000'100) ==
        "company: 2,000,000 bytes; a deal file may hold 1,000,000 bytes in all");
}

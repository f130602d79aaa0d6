// The deal cache's record form and its trust rule (store/deal_cache.hpp). The cache file
// itself (missing, corrupt, stale) is tested end to end in tests/e2e/test_cache.py.
#include "store/deal_cache.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/deal_codec.hpp"

using namespace deals;

namespace {

Deal decode_text(const std::string& text, const std::string& id) {
  Deal d;
  std::vector<Problem> problems;
  REQUIRE(decode_deal(text, id, "deals/" + id + ".yaml", Config::defaults(), d, problems));
  return d;
}

void check_round_trip(const Deal& d) {
  std::string bytes;
  DealCache::encode(d, bytes);
  Deal back;
  back.id = d.id;
  REQUIRE(DealCache::decode(bytes, back));
  CHECK(back == d);
  // Every truncation is refused, never half-believed.
  for (size_t len = 0; len < bytes.size(); ++len) {
    Deal part;
    CHECK_FALSE(DealCache::decode(std::string_view(bytes).substr(0, len), part));
  }
  Deal longer;
  CHECK_FALSE(DealCache::decode(bytes + "x", longer));
}

}  // namespace

TEST_CASE("cache records read back as the same deal: every field and unknown key") {
  const std::string text =
      "title: T\nzeta: 1\ncompany: Acme\ncontact:\n  name: Nina\n  email: n@a.example\n"
      "  phone: \"+49 1\"\n  x-linkedin: jn\nsource: web\nvalue: 12000.5\ncurrency: USD\n"
      "stage: proposal\nprobability: 0.4\ncreated: 2026-01-10\nexpected_close: 2026-03-01\n"
      "tags: [a, b]\nbant:\n  budget: true\n  need: false\n  champion: yes\n  note: N\n"
      "next:\n  action: A\n  due: 2026-02-01\n  owner: me\nhistory:\n"
      "  - {date: 2026-01-10, stage: lead, by: [me, you]}\n"
      "  - {date: 2026-01-12, stage: proposal, note: sent, reason: r}\n"
      "log:\n  - date: 2026-01-11\n    kind: call\n    minutes: 30\n"
      "  - {date: 2026-01-12, kind: email, note: \"x; y\"}\n"
      "alpha:\n  nested: {a: 1}\nnotes: |\n  two\n  lines\n";
  check_round_trip(decode_text(text, "t"));
  check_round_trip(decode_text("title: x\nstage: lead\ncreated: 2026-01-01\n", "minimal"));
}

TEST_CASE("cache records of the example deals read back unchanged") {
  namespace fs = std::filesystem;
  int n = 0;
  for (const auto& e :
       fs::directory_iterator(fs::path(DEALS_TEST_DATA) / ".." / "examples" / "deals")) {
    if (e.path().extension() != ".yaml") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    check_round_trip(decode_text(ss.str(), e.path().stem().string()));
    ++n;
  }
  CHECK(n > 10);
}

TEST_CASE("a file changed close to the cache's own time is never trusted (racy git)") {
  const std::int64_t s = 1'000'000'000;
  const std::int64_t written = 1'800'000'000 * s;
  FileKey old{100, written - 10 * s, written - 10 * s, 7};
  CHECK(DealCache::trusted(old, written));
  FileKey same_second{100, written - s / 2, written - s / 2, 7};
  CHECK_FALSE(DealCache::trusted(same_second, written));
  FileKey edge{100, written - kRacyNs, written - kRacyNs, 7};
  CHECK_FALSE(DealCache::trusted(edge, written));
  FileKey touched{100, written - 10 * s, written - s, 7};  // mtime set back, ctime recent
  CHECK_FALSE(DealCache::trusted(touched, written));
  FileKey future{100, written + 100 * s, written - 10 * s, 7};
  CHECK_FALSE(DealCache::trusted(future, written));
}

TEST_CASE("a missing cache is empty") {
  DealCache cache(std::filesystem::temp_directory_path() / "no-such-deals-pipeline", "x");
  CHECK_FALSE(cache.valid());
  Deal d;
  CHECK_FALSE(cache.get("a", FileKey{}, d));
}

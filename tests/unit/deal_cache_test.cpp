// The deal cache's record form and its trust rule (store/deal_cache.hpp). The cache file
// itself (missing, corrupt, stale) is tested end to end in tests/e2e/test_cache.py.
#include "store/deal_cache.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/deal_cache_fields.hpp"
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

// The number of members of an aggregate: the most initialisers `T{...}` accepts, each an
// object that converts to any type (as Boost.PFR counts them). A new member of Deal or of
// one of its parts changes it.
struct AnyMember {
  template <class T>
  operator T() const;  // only in unevaluated operands
};

template <class T, class... Members>
constexpr std::size_t member_count() {
  if constexpr (requires { T{Members{}..., AnyMember{}}; })
    return member_count<T, Members..., AnyMember>();
  else
    return sizeof...(Members);
}

struct Count {
  std::size_t n = 0;
  void operator()(const auto&) { ++n; }
};

// How many members the cache's field list visits for T.
template <class T>
std::size_t visited_members() {
  Count count;
  T x{};
  cache_fields::fields(count, x);
  return count.n;
}

// Fails for every value the field list reaches that is still empty, false, zero or
// absent, naming the path to it: a deal that passes has every field set.
struct RequireSet {
  std::string path;
  void fail(const char* what) { FAIL_CHECK(what << " value at " << path); }
  void operator()(const std::string& v) {
    if (v.empty()) fail("empty");
  }
  void operator()(double v) {
    if (v == 0) fail("zero");
  }
  void operator()(bool v) {
    if (!v) fail("false");
  }
  void operator()(Date d) {
    if (d == Date{}) fail("default date");
  }
  template <class T>
  void operator()(const std::optional<T>& v) {
    if (!v) return fail("absent");
    (*this)(*v);
  }
  template <class T>
  void operator()(const std::vector<T>& v) {
    if (v.empty()) return fail("empty list");
    for (const auto& e : v) (*this)(e);
  }
  template <cache_fields::Record T>
  void operator()(const T& r);
};

// Gives each member of a record its own path (its position) before checking it.
struct Members {
  const std::string& path;
  int i = 0;
  void operator()(const auto& member) {
    RequireSet inner{path + "." + std::to_string(i++)};
    inner(member);
  }
};

template <cache_fields::Record T>
void RequireSet::operator()(const T& r) {
  Members members{path};
  cache_fields::fields(members, r);
}

ExtraField extra(const std::string& key) {
  return {key, "v-" + key + "\n"};
}

// A deal with every field and every nested field set, built by hand (not by the field list).
Deal every_field_set() {
  Deal d;
  d.id = "every-field";
  d.title = "Title";
  d.company = "Company";
  d.contact = {"Name", "name@example.com", "+49 1", {extra("x-contact")}};
  d.source = "web";
  d.value = 12000.5;
  d.currency = "EUR";
  d.stage = "proposal";
  d.probability = 0.4;
  d.created = Date::from_days(20000);
  d.expected_close = Date::from_days(20100);
  d.tags = {"a", "b"};
  d.bant = {{{"budget", true}, {"champion", true}}, "bant note", {extra("x-bant")}};
  d.next = NextAction{"call", Date::from_days(20050), {extra("owner")}};
  d.history = {{Date::from_days(20000), "lead", "first", "why", {extra("by")}},
               {Date::from_days(20010), "proposal", "sent", "r", {extra("via")}}};
  d.log = {{Date::from_days(20005), "call", "talked", {extra("minutes")}}};
  d.notes = "two\nlines";
  d.extra = {extra("zeta"), extra("alpha")};
  return d;
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

TEST_CASE("the cache's field list names every member of a deal and of its parts") {
  // A member added to Deal (or a part) without a line in deal_cache_fields.hpp fails here,
  // instead of being silently dropped by the cache.
  CHECK(visited_members<Deal>() + 1 == member_count<Deal>());  // + id, the record's key
  CHECK(visited_members<Contact>() == member_count<Contact>());
  CHECK(visited_members<Criterion>() == member_count<Criterion>());
  CHECK(visited_members<Bant>() == member_count<Bant>());
  CHECK(visited_members<NextAction>() == member_count<NextAction>());
  CHECK(visited_members<HistoryEntry>() == member_count<HistoryEntry>());
  CHECK(visited_members<LogEntry>() == member_count<LogEntry>());
  CHECK(visited_members<ExtraField>() == member_count<ExtraField>());
  CHECK(member_count<Deal>() > 10);  // the counting itself works
}

TEST_CASE("a deal with every field set goes through the cache unchanged") {
  Deal d = every_field_set();
  RequireSet{"deal"}(d);  // the test deal leaves nothing at its default
  check_round_trip(d);
  // Each field on its own: a field read back into the wrong place would show here.
  Deal empty;
  empty.id = d.id;
  check_round_trip(empty);
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

namespace {

// A stat as the file system would report it, with times in seconds + nanoseconds.
struct stat stat_at(std::int64_t mtime_s, long mtime_nsec, std::int64_t ctime_s, long ctime_nsec,
                    off_t size = 100) {
  struct stat st {};
  st.st_size = size;
  st.st_ino = 7;
  st.st_mtim = {static_cast<time_t>(mtime_s), mtime_nsec};
  st.st_ctim = {static_cast<time_t>(ctime_s), ctime_nsec};
  return st;
}

}  // namespace

TEST_CASE("1-second timestamps: a same-second rewrite is never trusted") {
  // The cache's file is created at 1000.3 s; the file system stores 1000 (whole seconds).
  const std::int64_t stamp = mtime_ns(stat_at(1000, 0, 1000, 0));
  // The deal was read at 1000.5 and rewritten in place at 1000.7, same size: its stat is
  // identical to the one recorded, so only the racy rule can tell.
  FileKey read = file_key(stat_at(1000, 0, 1000, 0));
  FileKey rewritten = file_key(stat_at(1000, 0, 1000, 0));
  CHECK(read == rewritten);
  CHECK_FALSE(DealCache::trusted(rewritten, stamp));
  // Within the 2 s margin (FAT's granularity) neither; older files are.
  CHECK_FALSE(DealCache::trusted(file_key(stat_at(999, 0, 999, 0)), stamp));
  CHECK_FALSE(DealCache::trusted(file_key(stat_at(998, 0, 998, 0)), stamp));
  CHECK(DealCache::trusted(file_key(stat_at(997, 0, 997, 0)), stamp));
}

TEST_CASE("clock skew: the stamp is the file system's time, not the machine's") {
  // The machine's clock is 5 s ahead of the file server's. The cache's file is created at
  // server time 1000.2 (machine time 1005.2); a deal is rewritten at server time 1000.6.
  const struct stat cache_file = stat_at(1000, 200'000'000, 1000, 200'000'000);
  const FileKey deal = file_key(stat_at(1000, 600'000'000, 1000, 600'000'000));
  const std::int64_t machine_now = 1005'200'000'000;
  CHECK(DealCache::trusted(deal, machine_now));  // what judging by the process's clock did
  CHECK_FALSE(DealCache::trusted(deal, mtime_ns(cache_file)));
  // The other way round (the machine 5 s behind) a file is simply re-read a little longer.
  CHECK_FALSE(DealCache::trusted(file_key(stat_at(999, 0, 999, 0)), mtime_ns(cache_file)));
  CHECK(DealCache::trusted(file_key(stat_at(990, 0, 990, 0)), mtime_ns(cache_file)));
}

TEST_CASE("file systems whose timestamps cannot be trusted are recognised by statfs type") {
  CHECK_FALSE(trusted_file_system(0x65735546));  // FUSE: sshfs, bindfs
  CHECK_FALSE(trusted_file_system(0x6969));      // NFS
  CHECK_FALSE(trusted_file_system(0xFF534D42));  // CIFS
  CHECK_FALSE(trusted_file_system(static_cast<long>(static_cast<int>(0xFE534D42))));  // SMB2
  CHECK_FALSE(trusted_file_system(0x517B));                                           // SMB
  CHECK_FALSE(trusted_file_system(0x01021997));                                       // 9P
  CHECK(trusted_file_system(0xEF53));                                                 // ext2/3/4
  CHECK(trusted_file_system(0x58465342));                                             // XFS
  CHECK(trusted_file_system(0x9123683E));                                             // btrfs
  CHECK(trusted_file_system(0x01021994));                                             // tmpfs
}

TEST_CASE("the cache writer stamps with its own file's mtime and removes dead writers' files") {
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("deals-cache-writer-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / ".deals-cache");
  // A pid above the kernel's maximum (4194304) never runs; pid 1 always does.
  std::ofstream(root / ".deals-cache" / "deals.bin.tmp.99999999") << "left by a killed run";
  std::ofstream(root / ".deals-cache" / "deals.bin.tmp.1") << "a live process's";
  struct stat dir;
  REQUIRE(::stat(root.c_str(), &dir) == 0);
  {
    CacheWriter w(root, dir.st_dev);
    REQUIRE(w.ok());
    struct stat tmp;
    fs::path mine = root / ".deals-cache" / ("deals.bin.tmp." + std::to_string(::getpid()));
    REQUIRE(::stat(mine.c_str(), &tmp) == 0);
    CHECK(w.stamp_ns() == mtime_ns(tmp));
    CHECK_FALSE(fs::exists(root / ".deals-cache" / "deals.bin.tmp.99999999"));
    CHECK(fs::exists(root / ".deals-cache" / "deals.bin.tmp.1"));
  }  // not committed: its file is removed
  CHECK_FALSE(fs::exists(root / ".deals-cache" / ("deals.bin.tmp." + std::to_string(::getpid()))));
  CHECK_FALSE(fs::exists(root / ".deals-cache" / "deals.bin"));
  {
    CacheWriter other_device(root, dir.st_dev + 1);  // deals/ on another file system
    CHECK_FALSE(other_device.ok());
  }
  fs::remove_all(root);
}

TEST_CASE("a missing cache is empty") {
  DealCache cache(std::filesystem::temp_directory_path() / "no-such-deals-pipeline", "x");
  CHECK_FALSE(cache.valid());
  Deal d;
  CHECK_FALSE(cache.get("a", FileKey{}, d));
}

TEST_CASE("the cache's hash of pieces is the hash of the whole, wherever they are cut") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += static_cast<char>(i * 37 + 11);
  const std::uint64_t whole = CacheHash().update(text).finish();
  for (size_t a = 0; a <= 20; ++a)
    for (size_t b = a; b <= 40; b += 3) {
      CacheHash h;
      h.update(std::string_view(text).substr(0, a));
      h.update(std::string_view(text).substr(a, b - a));
      h.update(std::string_view(text).substr(b));
      CHECK(h.finish() == whole);
    }
  CHECK(CacheHash().update(text.substr(1)).finish() != whole);
  CHECK(CacheHash(7).update(text).finish() != whole);  // another seed
}

TEST_CASE("a cache written in pieces reads back whole, invalid files' records included") {
  // Over 2 MiB of records appended in batches of uneven size: the file must verify.
  namespace fs = std::filesystem;
  fs::path root = fs::temp_directory_path() / ("deals-cache-pieces-" + std::to_string(::getpid()));
  fs::remove_all(root);
  fs::create_directories(root / ".deals-cache");
  struct stat dir;
  REQUIRE(::stat(root.c_str(), &dir) == 0);
  std::vector<std::string> ids, bodies;
  for (int i = 0; i < 3000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "deal-%05d", i);
    ids.emplace_back(id);
    bodies.emplace_back();
    if (i % 10 == 3) continue;  // an invalid file: an empty body
    Deal d = decode_text(
        "title: Deal " + std::to_string(i) +
            "\nstage: lead\ncreated: 2026-01-02\nnotes: " + std::string(700 + i % 13, 'x') + "\n",
        id);
    DealCache::encode(d, bodies.back());
  }
  auto key = [](size_t i) { return FileKey{i + 1, 1, 1, i + 7}; };
  {
    CacheWriter w(root, dir.st_dev);
    REQUIRE(w.ok());
    for (size_t begin = 0, n = 1; begin < ids.size(); begin += n, n = n * 3 % 97 + 1) {
      std::string records;
      const size_t end = std::min(ids.size(), begin + n);
      for (size_t i = begin; i < end; ++i)
        DealCache::append_record(records, ids[i], key(i), bodies[i]);
      w.append(records, end - begin);
    }
    w.commit("config");
  }
  REQUIRE(fs::file_size(root / ".deals-cache" / "deals.bin") > (std::uintmax_t(2) << 20));
  DealCache cache(root, "config");
  REQUIRE(cache.valid());
  CHECK(cache.size() == ids.size());
  for (size_t i = 0; i < ids.size(); i += 7) {
    CAPTURE(i);
    auto body = cache.lookup(ids[i], key(i));
    REQUIRE(body);
    CHECK(*body == bodies[i]);
    Deal d;
    CHECK(cache.get(ids[i], key(i), d) == !bodies[i].empty());  // invalid: not a deal
    CHECK_FALSE(cache.lookup(ids[i], key(i + 1)));              // the file changed
  }
  CHECK_FALSE(cache.lookup("deal-99999", key(0)));
  DealCache other(root, "other config");  // written for another pipeline.toml
  CHECK_FALSE(other.valid());
  fs::remove_all(root);
}

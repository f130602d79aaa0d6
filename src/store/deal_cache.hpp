#pragma once
// A cache of decoded deals beside the pipeline, so that reading 10,000 deals costs one
// stat per file instead of open/read/close and a YAML parse. Store-internal: used by
// Pipeline::load_all only. The cache is never the truth: a deal is taken from it only
// when its file's identity (size, mtime, ctime, inode) is exactly the one recorded and
// the file was last changed well before the cache was written (the "racy git" rule);
// anything else, and any cache that is missing, truncated, corrupt or written for another
// pipeline.toml, means the file is read and decoded as if there were no cache.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/deal.hpp"

namespace deals {

/// What identifies one version of a file without reading it.
struct FileKey {
  std::uint64_t size = 0;
  std::int64_t mtime_ns = 0;
  std::int64_t ctime_ns = 0;
  std::uint64_t ino = 0;
  bool operator==(const FileKey&) const = default;
};

/// One deal for the cache: its id, the key of the file it was decoded from.
struct CacheEntry {
  const Deal* deal;
  FileKey key;
};

/// A file changed less than this before the cache was written is not trusted: on file
/// systems with coarse timestamps (1 s, 2 s on FAT) a later same-size edit in the same
/// tick would keep its mtime.
constexpr std::int64_t kRacyNs = 2'000'000'000;

class DealCache {
 public:
  /// The cache's directory in the pipeline root; it holds a `.gitignore` of `*`.
  static constexpr const char* kDir = ".deals-cache";
  static constexpr const char* kFile = "deals.bin";

  /// Reads `root/.deals-cache/deals.bin`. `config_bytes` is pipeline.toml as read: a cache
  /// written under other settings is ignored. A missing or bad cache is just empty.
  DealCache(const std::filesystem::path& root, std::string_view config_bytes);
  DealCache(const DealCache&) = delete;
  DealCache& operator=(const DealCache&) = delete;
  ~DealCache();

  /// True when a cache file was read and verified.
  bool valid() const { return valid_; }
  std::size_t size() const { return index_.size(); }

  /// Decodes the cached deal `id` into `out` when the cache holds it under exactly `key`
  /// and the key is older than the cache by kRacyNs; else returns false. Thread-safe.
  bool get(const std::string& id, const FileKey& key, Deal& out) const;

  /// Whether a file with `key` may be believed from a cache written at `written_ns`.
  static bool trusted(const FileKey& key, std::int64_t written_ns);

  /// Writes a new cache of `entries` (sorted by id) atomically, stamped `written_ns` (the
  /// clock read before the files were examined). Errors are ignored: the cache is optional.
  static void write(const std::filesystem::path& root, std::string_view config_bytes,
                    std::int64_t written_ns, const std::vector<CacheEntry>& entries);

  /// The current wall clock in nanoseconds, for `written_ns`.
  static std::int64_t now_ns();

  /// Serialises one deal (exposed for tests: decode(encode(d)) == d).
  static void encode(const Deal& deal, std::string& out);
  static bool decode(std::string_view bytes, Deal& out);

 private:
  struct Item {
    std::string_view id;
    FileKey key;
    std::string_view body;
  };
  bool load(const std::filesystem::path& path, std::string_view config_bytes);

  char* data_ = nullptr;  // the file's bytes (anonymous mapping, pre-faulted)
  std::size_t mapped_ = 0;
  bool valid_ = false;
  std::int64_t written_ns_ = 0;
  std::vector<Item> index_;  // sorted by id
};

}  // namespace deals

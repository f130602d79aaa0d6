#pragma once
// A cache of decoded deals beside the pipeline, so that reading 10,000 deals costs one
// stat per file instead of open/read/close and a YAML parse. Store-internal: used by
// Pipeline::load_all only. The cache is never the truth: a deal is taken from it only
// when its file's identity (size, mtime, ctime, inode) is exactly the one recorded and
// the file was last changed well before the cache was written (the "racy git" rule);
// anything else, and any cache that is missing, truncated, corrupt or written for another
// pipeline.toml, means the file is read and decoded as if there were no cache.
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <optional>
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

/// The key of a file from its stat.
FileKey file_key(const struct stat& st);
/// A stat's modification time in nanoseconds (the file system's clock).
std::int64_t mtime_ns(const struct stat& st);

/// The hash of the cache's payload, fed in pieces of any size (hashing the pieces gives
/// what hashing them joined gives): 8-byte words, then the bytes left and the length.
class CacheHash {
 public:
  explicit CacheHash(std::uint64_t seed = 0x243F6A8885A308D3ull) : h_(seed) {}
  CacheHash& update(std::string_view s);
  std::uint64_t finish() const;

 private:
  void word(const char* p);
  std::uint64_t h_;
  std::uint64_t size_ = 0;
  char tail_[8] = {};
  std::size_t held_ = 0;
};

/// A file changed less than this before the cache's stamp is not trusted: on file systems
/// with coarse timestamps (1 s, 2 s on FAT) a later same-size edit in the same tick would
/// keep its mtime.
constexpr std::int64_t kRacyNs = 2'000'000'000;

/// Whether a file system's timestamps can be trusted to change with every write, judged by
/// its statfs f_type. Network and user-space file systems cannot: SFTP (sshfs) has no
/// ctime, bindfs can report the mtime as ctime, NFS and SMB clients cache attributes and
/// take times from another machine's clock. The cache is not used on them.
bool trusted_file_system(long f_type);

class DealCache {
 public:
  /// The cache's directory in the pipeline root; it holds a `.gitignore` of `*`.
  static constexpr const char* kDir = ".deals-cache";
  static constexpr const char* kFile = "deals.bin";
  /// The header's size: the records start after it.
  static constexpr std::size_t kHeaderSize = 64;

  /// Reads `root/.deals-cache/deals.bin`. `config_bytes` is pipeline.toml as read: a cache
  /// written under other settings is ignored. A missing or bad cache is just empty; a file
  /// whose size is not the one its header gives is rejected before the rest is read.
  DealCache(const std::filesystem::path& root, std::string_view config_bytes);
  DealCache(const DealCache&) = delete;
  DealCache& operator=(const DealCache&) = delete;
  ~DealCache();

  /// True when a cache file was read and verified.
  bool valid() const { return valid_; }
  std::size_t size() const { return index_.size(); }

  /// The record of `id` when the cache holds it under exactly `key` and the key is older
  /// than the cache by kRacyNs (else nullopt): its body, which is empty when the file was
  /// not a valid deal (its problems are not kept: such a file is read again). Thread-safe.
  std::optional<std::string_view> lookup(const std::string& id, const FileKey& key) const;
  /// Gives the cache's memory before `p` (a body from lookup(); null: all of it) back to
  /// the system, so that a reader done with the records of the files before `p` holds
  /// less and less of the cache. Bodies before `p` read as zeros afterwards, and lookup()
  /// must no longer be called. Not thread-safe.
  void release_before(const char* p);
  /// Decodes the cached deal `id` into `out` when lookup() finds a valid deal's record;
  /// else returns false. Thread-safe.
  bool get(const std::string& id, const FileKey& key, Deal& out) const;

  /// Whether a file with `key` may be believed from a cache stamped `stamp_ns`: its mtime
  /// and ctime (both set by the file system's clock) are kRacyNs older than the stamp,
  /// which is a time of that same clock (see CacheWriter). Comparing with the process's
  /// clock instead would trust a fresh edit when the machine's clock runs ahead of the
  /// file server's.
  static bool trusted(const FileKey& key, std::int64_t stamp_ns);

  /// Serialises one deal (exposed for tests: decode(encode(d)) == d). decode() is false
  /// for a damaged body and for the empty body of an invalid file.
  static void encode(const Deal& deal, std::string& out);
  static bool decode(std::string_view bytes, Deal& out);
  /// Appends one record of the cache file: a file's id and key, and the deal it holds
  /// encoded, or an empty body for a file that is not a valid deal. The payload is these
  /// records in id order.
  static void append_record(std::string& out, std::string_view id, const FileKey& key,
                            std::string_view body);
  /// The header of a cache file for `config_bytes`, stamped `stamp_ns`, of `count`
  /// records making a payload of `payload_len` bytes that hashes (CacheHash) to `hash`.
  static std::string header(std::string_view config_bytes, std::int64_t stamp_ns,
                            std::uint64_t count, std::uint64_t payload_len, std::uint64_t hash);

 private:
  struct Item {
    std::string_view id;
    FileKey key;
    std::string_view body;
  };
  bool load(const std::filesystem::path& path, std::string_view config_bytes);
  bool index(std::string_view payload, std::uint64_t count);
  const Item* find(const std::string& id) const;

  char* data_ = nullptr;  // the file's bytes (anonymous mapping, pre-faulted)
  std::size_t mapped_ = 0;
  std::size_t released_ = 0;  // bytes at the start given back (release_before)
  bool valid_ = false;
  std::int64_t written_ns_ = 0;
  std::vector<Item> index_;  // sorted by id
};

/// A new cache file in the making. Created before any deal file is examined: the file
/// system sets the new file's mtime from its own clock, and that time is the new cache's
/// stamp (as git's index is judged by its own mtime), so every file changed after this
/// point has a later mtime or ctime and is not trusted from this cache. Also removes the
/// temporary files of cache writers that died (`deals.bin.tmp.<pid>`, pid no longer
/// running). Everything is best effort: a read-only pipeline simply has no stamp.
class CacheWriter {
 public:
  /// `deals_dev` is the device of deals/: a cache directory on another file system (hence
  /// another clock) gives no stamp.
  CacheWriter(const std::filesystem::path& root, std::uint64_t deals_dev);
  CacheWriter(const CacheWriter&) = delete;
  CacheWriter& operator=(const CacheWriter&) = delete;
  /// Removes the temporary file unless commit() renamed it.
  ~CacheWriter();

  /// True when the temporary file exists and gave a stamp.
  bool ok() const { return fd_ >= 0; }
  std::int64_t stamp_ns() const { return stamp_ns_; }

  /// Appends `count` records (DealCache::append_record), whose ids follow those appended
  /// before, to the file: a cache is written in pieces, never whole in memory.
  void append(std::string_view records, std::uint64_t count);
  /// Writes the header and renames the file over the cache. Errors (here or in append)
  /// are ignored: the cache is optional, and a file that failed is not renamed.
  void commit(std::string_view config_bytes);

 private:
  int dir_fd_ = -1;
  int fd_ = -1;
  bool failed_ = false;
  std::string tmp_;
  CacheHash hash_;
  std::uint64_t count_ = 0, payload_len_ = 0;
  std::int64_t stamp_ns_ = 0;
};

}  // namespace deals

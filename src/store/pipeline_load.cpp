// Reading every deal file: Pipeline::load_all and load_each, on several threads, with the
// deal cache (store/deal_cache.hpp). Two passes: the first stats every file and looks it
// up in the cache, which tells before anything is decoded whether the cache must be
// rewritten; the second decodes (from the cache or the file) and, when rewriting, writes
// the new cache's records in id order as the blocks of files are done.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>

#include "core/text.hpp"
#include "store/deal_cache.hpp"
#include "store/file_io.hpp"
#include "store/heap.hpp"
#include "store/pipeline.hpp"

namespace deals {
namespace {

constexpr size_t kCacheMin = 256;  // below this, reading the files is fast enough

bool cache_wanted(const std::optional<bool>& setting, size_t deals) {
  return setting ? *setting : deals >= kCacheMin;
}

// Files are handed out in blocks of this many from a shared counter, so a thread that gets
// less CPU (a busy machine) does not hold up the others.
constexpr size_t kBlock = 32;

// Calls worker(block, begin, end) for every block of [0, n) on up to 8 threads (one below
// 256 files); `make_worker` makes each thread's worker. The first exception (out of
// memory; a taker's) stops the handing out and is thrown again once every thread stopped.
template <class MakeWorker>
void in_blocks(size_t n, MakeWorker make_worker) {
  std::atomic<size_t> next{0};
  std::mutex failed_mutex;
  std::exception_ptr failed;
  auto work = [&] {
    try {
      auto worker = make_worker();
      for (size_t begin; (begin = next.fetch_add(kBlock)) < n;)
        worker(begin / kBlock, begin, std::min(n, begin + kBlock));
    } catch (...) {
      next = n;
      std::lock_guard lock(failed_mutex);
      if (!failed) failed = std::current_exception();
    }
  };
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  if (n < kCacheMin) threads = 1;
  std::vector<std::thread> pool;
  try {
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  } catch (const std::system_error&) {
    // No more threads to be had: the ones running (this one at least) do all the work.
  }
  work();
  for (auto& th : pool) th.join();
  if (failed) std::rethrow_exception(failed);
}

// Hands the blocks' cache records to the writer in block order, which is id order: a
// block done early waits until those before it are written, so what waits is a few
// blocks, not the cache. Written in pieces of about 1 MiB.
class InOrder {
 public:
  explicit InOrder(CacheWriter& writer) : writer_(writer) {}
  void put(size_t block, std::string records, std::uint64_t count) {
    std::lock_guard lock(mutex_);
    waiting_.emplace(block, Piece{std::move(records), count});
    for (auto it = waiting_.begin(); it != waiting_.end() && it->first == next_;
         it = waiting_.erase(it), ++next_) {
      ready_ += it->second.records;
      count_ += it->second.count;
      if (ready_.size() >= (1u << 20)) flush();
    }
  }
  void flush() {
    writer_.append(ready_, count_);
    ready_.clear();
    count_ = 0;
  }

 private:
  struct Piece {
    std::string records;
    std::uint64_t count;
  };
  CacheWriter& writer_;
  std::mutex mutex_;
  std::map<size_t, Piece> waiting_;
  size_t next_ = 0;
  std::string ready_;
  std::uint64_t count_ = 0;
};

// How far the second pass got: the blocks done without a gap from the first. The cache's
// records before the first file not done yet are no longer needed, and their memory is
// given back as the pass goes (DealCache::release_before).
class Progress {
 public:
  Progress(size_t files, DealCache* cache, const std::vector<char>& fresh,
           const std::vector<std::string_view>& cached)
      : done_((files + kBlock - 1) / kBlock, 0), cache_(cache), fresh_(fresh), cached_(cached) {}
  void done(size_t block) {
    if (!cache_) return;
    std::lock_guard lock(mutex_);
    done_[block] = 1;
    size_t next = next_;
    while (next < done_.size() && done_[next]) ++next;
    if (next == next_) return;
    next_ = next;
    // The first record still to be decoded: the first fresh file from there on.
    for (first_ = std::max(first_, next * kBlock); first_ < fresh_.size(); ++first_)
      if (fresh_[first_]) break;
    const char* p = first_ < fresh_.size() ? cached_[first_].data() : nullptr;
    const auto at = reinterpret_cast<std::uintptr_t>(p);
    if (!p || at - last_ >= (256 << 10)) {  // a system call per 256 KiB, not per block
      cache_->release_before(p);
      last_ = at;
    }
  }

 private:
  std::mutex mutex_;
  std::vector<char> done_;
  size_t next_ = 0, first_ = 0;
  std::uintptr_t last_ = 0;
  DealCache* cache_;
  const std::vector<char>& fresh_;
  const std::vector<std::string_view>& cached_;
};

// A thread's buffers in the second pass.
struct Worker {
  std::string bytes, body, records;
  std::uint64_t count = 0;
  Deal scratch;
};

// One read of every deal file. Each file's results go to its own slots (the vectors
// below, indexed like `ids`), so the threads share nothing but counters and the writer.
struct LoadPass {
  int dir_fd;
  const fs::path& root;
  const Config& config;
  const std::vector<std::string>& ids;
  bool with_notes = false;                    // also gather check's notes and hard links
  std::vector<Deal>* deals = nullptr;         // load_all: decoded in place
  const Pipeline::DealTaker* take = nullptr;  // load_each: handed over instead
  std::unique_ptr<InOrder> rewrite;           // the new cache's records go there
  std::vector<std::vector<Problem>> problems, notes;
  std::vector<char> ok, plain, linked, fresh;
  std::vector<FileKey> keys;             // plain files' stat, with a cache
  std::vector<std::string_view> cached;  // fresh files: their record's body in the cache

  LoadPass(int dir_fd, const fs::path& root, const Config& config,
           const std::vector<std::string>& ids, bool with_notes)
      : dir_fd(dir_fd),
        root(root),
        config(config),
        ids(ids),
        with_notes(with_notes),
        problems(ids.size()),
        notes(with_notes ? ids.size() : 0),
        ok(ids.size(), 0),
        plain(ids.size(), 0),
        linked(with_notes ? ids.size() : 0, 0),
        fresh(ids.size(), 0) {}

  void probe(size_t i, const DealCache* cache);
  bool plan(const DealCache* cache, CacheWriter* writer);
  void one(size_t i, Worker& w);
  void record(size_t i, bool from_cache, const FileKey& read_key, Worker& w);
  void decode_all(Progress& progress);
  std::vector<Problem> take_problems();
};

// First pass: the stat of a plain file (a symbolic link is not followed), all that a cache
// hit costs, and whether the file has other hard links; anything else goes through
// read_deal_file, which reports it.
void LoadPass::probe(size_t i, const DealCache* cache) {
  const std::string& id = ids[i];
  struct stat st;
  if (!with_notes && !(cache && valid_id(id))) return;
  plain[i] = ::fstatat(dir_fd, (id + ".yaml").c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
             S_ISREG(st.st_mode);
  if (with_notes) linked[i] = plain[i] && st.st_nlink > 1;
  if (!cache || !plain[i] || !valid_id(id)) return;
  keys[i] = file_key(st);
  if (auto body = cache->lookup(id, keys[i])) {
    fresh[i] = 1;
    cached[i] = *body;
  }
}

// Whether the cache is rewritten: unless it holds exactly the files there are, each
// unchanged. Returns whether the old cache is still needed (some record in it is used).
bool LoadPass::plan(const DealCache* cache, CacheWriter* writer) {
  size_t fresh_files = 0;
  bool stale = false;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!plain[i] || !valid_id(ids[i])) continue;  // not cached
    if (fresh[i])
      ++fresh_files;
    else
      stale = true;
  }
  if (writer && writer->ok() && (stale || fresh_files != cache->size()))
    rewrite = std::make_unique<InOrder>(*writer);
  return fresh_files > 0;
}

// The cache record of file i, when rewriting: the old record of a fresh file as it is, a
// deal read from its file encoded, an invalid file's key with an empty body.
void LoadPass::record(size_t i, bool from_cache, const FileKey& read_key, Worker& w) {
  if (!rewrite || !plain[i]) return;
  if (from_cache) {
    DealCache::append_record(w.records, ids[i], keys[i], cached[i]);
  } else if (ok[i]) {
    w.body.clear();
    DealCache::encode(deals ? (*deals)[i] : w.scratch, w.body);
    DealCache::append_record(w.records, ids[i], read_key, w.body);
  } else {
    DealCache::append_record(w.records, ids[i], keys[i], {});
  }
  ++w.count;
}

// Second pass, one file.
void LoadPass::one(size_t i, Worker& w) {
  const std::string& id = ids[i];
  const std::string path = Pipeline::rel_path(id);
  if (!valid_id(id)) {
    problems[i].push_back({path, 0,
                           "file name is not a valid deal id (lowercase letters, "
                           "digits and '-', at most 64)"});
    return;
  }
  Deal& deal = deals ? (*deals)[i] : w.scratch;
  bool from_cache = false;
  if (fresh[i] && !cached[i].empty()) {
    deal = Deal();
    deal.id = id;
    from_cache = DealCache::decode(cached[i], deal);
  }
  struct stat st;
  if (from_cache) {
    ok[i] = 1;
  } else {
    deal = Deal();  // a scratch deal may hold the last one handed over
    ok[i] = read_deal_file(dir_fd, root, id, w.bytes, problems[i], rewrite ? &st : nullptr) &&
            decode_deal(w.bytes, id, path, config, deal, problems[i]);
  }
  // A valid file read: its key is that of the file as opened and read.
  if (rewrite) record(i, from_cache, ok[i] && !from_cache ? file_key(st) : keys[i], w);
  if (with_notes && ok[i]) {
    // A cache hit read nothing: the notes need the bytes all the same.
    std::vector<Problem> ignored;
    if (!from_cache || read_deal_file(dir_fd, root, id, w.bytes, ignored))
      notes[i] = deal_notes(w.bytes, path);
  }
  if (take && ok[i]) (*take)(i, std::move(deal));
}

void LoadPass::decode_all(Progress& progress) {
  in_blocks(ids.size(), [this, &progress] {
    return
        [this, &progress, w = std::make_shared<Worker>()](size_t block, size_t begin, size_t end) {
          for (size_t i = begin; i < end; ++i) one(i, *w);
          if (rewrite) {
            rewrite->put(block, std::move(w->records), w->count);
            w->records = std::string();
            w->count = 0;
          }
          progress.done(block);
        };
  });
}

// The problems of the invalid files, in file order.
std::vector<Problem> LoadPass::take_problems() {
  std::vector<Problem> out;
  for (size_t i = 0; i < ids.size(); ++i)
    if (!ok[i])
      for (auto& p : problems[i]) out.push_back(std::move(p));
  return out;
}

}  // namespace

Pipeline::PassResult Pipeline::read_pass(const std::vector<std::string>& all, bool with_notes,
                                         std::vector<Deal>* deals, const DealTaker* take) const {
  std::unique_ptr<DealCache> cache;
  std::unique_ptr<CacheWriter> writer;
  struct statfs fs;
  struct stat dir_st;
  if (cache_wanted(settings_.cache, all.size()) && ::fstatfs(dir_fd_, &fs) == 0 &&
      trusted_file_system(fs.f_type) && ::fstat(dir_fd_, &dir_st) == 0) {
    // The new cache's file is created before any deal file is examined: its mtime, from
    // the file system's clock, is the stamp every file is judged by (see CacheWriter).
    writer = std::make_unique<CacheWriter>(root_, dir_st.st_dev);
    cache = std::make_unique<DealCache>(root_, config_text_);
  }
  LoadPass pass(dir_fd_, root_, config_, all, with_notes);
  pass.deals = deals;
  pass.take = take;
  if (cache) {
    pass.keys.resize(all.size());
    pass.cached.resize(all.size());
  }
  if (cache || with_notes)
    in_blocks(all.size(), [&] {
      return [&](size_t, size_t begin, size_t end) {
        for (size_t i = begin; i < end; ++i) pass.probe(i, cache.get());
      };
    });
  if (cache && !pass.plan(cache.get(), writer.get())) cache.reset();  // nothing of it used
  Progress progress(all.size(), cache.get(), pass.fresh, pass.cached);
  pass.decode_all(progress);
  if (pass.rewrite) {
    pass.rewrite->flush();
    writer->commit(config_text_);
  }
  PassResult result{pass.take_problems(), std::move(pass.ok), std::move(pass.notes),
                    std::move(pass.linked)};
  return result;
}

LoadAll Pipeline::load_all(bool with_notes) const {
  std::vector<std::string> all = ids();
  const size_t n = all.size();
  prepare_heap(n);  // as the program's policy says (set_heap_policy)
  // Deals are decoded straight into the result, then compacted in place: one vector of
  // Deal, not a second copy (memory is time here: every page is a fault).
  LoadAll out;
  out.deals.resize(n);
  PassResult pass = read_pass(all, with_notes, &out.deals, nullptr);
  out.problems = std::move(pass.problems);
  if (with_notes) out.notes = warnings(all, pass.linked);
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (pass.ok[i] && kept != i) out.deals[kept] = std::move(out.deals[i]);
    kept += pass.ok[i];
    if (with_notes)
      for (auto& note : pass.notes[i]) out.notes.push_back(std::move(note));
  }
  out.deals.resize(kept);
  return out;
}

std::vector<Problem> Pipeline::load_each(const DealTaker& take) const {
  return read_pass(ids(), false, nullptr, &take).problems;
}

}  // namespace deals

#include "store/pipeline.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>

#include "core/error.hpp"
#include "core/find.hpp"
#include "core/text.hpp"
#include "store/config_file.hpp"
#include "store/deal_cache.hpp"
#include "store/file_io.hpp"
#include "store/fs_util.hpp"
#include "store/heap.hpp"

// Reading: finding the pipeline, listing and resolving ids, loading one deal or all of
// them (threads, the deal cache, the notes of `deals check`).
namespace deals {
namespace {

std::string errno_text() {
  return std::strerror(errno);
}

}  // namespace

fs::path find_root(const std::optional<std::string>& dash_c, const std::string& deals_dir,
                   const fs::path& cwd) {
  auto has_config = [](const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "pipeline.toml", ec);
  };
  if (dash_c || !deals_dir.empty()) {
    fs::path dir = dash_c ? fs::path(*dash_c) : fs::path(deals_dir);
    if (dir.is_relative()) dir = cwd / dir;
    dir = dir.lexically_normal();
    if (!has_config(dir))
      throw Error("not a pipeline directory: " + dir.string() + "; run 'deals init'");
    return dir;
  }
  for (fs::path dir = cwd;; dir = dir.parent_path()) {
    if (has_config(dir)) return dir;
    if (dir == dir.root_path() || dir.empty()) break;
  }
  throw Error("not a pipeline directory (or any parent): " + cwd.string() + "; run 'deals init'");
}

Pipeline::Pipeline(fs::path root, StoreSettings settings)
    : root_(std::move(root)), settings_(std::move(settings)) {
  config_text_ = read_file(root_ / "pipeline.toml", 64 * 1024);
  config_ = parse_config(config_text_, "pipeline.toml");
  dir_fd_ = ::open((root_ / "deals").c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir_fd_ < 0)
    throw Error("cannot open " + (root_ / "deals").string() + ": " + errno_text() +
                (errno == ENOENT ? "; run 'deals init'" : ""));
}

Pipeline::~Pipeline() {
  if (dir_fd_ < 0) return;
  if (locked_) ::unlinkat(dir_fd_, kWritingMark, 0);  // this writer is done (see lock())
  ::close(dir_fd_);                                   // also releases the lock
}

std::vector<std::string> Pipeline::ids() const {
  std::vector<std::string> out;
  int fd = ::dup(dir_fd_);
  if (fd < 0) throw Error("cannot read deals/: " + errno_text());
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    throw Error("cannot read deals/: " + errno_text());
  }
  ::rewinddir(dir);
  std::vector<std::string> temps;
  while (dirent* e = ::readdir(dir)) {
    std::string_view name = e->d_name;
    if (name.starts_with(kTempPrefix)) {
      temps.emplace_back(name);
      continue;
    }
    if (name.size() <= 5 || name[0] == '.' || !name.ends_with(".yaml")) continue;
    out.emplace_back(name.substr(0, name.size() - 5));
  }
  ::closedir(dir);
  if (!temps.empty()) remove_orphans(temps);
  std::sort(out.begin(), out.end());
  return out;
}

bool Pipeline::exists(const std::string& id) const {
  struct stat st;
  return valid_id(id) && ::fstatat(dir_fd_, (id + ".yaml").c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
}

std::string Pipeline::resolve(const std::string& prefix) const {
  if (prefix.empty() || prefix.size() > 64 || !valid_id(prefix))
    throw Error("invalid deal id '" + sanitize(prefix.substr(0, 80)) +
                "': ids are lowercase letters, digits and '-', at most 64");
  if (exists(prefix)) return prefix;
  std::vector<std::string> all = ids(), matches;
  for (const auto& id : all)
    if (id.starts_with(prefix) && valid_id(id)) matches.push_back(id);
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    std::string msg = "no deal '" + prefix + "'";
    std::vector<std::string> containing = ids_containing(all, prefix, 10);
    if (containing.size() == 1) {
      msg += ", did you mean '" + containing[0] + "'?";
    } else if (!containing.empty()) {
      msg += "; ids containing it:";
      for (const auto& id : containing) msg += "\n  " + id;
    } else if (auto best = closest(prefix, all)) {
      msg += ", did you mean '" + *best + "'?";
    }
    throw Error(msg);
  }
  std::string msg = "ambiguous deal '" + prefix + "'; candidates:";
  for (size_t i = 0; i < matches.size() && i < 20; ++i) msg += "\n  " + matches[i];
  if (matches.size() > 20) msg += "\n  ... (" + std::to_string(matches.size() - 20) + " more)";
  throw Error(msg);
}

StoredDeal Pipeline::load(const std::string& id) const {
  StoredDeal out;
  std::vector<Problem> problems;
  std::string path = rel_path(id);
  if (!read_deal_file(dir_fd_, root_, id, out.bytes, problems) ||
      !decode_deal(out.bytes, id, path, config_, out.deal, problems)) {
    std::string msg;
    for (const auto& p : problems) msg += (msg.empty() ? "" : "\n") + p.str();
    if (problems.size() == 1 || msg.empty()) throw Error(msg.empty() ? path + ": invalid" : msg);
    throw Error(path + " is invalid:\n" + msg);
  }
  out.as_read = out.deal;
  return out;
}

std::vector<Problem> Pipeline::validate(const std::string& id, const std::string& bytes) const {
  Deal deal;
  std::vector<Problem> problems;
  decode_deal(bytes, id, rel_path(id), config_, deal, problems);
  return problems;
}

namespace {

constexpr size_t kCacheMin = 256;  // below this, reading the files is fast enough

bool cache_wanted(const std::optional<bool>& setting, size_t deals) {
  return setting ? *setting : deals >= kCacheMin;
}

// One pass of load_all or load_each over every deal file. Each file's results go to its
// own slots (the vectors below, indexed like `ids`), so the threads share nothing but a
// counter.
struct LoadPass {
  int dir_fd;
  const fs::path& root;
  const Config& config;
  const std::vector<std::string>& ids;
  const DealCache* cache = nullptr;  // null without the cache
  bool encode = false;      // keep the encoded form of deals read from files, for a new cache
  bool with_notes = false;  // also gather check's notes: deal_notes(), hard links
  std::vector<Deal>* deals = nullptr;         // load_all: decoded in place
  const Pipeline::DealTaker* take = nullptr;  // load_each: handed over instead
  std::vector<std::vector<Problem>> problems, notes;
  std::vector<char> ok, hit, keyed, linked;
  std::vector<FileKey> keys;
  std::vector<std::string> encoded;  // with `encode`: deals read from their files

  LoadPass(int dir_fd, const fs::path& root, const Config& config,
           const std::vector<std::string>& ids)
      : dir_fd(dir_fd), root(root), config(config), ids(ids) {}

  void start(const DealCache* c, bool writing, bool notes_too);
  void one(size_t i, std::string& bytes, Deal& scratch);
  void run();
  void update_cache(CacheWriter& writer, std::string_view config_text);
  std::vector<Problem> take_problems();
};

void LoadPass::start(const DealCache* c, bool writing, bool notes_too) {
  const size_t n = ids.size();
  cache = c;
  encode = c && writing;
  with_notes = notes_too;
  problems.resize(n);
  notes.resize(with_notes ? n : 0);
  ok.assign(n, 0);
  hit.assign(n, 0);
  keyed.assign(n, 0);
  linked.assign(with_notes ? n : 0, 0);
  keys.resize(cache ? n : 0);
  encoded.resize(encode ? n : 0);
}

void LoadPass::one(size_t i, std::string& bytes, Deal& scratch) {
  const std::string& id = ids[i];
  const std::string path = Pipeline::rel_path(id);
  // The stat of a plain file (a symbolic link is not followed): all that a cache hit
  // costs, and whether the file has other hard links. Anything else goes through
  // read_deal_file, which reports it.
  struct stat st;
  bool plain = false;
  if (with_notes || (cache && valid_id(id)))
    plain = ::fstatat(dir_fd, (id + ".yaml").c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISREG(st.st_mode);
  if (with_notes) linked[i] = plain && st.st_nlink > 1;
  if (!valid_id(id)) {
    problems[i].push_back({path, 0,
                           "file name is not a valid deal id (lowercase letters, "
                           "digits and '-', at most 64)"});
    return;
  }
  Deal& deal = deals ? (*deals)[i] : scratch;
  bool read = false;
  if (cache && plain && cache->get(id, file_key(st), deal)) {
    keys[i] = file_key(st);
    ok[i] = hit[i] = keyed[i] = 1;
  } else {
    read = true;
    if (!deals) deal = Deal();  // the scratch deal may hold the last one handed over
    ok[i] = read_deal_file(dir_fd, root, id, bytes, problems[i], cache ? &st : nullptr) &&
            decode_deal(bytes, id, path, config, deal, problems[i]);
    if (ok[i] && cache && plain) {
      keys[i] = file_key(st);  // of the file as opened and read
      keyed[i] = 1;
      if (encode) DealCache::encode(deal, encoded[i]);
    }
  }
  if (with_notes && ok[i]) {
    // A cache hit read nothing: the notes need the bytes all the same.
    std::vector<Problem> ignored;
    if (read || read_deal_file(dir_fd, root, id, bytes, ignored))
      notes[i] = deal_notes(bytes, path);
  }
  if (take && ok[i]) (*take)(i, std::move(deal));
}

void LoadPass::run() {
  const size_t n = ids.size();
  // Files are handed out in small blocks from a shared counter, so a thread that gets
  // less CPU (a busy machine) does not hold up the others.
  constexpr size_t kBlock = 32;
  std::atomic<size_t> next{0};
  // An exception on a thread (out of memory; a taker's) stops the handing out, and the
  // first one is thrown again here once every thread has stopped.
  std::mutex failed_mutex;
  std::exception_ptr failed;
  auto work = [&] {
    try {
      std::string bytes;
      Deal scratch;
      for (size_t begin; (begin = next.fetch_add(kBlock)) < n;)
        for (size_t i = begin; i < std::min(n, begin + kBlock); ++i) one(i, bytes, scratch);
    } catch (...) {
      next = n;
      std::lock_guard lock(failed_mutex);
      if (!failed) failed = std::current_exception();
    }
  };
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  if (n < 256) threads = 1;
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  if (failed) std::rethrow_exception(failed);
}

// Rewrites the cache when it does not hold exactly the deals just read from it: the
// records of cache hits are copied from the old cache, the others were encoded by one().
void LoadPass::update_cache(CacheWriter& writer, std::string_view config_text) {
  size_t hits = 0, entries = 0;
  for (size_t i = 0; i < ids.size(); ++i) hits += hit[i], entries += keyed[i];
  if (!writer.ok() || (hits == entries && hits == cache->size())) return;
  std::vector<CacheEntry> list;
  list.reserve(entries);
  for (size_t i = 0; i < ids.size(); ++i)
    if (keyed[i]) list.push_back({ids[i], keys[i], hit[i] ? cache->body(ids[i]) : encoded[i]});
  writer.commit(config_text, list);
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

// The cache and its writer for a pass over `n` deals, when the settings and the file
// system allow one (else both null).
void Pipeline::open_cache(size_t n, std::unique_ptr<DealCache>& cache,
                          std::unique_ptr<CacheWriter>& writer) const {
  struct statfs fs;
  struct stat dir_st;
  if (cache_wanted(settings_.cache, n) && ::fstatfs(dir_fd_, &fs) == 0 &&
      trusted_file_system(fs.f_type) && ::fstat(dir_fd_, &dir_st) == 0) {
    // The new cache's file is created before any deal file is examined: its mtime, from
    // the file system's clock, is the stamp every file is judged by (see CacheWriter).
    writer = std::make_unique<CacheWriter>(root_, dir_st.st_dev);
    cache = std::make_unique<DealCache>(root_, config_text_);
  }
}

LoadAll Pipeline::load_all(bool with_notes) const {
  std::vector<std::string> all = ids();
  const size_t n = all.size();
  prepare_heap(n);  // as the program's policy says (set_heap_policy)
  std::unique_ptr<DealCache> cache;
  std::unique_ptr<CacheWriter> writer;
  open_cache(n, cache, writer);
  // Deals are decoded straight into the result, then compacted in place: one vector of
  // Deal, not a second copy (memory is time here: every page is a fault).
  LoadAll out;
  out.deals.resize(n);
  LoadPass pass(dir_fd_, root_, config_, all);
  pass.deals = &out.deals;
  pass.start(cache.get(), writer && writer->ok(), with_notes);
  pass.run();
  if (cache) pass.update_cache(*writer, config_text_);
  if (with_notes) out.notes = warnings(all, pass.linked);
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (pass.ok[i] && kept != i) out.deals[kept] = std::move(out.deals[i]);
    kept += pass.ok[i];
    if (with_notes)
      for (auto& note : pass.notes[i]) out.notes.push_back(std::move(note));
  }
  out.deals.resize(kept);
  out.problems = pass.take_problems();
  return out;
}

std::vector<Problem> Pipeline::load_each(const DealTaker& take, size_t* files) const {
  std::vector<std::string> all = ids();
  if (files) *files = all.size();
  std::unique_ptr<DealCache> cache;
  std::unique_ptr<CacheWriter> writer;
  open_cache(all.size(), cache, writer);
  LoadPass pass(dir_fd_, root_, config_, all);
  pass.take = &take;
  pass.start(cache.get(), writer && writer->ok(), false);
  pass.run();
  if (cache) pass.update_cache(*writer, config_text_);
  return pass.take_problems();
}

std::vector<Problem> Pipeline::warnings(const std::vector<std::string>& ids,
                                        const std::vector<char>& linked) const {
  std::vector<Problem> out;
  struct stat st;
  if (::fstat(dir_fd_, &st) == 0 && (st.st_mode & 077))
    out.push_back(
        {"deals", 0, "readable by other users (it holds personal contact data); chmod 700 deals"});
  // Hard links are read like any file (a cp -al snapshot); worth a note all the same.
  size_t count = 0;
  std::string first;
  for (size_t i = 0; i < ids.size(); ++i)
    if (linked[i] && count++ == 0) first = rel_path(ids[i]);
  if (count > 0)
    out.push_back({"deals", 0,
                   std::to_string(count) + " deal file" + (count == 1 ? " has" : "s have") +
                       " other hard links (" + first + (count == 1 ? "" : ", ...") +
                       "; a snapshot made with cp -al?): they are read as usual, and a change "
                       "writes a new file, so the other links keep the old text"});
  return out;
}

}  // namespace deals

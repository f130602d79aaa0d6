#include "store/pipeline.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>

#include "core/error.hpp"
#include "core/find.hpp"
#include "core/text.hpp"
#include "store/config_file.hpp"
#include "store/deal_cache.hpp"
#include "store/deal_edit.hpp"
#include "store/deal_limits.hpp"
#include "store/file_io.hpp"
#include "store/fs_util.hpp"
#include "store/git.hpp"
#include "store/heap.hpp"

namespace deals {
namespace {

constexpr const char* kTempPrefix = ".deals-tmp-";
// Present in deals/ while a writer holds the lock; left behind only by a killed one.
constexpr const char* kWritingMark = ".deals-writing";

std::string errno_text() {
  return std::strerror(errno);
}

// Names of the temporary files (kTempPrefix...) in a directory.
std::vector<std::string> temp_names(int dir_fd) {
  std::vector<std::string> out;
  int fd = ::openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return out;
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    return out;
  }
  while (dirent* e = ::readdir(dir))
    if (std::string_view(e->d_name).starts_with(kTempPrefix)) out.emplace_back(e->d_name);
  ::closedir(dir);
  return out;
}

// Whether the writer of a temporary file (`<prefix><name>.<pid>`) may still be running.
bool process_alive(const std::string& temp) {
  auto dot = temp.rfind('.');
  if (dot == std::string::npos) return true;
  int pid = 0;
  const char* end = temp.data() + temp.size();
  auto [p, ec] = std::from_chars(temp.data() + dot + 1, end, pid);
  if (ec != std::errc() || p != end || pid <= 0) return true;
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

std::string_view env_value(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

}  // namespace

double lock_timeout() {
  std::string_view v = env_value("DEALS_LOCK_TIMEOUT");
  if (v.empty()) return 10;
  // parse_number takes plain decimals only: no sign, exponent, nan or inf.
  auto t = parse_number(v);
  if (!t || *t > 1e6)
    throw Error("DEALS_LOCK_TIMEOUT: invalid value '" + sanitize(v.substr(0, 80)) +
                "' (seconds to wait for the lock: a number from 0 to 1000000, like 10 or 0.5)");
  return *t;
}

void check_environment() {
  lock_timeout();
  git_lock_timeout();
  std::string_view cache = env_value("DEALS_CACHE");
  if (!cache.empty() && cache != "0" && cache != "1")
    throw Error("DEALS_CACHE: invalid value '" + sanitize(cache.substr(0, 80)) +
                "' (0 turns the deal cache off, 1 on)");
}

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

Pipeline::Pipeline(fs::path root) : root_(std::move(root)) {
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

std::vector<Problem> Pipeline::notes(const std::vector<std::string>& ids) const {
  std::vector<Problem> out, ignored;
  std::string bytes;
  for (const auto& id : ids) {
    if (!read_deal_file(dir_fd_, root_, id, bytes, ignored)) continue;
    for (auto& n : deal_notes(bytes, rel_path(id))) out.push_back(std::move(n));
  }
  return out;
}

std::vector<Problem> Pipeline::warnings() const {
  std::vector<Problem> out;
  struct stat st;
  if (::fstat(dir_fd_, &st) == 0 && (st.st_mode & 077))
    out.push_back(
        {"deals", 0, "readable by other users (it holds personal contact data); chmod 700 deals"});
  // Hard links are read like any file (a cp -al snapshot); worth a note all the same.
  size_t linked = 0;
  std::string first;
  for (const auto& id : ids()) {
    if (::fstatat(dir_fd_, (id + ".yaml").c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISREG(st.st_mode) && st.st_nlink > 1 && linked++ == 0)
      first = rel_path(id);
  }
  if (linked > 0)
    out.push_back({"deals", 0,
                   std::to_string(linked) + " deal file" + (linked == 1 ? " has" : "s have") +
                       " other hard links (" + first + (linked == 1 ? "" : ", ...") +
                       "; a snapshot made with cp -al?): they are read as usual, and a change "
                       "writes a new file, so the other links keep the old text"});
  return out;
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
  return out;
}

namespace {

constexpr size_t kCacheMin = 256;  // below this, reading the files is fast enough

bool cache_wanted(size_t deals) {
  std::string_view env = env_value("DEALS_CACHE");
  if (!env.empty()) return env == "1";
  return deals >= kCacheMin;
}

}  // namespace

LoadAll Pipeline::load_all() const {
  std::vector<std::string> all = ids();
  const size_t n = all.size();
  prepare_heap(n);  // as the program's policy says (set_heap_policy)
  std::unique_ptr<DealCache> cache;
  std::unique_ptr<CacheWriter> writer;
  struct statfs fs;
  struct stat dir_st;
  if (cache_wanted(n) && ::fstatfs(dir_fd_, &fs) == 0 && trusted_file_system(fs.f_type) &&
      ::fstat(dir_fd_, &dir_st) == 0) {
    // The new cache's file is created before any deal file is examined: its mtime, from
    // the file system's clock, is the stamp every file is judged by (see CacheWriter).
    writer = std::make_unique<CacheWriter>(root_, dir_st.st_dev);
    cache = std::make_unique<DealCache>(root_, config_text_);
  }
  // Deals are decoded straight into the result, then compacted in place: one vector of
  // Deal, not a second copy (memory is time here: every page is a fault).
  LoadAll out;
  out.deals.resize(n);
  std::vector<std::vector<Problem>> problems(n);
  std::vector<char> ok(n, 0), hit(n, 0), keyed(n, 0);
  std::vector<FileKey> keys(cache ? n : 0);
  // Files are handed out in small blocks from a shared counter, so a thread that gets
  // less CPU (a busy machine) does not hold up the others.
  constexpr size_t kBlock = 32;
  std::atomic<size_t> next{0};
  auto one = [&](size_t i, std::string& bytes) {
    const std::string path = rel_path(all[i]);
    if (!valid_id(all[i])) {
      problems[i].push_back({path, 0,
                             "file name is not a valid deal id (lowercase letters, "
                             "digits and '-', at most 64)"});
      return;
    }
    struct stat st;
    bool cacheable = false;
    if (cache) {
      // A cache hit costs this one stat. Only a plain file can be a hit (or be cached);
      // anything else goes through read_deal_file, which reports it.
      cacheable = ::fstatat(dir_fd_, (all[i] + ".yaml").c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
                  S_ISREG(st.st_mode);
      if (cacheable && cache->get(all[i], file_key(st), out.deals[i])) {
        keys[i] = file_key(st);
        ok[i] = hit[i] = keyed[i] = 1;
        return;
      }
    }
    ok[i] = read_deal_file(dir_fd_, root_, all[i], bytes, problems[i], cache ? &st : nullptr) &&
            decode_deal(bytes, all[i], path, config_, out.deals[i], problems[i]);
    if (ok[i] && cacheable) {
      keys[i] = file_key(st);  // of the file as opened and read
      keyed[i] = 1;
    }
  };
  auto work = [&] {
    std::string bytes;
    for (size_t begin; (begin = next.fetch_add(kBlock)) < n;)
      for (size_t i = begin; i < std::min(n, begin + kBlock); ++i) one(i, bytes);
  };
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  if (n < 256) threads = 1;
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();

  if (cache) {
    // Rewrite the cache when it does not hold exactly the deals just read from it.
    size_t hits = 0, entries = 0;
    for (size_t i = 0; i < n; ++i) hits += hit[i], entries += keyed[i];
    if (writer->ok() && (hits != entries || hits != cache->size())) {
      std::vector<CacheEntry> list;
      list.reserve(entries);
      for (size_t i = 0; i < n; ++i)
        if (keyed[i]) list.push_back({&out.deals[i], keys[i]});
      cache.reset();  // its memory is not needed while writing
      writer->commit(config_text_, list);
    }
  }

  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (ok[i]) {
      if (kept != i) out.deals[kept] = std::move(out.deals[i]);
      ++kept;
    } else {
      for (auto& p : problems[i]) out.problems.push_back(std::move(p));
    }
  }
  out.deals.resize(kept);
  return out;
}

void Pipeline::lock() {
  if (locked_) return;
  const double timeout = lock_timeout();
  for (int waited_ms = 0;; waited_ms += 10) {
    if (::flock(dir_fd_, LOCK_EX | LOCK_NB) == 0) break;
    if (errno != EWOULDBLOCK && errno != EINTR)
      throw Error("cannot lock " + (root_ / "deals").string() + ": " + errno_text());
    if (waited_ms >= timeout * 1000)
      throw Error("timed out waiting for the pipeline lock on " + (root_ / "deals").string() +
                  " (another deals command is running)");
    ::usleep(10000);
  }
  locked_ = true;
  // A write during a stopped merge or rebase would be lost by its --abort.
  refuse_during_git_operation(root_);
  // Only a lock holder writes temporary files in deals/, and it marks the directory while
  // it holds the lock (kWritingMark, removed by ~Pipeline). A mark found now was left by a
  // killed writer: its temporary files are removed before they show in `git status`. Only
  // then is the directory listed (4 ms at 10,000 deals, on every write otherwise).
  if (::faccessat(dir_fd_, kWritingMark, F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    remove_orphans(temp_names(dir_fd_));
  if (int fd = ::openat(dir_fd_, kWritingMark, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
      fd >= 0)
    ::close(fd);
  // pipeline.toml is written beside it without the lock: only a dead writer's temp goes.
  int root_fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd >= 0) {
    for (const auto& name : temp_names(root_fd))
      if (!process_alive(name)) ::unlinkat(root_fd, name.c_str(), 0);
    ::close(root_fd);
  }
}

void Pipeline::remove_orphans(const std::vector<std::string>& temps) const {
  // Only a lock holder writes temporary files, so any that exist while we hold the lock
  // are orphans of a killed writer. If someone else holds it, leave them for next time.
  bool took = false;
  if (!locked_) {
    if (::flock(dir_fd_, LOCK_EX | LOCK_NB) != 0) return;
    took = true;
  }
  for (const auto& name : temps) ::unlinkat(dir_fd_, name.c_str(), 0);
  if (took) ::flock(dir_fd_, LOCK_UN);
}

bool Pipeline::save(const Deal& deal, const std::string* old_bytes, bool canonical) {
  if (!locked_) throw Error("a deal is saved without the lock (a bug in deals)");
  const std::string path = rel_path(deal.id);
  // Both paths read back what we are about to write: it must decode to the same deal.
  std::string bytes =
      old_bytes && !canonical ? edited_bytes(deal, *old_bytes) : checked_bytes(deal);
  if (old_bytes && *old_bytes == bytes) return false;
  write_file_atomic(dir_fd_, deal.id + ".yaml", bytes, 0600, kTempPrefix, path);
  changed_.push_back(path);
  return true;
}

std::string Pipeline::checked_bytes(const Deal& deal) const {
  const std::string path = rel_path(deal.id);
  if (!valid_id(deal.id)) throw Error("invalid deal id '" + sanitize(deal.id) + "'");
  std::string bytes = encode_deal(deal, config_);
  check_file_limits(path, deal, bytes, closing_ ? kClosingLimits : kWriteLimits);
  Deal check;
  std::vector<Problem> problems;
  if (!decode_deal(bytes, deal.id, path, config_, check, problems) || !(check == deal))
    throw Error(path + ": not written: the file as it would be written does not read back as " +
                "the same deal (a bug in deals; please report it)" +
                (problems.empty() ? "" : " (" + problems.front().str() + ")"));
  return bytes;
}

std::string Pipeline::edited_bytes(const Deal& deal, const std::string& old_bytes) const {
  const std::string path = rel_path(deal.id);
  Deal before;
  std::vector<Problem> problems;
  if (!valid_id(deal.id) || !decode_deal(old_bytes, deal.id, path, config_, before, problems))
    return checked_bytes(deal);
  if (before == deal) return old_bytes;  // nothing changed: nothing is written
  if (auto bytes = try_splice_deal(old_bytes, before, deal, config_)) {
    Deal check;
    problems.clear();
    if (decode_deal(*bytes, deal.id, path, config_, check, problems) && check == deal) {
      check_file_limits(path, deal, *bytes, closing_ ? kClosingLimits : kWriteLimits);
      return std::move(*bytes);
    }
  }
  canonical_.push_back(path);  // the layout could not be edited in place
  return checked_bytes(deal);
}

size_t Pipeline::save_many(const std::vector<Deal>& deals, const std::vector<std::string>& old) {
  if (!locked_) throw Error("a deal is saved without the lock (a bug in deals)");
  std::vector<std::pair<std::string, std::string>> temps;  // temp name, id
  try {
    for (size_t i = 0; i < deals.size(); ++i) {
      const Deal& deal = deals[i];
      const std::string* old_bytes = i < old.size() && !old[i].empty() ? &old[i] : nullptr;
      std::string bytes = old_bytes ? edited_bytes(deal, *old_bytes) : checked_bytes(deal);
      if (old_bytes && bytes == *old_bytes) continue;
      temps.emplace_back(write_temp(dir_fd_, deal.id + ".yaml", bytes, 0600, kTempPrefix,
                                    rel_path(deal.id), false),
                         deal.id);
    }
    if (::syncfs(dir_fd_) != 0) throw Error("cannot flush deals/: " + errno_text());
  } catch (...) {
    for (const auto& t : temps) ::unlinkat(dir_fd_, t.first.c_str(), 0);
    throw;
  }
  for (size_t i = 0; i < temps.size(); ++i) {
    const auto& [temp, id] = temps[i];
    try {
      rename_temp(dir_fd_, temp, id + ".yaml", rel_path(id));
    } catch (...) {
      for (size_t k = i + 1; k < temps.size(); ++k) ::unlinkat(dir_fd_, temps[k].first.c_str(), 0);
      throw;
    }
    changed_.push_back(rel_path(id));
  }
  ::fsync(dir_fd_);
  return temps.size();
}

std::vector<Problem> Pipeline::validate(const std::string& id, const std::string& bytes) const {
  Deal deal;
  std::vector<Problem> problems;
  decode_deal(bytes, id, rel_path(id), config_, deal, problems);
  return problems;
}

void Pipeline::save_raw(const std::string& id, const std::string& bytes) {
  if (!locked_) throw Error("a deal is saved without the lock (a bug in deals)");
  auto problems = validate(id, bytes);
  if (!problems.empty()) throw Error(problems.front().str());
  write_file_atomic(dir_fd_, id + ".yaml", bytes, 0600, kTempPrefix, rel_path(id));
  changed_.push_back(rel_path(id));
}

void Pipeline::remove(const std::string& id) {
  if (!locked_) throw Error("a deal is deleted without the lock (a bug in deals)");
  const std::string path = rel_path(id);
  if (::unlinkat(dir_fd_, (id + ".yaml").c_str(), 0) != 0)
    throw Error("cannot delete " + path + ": " + errno_text());
  ::fsync(dir_fd_);
  changed_.push_back(path);
}

void atomic_write(const fs::path& dir, const std::string& name, const std::string& bytes,
                  unsigned mode) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error("cannot open " + dir.string() + ": " + errno_text());
  try {
    write_file_atomic(fd, name, bytes, mode, kTempPrefix, (dir / name).string());
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

}  // namespace deals

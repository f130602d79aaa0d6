#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "core/error.hpp"
#include "core/text.hpp"
#include "store/deal_edit.hpp"
#include "store/deal_limits.hpp"
#include "store/file_io.hpp"
#include "store/git.hpp"
#include "store/pipeline.hpp"

// Writing: the lock, atomic writes of deal files (surgical or canonical), removal.
namespace deals {
namespace {

std::string errno_text() {
  return std::strerror(errno);
}

// Names of the temporary files (kTempPrefix...) in a directory.
std::vector<std::string> temp_names(int dir_fd) {
  constexpr std::string_view kTempPrefix = Pipeline::kTempPrefix;
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

}  // namespace

void Pipeline::lock() {
  if (locked_) return;
  const double timeout = settings_.lock_timeout;
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
  refuse_during_git_operation(settings_.git, root_);
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
  return write(deal, old_bytes, nullptr, canonical);
}

bool Pipeline::save(const StoredDeal& stored) {
  // The deal as read only stands for the bytes under the same id.
  const Deal* before =
      stored.as_read && stored.as_read->id == stored.deal.id ? &*stored.as_read : nullptr;
  return write(stored.deal, &stored.bytes, before, false);
}

bool Pipeline::write(const Deal& deal, const std::string* old_bytes, const Deal* before,
                     bool canonical) {
  if (!locked_) throw Error("a deal is saved without the lock (a bug in deals)");
  const std::string path = rel_path(deal.id);
  // Both paths read back what we are about to write: it must decode to the same deal.
  std::string bytes =
      old_bytes && !canonical ? edited_bytes(deal, *old_bytes, before) : checked_bytes(deal);
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

std::string Pipeline::edited_bytes(const Deal& deal, const std::string& old_bytes,
                                   const Deal* before) const {
  const std::string path = rel_path(deal.id);
  Deal decoded;
  std::vector<Problem> problems;
  if (!valid_id(deal.id)) return checked_bytes(deal);
  if (!before) {
    if (!decode_deal(old_bytes, deal.id, path, config_, decoded, problems))
      return checked_bytes(deal);
    before = &decoded;
  }
  if (*before == deal) return old_bytes;  // nothing changed: nothing is written
  if (auto bytes = try_splice_deal(old_bytes, *before, deal, config_)) {
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

size_t Pipeline::save_many(const std::vector<Deal>& deals, const std::vector<StoredDeal>& old) {
  if (!locked_) throw Error("a deal is saved without the lock (a bug in deals)");
  std::vector<std::pair<std::string, std::string>> temps;  // temp name, id
  try {
    for (size_t i = 0; i < deals.size(); ++i) {
      const Deal& deal = deals[i];
      const StoredDeal* read = i < old.size() && !old[i].bytes.empty() ? &old[i] : nullptr;
      const std::string* old_bytes = read ? &read->bytes : nullptr;
      const Deal* before = read ? (read->as_read ? &*read->as_read : &read->deal) : nullptr;
      std::string bytes = old_bytes ? edited_bytes(deal, *old_bytes, before) : checked_bytes(deal);
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
    write_file_atomic(fd, name, bytes, mode, Pipeline::kTempPrefix, (dir / name).string());
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
}

}  // namespace deals

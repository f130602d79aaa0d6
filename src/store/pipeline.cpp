#include "store/pipeline.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <thread>

#include "core/error.hpp"
#include "core/text.hpp"
#include "store/config_file.hpp"
#include "store/file_io.hpp"
#include "store/fs_util.hpp"

namespace deals {
namespace {

constexpr const char* kTempPrefix = ".deals-tmp-";

std::string errno_text() { return std::strerror(errno); }

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

Pipeline::Pipeline(fs::path root) : root_(std::move(root)) {
  std::string text = read_file(root_ / "pipeline.toml", 64 * 1024);
  config_ = parse_config(text, "pipeline.toml");
  dir_fd_ = ::open((root_ / "deals").c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dir_fd_ < 0)
    throw Error("cannot open " + (root_ / "deals").string() + ": " + errno_text() +
                (errno == ENOENT ? "; run 'deals init'" : ""));
}

Pipeline::~Pipeline() {
  if (dir_fd_ >= 0) ::close(dir_fd_);  // also releases the lock
}

std::vector<Problem> Pipeline::warnings() const {
  std::vector<Problem> out;
  struct stat st;
  if (::fstat(dir_fd_, &st) == 0 && (st.st_mode & 077))
    out.push_back({"deals", 0,
                   "readable by other users (it holds personal contact data); chmod 700 deals"});
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
  while (dirent* e = ::readdir(dir)) {
    std::string_view name = e->d_name;
    if (name.size() <= 5 || name[0] == '.' || !name.ends_with(".yaml")) continue;
    out.emplace_back(name.substr(0, name.size() - 5));
  }
  ::closedir(dir);
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
    if (auto best = closest(prefix, all)) msg += ", did you mean '" + *best + "'?";
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

LoadAll Pipeline::load_all() const {
  std::vector<std::string> all = ids();
  struct Slot {
    bool ok = false;
    Deal deal;
    std::vector<Problem> problems;
  };
  std::vector<Slot> slots(all.size());
  auto work = [&](size_t begin, size_t end) {
    std::string bytes;
    for (size_t i = begin; i < end; ++i) {
      Slot& s = slots[i];
      const std::string path = rel_path(all[i]);
      if (!valid_id(all[i])) {
        s.problems.push_back({path, 0, "file name is not a valid deal id (lowercase letters, "
                                       "digits and '-', at most 64)"});
        continue;
      }
      s.ok = read_deal_file(dir_fd_, root_, all[i], bytes, s.problems) &&
             decode_deal(bytes, all[i], path, config_, s.deal, s.problems);
    }
  };
  unsigned threads = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  if (all.size() < 256) threads = 1;
  std::vector<std::thread> pool;
  size_t chunk = (all.size() + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t)
    pool.emplace_back(work, std::min(all.size(), t * chunk), std::min(all.size(), (t + 1) * chunk));
  work(0, std::min(all.size(), chunk));
  for (auto& th : pool) th.join();

  LoadAll out;
  out.deals.reserve(all.size());
  for (auto& s : slots) {
    if (s.ok)
      out.deals.push_back(std::move(s.deal));
    else
      for (auto& p : s.problems) out.problems.push_back(std::move(p));
  }
  return out;
}

void Pipeline::lock() {
  if (locked_) return;
  double timeout = 10;
  if (const char* t = std::getenv("DEALS_LOCK_TIMEOUT")) timeout = std::atof(t);
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
  // Temporary files left by a killed writer: only a lock holder writes them, so any that
  // exist now are orphans.
  for (const auto& name : list_dir_names(dir_fd_))
    if (name.starts_with(kTempPrefix)) ::unlinkat(dir_fd_, name.c_str(), 0);
}

bool Pipeline::save(const Deal& deal, const std::string* old_bytes) {
  if (!locked_) throw Error("internal: save without lock");
  if (!valid_id(deal.id)) throw Error("invalid deal id '" + sanitize(deal.id) + "'");
  const std::string path = rel_path(deal.id);
  std::string bytes = encode_deal(deal, config_);
  if (old_bytes && *old_bytes == bytes) return false;
  // Read back what we are about to write: it must decode to the same deal.
  Deal check;
  std::vector<Problem> problems;
  if (!decode_deal(bytes, deal.id, path, config_, check, problems) || !(check == deal))
    throw Error(path + ": internal error: the canonical form does not read back; nothing written" +
                (problems.empty() ? "" : " (" + problems.front().str() + ")"));
  write_file_atomic(dir_fd_, deal.id + ".yaml", bytes, 0600, kTempPrefix, path);
  changed_.push_back(path);
  return true;
}

std::vector<Problem> Pipeline::validate(const std::string& id, const std::string& bytes) const {
  Deal deal;
  std::vector<Problem> problems;
  decode_deal(bytes, id, rel_path(id), config_, deal, problems);
  return problems;
}

void Pipeline::save_raw(const std::string& id, const std::string& bytes) {
  if (!locked_) throw Error("internal: save without lock");
  auto problems = validate(id, bytes);
  if (!problems.empty()) throw Error(problems.front().str());
  write_file_atomic(dir_fd_, id + ".yaml", bytes, 0600, kTempPrefix, rel_path(id));
  changed_.push_back(rel_path(id));
}

void Pipeline::remove(const std::string& id) {
  if (!locked_) throw Error("internal: remove without lock");
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

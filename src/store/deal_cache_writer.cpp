// The deal cache's writer: a new cache file made beside the old one and renamed over it
// (see deal_cache.hpp).
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>

#include "store/deal_cache.hpp"

namespace deals {
namespace {

bool write_all(int fd, std::string_view s) {
  while (!s.empty()) {
    ssize_t n = ::write(fd, s.data(), s.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    s.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool write_at(int fd, std::string_view s, off_t at) {
  while (!s.empty()) {
    ssize_t n = ::pwrite(fd, s.data(), s.size(), at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    s.remove_prefix(static_cast<std::size_t>(n));
    at += n;
  }
  return true;
}

// True for `deals.bin.tmp.<pid>` whose process is gone.
bool orphan_temp(std::string_view name) {
  const std::string_view prefix = ".tmp.";
  std::string_view file = DealCache::kFile;
  if (!name.starts_with(file) || name.substr(file.size(), prefix.size()) != prefix) return false;
  std::string_view digits = name.substr(file.size() + prefix.size());
  int pid = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0) return false;
  return pid != ::getpid() && ::kill(pid, 0) != 0 && errno == ESRCH;
}

void remove_orphan_temps(int dir_fd) {
  int fd = ::dup(dir_fd);
  if (fd < 0) return;
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    return;
  }
  std::vector<std::string> gone;
  while (dirent* e = ::readdir(dir))
    if (orphan_temp(e->d_name)) gone.emplace_back(e->d_name);
  ::closedir(dir);
  for (const auto& name : gone) ::unlinkat(dir_fd, name.c_str(), 0);
}

}  // namespace

CacheWriter::CacheWriter(const std::filesystem::path& root, std::uint64_t deals_dev) {
  int root_fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (root_fd < 0) return;
  ::mkdirat(root_fd, DealCache::kDir, 0700);
  dir_fd_ = ::openat(root_fd, DealCache::kDir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  ::close(root_fd);
  if (dir_fd_ < 0) return;
  // The directory ignores itself, so the cache never shows in `git status`.
  int gi = ::openat(dir_fd_, ".gitignore", O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (gi >= 0) {
    write_all(gi, "# deals: cache of parsed deal files; safe to delete\n*\n");
    ::close(gi);
  }
  remove_orphan_temps(dir_fd_);
  tmp_ = std::string(DealCache::kFile) + ".tmp." + std::to_string(::getpid());
  fd_ =
      ::openat(dir_fd_, tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd_ < 0) return;
  struct stat st;
  // O_TRUNC of a leftover of ours may leave its old mtime: set it to now explicitly.
  if (::futimens(fd_, nullptr) != 0 || ::fstat(fd_, &st) != 0 ||
      std::uint64_t(st.st_dev) != deals_dev) {
    ::close(fd_);
    fd_ = -1;
    ::unlinkat(dir_fd_, tmp_.c_str(), 0);
    return;
  }
  stamp_ns_ = mtime_ns(st);
}

CacheWriter::~CacheWriter() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlinkat(dir_fd_, tmp_.c_str(), 0);
  }
  if (dir_fd_ >= 0) ::close(dir_fd_);
}

void CacheWriter::append(std::string_view records, std::uint64_t count) {
  if (fd_ < 0 || failed_) return;
  hash_.update(records);
  const off_t at = off_t(DealCache::kHeaderSize + payload_len_);
  failed_ = !write_at(fd_, records, at);
  payload_len_ += records.size();
  count_ += count;
}

void CacheWriter::commit(std::string_view config_bytes) {
  if (fd_ < 0) return;
  const std::string head =
      DealCache::header(config_bytes, stamp_ns_, count_, payload_len_, hash_.finish());
  bool ok = !failed_ && write_at(fd_, head, 0);
  ok = ::close(fd_) == 0 && ok;
  fd_ = -1;
  // No fsync: after a crash the cache is at worst missing or caught by its hash.
  if (!ok || ::renameat(dir_fd_, tmp_.c_str(), dir_fd_, DealCache::kFile) != 0)
    ::unlinkat(dir_fd_, tmp_.c_str(), 0);
}

}  // namespace deals

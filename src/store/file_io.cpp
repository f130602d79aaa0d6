#include "store/file_io.hpp"

#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace deals {
namespace {

constexpr size_t kMaxDealBytes = 1 << 20;

std::string errno_text(int e = errno) {
  return std::strerror(e);
}

// Reads all of the regular file fd into out, up to max bytes (+1 to detect overflow).
// `size` is the file's size from fstat: the first read asks for one byte more, so a file
// that did not change since is read with a single read() (a short read from a regular
// file is its end); a file that grew meanwhile is read on.
bool read_fd(int fd, std::string& out, size_t max, size_t size) {
  out.resize(std::min(size, max) + 1);
  size_t len = 0;
  for (;;) {
    if (len == out.size()) {
      if (out.size() > max) break;
      out.resize(std::min(out.size() * 2, max + 1));
    }
    ssize_t n = ::read(fd, out.data() + len, out.size() - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (n == 0) break;
    len += static_cast<size_t>(n);
    if (len < out.size()) break;  // short read: end of file
  }
  out.resize(len);
  return true;
}

// True when deals/<name>, a symbolic link, resolves to a path inside `root`.
bool link_inside(const std::filesystem::path& root, const std::string& name) {
  char real_root[PATH_MAX], real_target[PATH_MAX];
  std::string link = (root / "deals" / name).string();
  return ::realpath(root.c_str(), real_root) && ::realpath(link.c_str(), real_target) &&
         std::strncmp(real_target, real_root, std::strlen(real_root)) == 0 &&
         real_target[std::strlen(real_root)] == '/';
}

// True when the file `st` belongs to the owner of the directory `dir_fd`.
bool same_owner_as_dir(int dir_fd, const struct stat& st) {
  struct stat dir;
  return ::fstat(dir_fd, &dir) == 0 && dir.st_uid == st.st_uid;
}

}  // namespace

bool read_deal_file(int dir_fd, const std::filesystem::path& root, const std::string& id,
                    std::string& bytes, std::vector<Problem>& problems, struct stat* st_out) {
  // Four system calls for an ordinary file (openat, fstat, read, close): on slow-syscall
  // machines this is most of what `list` costs. Only a symbolic link (ELOOP under
  // O_NOFOLLOW) takes the slower path that checks where it leads.
  const std::string name = id + ".yaml";
  const std::string shown = "deals/" + name;
  const int flags = O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW;
  int fd = ::openat(dir_fd, name.c_str(), flags);
  if (fd < 0 && errno == ELOOP) {
    struct stat lst;
    if (::fstatat(dir_fd, name.c_str(), &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode)) {
      if (!link_inside(root, name)) {
        problems.push_back({shown, 0, "symbolic link leading outside the pipeline; not read"});
        return false;
      }
      fd = ::openat(dir_fd, name.c_str(), flags & ~O_NOFOLLOW);
    } else {
      errno = ELOOP;
    }
  }
  if (fd < 0) {
    // A missing file reads as the bare reason, like a failed stat did before.
    problems.push_back({shown, 0, errno == ENOENT ? errno_text() : "cannot read: " + errno_text()});
    return false;
  }
  struct stat st;
  bool ok = ::fstat(fd, &st) == 0;
  if (ok && !S_ISREG(st.st_mode)) {
    problems.push_back({shown, 0, "not a regular file; not read"});
    ok = false;
  } else if (ok && st.st_nlink > 1 && !same_owner_as_dir(dir_fd, st)) {
    // A hard-link snapshot (cp -al, rsnapshot) is read like any file: a write replaces
    // the link by rename, so the snapshot keeps its copy. What is refused is a link to
    // another user's file, which would show its contents to whoever runs deals here.
    problems.push_back({shown, 0, "hard link to a file of another user; not read"});
    ok = false;
  } else if (ok && !read_fd(fd, bytes, kMaxDealBytes, static_cast<size_t>(st.st_size))) {
    problems.push_back({shown, 0, "cannot read: " + errno_text()});
    ok = false;
  } else if (ok && bytes.size() > kMaxDealBytes) {
    problems.push_back({shown, 0,
                        "file too large (over 1 MiB, the most a deal file may hold); move old "
                        "log entries or notes to a second file"});
    ok = false;
  }
  ::close(fd);
  if (ok && st_out) *st_out = st;
  return ok;
}

std::string write_temp(int dir_fd, const std::string& name, const std::string& bytes,
                       unsigned new_mode, const std::string& temp_prefix, const std::string& shown,
                       bool flush) {
  struct stat st;
  unsigned mode = new_mode;
  if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISLNK(st.st_mode)) throw Error(shown + ": is a symbolic link; not written");
    mode = st.st_mode & 07777;
  }
  const std::string tmp = temp_prefix + name + "." + std::to_string(::getpid());
  int fd =
      ::openat(dir_fd, tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    throw Error("cannot write " + shown + ": " + errno_text() + "; the file was not changed");
  auto fail = [&](int e) {
    if (fd >= 0) ::close(fd);
    ::unlinkat(dir_fd, tmp.c_str(), 0);
    throw Error("cannot write " + shown + ": " + errno_text(e) + "; the file was not changed");
  };
  if (::fchmod(fd, mode) != 0) fail(errno);
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(errno);
    }
    done += static_cast<size_t>(n);
  }
  if (flush && ::fsync(fd) != 0) fail(errno);
  int rc = ::close(fd);
  fd = -1;
  if (rc != 0) fail(errno);
  return tmp;
}

void rename_temp(int dir_fd, const std::string& temp, const std::string& name,
                 const std::string& shown) {
  if (::renameat(dir_fd, temp.c_str(), dir_fd, name.c_str()) != 0) {
    int e = errno;
    ::unlinkat(dir_fd, temp.c_str(), 0);
    throw Error("cannot write " + shown + ": " + errno_text(e) + "; the file was not changed");
  }
}

void write_file_atomic(int dir_fd, const std::string& name, const std::string& bytes,
                       unsigned new_mode, const std::string& temp_prefix,
                       const std::string& shown) {
  std::string tmp = write_temp(dir_fd, name, bytes, new_mode, temp_prefix, shown, true);
  rename_temp(dir_fd, tmp, name, shown);
  ::fsync(dir_fd);
}

}  // namespace deals

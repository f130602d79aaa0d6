#include "store/editor.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"
#include "store/file_io.hpp"

extern char** environ;

namespace deals {

EditedCopy edit_copy(const std::string& id, const std::string& bytes) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string pattern = std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/deals-edit-" + id +
                        "-XXXXXX.yaml";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  int fd = ::mkstemps(buf.data(), 5);
  if (fd < 0) throw Error("cannot create a temporary file for editing: " + std::string(std::strerror(errno)));
  EditedCopy copy{buf.data(), {}};
  bool ok = ::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size());
  ::close(fd);
  if (!ok) {
    discard(copy);
    throw Error("cannot write " + copy.path);
  }
  const char* visual = std::getenv("VISUAL");
  const char* editor = std::getenv("EDITOR");
  std::string cmd = visual && *visual ? visual : editor && *editor ? editor : "vi";
  std::string script = cmd + " \"$1\"";
  const char* argv[] = {"sh", "-c", script.c_str(), "deals-edit", copy.path.c_str(), nullptr};
  pid_t pid;
  int rc = ::posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ);
  if (rc != 0) {
    discard(copy);
    throw Error("cannot run the editor: " + std::string(std::strerror(rc)));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    discard(copy);
    throw Error("the editor (" + cmd + ") failed; nothing changed");
  }
  copy.bytes = read_small_file(copy.path, copy.path, 1 << 20);
  return copy;
}

void discard(const EditedCopy& copy) { ::unlink(copy.path.c_str()); }

}  // namespace deals

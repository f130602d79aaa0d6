#include "store/editor.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"
#include "store/fs_util.hpp"

namespace deals {

EditedCopy edit_copy(const std::string& id, const std::string& bytes) {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmpdir && *tmpdir ? tmpdir : "/tmp") + "/deals-edit-" + id + "-XXXXXX.yaml";
  std::vector<char> buf(pattern.begin(), pattern.end());
  buf.push_back('\0');
  int fd = ::mkstemps(buf.data(), 5);
  if (fd < 0)
    throw Error("cannot create a temporary file for editing: " + std::string(std::strerror(errno)));
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
  ProcessOptions options;
  options.capture = false;
  options.null_stdin = false;
  ProcessResult r = run_process(editor_argv(cmd, copy.path), options);
  if (!r.ok()) {
    discard(copy);
    throw Error("the editor (" + cmd + ") " +
                (r.started ? "exited with status " + std::to_string(r.exit_code)
                           : "could not start: " + r.err) +
                "; nothing changed");
  }
  copy.bytes = read_file(copy.path);
  return copy;
}

void discard(const EditedCopy& copy) {
  ::unlink(copy.path.c_str());
}

}  // namespace deals

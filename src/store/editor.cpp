#include "store/editor.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"
#include "store/fs_util.hpp"
#include "store/process.hpp"

namespace deals {

EditedCopy edit_copy(const std::string& id, const std::string& bytes,
                     const EditorSettings& settings) {
  std::string pattern = settings.tmpdir + "/deals-edit-" + id + "-XXXXXX.yaml";
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
  const std::string& cmd = settings.command;
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

std::vector<std::string> editor_argv(std::string_view editor, const std::string& path) {
  if (editor.empty()) editor = "vi";
  bool plain = true;
  for (char c : editor) {
    bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '/' || c == '.' || c == '_' || c == '-' || c == '+';
    if (!word) plain = false;
  }
  std::string e(editor);
  // A value that names an executable file as it stands ("/opt/My Editor/ed") is that
  // program, even with spaces or shell characters in its path; sh would split it.
  struct stat st;
  if (!plain && e.find('/') != std::string::npos && ::stat(e.c_str(), &st) == 0 &&
      S_ISREG(st.st_mode) && ::access(e.c_str(), X_OK) == 0)
    plain = true;
  if (plain) return {e, path};
  return {"sh", "-c", e + " \"$@\"", e, path};
}

}  // namespace deals

#include "store/fs_util.hpp"

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "core/error.hpp"

extern char** environ;

namespace deals {
namespace {

bool env_removed(std::string_view entry, const std::vector<std::string>& unset,
                 const std::vector<std::string>& set) {
  std::string_view name = entry.substr(0, entry.find('='));
  for (const auto& u : unset) {
    if (!u.empty() && u.back() == '*') {
      if (name.substr(0, u.size() - 1) == std::string_view(u).substr(0, u.size() - 1)) return true;
    } else if (name == u) {
      return true;
    }
  }
  for (const auto& s : set)
    if (std::string_view(s).substr(0, s.find('=')) == name) return true;
  return false;
}

std::vector<std::string> child_env(const ProcessOptions& o) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e)
    if (!env_removed(*e, o.unset_env, o.set_env)) env.emplace_back(*e);
  env.insert(env.end(), o.set_env.begin(), o.set_env.end());
  return env;
}

std::vector<char*> c_array(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// Drains both pipes until both reach end of file, so a child that fills one pipe while
// we wait on the other cannot deadlock.
void drain(int out_fd, int err_fd, ProcessResult& r, std::size_t cap) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open = 2;
  char buf[8192];
  while (open > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        fds[i].fd = -1;
        --open;
        continue;
      }
      std::size_t room = cap > sinks[i]->size() ? cap - sinks[i]->size() : 0;
      sinks[i]->append(buf, std::min<std::size_t>(room, static_cast<std::size_t>(n)));
    }
  }
}

int wait_child(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult r;
  if (argv.empty()) {
    r.err = "no program to run";
    return r;
  }
  std::vector<std::string> args = argv;
  std::vector<std::string> env = child_env(options);
  std::vector<char*> c_args = c_array(args), c_env = c_array(env);

  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (options.capture && (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0)) {
    r.err = std::string("cannot create a pipe: ") + std::strerror(errno);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      if (fd >= 0) close(fd);
    return r;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (options.null_stdin) posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (options.capture) {
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  }
  pid_t pid = 0;
  int rc = posix_spawnp(&pid, c_args[0], &actions, nullptr, c_args.data(), c_env.data());
  posix_spawn_file_actions_destroy(&actions);
  if (options.capture) {
    close(out_pipe[1]);
    close(err_pipe[1]);
  }
  if (rc != 0) {
    r.err = "cannot run " + argv[0] + ": " + std::strerror(rc);
    if (options.capture) {
      close(out_pipe[0]);
      close(err_pipe[0]);
    }
    return r;
  }
  r.started = true;
  if (options.capture) {
    drain(out_pipe[0], err_pipe[0], r, options.max_output);
    close(out_pipe[0]);
    close(err_pipe[0]);
  }
  r.exit_code = wait_child(pid);
  return r;
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

std::string read_file(const fs::path& path, std::size_t max_bytes) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error(path.string() + ": cannot read: " + std::strerror(errno));
  std::string data;
  char buf[65536];
  for (;;) {
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int e = errno;
      close(fd);
      throw Error(path.string() + ": cannot read: " + std::strerror(e));
    }
    if (n == 0) break;
    if (data.size() + static_cast<std::size_t>(n) > max_bytes) {
      close(fd);
      throw Error(path.string() + ": file is larger than " + std::to_string(max_bytes) + " bytes");
    }
    data.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return data;
}

}  // namespace deals

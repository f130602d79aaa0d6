#include "store/pipeline.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "core/find.hpp"
#include "core/text.hpp"
#include "store/config_file.hpp"
#include "store/file_io.hpp"
#include "store/fs_util.hpp"

// Reading: finding the pipeline, listing and resolving ids, loading one deal, the notes of
// `deals check` (reading every deal: pipeline_load.cpp).
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
    if (!has_config(dir)) {
      // Say where the path came from: a stale DEALS_DIR in a shell profile is easy to miss.
      const std::string from = dash_c ? "-C" : "DEALS_DIR";
      std::error_code ec;
      if (!fs::exists(dir, ec))
        throw Error("not a pipeline directory: " + dir.string() + " (from " + from +
                    ") does not exist");
      throw Error("not a pipeline directory: " + dir.string() + " (from " + from +
                  ") has no pipeline.toml; run 'deals init' there to make one");
    }
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

bool Pipeline::make_private() const {
  struct stat st;
  if (::fstat(dir_fd_, &st) != 0 || (st.st_mode & 077) == 0) return false;
  if (::fchmod(dir_fd_, st.st_mode & 07700) != 0)
    throw Error("cannot chmod " + (root_ / "deals").string() + ": " + errno_text());
  return true;
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

#include "store/git.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <fstream>
#include <optional>

#include "store/fs_util.hpp"

using namespace deals;

namespace {

const GitSettings kGit;  // the defaults: no $EMAIL

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "deals-git-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// Sets an environment variable for the scope of a test, restoring the old value.
struct EnvGuard {
  std::string name;
  std::optional<std::string> old;
  EnvGuard(std::string n, const char* value) : name(std::move(n)) {
    if (const char* v = getenv(name.c_str())) old = v;
    if (value)
      setenv(name.c_str(), value, 1);
    else
      unsetenv(name.c_str());
  }
  ~EnvGuard() {
    if (old)
      setenv(name.c_str(), old->c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

// A hermetic git world: HOME without any identity, no $EMAIL, no outer repository.
struct GitWorld {
  TempDir home;
  EnvGuard h{"HOME", home.path.c_str()};
  EnvGuard x{"XDG_CONFIG_HOME", home.path.c_str()};
  EnvGuard e{"EMAIL", nullptr};
  EnvGuard an{"GIT_AUTHOR_NAME", nullptr};
  EnvGuard ae{"GIT_AUTHOR_EMAIL", nullptr};
  EnvGuard cn{"GIT_COMMITTER_NAME", nullptr};
  EnvGuard ce{"GIT_COMMITTER_EMAIL", nullptr};
  TempDir repo;
};

std::string git_out(const fs::path& dir, std::vector<std::string> args) {
  args.insert(args.begin(), {"git", "-C", dir.string()});
  ProcessResult r = run_process(args);
  REQUIRE_MESSAGE(r.ok(), r.err);
  return r.out;
}

void write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

}  // namespace

TEST_CASE("in_work_tree and git_init") {
  GitWorld w;
  CHECK_FALSE(in_work_tree(kGit, w.repo.path));
  CHECK_FALSE(in_work_tree(kGit, w.repo.path / "does-not-exist"));
  GitResult r = git_init(kGit, w.repo.path);
  CHECK(r.ok);
  CHECK(in_work_tree(kGit, w.repo.path));
  fs::create_directories(w.repo.path / "sub");
  CHECK(in_work_tree(kGit, w.repo.path / "sub"));
}

TEST_CASE("git_commit commits new, modified and deleted files without an identity") {
  GitWorld w;
  const fs::path& root = w.repo.path;
  REQUIRE(git_init(kGit, root).ok);
  write(root / "pipeline.toml", "name = \"P\"\n");
  write(root / "deals/a.yaml", "title: A\n");

  GitResult r = git_commit(kGit, root, {"pipeline.toml", "deals/a.yaml"}, "deals: init");
  CHECK_MESSAGE(r.ok, r.message);
  CHECK(r.committed);
  CHECK(git_out(root, {"log", "--format=%an <%ae> %s"}) == "deals <deals@localhost> deals: init\n");
  CHECK(git_out(root, {"status", "--porcelain"}).empty());

  write(root / "deals/a.yaml", "title: A2\n");
  write(root / "deals/b.yaml", "title: B\n");
  r = git_commit(kGit, root, {"deals/a.yaml", "deals/b.yaml"}, "deals: two");
  CHECK_MESSAGE(r.ok, r.message);
  CHECK(git_out(root, {"show", "--name-status", "--format=%s", "HEAD"}) ==
        "deals: two\n\nM\tdeals/a.yaml\nA\tdeals/b.yaml\n");

  fs::remove(root / "deals/a.yaml");
  r = git_commit(kGit, root, {"deals/a.yaml"}, "deals: rm a");
  CHECK_MESSAGE(r.ok, r.message);
  CHECK(git_out(root, {"show", "--name-status", "--format=%s", "HEAD"}) ==
        "deals: rm a\n\nD\tdeals/a.yaml\n");
  CHECK(git_out(root, {"status", "--porcelain"}).empty());
}

TEST_CASE("git_commit never commits what the user staged for other paths") {
  GitWorld w;
  const fs::path& root = w.repo.path;
  REQUIRE(git_init(kGit, root).ok);
  write(root / "notes.txt", "v1\n");
  write(root / "deals/a.yaml", "title: A\n");
  REQUIRE(git_commit(kGit, root, {"notes.txt", "deals/a.yaml"}, "start").ok);

  // The user stages an unrelated change and leaves another unstaged.
  write(root / "notes.txt", "v2 staged\n");
  write(root / "other.txt", "new staged\n");
  git_out(root, {"add", "notes.txt", "other.txt"});
  write(root / "notes.txt", "v3 unstaged\n");

  write(root / "deals/a.yaml", "title: A changed\n");
  write(root / "deals/new.yaml", "title: New\n");
  GitResult r = git_commit(kGit, root, {"deals/a.yaml", "deals/new.yaml"}, "deals: change");
  CHECK_MESSAGE(r.ok, r.message);
  CHECK(r.committed);

  CHECK(git_out(root, {"show", "--name-only", "--format=%s", "HEAD"}) ==
        "deals: change\n\ndeals/a.yaml\ndeals/new.yaml\n");
  CHECK(git_out(root, {"status", "--porcelain"}) == "MM notes.txt\nA  other.txt\n");
  CHECK(git_out(root, {"show", ":notes.txt"}) == "v2 staged\n");
}

TEST_CASE("git_commit with nothing to commit succeeds without a commit") {
  GitWorld w;
  const fs::path& root = w.repo.path;
  REQUIRE(git_init(kGit, root).ok);
  write(root / "deals/a.yaml", "title: A\n");
  REQUIRE(git_commit(kGit, root, {"deals/a.yaml"}, "first").committed);

  GitResult r = git_commit(kGit, root, {"deals/a.yaml"}, "again");
  CHECK(r.ok);
  CHECK_FALSE(r.committed);
  r = git_commit(kGit, root, {}, "none");
  CHECK(r.ok);
  CHECK_FALSE(r.committed);
  // Created and removed again before the commit: nothing to record.
  r = git_commit(kGit, root, {"deals/ghost.yaml"}, "ghost");
  CHECK(r.ok);
  CHECK_FALSE(r.committed);
  CHECK(git_out(root, {"rev-list", "--count", "HEAD"}) == "1\n");
}

TEST_CASE("git_commit keeps a configured identity and works from a subdirectory") {
  GitWorld w;
  const fs::path& top = w.repo.path;
  REQUIRE(git_init(kGit, top).ok);
  git_out(top, {"config", "user.name", "Jane"});
  git_out(top, {"config", "user.email", "jane@example.com"});
  fs::path root = top / "sales pipeline";
  write(root / "deals/a.yaml", "title: A\n");
  GitResult r = git_commit(kGit, root, {"deals/a.yaml"}, "deals: add a");
  CHECK_MESSAGE(r.ok, r.message);
  CHECK(git_out(top, {"log", "--format=%an <%ae>", "--name-only"}) ==
        "Jane <jane@example.com>\n\nsales pipeline/deals/a.yaml\n");
}

TEST_CASE("git_commit ignores GIT_DIR and GIT_INDEX_FILE from a surrounding hook") {
  GitWorld w;
  TempDir outer;
  REQUIRE(git_init(kGit, outer.path).ok);
  EnvGuard d{"GIT_DIR", (outer.path / ".git").c_str()};
  EnvGuard i{"GIT_INDEX_FILE", (outer.path / ".git/index").c_str()};
  REQUIRE(git_init(kGit, w.repo.path).ok);
  write(w.repo.path / "deals/a.yaml", "title: A\n");
  GitResult r = git_commit(kGit, w.repo.path, {"deals/a.yaml"}, "inner");
  CHECK_MESSAGE(r.ok, r.message);
  unsetenv("GIT_DIR");
  unsetenv("GIT_INDEX_FILE");
  CHECK(git_out(w.repo.path, {"log", "--format=%s"}) == "inner\n");
  CHECK(run_process({"git", "-C", outer.path.string(), "rev-parse", "HEAD"}).exit_code != 0);
}

TEST_CASE("git_commit reports failures instead of throwing") {
  GitWorld w;
  write(w.repo.path / "deals/a.yaml", "title: A\n");  // not a repository
  GitResult r;
  CHECK_NOTHROW(r = git_commit(kGit, w.repo.path, {"deals/a.yaml"}, "x"));
  CHECK_FALSE(r.ok);
  CHECK(r.message.find("git add failed") == 0);
  CHECK(r.message.find("not a git repository") != std::string::npos);
}

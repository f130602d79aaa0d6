#include "store/fs_util.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "core/error.hpp"
#include "store/editor.hpp"
#include "store/process.hpp"

using namespace deals;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "deals-fsutil-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

}  // namespace

TEST_CASE("run_process captures stdout, stderr and the exit code without a shell") {
  ProcessResult r = run_process({"sh", "-c", "echo out; echo err >&2; exit 3"});
  CHECK(r.started);
  CHECK(r.exit_code == 3);
  CHECK_FALSE(r.ok());
  CHECK(r.out == "out\n");
  CHECK(r.err == "err\n");

  // Arguments are passed as they are: no splitting, globbing or substitution.
  r = run_process({"printf", "%s|", "a b", "$HOME", "*", "`id`"});
  CHECK(r.ok());
  CHECK(r.out == "a b|$HOME|*|`id`|");
}

TEST_CASE("run_process reports a program that cannot be started") {
  ProcessResult r = run_process({"deals-no-such-program-xyz"});
  CHECK_FALSE(r.started);
  CHECK_FALSE(r.ok());
  CHECK(r.err.find("deals-no-such-program-xyz") != std::string::npos);
}

TEST_CASE("run_process drains large output on both pipes and caps what it keeps") {
  ProcessOptions o;
  o.max_output = 1000;
  ProcessResult r = run_process(
      {"sh", "-c", "head -c 300000 /dev/zero; head -c 300000 /dev/zero >&2; echo done >&2"}, o);
  CHECK(r.ok());
  CHECK(r.out.size() == 1000);
  CHECK(r.err.size() == 1000);
}

TEST_CASE("run_process edits the child's environment and closes stdin") {
  setenv("DEALS_TEST_A", "1", 1);
  setenv("DEALS_TEST_PREFIX_B", "2", 1);
  ProcessOptions o;
  o.unset_env = {"DEALS_TEST_A", "DEALS_TEST_PREFIX*"};
  o.set_env = {"DEALS_TEST_C=3"};
  ProcessResult r = run_process(
      {"sh", "-c", "echo \"${DEALS_TEST_A-x}${DEALS_TEST_PREFIX_B-y}$DEALS_TEST_C\"; cat"}, o);
  CHECK(r.ok());
  CHECK(r.out == "xy3\n");
  unsetenv("DEALS_TEST_A");
  unsetenv("DEALS_TEST_PREFIX_B");
}

TEST_CASE("editor_argv runs plain editors directly and others through sh with the path as $1") {
  CHECK(editor_argv("vim", "/tmp/a b.yaml") == std::vector<std::string>{"vim", "/tmp/a b.yaml"});
  CHECK(editor_argv("", "f") == std::vector<std::string>{"vi", "f"});
  auto argv = editor_argv("code --wait", "/tmp/x;rm -rf ~.yaml");
  CHECK(argv == std::vector<std::string>{"sh", "-c", "code --wait \"$@\"", "code --wait",
                                         "/tmp/x;rm -rf ~.yaml"});

  // The path is never spliced into the command: run it with `printf` as the "editor".
  TempDir dir;
  std::string path = (dir.path / "it's $(id) `x`.yaml").string();
  ProcessResult r = run_process(editor_argv("printf '%s'", path));
  CHECK(r.ok());
  CHECK(r.out == path);

  // An executable whose own path has spaces and shell syntax is run as it is.
  fs::path ed = dir.path / "my tools $(touch pwned)" / "ed";
  fs::create_directories(ed.parent_path());
  std::ofstream(ed) << "#!/bin/sh\nprintf '%s' \"$1\"\n";
  fs::permissions(ed, fs::perms::owner_all);
  CHECK(editor_argv(ed.string(), "/tmp/f") == std::vector<std::string>{ed.string(), "/tmp/f"});
  r = run_process(editor_argv(ed.string(), path));
  CHECK(r.out == path);
  CHECK_FALSE(fs::exists("pwned"));
  CHECK(editor_argv("my tools/ed", "f")[0] == "sh");  // not an existing file: shell rules
}

TEST_CASE("read_file reads whole files and enforces the size cap") {
  TempDir dir;
  fs::path p = dir.path / "f.txt";
  std::ofstream(p) << "hello\n";
  CHECK(read_file(p) == "hello\n");
  CHECK(read_file(p, 6) == "hello\n");
  CHECK_THROWS_WITH_AS(read_file(p, 5), (p.string() + ": file is larger than 5 bytes").c_str(),
                       Error);
  CHECK_THROWS_WITH_AS(
      read_file(dir.path / "missing"),
      ((dir.path / "missing").string() + ": cannot read: No such file or directory").c_str(),
      Error);
  CHECK_THROWS_AS(read_file(dir.path), Error);  // a directory
}

"""End-to-end security properties: ids, links, file modes, the editor, git's environment,
terminal escapes and spreadsheet formulas."""
import csv
import io
import json
import os
import re
import shutil
import stat
import subprocess
import unittest

from harness import DEALS, DealsTest

BAD_IDS = ["../x", "/etc/passwd", "a/b", ".", "..", "x" * 300, "\u0430cme",  # Cyrillic a
           "ac\u2010me", "\uff41cme", "Acme", "acme.yaml", "acme ", " acme", "acme\n", "-"]


def strace_works():
    if not shutil.which("strace"):
        return False
    return subprocess.run(["strace", "-f", "-o", "/dev/null", "true"],
                          capture_output=True).returncode == 0


STRACE = strace_works()


class IdTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Acme", "--id", "acme")
        # Files a path-like id would reach if it were used as a path.
        with open(os.path.join(self.root, "x.yaml"), "w") as f:
            f.write("title: Outside\nstage: lead\ncreated: 2026-11-01\n")

    def test_bad_ids_are_refused(self):
        for bad in BAD_IDS:
            for args in [("show", bad), ("log", bad, "n"), ("advance", bad, "--force"),
                         ("edit", bad), ("rm", bad, "--yes"), ("next", bad, "a"),
                         ("add", "T", "--id", bad)]:
                r = self.deals(*args, env=self.env(EDITOR="false"))
                self.assertIn(r.code, (1, 2), (bad, args, r))
                self.assertNotIn("Outside", r.out)
                self.assertNotIn("root:", r.out + r.err)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "deals"))),
                         [".gitkeep", "acme.yaml"])
        self.assertIn("title: Outside", open(os.path.join(self.root, "x.yaml")).read())
        r = self.fails(1, "show", "../x")
        self.assertIn("invalid deal id '../x'", r.err)
        r = self.fails(1, "show", "x" * 300)
        self.assertLess(len(r.err), 200)
        r = self.fails(2, "show", "-rf")

    def test_nul_in_an_imported_id_is_refused(self):
        path = os.path.join(self.dir, "nul.csv")
        with open(path, "wb") as f:
            f.write(b"id,title\nev\0il,T\n")
        r = self.fails(1, "import", path)
        self.assertIn("NUL", r.err)
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "deals"))),
                         [".gitkeep", "acme.yaml"])

    @unittest.skipUnless(STRACE, "strace is missing or ptrace is not allowed")
    def test_ids_are_checked_before_any_file_system_call(self):
        log = os.path.join(self.dir, "trace")
        # strace shows non-ASCII bytes escaped, so the lookalike is found by its tail.
        for bad, token in [("../x", "../x"), ("/etc/passwd", "/etc/passwd"), ("a/b", "a/b"),
                           ("x" * 300, "x" * 300), ("\u0430cme", "cme.yaml")]:
            for args in [("show", bad), ("log", bad, "n"), ("edit", bad)]:
                subprocess.run(["strace", "-f", "-qq", "-s", "4096", "-e", "trace=%file,%desc",
                                "-o", log,
                                DEALS, *args], cwd=self.root, env=self.env(EDITOR="false"),
                               capture_output=True, timeout=60)
                # execve carries argv, write() the error message, and read() data coming
                # in (the sanitizer runtime reads /proc/self/cmdline): none is a use of
                # the id as a path.
                with open(log, encoding="utf-8", errors="replace") as f:
                    calls = [line for line in f if token in line
                             and not re.match(r"\d+ +(execve|write|read|pread64)\(", line)]
                self.assertEqual(calls, [], (bad, args))


class LinkTest(DealsTest):
    SECRET = "title: Top secret\nstage: lead\ncreated: 2026-11-01\nnotes: hunter2\n"

    def setUp(self):
        super().setUp()
        self.secret = os.path.join(self.dir, "secret.yaml")
        with open(self.secret, "w") as f:
            f.write(self.SECRET)

    def assert_never_read(self, id):
        for args in [("show", id), ("list", "--all"), ("export",), ("check",),
                     ("log", id, "x"), ("advance", id, "--force"), ("next", id, "a"),
                     ("edit", id)]:
            r = self.deals(*args, env=self.env(EDITOR="true"))
            self.assertNotIn("secret", r.out + r.err, args)
            self.assertNotIn("hunter2", r.out + r.err, args)
            self.assertIn(f"deals/{id}.yaml", r.out + r.err if args[0] == "check" else r.err,
                          args)
        self.assertEqual(open(self.secret).read(), self.SECRET)

    def test_symlink_leading_outside(self):
        os.symlink(self.secret, self.path("link"))
        self.assert_never_read("link")
        self.assertTrue(os.path.islink(self.path("link")))

    def test_symlink_chain_and_dangling(self):
        os.symlink(os.path.join(self.root, "deals", "..", "..", "secret.yaml"), self.path("dots"))
        self.assert_never_read("dots")
        os.symlink("/nonexistent/secret.yaml", self.path("gone"))
        r = self.ok("list")
        self.assertIn("deals/gone.yaml", r.err)

    def test_hard_link_to_another_users_file(self):
        # A hard link to one's own file is read (a cp -al snapshot: test_hardening);
        # one to another user's file would show that user's data.
        if os.geteuid() != 0:
            self.skipTest("needs root to give the file to another user")
        os.chown(self.secret, 65534, 65534)
        os.link(self.secret, self.path("hard"))
        self.assert_never_read("hard")
        self.assertEqual(os.stat(self.secret).st_nlink, 2)

    def test_fifo_and_directory_do_not_hang(self):
        os.mkfifo(self.path("fifo"))
        os.mkdir(self.path("dir"))
        self.ok("add", "Good", "--id", "good")
        r = self.ok("list", timeout=10)
        self.assertIn("good", r.out)
        self.assertIn("deals/fifo.yaml", r.err)
        self.assertIn("deals/dir.yaml", r.err)
        r = self.deals("check", timeout=10)
        self.assertEqual(r.code, 1, r)
        self.assertIn("deals/fifo.yaml: not a regular file", r.out)
        self.fails(1, "show", "fifo", timeout=10)


class ModeTest(DealsTest):
    def mode(self, path):
        return stat.S_IMODE(os.stat(path).st_mode)

    def test_new_files_are_private_and_existing_modes_kept(self):
        self.assertEqual(self.mode(os.path.join(self.root, "deals")), 0o700)
        self.ok("add", "Mode", "--id", "m")
        self.assertEqual(self.mode(self.path("m")), 0o600)
        os.chmod(self.path("m"), 0o640)
        self.ok("log", "m", "x")
        self.assertEqual(self.mode(self.path("m")), 0o640)
        self.ok("edit", "m", env=self.env(EDITOR="sed -i s/^title:.*/title:\\ New/"))
        self.assertIn("title: New", self.read("m"))
        self.assertEqual(self.mode(self.path("m")), 0o640)

    def test_imported_files_are_private(self):
        path = os.path.join(self.dir, "in.csv")
        with open(path, "w") as f:
            f.write("id,title\nimp,Imported\n")
        os.umask(0o022)
        self.ok("import", path)
        self.assertEqual(self.mode(self.path("imp")), 0o600)

    def test_readable_pipeline_gets_a_warning(self):
        os.chmod(os.path.join(self.root, "deals"), 0o755)
        r = self.ok("check")
        self.assertIn("warning: deals: readable by other users", r.err)
        os.chmod(os.path.join(self.root, "deals"), 0o700)
        self.assertNotIn("readable", self.ok("check").err)


class EditorTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Edit me", "--id", "e")
        self.canary = os.path.join(self.dir, "pwned")

    def make_editor(self, directory, name="my editor.sh"):
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, name)
        record = os.path.join(self.dir, "argv")
        with open(path, "w") as f:
            f.write(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{record}"\n'
                    'for f; do :; done; sed -i "s/^title: .*/title: Edited/" "$f"\n')
        os.chmod(path, 0o755)
        return path, record

    def test_hostile_temp_dir_is_passed_as_one_argument(self):
        tmp = os.path.join(self.dir, f"t $(touch {self.canary}) `touch {self.canary}`; x")
        os.makedirs(tmp)
        editor, record = self.make_editor(os.path.join(self.dir, "bin"))
        self.ok("edit", "e", env=self.env(EDITOR=f"'{editor}'", TMPDIR=tmp))
        args = open(record).read().splitlines()
        self.assertEqual(len(args), 1, args)
        self.assertTrue(args[0].startswith(tmp + "/deals-edit-e-"), args)
        self.assertIn("title: Edited", self.read("e"))
        self.assertFalse(os.path.exists(self.canary))

    def test_editor_path_with_spaces_and_substitution_runs_nothing_else(self):
        directory = os.path.join(self.dir, f"my tools $(touch {self.canary})")
        editor, record = self.make_editor(directory)
        self.ok("edit", "e", env=self.env(EDITOR=editor))
        self.assertIn("title: Edited", self.read("e"))
        self.assertFalse(os.path.exists(self.canary))
        self.assertTrue(open(record).read().startswith(os.environ.get("TMPDIR", "/tmp")))

    def test_editor_with_arguments_still_works(self):
        editor, record = self.make_editor(os.path.join(self.dir, "bin"), "ed.sh")
        self.ok("edit", "e", env=self.env(VISUAL=f"{editor} --wait", EDITOR="false"))
        self.assertEqual(open(record).read().splitlines()[0], "--wait")


class GitEnvTest(DealsTest):
    init = False

    @unittest.skipUnless(shutil.which("git"), "git is not installed")
    def test_hostile_git_environment_is_cleared(self):
        other = os.path.join(self.dir, "other")
        subprocess.run(["git", "init", "-q", other], check=True)
        env = self.env(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@e", GIT_COMMITTER_NAME="t",
                       GIT_COMMITTER_EMAIL="t@e")
        self.ok("init", self.root, "--git", cwd=self.dir, env=env)
        hostile = dict(env, GIT_DIR=os.path.join(other, ".git"), GIT_WORK_TREE=other,
                       GIT_INDEX_FILE=os.path.join(self.dir, "index"),
                       GIT_CONFIG_PARAMETERS="'core.hooksPath=/nonexistent'",
                       GIT_CONFIG_GLOBAL=os.path.join(self.dir, "gitconfig"))
        self.ok("add", "Git", "--id", "g", env=hostile)
        log = subprocess.run(["git", "-C", self.root, "log", "--format=%s"], env=env,
                             capture_output=True, text=True).stdout
        self.assertIn("deals: add g", log)
        other_log = subprocess.run(["git", "-C", other, "log"], env=env, capture_output=True)
        self.assertNotEqual(other_log.returncode, 0)  # still no commits there
        self.assertFalse(os.path.exists(os.path.join(self.dir, "index")))


EVIL = ["\x1b[31m", "\x1b]0;t\x07", "\x9b31m", "\u0085", "\u202e", "\u2066", "\x07", "\r",
        "\x08", "\x00"[:0] + "\x7f"]


class EscapeTest(DealsTest):
    def test_control_c1_and_bidi_never_reach_the_terminal(self):
        evil = "".join(EVIL)
        q = json.dumps("T" + evil)
        self.write("evil", f"title: {q}\ncompany: {q}\nstage: lead\ncreated: 2026-11-01\n"
                           f"tags: [{q}]\nsource: {q}\n"
                           f"next: {{action: {q}, due: 2026-11-20}}\n"
                           f"log:\n  - {{date: 2026-11-02, kind: call, note: {q}}}\n"
                           f"notes: {q}\n")
        self.ok("show", "evil")
        for args in [("show", "evil"), ("list",), ("list", "--format", "md"), ("due",),
                     ("next", "evil"), ("check",)]:
            out = self.deals(*args).out
            for ch in EVIL:
                self.assertNotIn(ch, out, (args, ch))
        # JSON escapes control characters as JSON requires; CSV keeps data as it is.
        out = self.ok("list", "--format", "json").out
        self.assertEqual([c for c in out if ord(c) < 0x20 and c != "\n"], [])
        self.assertEqual(json.loads(out)[0]["title"], "T" + evil)

    def test_ids_in_messages_are_escaped(self):
        r = self.fails(1, "show", "\x1b[31mx")
        self.assertNotIn("\x1b", r.err)


class FormulaTest(DealsTest):
    def test_export_neutralises_formulas(self):
        cells = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
        for i, c in enumerate(cells):
            q = json.dumps(c)
            self.write(f"f{i}", f"title: {q}\ncompany: {q}\nstage: lead\ncreated: 2026-11-01\n")
        self.write("neg", "title: Plain\nstage: lead\ncreated: 2026-11-01\nvalue: 5\n")
        for args in [("export",), ("list", "--format", "csv")]:
            rows = list(csv.DictReader(io.StringIO(self.ok(*args).out, newline="")))
            by_id = {r["id"]: r for r in rows}
            for i, c in enumerate(cells):
                want = "'" + c.replace("\r", "\n")  # text=True reads CR as a line end
                self.assertEqual(by_id[f"f{i}"]["title"], want, args)
                self.assertEqual(by_id[f"f{i}"]["company"], want, args)
            self.assertEqual(by_id["neg"]["value"], "5")


if __name__ == "__main__":
    unittest.main()

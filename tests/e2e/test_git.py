"""End-to-end: git integration (spec section 9): init --git, autocommit of exactly the
changed files, failures as warnings, and how two branches of a pipeline merge."""
import os
import shutil
import subprocess
import unittest

from harness import DealsTest

GIT = shutil.which("git")


class GitBase(DealsTest):
    init = False

    def setUp(self):
        super().setUp()
        # A hermetic git: no global identity or settings from the machine running the tests.
        self.home = os.path.join(self.dir, "home")
        os.mkdir(self.home)

    def env(self, **extra):
        env = self.hermetic_git_env(super().env(**extra), self.home)
        env.update(extra)
        return env

    def git(self, *args, cwd=None, check=True):
        proc = subprocess.run(
            [GIT, "-c", "user.name=Test", "-c", "user.email=test@example.com",
             "-c", "init.defaultBranch=main", *args],
            cwd=cwd or self.root, capture_output=True, text=True, env=self.env())
        if check:
            self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc

    def log(self, n=1):
        return self.git("log", f"-{n}", "--format=%s").stdout.splitlines()

    def files_in_head(self):
        out = self.git("show", "--name-only", "--format=", "HEAD").stdout
        return sorted(out.split())

    def init_git(self):
        self.ok("init", "--git", self.root, cwd=self.dir)

    def deals_bin(self):
        from harness import DEALS
        return DEALS

    def qualified_deal(self):
        self.ok("add", "Website redesign", "--company", "Acme Corp", "--on", "2026-11-02")
        self.ok("qualify", "acme", "--budget", "yes", "--authority", "yes", "--need", "yes",
                "--on", "2026-11-05")
        return "acme-corp-website-redesign"



@unittest.skipUnless(GIT, "git is not installed")
class GitTest(GitBase):
    def test_init_git_creates_repository_and_commits(self):
        r = self.ok("init", "--git", self.root, cwd=self.dir)
        self.assertEqual(r.err, "")
        self.assertTrue(os.path.isdir(os.path.join(self.root, ".git")))
        self.assertEqual(self.log(5), ["deals: init pipeline"])
        self.assertEqual(self.files_in_head(), [".gitattributes", "deals/.gitkeep", "pipeline.toml"])
        with open(os.path.join(self.root, "pipeline.toml")) as f:
            self.assertIn("autocommit = true", f.read())
        self.assertEqual(self.git("status", "--porcelain").stdout, "")

    def test_init_git_inside_a_work_tree_does_not_nest_a_repository(self):
        outer = os.path.join(self.dir, "outer")
        os.mkdir(outer)
        self.git("init", "-q", cwd=outer)
        self.root = os.path.join(outer, "sales")
        self.ok("init", "--git", "sales", cwd=outer)
        self.assertFalse(os.path.exists(os.path.join(self.root, ".git")))
        out = self.git("log", "--name-only", "--format=%s", cwd=outer).stdout.split()
        self.assertEqual(out, ["deals:", "init", "pipeline", "sales/.gitattributes",
                               "sales/deals/.gitkeep", "sales/pipeline.toml"])

    def test_every_mutating_command_commits_with_its_message(self):
        self.init_git()
        id = self.qualified_deal()
        self.ok("advance", id, "--to", "proposal", "--on", "2026-11-20")
        self.ok("advance", id, "--on", "2026-11-25")
        self.ok("log", id, "Called Jane", "--kind", "call")
        self.ok("next", id, "Send contract", "--due", "+2d")
        self.ok("won", id, "--value", "12000")
        self.ok("reopen", id)
        self.ok("lost", id, "--reason", "price")
        self.ok("add", "Other", "--id", "other")
        self.ok("rm", "other", "--yes")
        self.assertEqual(self.log(20), [
            "deals: rm other",
            "deals: add other",
            f"deals: lost {id} negotiation -> lost",
            f"deals: reopen {id} won -> negotiation",
            f"deals: won {id} negotiation -> won",
            f"deals: next {id}",
            f"deals: log {id} call",
            f"deals: advance {id} proposal -> negotiation",
            f"deals: advance {id} qualified -> proposal",
            f"deals: qualify {id} lead -> qualified",
            f"deals: add {id}",
            "deals: init pipeline",
        ])
        self.assertEqual(self.git("status", "--porcelain").stdout, "")

    def test_commit_holds_only_the_changed_file_and_keeps_user_staging(self):
        self.init_git()
        id = self.qualified_deal()
        self.ok("add", "Untouched", "--id", "untouched")
        # The user has work of their own: one file staged, one deal edited but not staged.
        with open(os.path.join(self.root, "notes.txt"), "w") as f:
            f.write("my notes\n")
        self.git("add", "notes.txt")
        with open(self.path("untouched"), "a") as f:
            f.write("notes: mine\n")
        self.ok("advance", id, "--to", "proposal", "--on", "2026-11-20")
        self.assertEqual(self.log(), [f"deals: advance {id} qualified -> proposal"])
        self.assertEqual(self.files_in_head(), [f"deals/{id}.yaml"])
        status = self.git("status", "--porcelain").stdout.splitlines()
        self.assertEqual(sorted(status), [" M deals/untouched.yaml", "A  notes.txt"])

    def test_no_commit_when_autocommit_is_off_or_nothing_changed(self):
        self.init_git()
        id = self.qualified_deal()
        head = self.git("rev-parse", "HEAD").stdout
        self.ok("next", id)  # a mutating command that only shows: no commit
        self.assertEqual(self.git("rev-parse", "HEAD").stdout, head)
        path = os.path.join(self.root, "pipeline.toml")
        with open(path) as f:
            text = f.read().replace("autocommit = true", "autocommit = false")
        with open(path, "w") as f:
            f.write(text)
        self.git("commit", "-qam", "autocommit off")
        head = self.git("rev-parse", "HEAD").stdout
        self.ok("log", id, "quiet")
        self.assertEqual(self.git("rev-parse", "HEAD").stdout, head)
        self.assertIn(f" M deals/{id}.yaml", self.git("status", "--porcelain").stdout)

    def test_missing_git_is_a_warning_and_the_change_is_kept(self):
        self.init_git()
        id = self.qualified_deal()
        empty = os.path.join(self.dir, "empty-bin")
        os.mkdir(empty)
        r = self.ok("log", id, "offline", env=self.env(PATH=empty))
        self.assertIn("deals: warning: git not found", r.err)
        self.assertIn("note: offline", self.read(id))
        # And init --git without git still creates the pipeline.
        other = os.path.join(self.dir, "other")
        r = self.ok("init", "--git", other, cwd=self.dir, env=self.env(PATH=empty))
        self.assertIn("deals: warning: git not found", r.err)
        self.assertTrue(os.path.exists(os.path.join(other, "pipeline.toml")))

    def test_failing_commit_is_a_warning_and_the_change_is_kept(self):
        self.init_git()
        id = self.qualified_deal()
        hook = os.path.join(self.root, ".git", "hooks", "pre-commit")
        with open(hook, "w") as f:
            f.write("#!/bin/sh\necho 'hook refuses' >&2\nexit 1\n")
        os.chmod(hook, 0o755)
        r = self.ok("log", id, "kept anyway")
        self.assertIn("deals: warning: the change is saved but not committed", r.err)
        self.assertIn("hook refuses", r.err)
        self.assertIn("note: kept anyway", self.read(id))
        self.assertEqual(self.log(), [f"deals: qualify {id} lead -> qualified"])

    def test_git_variables_from_a_hook_do_not_redirect_the_commit(self):
        self.init_git()
        id = self.qualified_deal()
        decoy = os.path.join(self.dir, "decoy")
        os.mkdir(decoy)
        self.git("init", "-q", cwd=decoy)
        env = self.env(GIT_DIR=os.path.join(decoy, ".git"), GIT_WORK_TREE=decoy,
                       GIT_INDEX_FILE=os.path.join(decoy, "index.other"))
        self.ok("log", id, "from a hook", env=env)
        self.assertEqual(self.log(), [f"deals: log {id} note"])
        self.assertNotEqual(self.git("log", "--oneline", cwd=decoy, check=False).returncode, 0)

    def test_check_as_pre_commit_hook_blocks_a_broken_deal(self):
        self.init_git()
        self.qualified_deal()
        hook = os.path.join(self.root, ".git", "hooks", "pre-commit")
        # The two lines docs/scripting.md tells users to run.
        with open(hook, "w") as f:
            f.write(f"#!/bin/sh\nexec '{os.path.abspath(self.deals_bin())}' check\n")
        os.chmod(hook, 0o755)
        self.write("broken", "title: Broken\nstage: nowhere\ncreated: 2026-11-01\n")
        self.git("add", "deals/broken.yaml")
        proc = self.git("commit", "-m", "broken", check=False)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("deals/broken.yaml:2:", proc.stdout + proc.stderr)
        os.remove(self.path("broken"))
        self.git("rm", "-q", "--cached", "deals/broken.yaml")
        self.ok("log", "acme", "fine")  # deals' own commits pass the hook
        self.assertEqual(self.log(), ["deals: log acme-corp-website-redesign note"])



@unittest.skipUnless(GIT, "git is not installed")
class MergeTest(GitBase):
    """Two people (or a laptop and a cron job) change the pipeline on two branches."""

    def setUp(self):
        super().setUp()
        self.init_git()
        self.git("branch", "-M", "main")
        self.ok("add", "Website redesign", "--company", "Acme", "--value", "12000",
                "--on", "2026-11-02")
        self.ok("add", "Security audit", "--company", "Globex", "--value", "8000",
                "--on", "2026-11-03")
        self.ok("log", "acme", "Discovery call", "--kind", "call", "--on", "2026-11-04")
        self.ok("log", "globex", "Intro mail", "--kind", "email", "--on", "2026-11-04")

    def branch(self, name, *commands):
        self.git("checkout", "-q", "-b", name, "main")
        for c in commands:
            self.ok(*c)
        self.git("checkout", "-q", "main")

    def merge(self, *branches):
        results = []
        for b in branches:
            results.append(self.git("merge", "--no-edit", "-q", b, check=False))
        return results

    def test_changes_to_different_deals_merge_cleanly(self):
        self.branch("a", ("advance", "acme", "--to", "demo", "--force", "--on", "2026-11-10"))
        self.branch("b", ("advance", "globex", "--to", "proposal", "--force",
                          "--on", "2026-11-11"),
                    ("next", "globex", "Send proposal", "--due", "2026-12-01"))
        for r in self.merge("a", "b"):
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(self.ok("check").out, "")
        self.assertIn("stage: demo\n", self.read("acme-website-redesign"))
        self.assertIn("stage: proposal\n", self.read("globex-security-audit"))

    def test_new_deals_on_both_branches_merge_cleanly(self):
        self.branch("a", ("add", "Shop", "--company", "Initech", "--on", "2026-11-12"))
        self.branch("b", ("add", "App", "--company", "Umbrella", "--on", "2026-11-13"))
        for r in self.merge("a", "b"):
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        ids = self.ok("list", "--format", "csv").out
        self.assertIn("initech-shop", ids)
        self.assertIn("umbrella-app", ids)

    def test_log_entries_on_different_days_merge_with_the_deals_driver(self):
        # Both branches append a line after the same last entry: a line merge conflicts;
        # the deals merge driver (registered by init --git) keeps both, in date order.
        self.branch("a", ("log", "acme", "Sent case studies", "--kind", "email",
                          "--on", "2026-11-09"))
        self.branch("b", ("log", "acme", "Follow-up call", "--kind", "call",
                          "--on", "2026-11-06"))
        for r in self.merge("a", "b"):
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        text = self.read("acme-website-redesign")
        self.assertIn("log:\n"
                      "  - {date: 2026-11-04, kind: call, note: Discovery call}\n"
                      "  - {date: 2026-11-06, kind: call, note: Follow-up call}\n"
                      "  - {date: 2026-11-09, kind: email, note: Sent case studies}\n", text)
        self.assertEqual(self.ok("check").out, "")

    def test_without_the_driver_log_entries_conflict_in_one_obvious_line(self):
        # A clone where the driver is not registered (git does not copy config) merges
        # line by line, as git does by itself.
        self.git("config", "--remove-section", "merge.deals")
        self.branch("a", ("log", "acme", "Follow-up call", "--kind", "call",
                          "--on", "2026-11-06"))
        self.git("config", "--remove-section", "merge.deals")  # autocommit registered it again
        self.git("checkout", "-q", "-b", "b", "main")
        with open(self.path("acme-website-redesign"), "a") as f:
            f.write("  - {date: 2026-11-09, kind: email, note: Sent case studies}\n")
        self.git("commit", "-q", "-am", "hand-made log entry")
        self.git("checkout", "-q", "main")
        first, second = self.merge("a", "b")
        self.assertEqual(first.returncode, 0)
        self.assertNotEqual(second.returncode, 0)
        text = self.read("acme-website-redesign")
        self.assertEqual(text.count("<<<<<<<"), 1)


if __name__ == "__main__":
    unittest.main()

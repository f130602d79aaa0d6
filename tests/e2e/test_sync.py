"""End-to-end: two machines, one pipeline (spec section 11). A bare remote and two clones,
each scenario run with `git pull` (merge) and `git pull --rebase`: the deals merge driver
merges ordinary work on the same deal without a conflict; a real conflict is marked around
one field; writes are refused while git is half-way through something; `deals sync`."""
import os
import re
import shutil
import subprocess
import threading
import time
import unittest

from harness import DEALS, DealsTest

GIT = shutil.which("git")
MODES = ("merge", "rebase")


class Clone:
    """One machine's clone of the pipeline."""

    def __init__(self, test, root):
        self.t = test
        self.root = root

    def deals(self, *args, **kw):
        return self.t.deals(*args, cwd=self.root, **kw)

    def ok(self, *args, **kw):
        r = self.deals(*args, **kw)
        self.t.assertEqual(r.code, 0, r)
        return r

    def git(self, *args, check=True):
        proc = subprocess.run([GIT, *args], cwd=self.root, capture_output=True, text=True,
                              env=self.t.env())
        if check:
            self.t.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return proc

    def path(self, id):
        return os.path.join(self.root, "deals", id + ".yaml")

    def read(self, id):
        with open(self.path(id), encoding="utf-8") as f:
            return f.read()

    def write(self, id, text):
        with open(self.path(id), "w", encoding="utf-8") as f:
            f.write(text)

    def commit_all(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)

    def pull(self, mode):
        return self.git("pull", "--no-rebase" if mode == "merge" else "--rebase", check=False)

    def unmerged(self):
        return self.git("diff", "--name-only", "--diff-filter=U").stdout.split()


class Machines(DealsTest):
    init = False
    acme = [("add", "Website", "--company", "Acme", "--on", "2026-11-02"),
            ("qualify", "acme", "--budget", "yes", "--authority", "yes", "--need", "yes",
             "--on", "2026-11-05"),
            ("log", "acme", "Discovery call", "--kind", "call", "--on", "2026-11-06")]
    ID = "acme-website"

    def setUp(self):
        super().setUp()
        self.home = os.path.join(self.dir, "home")
        os.mkdir(self.home)
        with open(os.path.join(self.home, ".gitconfig"), "w") as f:
            f.write("[user]\n\tname = Test\n\temail = test@example.com\n"
                    "[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n")

    def env(self, **extra):
        env = self.hermetic_git_env(super().env(**extra), self.home)
        env.update(extra)
        return env

    def machines(self, name="p", setup=()):
        """A pipeline pushed to a bare remote, then cloned: (laptop, desktop). `setup` runs on
        the laptop before the push (commands, or callables taking the clone)."""
        base = os.path.join(self.dir, name)
        while os.path.exists(base):
            base += "-again"
        os.mkdir(base)
        a = Clone(self, os.path.join(base, "laptop"))
        self.ok("init", "--git", a.root, cwd=base)
        for step in setup:
            step(a) if callable(step) else a.ok(*step)
        subprocess.run([GIT, "init", "-q", "--bare", os.path.join(base, "remote.git")],
                       check=True, env=self.env())
        a.git("remote", "add", "origin", os.path.join(base, "remote.git"))
        a.git("push", "-q", "-u", "origin", "main")
        subprocess.run([GIT, "clone", "-q", os.path.join(base, "remote.git"),
                        os.path.join(base, "desktop")], check=True, env=self.env())
        b = Clone(self, os.path.join(base, "desktop"))
        b.ok("git-setup")
        return a, b

    def exchange(self, mode, a, b):
        """The laptop pushes; the desktop pulls with `mode`. Returns the pull."""
        a.git("push", "-q")
        return b.pull(mode)

    def assert_clean_merge(self, b, pull):
        self.assertEqual(pull.returncode, 0, pull.stdout + pull.stderr)
        self.assertEqual(b.unmerged(), [])
        self.assertEqual(b.git("status", "--porcelain").stdout, "")
        r = b.deals("check")
        self.assertEqual((r.code, r.out), (0, ""), r)

    def assert_dates_in_order(self, text):
        for key in ("history", "log"):
            m = re.search(r"^%s:\n((?:  - .*\n)+)" % key, text, re.M)
            if m:
                dates = re.findall(r"date: (\d{4}-\d\d-\d\d)", m.group(1))
                self.assertEqual(dates, sorted(dates), text)

    def scenario(self, setup, laptop, desktop, check):
        for mode in MODES:
            with self.subTest(mode=mode):
                a, b = self.machines(mode, setup)
                for step in laptop:
                    step(a) if callable(step) else a.ok(*step)
                for step in desktop:
                    step(b) if callable(step) else b.ok(*step)
                pull = self.exchange(mode, a, b)
                self.assert_clean_merge(b, pull)
                check(b, mode)


@unittest.skipUnless(GIT, "git is not installed")
class TwoMachines(Machines):
    # ---- the scenarios of the issue: zero conflicts ----

    def test_both_log_on_the_same_day(self):
        def check(b, mode):
            text = b.read(self.ID)
            self.assertIn("note: laptop call}", text)
            self.assertIn("note: desktop mail}", text)
            self.assert_dates_in_order(text)
        self.scenario(self.acme, [("log", "acme", "laptop call", "--kind", "call")],
                      [("log", "acme", "desktop mail", "--kind", "email")], check)

    def test_both_log_on_different_days(self):
        def check(b, mode):
            text = b.read(self.ID)
            log = re.findall(r"note: (\w+ \w+)\}", text)
            self.assertEqual(log[-2:], ["desktop mail", "laptop call"])
            self.assert_dates_in_order(text)
        self.scenario(self.acme, [("log", "acme", "laptop call", "--on", "2026-11-28")],
                      [("log", "acme", "desktop mail", "--on", "2026-11-20")], check)

    def test_log_against_advance(self):
        def check(b, mode):
            text = b.read(self.ID)
            self.assertIn("stage: contacted\n", text)
            self.assertIn("{date: 2026-11-30, stage: contacted}", text)
            self.assertIn("note: laptop call}", text)
            self.assert_dates_in_order(text)
        self.scenario(self.acme, [("log", "acme", "laptop call")],
                      [("advance", "acme")], check)

    def test_log_against_won_including_the_deals_first_log(self):
        # No log yet: the laptop's log creates the log: key (qualify would log its answers).
        setup = [self.acme[0], ("advance", "acme", "--force", "--on", "2026-11-05")]

        def check(b, mode):
            text = b.read(self.ID)
            self.assertIn("stage: won\n", text)
            self.assertIn("log:\n  - {date: 2026-11-29, kind: call, note: laptop call}\n", text)
            self.assertTrue(text.rstrip().endswith("}"), text)
            self.assert_dates_in_order(text)
            show = b.ok("show", "acme", "--format", "json").out
            self.assertIn('"stage": "won"', show)
        self.scenario(setup, [("log", "acme", "laptop call", "--kind", "call",
                               "--on", "2026-11-29")],
                      [("won", "acme", "--value", "9000")], check)

    def test_title_against_value_on_a_deal_without_company_or_source(self):
        def retitle(c):
            c.write("website", c.read("website").replace("title: Website\n",
                                                           "title: Website relaunch\n"))
            c.commit_all("retitle")

        def value(c):
            c.write("website", c.read("website").replace("stage: lead\n",
                                                           "value: 5000\nstage: lead\n"))
            c.commit_all("value")

        def check(b, mode):
            text = b.read("website")
            self.assertIn("title: Website relaunch\n", text)
            self.assertIn("value: 5000\n", text)
        self.scenario([("add", "Website", "--on", "2026-11-02")], [retitle], [value], check)

    def test_next_action_on_one_side(self):
        def check(b, mode):
            text = b.read(self.ID)
            self.assertIn("next:\n  action: Call Jane\n  due: 2026-12-02\n", text)
            self.assertIn("note: desktop mail}", text)
        self.scenario(self.acme, [("next", "acme", "Call Jane", "--due", "2026-12-02")],
                      [("log", "acme", "desktop mail", "--kind", "email")], check)

    def test_add_add_of_the_same_lead(self):
        def check(b, mode):
            text = b.read(self.ID)
            self.assertIn("value: 5000\n", text)
            self.assertIn("email: jane@acme.example\n", text)
            self.assertEqual(text.count("stage: lead}"), 1, text)
        self.scenario([], [("add", "Website", "--company", "Acme", "--value", "5000")],
                      [("add", "Website", "--company", "Acme", "--email", "jane@acme.example")],
                      check)

    HAND = ("# Acme: the big one\n"
            "title: Website   # working title\n"
            "company: Acme\n"
            "stage: qualified\n"
            "created: 2026-11-02\n"
            "\n"
            "# how we got here\n"
            "history:\n"
            "  - {date: 2026-11-02, stage: lead}\n"
            "  - {date: 2026-11-05, stage: qualified}   # after the call\n"
            "log:\n"
            "  - {date: 2026-11-06, kind: call, note: Discovery}\n")

    def test_commented_hand_made_files_on_both_sides(self):
        def hand(c):
            c.write("acme", self.HAND)
            c.commit_all("hand-made")

        def laptop_edit(c):
            c.write("acme", c.read("acme").replace("company: Acme\n",
                                                   "company: Acme   # via Jane\n"))
            c.commit_all("laptop comment")

        def check(b, mode):
            text = b.read("acme")
            for comment in ("# Acme: the big one\n", "# working title",
                            "# how we got here\n", "# after the call"):
                self.assertIn(comment, text)
            self.assertIn("note: laptop call}", text)
            self.assertIn("note: desktop mail}", text)
            self.assert_dates_in_order(text)
        # Both log: the lines git would conflict on; the file keeps its comments.
        self.scenario([hand], [("log", "acme", "laptop call")],
                      [("log", "acme", "desktop mail", "--on", "2026-11-20")], check)

        def check_both_layouts(b, mode):
            text = b.read("acme")
            # A comment the other side added survives when git's line merge is clean.
            self.assertIn("company: Acme   # via Jane\n", text)
            self.assertIn("next:\n  action: Call Jane\n", text)
            self.assertIn("note: desktop mail}", text)
            self.assertIn("# after the call", text)
        self.scenario([hand], [laptop_edit, ("next", "acme", "Call Jane")],
                      [("log", "acme", "desktop mail", "--on", "2026-11-20")],
                      check_both_layouts)

    # ---- a real conflict ----

    def conflict(self, mode):
        a, b = self.machines(mode, self.acme)
        a.ok("next", "acme", "Call Jane", "--due", "2026-12-02")
        b.ok("log", "acme", "desktop mail")  # merges cleanly (also when replayed by a rebase)
        b.ok("next", "acme", "Send offer")
        pull = self.exchange(mode, a, b)
        self.assertNotEqual(pull.returncode, 0)
        return a, b

    def test_both_set_next_differently_one_conflict_on_next_only(self):
        for mode in MODES:
            with self.subTest(mode=mode):
                a, b = self.conflict(mode)
                self.assertEqual(b.unmerged(), ["deals/acme-website.yaml"])
                text = b.read(self.ID)
                self.assertEqual(text.count("<<<<<<<"), 1, text)
                hunk = text[text.index("<<<<<<<"):text.index(">>>>>>>")]
                self.assertRegex(hunk, r"^<<<<<<< \w+\nnext:\n  action: .*\n(  due: .*\n)?"
                                       r"=======\nnext:\n  action: .*\n(  due: .*\n)?$")
                self.assertIn("Call Jane", hunk)
                self.assertIn("Send offer", hunk)
                # Everything else merged: both logs are there, outside the markers.
                outside = text.replace(hunk, "")
                self.assertIn("note: desktop mail}", outside)
                r = b.deals("check")
                self.assertEqual(r.code, 1)
                self.assertIn("deals/acme-website.yaml:", r.out)
                # A review shows the deal it could not read, in text and in JSON.
                review = b.ok("review")
                self.assertIn("COULD NOT READ", review.out)
                self.assertIn("deals/acme-website.yaml:", review.out)
                self.assertRegex(review.out, r"\nCOULD NOT READ \(1\).*\n  deals/acme-website"
                                             r"\.yaml:\d+: unresolved merge conflict")
                self.assertIn("deals/acme-website.yaml", review.err)
                import json
                j = json.loads(b.ok("review", "--format", "json").out)
                self.assertEqual([u["path"] for u in j["unreadable"]],
                                 ["deals/acme-website.yaml"])
                self.assertIsInstance(j["unreadable"][0]["line"], int)

    # ---- closing is never decided silently ----

    ACME_HEAD = "title: Website\ncompany: Acme\n"
    ACME_MID = ("created: 2026-11-02\nbant:\n  budget: true\n  authority: true\n  need: true\n"
                "history:\n  - {date: 2026-11-02, stage: lead}\n"
                "  - {date: 2026-11-05, stage: qualified}\n")
    ACME_LOG = ("log:\n  - {date: 2026-11-05, kind: qualify, note: \"budget yes, authority yes, "
                "need yes\"}\n  - {date: 2026-11-06, kind: call, note: Discovery call}\n")
    LOST = "  - {date: 2026-11-15, stage: lost, reason: too expensive}\n"
    WON = "  - {date: 2026-11-16, stage: won}\n"

    def closed_conflict(self, ours_stage, ours_entry, theirs_stage, theirs_entry):
        """The acme file as merge-file leaves it when the sides closed it differently."""
        return (self.ACME_HEAD +
                "<<<<<<< ours\nstage: %s\n=======\nstage: %s\n>>>>>>> theirs\n"
                % (ours_stage, theirs_stage) + self.ACME_MID +
                "<<<<<<< ours\n" + ours_entry + "=======\n" + theirs_entry + ">>>>>>> theirs\n" +
                self.ACME_LOG)

    @staticmethod
    def keep(text, ours):
        """`text` with one side of every conflict kept and the markers removed."""
        out, at = [], None
        for line in text.splitlines(keepends=True):
            if line.startswith("<<<<<<<"):
                at = "ours"
            elif line.startswith("======="):
                at = "theirs"
            elif line.startswith(">>>>>>>"):
                at = None
            elif at is None or (at == "ours") == ours:
                out.append(line)
        return "".join(out)

    def test_lost_against_won_is_a_conflict_on_stage_never_a_silent_win(self):
        for mode in MODES:
            with self.subTest(mode=mode):
                a, b = self.machines(mode, self.acme)
                a.ok("lost", "acme", "--reason", "too expensive", "--on", "2026-11-15")
                b.ok("won", "acme", "--on", "2026-11-16")
                pull = self.exchange(mode, a, b)
                self.assertNotEqual(pull.returncode, 0, pull.stdout + pull.stderr)
                self.assertIn("deals/acme-website.yaml: both sides changed stage differently",
                              pull.stderr)
                self.assertEqual(b.unmerged(), ["deals/acme-website.yaml"])
                # A merge replays the laptop's commit onto the desktop's (ours = won); a
                # rebase the desktop's onto the laptop's (ours = lost).
                if mode == "merge":
                    self.assertIn("stage: ours won on 2026-11-16, theirs lost on 2026-11-15",
                                  pull.stderr)
                    expected = self.closed_conflict("won", self.WON, "lost", self.LOST)
                else:
                    self.assertIn("stage: ours lost on 2026-11-15, theirs won on 2026-11-16",
                                  pull.stderr)
                    expected = self.closed_conflict("lost", self.LOST, "won", self.WON)
                text = b.read(self.ID)
                self.assertEqual(text, expected)
                r = b.deals("check")
                self.assertEqual(r.code, 1, r)
                self.assertIn("deals/acme-website.yaml:3: unresolved merge conflict", r.out)
                # A careless resolution (stage of one side, history of the other) is refused
                # by check; keeping one side throughout gives a valid deal.
                mixed = self.keep(text, True).split("history:")[0] + "history:" + \
                    self.keep(text, False).split("history:")[1]
                b.write(self.ID, mixed)
                r = b.deals("check")
                self.assertEqual(r.code, 1, r)
                self.assertIn("differs from 'stage: ", r.out)
                b.write(self.ID, self.keep(text, mode == "rebase"))  # keep lost
                self.assertEqual(b.ok("check").out, "")
                self.assertEqual(b.read(self.ID), self.ACME_HEAD + "stage: lost\n" +
                                 self.ACME_MID + self.LOST + self.ACME_LOG)
                b.git("add", "deals")
                if mode == "merge":
                    b.git("commit", "-q", "--no-edit")
                else:
                    proc = subprocess.run([GIT, "-c", "core.editor=true", "rebase", "--continue"],
                                          cwd=b.root, capture_output=True, text=True,
                                          env=self.env())
                    self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
                self.assertEqual(b.git("status", "--porcelain").stdout, "")
                self.assertIn('"stage": "lost"', b.ok("show", "acme", "--format", "json").out)

    def test_won_on_two_days_marks_the_entries(self):
        a, b = self.machines("p", self.acme)
        a.ok("won", "acme", "--on", "2026-11-15")
        b.ok("won", "acme", "--on", "2026-11-16")
        pull = self.exchange("merge", a, b)
        self.assertNotEqual(pull.returncode, 0)
        self.assertIn("stage: ours won on 2026-11-16, theirs won on 2026-11-15", pull.stderr)
        self.assertEqual(b.read(self.ID), self.ACME_HEAD + "stage: won\n" + self.ACME_MID +
                         "<<<<<<< ours\n" + self.WON + "=======\n"
                         "  - {date: 2026-11-15, stage: won}\n>>>>>>> theirs\n" + self.ACME_LOG)

    def test_close_against_an_earlier_advance_merges_to_the_close(self):
        def check(b, mode):
            text = b.read(self.ID)
            self.assertIn("stage: won\n", text)
            self.assertIn("  - {date: 2026-11-10, stage: demo}\n"
                          "  - {date: 2026-11-16, stage: won}\n", text)
        self.scenario(self.acme, [("advance", "acme", "--to", "demo", "--on", "2026-11-10")],
                      [("won", "acme", "--on", "2026-11-16")], check)

    def test_close_against_a_later_advance_is_a_conflict_not_a_silent_reopen(self):
        for mode in MODES:
            with self.subTest(mode=mode):
                a, b = self.machines(mode, self.acme)
                a.ok("advance", "acme", "--to", "demo", "--on", "2026-11-20")
                b.ok("won", "acme", "--on", "2026-11-16")
                pull = self.exchange(mode, a, b)
                self.assertNotEqual(pull.returncode, 0, pull.stdout + pull.stderr)
                text = b.read(self.ID)
                demo = "  - {date: 2026-11-20, stage: demo}\n"
                if mode == "merge":
                    expected = self.closed_conflict("won", self.WON, "demo", demo)
                else:
                    expected = self.closed_conflict("demo", demo, "won", self.WON)
                self.assertEqual(text, expected)

    # ---- no writes while git is half-way through something ----

    def assert_refused(self, clone, finish):
        before = clone.read(self.ID)
        other = clone.read("globex-audit")
        r = clone.deals("log", "globex", "during the operation")
        self.assertEqual(r.code, 1, r)
        self.assertIn(finish, r.err)
        self.assertIn("nothing changed", r.err)
        self.assertEqual(clone.read("globex-audit"), other)
        self.assertEqual(clone.read(self.ID), before)
        # Reads still work.
        clone.ok("list")
        clone.ok("show", "globex")

    def with_globex(self):
        return self.acme + [("add", "Audit", "--company", "Globex", "--on", "2026-11-03")]

    def test_writes_refused_during_merge_and_rebase(self):
        for mode, finish in (("merge", "git merge --abort"), ("rebase", "git rebase --abort")):
            with self.subTest(mode=mode):
                a, b = self.machines(mode, self.with_globex())
                a.ok("next", "acme", "Call Jane")
                b.ok("next", "acme", "Send offer")
                self.assertNotEqual(self.exchange(mode, a, b).returncode, 0)
                self.assert_refused(b, finish)
                r = b.deals("sync")
                self.assertEqual(r.code, 1)
                self.assertIn(finish, r.err)

    def test_writes_refused_during_cherry_pick_and_revert(self):
        for op, finish in (("cherry-pick", "git cherry-pick --abort"),
                           ("revert", "git revert --abort")):
            with self.subTest(op=op):
                a, _ = self.machines(op, self.with_globex())
                notes = os.path.join(a.root, "notes.txt")

                def note(text, message):
                    with open(notes, "w") as f:
                        f.write(text)
                    a.commit_all(message)
                note("one\n", "one")
                a.git("checkout", "-q", "-b", "side")
                note("two\n", "two")
                a.git("checkout", "-q", "main")
                note("three\n", "three")
                if op == "cherry-pick":
                    self.assertNotEqual(a.git("cherry-pick", "side", check=False).returncode, 0)
                else:
                    note("four\n", "four")
                    self.assertNotEqual(a.git("revert", "--no-edit", "HEAD~1",
                                              check=False).returncode, 0)
                self.assert_refused(a, finish)

    def test_command_during_a_stopped_pull_rebase_then_abort_loses_nothing(self):
        a, b = self.machines("p", self.with_globex())
        a.ok("next", "acme", "Call Jane")
        b.ok("next", "acme", "Send offer")
        self.assertNotEqual(self.exchange("rebase", a, b).returncode, 0)
        r = b.deals("log", "globex", "Called Hans", "--kind", "call")
        self.assertEqual(r.code, 1, r)  # refused, so the user knows to run it again
        b.git("rebase", "--abort")
        self.assertNotIn("Called Hans", b.read("globex-audit"))
        b.ok("log", "globex", "Called Hans", "--kind", "call")
        self.assertIn("Called Hans", b.git("show", "HEAD:deals/globex-audit.yaml").stdout)
        self.assertEqual(b.git("status", "--porcelain").stdout, "")

    # ---- deals sync ----

    def test_sync_commits_pulls_merges_and_pushes(self):
        a, b = self.machines("p", self.with_globex())
        a.ok("log", "acme", "laptop call")
        a.ok("add", "Shop", "--company", "Initech")
        r = a.ok("sync")
        self.assertIn("received from origin/main: nothing\n", r.out)
        self.assertIn("sent to origin/main: 2 changed", r.out.replace("1 added, 1 changed",
                                                                       "2 changed"))
        # The desktop edits by hand without committing (autocommit off there, say).
        b.write("globex-audit", b.read("globex-audit").replace("title: Audit",
                                                               "title: Security audit"))
        b.ok("log", "acme", "desktop mail", "--on", "2026-11-20")
        r = b.ok("sync")
        self.assertIn("committed 1 pending deal change\n", r.out)
        self.assertIn("received from origin/main: 1 added, 1 changed\n"
                      "  added    initech-shop\n  changed  acme-website\n", r.out)
        self.assertIn("sent to origin/main: 2 changed\n"
                      "  changed  acme-website\n  changed  globex-audit\n", r.out)
        r = a.ok("sync")
        self.assertIn("received from origin/main: 2 changed", r.out)
        self.assertIn("sent to origin/main: nothing", r.out)
        self.assertEqual(a.read(self.ID), b.read(self.ID))
        self.assertIn("title: Security audit", a.read("globex-audit"))
        self.assertEqual(a.ok("check").out, "")

    def test_sync_stops_on_a_conflict_naming_file_and_field_and_pushes_nothing(self):
        a, b = self.machines("p", self.acme)
        a.ok("next", "acme", "Call Jane")
        a.ok("sync")
        b.ok("next", "acme", "Send offer")
        remote_before = b.git("ls-remote", "origin", "main").stdout
        r = b.deals("sync")
        self.assertEqual(r.code, 1, r)
        self.assertIn("deals/acme-website.yaml: next\n", r.err)
        self.assertIn("nothing pushed", r.err)
        self.assertEqual(b.git("ls-remote", "origin", "main").stdout, remote_before)

    def test_sync_stops_on_won_against_lost_naming_file_and_fields(self):
        a, b = self.machines("p", self.acme)
        a.ok("lost", "acme", "--reason", "too expensive", "--on", "2026-11-15")
        a.ok("sync")
        b.ok("won", "acme", "--on", "2026-11-16")
        remote_before = b.git("ls-remote", "origin", "main").stdout
        r = b.deals("sync")
        self.assertEqual(r.code, 1, r)
        self.assertIn("sync stopped: both sides changed the same field; nothing pushed\n"
                      "  deals/acme-website.yaml: stage, history (the sides disagree on how the "
                      "deal was closed: keep the same side throughout)\n", r.err)
        self.assertEqual(b.git("ls-remote", "origin", "main").stdout, remote_before)
        self.assertEqual(b.read(self.ID), self.closed_conflict("won", self.WON, "lost", self.LOST))
        # Resolved (won kept), committed, synced: both machines agree on won.
        b.write(self.ID, self.keep(b.read(self.ID), True))
        self.assertEqual(b.ok("check").out, "")
        b.git("add", "deals")
        b.git("commit", "-q", "--no-edit")
        b.ok("sync")
        a.ok("sync")
        self.assertEqual(a.read(self.ID), self.ACME_HEAD + "stage: won\n" + self.ACME_MID +
                         self.WON + self.ACME_LOG)

    def test_sync_without_upstream_commits_and_says_so(self):
        a, _ = self.machines("p", self.acme)
        a.git("branch", "--unset-upstream")
        a.write(self.ID, a.read(self.ID).replace("title: Website", "title: Site"))
        r = a.ok("sync")
        self.assertIn("committed 1 pending deal change", r.out)
        self.assertIn("no upstream branch", r.out)
        self.assertEqual(a.git("status", "--porcelain").stdout, "")


@unittest.skipUnless(GIT, "git is not installed")
class OneMachine(Machines):
    """The git plumbing around one clone: driver registration, index.lock, check --staged."""

    def setUp(self):
        super().setUp()
        self.a, _ = self.machines("p", self.acme)
        self.root = self.a.root

    def test_autocommit_registers_a_missing_driver_with_this_binary(self):
        self.a.git("config", "--remove-section", "merge.deals")
        self.a.ok("log", "acme", "call")
        driver = self.a.git("config", "merge.deals.driver").stdout.strip()
        self.assertEqual(driver, "'%s' merge-file %%O %%A %%B %%P" % os.path.realpath(DEALS))

    def test_driver_is_plain_deals_when_this_binary_is_the_one_in_path(self):
        bindir = os.path.join(self.dir, "bin")
        os.mkdir(bindir)
        os.symlink(os.path.realpath(DEALS), os.path.join(bindir, "deals"))
        env = self.env(PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
        r = self.deals("git-setup", cwd=self.root, env=env)
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out, "merge driver 'deals' registered: deals merge-file %O %A %B %P\n")

    def test_git_setup_makes_a_clones_deals_directory_private(self):
        laptop, desktop = self.machines("priv")
        deals_dir = os.path.join(desktop.root, "deals")
        os.chmod(deals_dir, 0o755)  # as a clone under umask 022 gets it
        self.assertIn("readable by other users", desktop.ok("check").err)
        r = desktop.ok("git-setup")
        self.assertIn("deals/ made private to you (chmod 700: it holds personal contact "
                      "data)\n", r.out)
        self.assertEqual(os.stat(deals_dir).st_mode & 0o777, 0o700)
        self.assertNotIn("readable by other users", desktop.ok("check").err)
        self.assertNotIn("private", desktop.ok("git-setup").out)  # once

    def test_git_setup_writes_gitattributes_when_missing(self):
        os.remove(os.path.join(self.root, ".gitattributes"))
        self.a.git("commit", "-q", "-am", "no attributes")
        r = self.a.ok("git-setup")
        self.assertIn("wrote .gitattributes: deals/*.yaml merge=deals\n", r.out)
        self.assertEqual(self.a.git("show", "HEAD:.gitattributes").stdout,
                         "deals/*.yaml merge=deals\n")

    @staticmethod
    def file_in(d):
        """f(name, text): writes d/name and returns its path (merge-file's arguments)."""
        def f(name, text):
            with open(os.path.join(d, name), "w") as fh:
                fh.write(text)
            return os.path.join(d, name)
        return f

    def test_merge_file_by_hand_add_add_and_exit_codes(self):
        d = os.path.join(self.dir, "mf")
        os.mkdir(d)

        f = self.file_in(d)
        deal = "title: Web\nstage: lead\ncreated: 2026-11-30\nhistory:\n  - {date: 2026-11-30, stage: lead}\n"
        base = f("base", "")
        ours = f("ours", deal.replace("stage: lead\n", "value: 10\nstage: lead\n", 1))
        theirs = f("theirs", deal + "log:\n  - {date: 2026-11-30, kind: call, note: hi}\n")
        r = self.deals("merge-file", base, ours, theirs, "deals/web.yaml", cwd=self.root)
        self.assertEqual((r.code, r.err), (0, ""), r)
        with open(ours) as fh:
            self.assertEqual(fh.read(), "title: Web\nvalue: 10\nstage: lead\ncreated: 2026-11-30\n"
                             "history:\n  - {date: 2026-11-30, stage: lead}\n"
                             "log:\n  - {date: 2026-11-30, kind: call, note: hi}\n")
        ours = f("ours", deal.replace("title: Web", "title: Shop"))
        theirs = f("theirs", deal.replace("title: Web", "title: App"))
        r = self.deals("merge-file", base, ours, theirs, "deals/web.yaml", cwd=self.root)
        self.assertEqual(r.code, 1, r)
        self.assertIn("deals/web.yaml: both sides changed title differently", r.err)
        with open(ours) as fh:
            self.assertTrue(fh.read().startswith(
                "<<<<<<< ours\ntitle: Shop\n=======\ntitle: App\n>>>>>>> theirs\nstage: lead\n"))
        # A side that is not a valid deal: git's line merge, with a warning.
        ours = f("ours", "title: [broken\n")
        r = self.deals("merge-file", base, ours, theirs, "deals/web.yaml", cwd=self.root)
        self.assertEqual(r.code, 1, r)
        self.assertIn("merging it line by line", r.err)

    def test_merge_file_lost_against_won_by_hand(self):
        d = os.path.join(self.dir, "closed")
        os.mkdir(d)

        f = self.file_in(d)
        head = "title: T\nstage: %s\ncreated: 2026-11-01\nhistory:\n  - {date: 2026-11-01, stage: proposal}\n"
        base = f("base", head % "proposal")
        lost = head % "lost" + "  - {date: 2026-11-15, stage: lost, reason: too expensive}\n"
        won = head % "won" + "  - {date: 2026-11-16, stage: won}\n"
        ours = f("ours", lost)
        theirs = f("theirs", won)
        r = self.deals("merge-file", base, ours, theirs, "deals/t.yaml", cwd=self.root)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(r.out, "")
        self.assertEqual(r.err,
                         "deals: deals/t.yaml: both sides changed stage differently; conflict "
                         "marked around it\n"
                         "deals: deals/t.yaml: stage: ours lost on 2026-11-15, theirs won on "
                         "2026-11-16; the history entries are marked too: keep the same side "
                         "throughout\n")
        with open(ours) as fh:
            self.assertEqual(fh.read(),
                             "title: T\n<<<<<<< ours\nstage: lost\n=======\nstage: won\n"
                             ">>>>>>> theirs\ncreated: 2026-11-01\nhistory:\n"
                             "  - {date: 2026-11-01, stage: proposal}\n<<<<<<< ours\n"
                             "  - {date: 2026-11-15, stage: lost, reason: too expensive}\n"
                             "=======\n  - {date: 2026-11-16, stage: won}\n>>>>>>> theirs\n")
        # The same close on both sides, and a close against a log: merged, exit 0.
        ours = f("ours", lost)
        r = self.deals("merge-file", base, ours, f("theirs", lost), "deals/t.yaml", cwd=self.root)
        self.assertEqual((r.code, r.err), (0, ""), r)
        with open(ours) as fh:
            self.assertEqual(fh.read(), lost)
        logged = head % "proposal" + "log:\n  - {date: 2026-11-20, kind: call, note: hi}\n"
        r = self.deals("merge-file", base, ours, f("theirs", logged), "deals/t.yaml",
                       cwd=self.root)
        self.assertEqual((r.code, r.err), (0, ""), r)
        with open(ours) as fh:
            self.assertEqual(fh.read(),
                             lost + "log:\n  - {date: 2026-11-20, kind: call, note: hi}\n")

    def test_autocommit_waits_for_index_lock(self):
        lock = os.path.join(self.root, ".git", "index.lock")
        open(lock, "w").close()
        timer = threading.Timer(1.0, os.remove, [lock])
        timer.start()
        started = time.monotonic()
        r = self.a.ok("log", "acme", "while git was busy")
        timer.join()
        self.assertGreaterEqual(time.monotonic() - started, 0.9)
        self.assertEqual(r.err, "")
        self.assertEqual(self.a.git("status", "--porcelain").stdout, "")

    def test_a_change_left_uncommitted_goes_in_with_the_next_command_on_that_deal(self):
        lock = os.path.join(self.root, ".git", "index.lock")
        open(lock, "w").close()
        r = self.a.deals("log", "acme", "first", env=self.env(DEALS_GIT_LOCK_TIMEOUT="0.3"))
        self.assertEqual(r.code, 0, r)
        self.assertIn("the change is saved but not committed", r.err)
        self.assertIn("index.lock", r.err)
        os.remove(lock)
        self.assertIn("note: first}", self.a.read(self.ID))
        self.a.ok("log", "acme", "second")
        head = self.a.git("show", "HEAD:deals/acme-website.yaml").stdout
        self.assertIn("note: first}", head)
        self.assertIn("note: second}", head)
        self.assertEqual(self.a.git("status", "--porcelain").stdout, "")

    def test_eight_writers_racing_git_status_leave_nothing_uncommitted(self):
        for i in range(8):
            self.a.ok("add", "Deal %d" % i, "--id", "d%d" % i)
        stop = threading.Event()

        def status_loop():
            while not stop.is_set():
                subprocess.run([GIT, "status", "--porcelain"], cwd=self.root,
                               capture_output=True, env=self.env())
                time.sleep(0.02)
        poller = threading.Thread(target=status_loop)
        poller.start()
        try:
            procs = []
            for i in range(8):
                for n in range(3):
                    procs.append(subprocess.Popen(
                        [DEALS, "log", "d%d" % i, "entry %d" % n, "--on", "2026-11-%02d" % (n + 1)],
                        cwd=self.root, env=self.env(), stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE, text=True))
            results = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
        finally:
            stop.set()
            poller.join()
        for code, err in results:
            self.assertEqual((code, err), (0, ""))
        self.assertEqual(self.a.git("status", "--porcelain").stdout, "")
        for i in range(8):
            head = self.a.git("show", "HEAD:deals/d%d.yaml" % i).stdout
            self.assertEqual(head.count("note: entry"), 3, head)

    BAD = "title: Broken\nstage: nowhere\ncreated: 2026-11-30\n"

    def test_check_staged_checks_what_the_commit_will_contain(self):
        good = self.a.read(self.ID)
        self.a.write(self.ID, self.BAD)
        self.a.git("add", "deals/acme-website.yaml")
        self.a.write(self.ID, good)  # the work tree is fine, the index is not
        self.assertEqual(self.a.ok("check").out, "")
        r = self.a.deals("check", "--staged")
        self.assertEqual(r.code, 1, r)
        self.assertIn("deals/acme-website.yaml:2: unknown stage 'nowhere'", r.out)
        # And the other way round: a broken work tree file that is not staged.
        self.a.write(self.ID, good.replace("title: Website", "title: Website relaunch"))
        self.a.git("add", "deals/acme-website.yaml")
        self.a.write(self.ID, self.BAD)
        r = self.a.deals("check", "--staged")
        self.assertEqual((r.code, r.out), (0, ""), r)
        self.assertIn("1 staged deal file checked, no problems", r.err)
        self.assertEqual(self.a.deals("check").code, 1)

    def test_check_staged_checks_the_files_out_below_tmpdir(self):
        self.a.write(self.ID, self.BAD)
        self.a.git("add", "deals/acme-website.yaml")
        tmp = os.path.join(self.dir, "tmp")
        os.mkdir(tmp)
        r = self.a.deals("check", "--staged", env=self.env(TMPDIR=tmp))
        self.assertEqual(r.code, 1, r)
        self.assertIn("unknown stage 'nowhere'", r.out)
        self.assertEqual(os.listdir(tmp), [])  # its temporary directory is gone again
        missing = os.path.join(self.dir, "missing")
        r = self.a.deals("check", "--staged", env=self.env(TMPDIR=missing))
        self.assertEqual((r.code, r.out), (1, ""), r)
        self.assertEqual(r.err, f"deals: cannot create a temporary directory in {missing} "
                                "($TMPDIR): No such file or directory\n")

    def test_pre_commit_hook_from_the_readme_blocks_a_bad_staged_deal(self):
        hook = os.path.join(self.root, ".git", "hooks", "pre-commit")
        bindir = os.path.join(self.dir, "bin")
        os.mkdir(bindir)
        os.symlink(os.path.realpath(DEALS), os.path.join(bindir, "deals"))
        with open(hook, "w") as f:
            f.write("#!/bin/sh\nexec deals check --staged\n")
        os.chmod(hook, 0o755)
        env = self.env(PATH=bindir + os.pathsep + os.environ.get("PATH", ""))
        self.a.write("broken", self.BAD)
        self.a.git("add", "deals/broken.yaml")
        proc = subprocess.run([GIT, "commit", "-q", "-m", "broken"], cwd=self.root, env=env,
                              capture_output=True, text=True)
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("deals/broken.yaml:2: unknown stage 'nowhere'", proc.stdout + proc.stderr)
        # deals' own commits pass it.
        self.a.git("reset", "-q")
        os.remove(self.a.path("broken"))
        r = self.deals("log", "acme", "fine", cwd=self.root, env=env)
        self.assertEqual((r.code, r.err), (0, ""), r)
        self.assertEqual(self.a.git("status", "--porcelain").stdout, "")


if __name__ == "__main__":
    unittest.main()

"""Failures that must be loud, never silent: output that cannot be written, a cache on a
file system whose timestamps cannot be trusted, bad environment values, files that grow
past the reader's limits, hard-linked snapshots, orphaned temporary files, and control
characters headed for a terminal."""
import json
import os
import pty
import re
import shutil
import subprocess
import tempfile
import time
import unittest

from harness import DEALS, DealsTest

# Every command that prints, with arguments that make it print something.
PRINTING = [
    ["list"], ["list", "--format", "json"], ["list", "--format", "csv"],
    ["list", "--format", "md"], ["show", "acme"], ["show", "acme", "--format", "json"],
    ["show", "acme", "--format", "yaml"], ["review"], ["review", "--format", "md"],
    ["review", "--format", "json"], ["review", "--format", "html"], ["stats"],
    ["stats", "--format", "json"], ["forecast"], ["forecast", "--format", "csv"],
    ["due"], ["due", "--format", "json"], ["stalled"], ["stalled", "--format", "csv"],
    ["check", "--format", "json"], ["completion", "bash"], ["completion", "zsh"],
    ["completion", "fish"], ["completion", "ids"], ["export", "--format", "json"],
    ["export", "--format", "csv"], ["next", "acme"], ["--help"], ["list", "--help"],
    ["--version"],
]


# Idle since August: every report, `due` and `stalled` have something to print.
ACME = """title: Acme rollout
company: Acme
value: 12000
stage: proposal
created: 2026-08-01
expected_close: 2026-12-20
next:
  action: call back
  due: 2026-11-20
history:
  - {date: 2026-08-01, stage: proposal}
log:
  - {date: 2026-08-01, kind: call, note: first call}
"""


def slurp(path):
    with open(path, "rb") as f:
        return f.read()


class MountingTest(DealsTest):
    """Unmounts what a test mounted before its directory is removed."""

    def setUp(self):
        self.mounts = []
        super().setUp()

    def tearDown(self):
        for command in reversed(self.mounts):
            subprocess.run(command, capture_output=True)
        super().tearDown()


def run_to(args, cwd, env, stdout=None, stderr=subprocess.PIPE):
    return subprocess.run([DEALS, *args], cwd=cwd, env=env, stdout=stdout, stderr=stderr,
                          timeout=60)


class OutputErrorTest(MountingTest):
    def setUp(self):
        super().setUp()
        self.write("acme", ACME)

    def test_every_printing_command_reports_a_full_disk(self):
        for args in PRINTING:
            with self.subTest(args=args):
                with open("/dev/full", "wb") as full:
                    p = run_to(args, self.root, self.env(), stdout=full)
                self.assertEqual(p.returncode, 1, (args, p.stderr))
                self.assertEqual(p.stderr.decode(),
                                 "deals: writing output: No space left on device\n")

    def test_the_same_commands_print_when_the_disk_has_room(self):
        for args in PRINTING:
            with self.subTest(args=args):
                p = run_to(args, self.root, self.env(), stdout=subprocess.PIPE)
                self.assertEqual(p.returncode, 0, (args, p.stderr))
                self.assertTrue(p.stdout, args)

    def test_messages_to_a_full_stderr_make_the_exit_status_1(self):
        with open("/dev/full", "wb") as full:
            p = run_to(["check"], self.root, self.env(), stderr=full)
        self.assertEqual(p.returncode, 1)
        with open("/dev/full", "wb") as full:
            p = run_to(["show", "nosuch"], self.root, self.env(), stderr=full)
        self.assertEqual(p.returncode, 1)

    def test_a_closed_stdout_is_an_error(self):
        p = subprocess.run([DEALS, "list"], cwd=self.root, env=self.env(), stdout=None,
                           stderr=subprocess.PIPE, pass_fds=(), close_fds=True,
                           preexec_fn=lambda: os.close(1))
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr.decode(), "deals: writing output: Bad file descriptor\n")

    def tiny_tmpfs(self):
        mnt = os.path.join(self.dir, "tiny")
        os.mkdir(mnt)
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", mnt],
                           capture_output=True)
        if r.returncode != 0:
            self.skipTest("cannot mount a tmpfs here (needs root): " + r.stderr.decode().strip())
        self.mounts.append(["umount", mnt])
        return mnt

    def test_export_to_a_full_file_system_fails_and_says_so(self):
        mnt = self.tiny_tmpfs()
        for i in range(200):  # each output is over 16 KB: more than the 8 KiB file system holds
            self.write(f"deal-{i:03}", ACME.replace("Acme rollout", f"Deal number {i} " + "x" * 60))
        for args in (["export", "--format", "json"], ["export", "--format", "csv"],
                     ["list"], ["review", "--format", "html"]):
            with self.subTest(args=args):
                target = os.path.join(mnt, "out")
                with open(target, "wb") as f:
                    p = run_to(args, self.root, self.env(), stdout=f)
                self.assertEqual(p.returncode, 1, (args, p.stderr))
                self.assertEqual(p.stderr.decode(),
                                 "deals: writing output: No space left on device\n")
                os.remove(target)
        # With room, the same export is complete and parses.
        p = run_to(["export", "--format", "json"], self.root, self.env(),
                   stdout=subprocess.PIPE)
        self.assertEqual(len(json.loads(p.stdout)), 201)


class EnvironmentTest(DealsTest):
    def test_a_bad_lock_timeout_is_an_error_naming_it(self):
        self.ok("add", "Acme", "--id", "acme")
        before = self.read("acme")
        for bad in ["nan", "abc", "-1", "inf", "1e3", " 5", "0x10"]:
            for args in (["log", "acme", "called"], ["list"]):
                with self.subTest(value=bad, args=args):
                    r = self.fails(1, *args, env=self.env(DEALS_LOCK_TIMEOUT=bad))
                    self.assertTrue(r.err.startswith("deals: DEALS_LOCK_TIMEOUT: invalid value '"),
                                    r)
                    self.assertEqual(r.out, "")
        self.assertEqual(self.read("acme"), before)
        for good in ["", "0", "2.5", "10"]:
            self.ok("log", "acme", "called", env=self.env(DEALS_LOCK_TIMEOUT=good))

    def test_a_bad_git_lock_timeout_is_an_error_naming_it(self):
        self.ok("add", "Acme", "--id", "acme")
        before = self.read("acme")
        for bad in ["nan", "abc", "-1", "inf"]:
            with self.subTest(value=bad):
                r = self.fails(1, "log", "acme", "called",
                               env=self.env(DEALS_GIT_LOCK_TIMEOUT=bad))
                self.assertTrue(
                    r.err.startswith("deals: DEALS_GIT_LOCK_TIMEOUT: invalid value '"), r)
        self.assertEqual(self.read("acme"), before)
        self.ok("log", "acme", "called", env=self.env(DEALS_GIT_LOCK_TIMEOUT="0.5"))

    def test_nan_no_longer_waits_forever(self):
        self.ok("add", "Acme", "--id", "acme")
        holder = subprocess.Popen(["flock", os.path.join(self.root, "deals"), "sleep", "30"])
        self.addCleanup(holder.wait)
        self.addCleanup(holder.kill)
        r = self.deals("log", "acme", "x", env=self.env(DEALS_LOCK_TIMEOUT="nan"), timeout=10)
        self.assertEqual(r.code, 1, r)
        self.assertIn("DEALS_LOCK_TIMEOUT", r.err)

    def test_a_bad_cache_switch_is_an_error(self):
        r = self.fails(1, "list", env=self.env(DEALS_CACHE="yes"))
        self.assertEqual(r.err, "deals: DEALS_CACHE: invalid value 'yes' (0 turns the deal cache "
                                "off, 1 on)\n")


class HardLinkSnapshotTest(DealsTest):
    def test_a_cp_al_snapshot_reads_like_the_original_and_keeps_its_copy(self):
        for i in range(3):
            self.ok("add", f"Deal {i}", "--id", f"d{i}")
        snap = os.path.join(self.dir, "snapshot")
        subprocess.run(["cp", "-al", self.root, snap], check=True)
        self.assertEqual(os.stat(self.path("d0")).st_nlink, 2)
        expected = self.ok("list").out
        self.assertEqual(len(expected.splitlines()), 5)  # header, 3 deals, totals
        for where in (self.root, snap):
            r = self.ok("list", cwd=where)
            self.assertEqual((r.out, r.err), (expected, ""))
            r = self.ok("check", cwd=where)
            self.assertIn("deals: warning: deals: 3 deal files have other hard links "
                          "(deals/d0.yaml, ...; a snapshot made with cp -al?)", r.err)
            self.assertIn("Deal 1", self.ok("show", "d1", cwd=where).out)
        snap_bytes = slurp(os.path.join(snap, "deals", "d1.yaml"))
        self.ok("log", "d1", "called after the snapshot")
        self.assertIn("called after the snapshot", self.read("d1"))
        # The write replaced the link by rename: the snapshot keeps its own copy.
        self.assertEqual(slurp(os.path.join(snap, "deals", "d1.yaml")), snap_bytes)
        self.assertEqual(os.stat(self.path("d1")).st_nlink, 1)
        self.assertEqual(os.stat(os.path.join(snap, "deals", "d1.yaml")).st_nlink, 1)
        self.ok("won", "d0", cwd=snap)
        self.assertIn("stage: lead", self.read("d0"))


CACHED_DEAL = ("title: Website {n:04d}\nstage: lead\ncreated: 2026-01-05\n"
               "history:\n  - {{date: 2026-01-05, stage: lead}}\n")


class CacheTrustTest(MountingTest):
    """The deal cache (.deals-cache/) must never show data that differs from the files."""

    def setUp(self):
        super().setUp()
        old = (os.stat(self.root).st_mtime_ns - 3600 * 10**9,) * 2
        for n in range(30):
            self.write(f"deal-{n:04d}", CACHED_DEAL.format(n=n))
            os.utime(self.path(f"deal-{n:04d}"), ns=old)
        self.cache_dir = os.path.join(self.root, ".deals-cache")
        self.cache = os.path.join(self.cache_dir, "deals.bin")

    def cached(self, *args, cwd=None):
        return self.ok(*args, cwd=cwd, env=self.env(DEALS_CACHE="1"))

    def bindfs(self, *options):
        if not shutil.which("bindfs"):
            self.skipTest("bindfs is not installed")
        if not os.path.exists("/dev/fuse") or not os.access("/dev/fuse", os.R_OK | os.W_OK):
            self.skipTest("no usable /dev/fuse on this machine")
        mnt = os.path.join(self.dir, "mnt")
        os.mkdir(mnt)
        r = subprocess.run(["bindfs", *options, self.root, mnt], capture_output=True)
        if r.returncode != 0:
            self.skipTest("cannot mount with bindfs here: " + r.stderr.decode().strip())
        self.mounts.append(["fusermount3", "-u", mnt])
        return mnt

    def test_no_cache_on_a_fuse_mount_where_ctime_is_the_mtime(self):
        mnt = self.bindfs("--ctime-from-mtime")
        time.sleep(2.2)  # old enough for the cache to trust, if it were used
        self.assertIn("Website 0007", self.cached("list", cwd=mnt).out)
        # In place, same size, and the old mtime put back: on this mount ctime says nothing.
        p = os.path.join(mnt, "deals", "deal-0007.yaml")
        st = os.stat(p)
        with open(p, "r+") as f:
            f.write(CACHED_DEAL.format(n=7).replace("Website", "Webshop"))
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
        self.assertEqual(os.stat(p).st_ctime_ns, st.st_ctime_ns)
        out = self.cached("list", cwd=mnt).out
        self.assertIn("Webshop 0007", out)
        self.assertNotIn("Website 0007", out)
        self.assertFalse(os.path.exists(self.cache))  # bypassed: never written there

    def test_the_cache_still_works_on_a_local_file_system(self):
        self.cached("list")
        self.assertTrue(os.path.exists(self.cache))
        time.sleep(2.2)
        self.cached("list")  # rewritten: now every file is older than its stamp
        before = os.stat(self.cache)
        self.cached("list")
        after = os.stat(self.cache)
        self.assertEqual((before.st_ino, before.st_mtime_ns), (after.st_ino, after.st_mtime_ns))
        self.assertEqual(os.listdir(self.cache_dir).count("deals.bin"), 1)
        self.assertEqual(sorted(os.listdir(self.cache_dir)), [".gitignore", "deals.bin"])

    def test_temp_files_of_killed_cache_writers_are_removed(self):
        self.cached("list")
        dead = os.path.join(self.cache_dir, "deals.bin.tmp.99999999")  # above any pid
        live = os.path.join(self.cache_dir, f"deals.bin.tmp.{os.getpid()}")
        for p in (dead, live):
            with open(p, "wb") as f:
                f.write(b"\0" * 100000)
        self.cached("list")
        self.assertFalse(os.path.exists(dead))
        self.assertTrue(os.path.exists(live))  # its writer may still be running

    def test_a_huge_cache_is_rejected_before_it_is_read(self):
        import resource
        expected = self.ok("list", env=self.env(DEALS_CACHE="0")).out
        self.cached("list")
        good = slurp(self.cache)
        for garbage in (b"", good):  # zeros only; a valid cache followed by 1 GiB of zeros
            with open(self.cache, "wb") as f:
                f.write(garbage)
                f.truncate(len(garbage) + (1 << 30))  # sparse: no disk used
            t = time.monotonic()
            self.assertEqual(self.cached("list").out, expected)
            self.assertLess(time.monotonic() - t, 5)
            # Reading it whole would take over 1 GiB of memory.
            self.assertLess(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, 200 * 1024)


class TempFileTest(DealsTest):
    def test_every_writer_removes_a_killed_writers_temp_files(self):
        subprocess.run(["git", "init", "-q", self.root], check=True)
        self.ok("add", "Acme", "--id", "acme")
        self.ok("add", "Beta", "--id", "beta")
        # What a killed writer leaves: its temporary files, and the mark it keeps in deals/
        # while it holds the lock (only a left mark makes the next writer list deals/).
        leftovers = [os.path.join(self.root, "deals", ".deals-tmp-acme.yaml.99999999"),
                     os.path.join(self.root, "deals", ".deals-tmp-beta.yaml.4242"),
                     os.path.join(self.root, "deals", ".deals-writing"),
                     os.path.join(self.root, ".deals-tmp-pipeline.toml.99999999")]
        live = os.path.join(self.root, f".deals-tmp-pipeline.toml.{os.getpid()}")
        for writer in (["log", "beta", "called"], ["won", "acme"], ["next", "beta", "x"]):
            with self.subTest(writer=writer):
                for p in leftovers + [live]:
                    with open(p, "w") as f:
                        f.write("title: half written\n")
                self.ok(*writer)
                for p in leftovers:
                    self.assertFalse(os.path.exists(p), p)
                # pipeline.toml is written without the lock: a live writer's file stays.
                self.assertTrue(os.path.exists(live))
                os.remove(live)
                status = subprocess.run(["git", "status", "--porcelain", "--ignored"],
                                        cwd=self.root, capture_output=True, text=True).stdout
                self.assertNotIn(".deals-tmp", status)
                self.assertNotIn(".deals-writing", status)


def big_log_deal(entries):
    lines = ["title: Acme", "stage: proposal", "created: 2020-01-01", "next:", "  action: call",
             "history:", "  - {date: 2020-01-01, stage: proposal}", "log:"]
    lines += ["  - {date: 2020-01-01, kind: call, note: called}"] * entries
    return "\n".join(lines) + "\n"


class LimitTest(DealsTest):
    """A deal that grows by normal use is refused before it passes what the reader takes,
    with the limit and the way out named, and can still be finished."""

    def test_a_log_at_the_node_limit_refuses_more_and_still_closes(self):
        self.write("acme", big_log_deal(14284))  # what 0.1 let a deal grow to
        self.assertIn("Acme", self.ok("show", "acme").out)
        before = self.read("acme")
        r = self.fails(1, "log", "acme", "one more call")
        self.assertEqual(
            r.err, "deals: deals/acme.yaml: not written: it would hold more than 100,000 YAML "
            "values, the most a deal file may hold (the log has 14,285 entries, the history 1 "
            "entry); move old log entries to `notes` or to a second file, or shorten the notes "
            "('deals edit acme'); won, lost and next --done still work\n")
        self.assertEqual(self.read("acme"), before)
        for args in (["advance", "acme"], ["next", "acme", "other"], ["qualify", "acme", "--yes",
                                                                       "budget"]):
            r = self.deals(*args)
            self.assertNotIn("internal", r.err, args)
        self.ok("next", "acme", "--done")
        self.ok("won", "acme", "--note", "signed")
        self.assertIn("stage: won", self.read("acme"))
        self.assertIn("won", self.ok("show", "acme").out)
        self.ok("check")
        self.ok("list", "--all")

    def test_lost_works_on_a_deal_at_the_limit(self):
        self.write("acme", big_log_deal(14284))
        self.ok("lost", "acme", "--reason", "went elsewhere")
        self.assertIn("stage: lost", self.read("acme"))

    def test_notes_that_reach_the_byte_limit_are_refused_with_the_size_named(self):
        self.ok("add", "Big", "--id", "big")
        note = "n" * 120000
        for i in range(8):
            self.ok("log", "big", note)
        before = self.read("big")
        r = self.fails(1, "log", "big", note)
        self.assertRegex(r.err, r"^deals: deals/big.yaml: not written: it would be 1,0\d\d,\d\d\d "
                                r"bytes, over the 1,000,000 bytes a deal file may hold \(the log "
                                r"has 9 entries, the history 1 entry\); move old log entries")
        self.assertEqual(self.read("big"), before)
        self.ok("next", "big", "call")
        self.ok("next", "big", "--done")
        self.ok("won", "big")
        self.ok("show", "big")

    def test_a_csv_cell_too_big_for_a_deal_is_reported_with_its_line_and_field(self):
        csv = os.path.join(self.dir, "in.csv")
        with open(csv, "w") as f:
            f.write("title,notes\nsmall,fine\n\"big\",\"" + "x" * 1100000 + "\"\nok,fine\n")
        r = self.fails(1, "import", csv)
        self.assertEqual(r.err, f"deals: {csv}:3: notes: 1,100,000 bytes; a deal file may hold "
                                f"1,000,000 bytes in all\ndeals: {csv}: 1 bad row; nothing "
                                "imported\n")
        self.assertEqual(os.listdir(os.path.join(self.root, "deals")), [".gitkeep"])

    def test_no_message_says_internal_error(self):
        from harness import SOURCE_DIR
        found = []
        for dirpath, _, files in os.walk(os.path.join(SOURCE_DIR, "src")):
            for name in files:
                with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                    for n, line in enumerate(f, 1):
                        if re.search(r'"[^"]*internal( error)?:', line):
                            found.append(f"{name}:{n}: {line.strip()}")
        self.assertEqual(found, [])


EVIL = "\u202e\u009b31m\x1b]52;c;aGk=\x07"  # bidi override, CSI (C1), OSC 52 (clipboard)


class TerminalTest(DealsTest):
    def on_terminal(self, *args):
        """Runs deals with stdout on a pseudo-terminal; returns what the terminal got.
        The terminal is read while deals runs: a pty holds only a few KiB."""
        master, slave = pty.openpty()
        try:
            p = subprocess.Popen([DEALS, *args], cwd=self.root, env=self.env(), stdout=slave,
                                 stderr=subprocess.PIPE)
            os.close(slave)
            slave = None
            out = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: the other side is closed and drained
                    break
                if not chunk:
                    break
                out += chunk
            err = p.stderr.read()
            p.stderr.close()
            p.wait(timeout=60)
        finally:
            if slave is not None:
                os.close(slave)
            os.close(master)
        self.assertEqual(p.returncode, 0, err)
        return out.decode("utf-8")

    def assert_inert(self, text, what):
        for bad in ("\x1b]", "\x07", "\u202e", "\u009b"):
            self.assertNotIn(bad, text, what)

    def test_pipeline_toml_strings_are_escaped_like_deal_data(self):
        path = os.path.join(self.root, "pipeline.toml")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        text = re.sub(r'(?m)^name = "[^"]*"', 'name = "Evil\u202eCorp\u009b31m"', text, count=1)
        evil_currency = re.sub(r'(?m)^currency = "[^"]*"', 'currency = "E\u202eU\u009bR"',
                               text, count=1)
        self.assertIn("Evil", text)
        # A currency must be a three-letter code: this one is refused, its message escaped.
        self.config(evil_currency)
        r = self.deals("list")
        self.assertEqual(r.code, 1, r)
        self.assertIn("'E\\u202EU\\u009BR' is not a currency code", r.err)
        self.assert_inert(r.err, "the refusal")
        self.config(text)
        self.ok("add", "Won deal", "--id", "w", "--value", "1000", "--expected-close",
                "2026-12-20")
        self.ok("won", "w")
        self.ok("add", "Open deal", "--id", "o", "--value", "500", "--expected-close",
                "2026-12-20")
        for args in (["review"], ["stats"], ["forecast"], ["list", "--all"], ["show", "o"],
                     ["show", "w"], ["due"], ["review", "--format", "md"],
                     ["forecast", "--format", "md"], ["stats", "--format", "md"],
                     ["review", "--format", "json"], ["forecast", "--format", "json"]):
            with self.subTest(args=args):
                self.assert_inert(self.ok(*args).out, args)
        self.assertIn("Evil\\u202ECorp\\u009B31m", self.ok("review").out)

    def test_raw_formats_on_a_terminal_show_control_characters_as_escapes(self):
        self.ok("add", "Deal" + EVIL, "--id", "evil", "--company", "Co" + EVIL)
        for args in (["export", "--format", "csv"], ["export"], ["list", "--format", "csv"],
                     ["show", "evil", "--format", "yaml"], ["list", "--format", "md"],
                     ["export", "--format", "json"], ["review", "--format", "html"]):
            with self.subTest(args=args):
                shown = self.on_terminal(*args)
                self.assert_inert(shown, args)
                self.assertIn("Deal", shown)
        shown = self.on_terminal("export", "--format", "csv")
        self.assertIn("\\u202E\\u009B31m\\x1B]52;c;aGk=\\x07", shown)
        # Piped or redirected, the same formats carry the data byte for byte.
        self.assertIn(EVIL, self.ok("export", "--format", "csv").out)
        self.assertIn(EVIL, self.ok("list", "--format", "csv").out)

    def test_text_on_a_terminal_keeps_its_colours(self):
        self.ok("add", "Deal", "--id", "d", "--next", "call", "--due", "2026-11-01")
        shown = self.on_terminal("list")
        self.assertIn("\x1b[", shown)  # the styling of text output is not escaped

    def test_json_escapes_c1_and_bidi_controls(self):
        self.ok("add", "Deal" + EVIL, "--id", "evil")
        out = self.ok("export", "--format", "json").out
        self.assert_inert(out, "json")
        self.assertIn("\\u009b", out)
        self.assertIn("\\u202e", out)
        self.assertEqual(json.loads(out)[0]["title"], "Deal" + EVIL)


if __name__ == "__main__":
    unittest.main()

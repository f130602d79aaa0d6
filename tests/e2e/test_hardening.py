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


def run_to(args, cwd, env, stdout=None, stderr=subprocess.PIPE):
    return subprocess.run([DEALS, *args], cwd=cwd, env=env, stdout=stdout, stderr=stderr,
                          timeout=60)


class OutputErrorTest(DealsTest):
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
        self.addCleanup(subprocess.run, ["umount", mnt])
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


if __name__ == "__main__":
    unittest.main()

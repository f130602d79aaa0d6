"""End-to-end: the questions `qualify` and `rm` ask on a terminal (run under a pty)."""
import os
import pty
import select
import time
import unittest

from harness import DEALS, DealsTest


class InteractiveTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Audit", "--company", "Globex", "--on", "2026-11-20")
        self.id = "globex-audit"

    def on_terminal(self, args, answers):
        """Runs deals on a pty, answering each prompt in turn; returns (output, exit)."""
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(self.root)
            os.execve(DEALS, ["deals", *args], self.env())
        out = b""
        pending = list(answers)
        deadline = time.time() + 20
        while time.time() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(fd, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
                if pending and out.rstrip().endswith((b"]", b"keeps)")):
                    os.write(fd, pending.pop(0).encode() + b"\n")
        _, status = os.waitpid(pid, 0)
        return out.decode().replace("\r\n", "\n"), os.waitstatus_to_exitcode(status)

    def test_qualify_asks_each_criterion(self):
        out, code = self.on_terminal(["qualify", "glob"], ["yes", "no", "yes", ""])
        self.assertEqual(code, 0, out)
        self.assertIn("budget? [yes/no/unknown] (now unknown, Enter keeps)", out)
        self.assertIn("globex-audit: not qualified (2 met, 3 required)\n  not met: authority\n",
                      out)
        self.assertIn("bant:\n  budget: true\n  authority: false\n  need: true\n",
                      self.read(self.id))

    def test_rm_asks_first_on_a_terminal(self):
        out, code = self.on_terminal(["rm", "glob"], ["n"])
        self.assertEqual(code, 1, out)
        self.assertIn("delete deals/globex-audit.yaml? [y/N]", out)
        self.assertTrue(os.path.exists(self.path(self.id)))
        out, code = self.on_terminal(["rm", "glob"], ["y"])
        self.assertEqual(code, 0, out)
        self.assertFalse(os.path.exists(self.path(self.id)))

    def test_without_a_terminal_nothing_is_asked(self):
        r = self.ok("qualify", "glob", input="")
        self.assertNotIn("?", r.out)
        self.ok("rm", "glob", input="")
        self.assertFalse(os.path.exists(self.path(self.id)))


    def test_colour_only_on_a_terminal_and_never_with_no_color(self):
        self.ok("next", "glob", "Call", "--due", "2026-11-01")  # overdue: shown in red
        out, code = self.on_terminal(["due"], [])
        self.assertEqual(code, 0, out)
        self.assertIn("\x1b[", out)
        env = self.env(NO_COLOR="1")
        pid, fd = pty.fork()
        if pid == 0:
            os.chdir(self.root)
            os.execve(DEALS, ["deals", "due"], env)
        plain = b""
        while True:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            plain += chunk
        os.waitpid(pid, 0)
        self.assertIn(b"globex-audit", plain)
        self.assertNotIn(b"\x1b[", plain)
        self.assertNotIn("\x1b[", self.ok("due").out)
        out, _ = self.on_terminal(["--no-color", "due"], [])
        self.assertNotIn("\x1b[", out)


if __name__ == "__main__":
    unittest.main()

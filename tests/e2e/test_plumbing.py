"""End-to-end: the command table's plumbing. Each command's --format values are declared
once (its --help, its completion and its error message agree), and what a command needs
(the lock for writes, nothing for reads) is done for it after its argument checks."""
import os
import re
import signal
import subprocess
import time

from harness import DealsTest

# Positional arguments a command needs before its --format is looked at.
ARGS = {"show": ["acme"], "find": ["acme"]}


class FormatsTest(DealsTest):
    def commands(self):
        help = self.ok("--help").out
        section = help.split("Subcommands:\n", 1)[1]
        return [line.split()[0] for line in section.splitlines() if line.startswith("  ")]

    def test_completion_offers_the_formats_of_each_commands_help(self):
        bash = self.ok("completion", "bash").out
        fish = self.ok("completion", "fish").out
        commands = self.commands()
        self.assertIn("merge-file", commands)
        with_format = []
        for cmd in commands:
            help = self.ok(cmd, "--help").out
            m = re.search(r"--format FORMAT +output format: ([a-z|]+) \(default ([a-z]+)\)\n", help)
            bash_words = re.search(rf"'{cmd} --format'\) COMPREPLY=\(\$\(compgen -W '([a-z ]*)'",
                                   bash)
            fish_words = re.search(rf"__deals_using {cmd}' -l format -x -a '([a-z ]*)'", fish)
            if not m:
                self.assertNotIn("--format", help, cmd)
                self.assertIsNone(bash_words, cmd)
                self.assertIsNone(fish_words, cmd)
                continue
            with_format.append(cmd)
            formats = m.group(1).split("|")
            self.assertEqual(m.group(2), formats[0], cmd)
            self.assertEqual(bash_words.group(1).split(), formats, cmd)
            self.assertEqual(fish_words.group(1).split(), formats, cmd)
            # The same list in the error, before any pipeline is looked for.
            r = self.fails(2, cmd, *ARGS.get(cmd, []), "--format", "bogus", cwd=self.dir)
            self.assertEqual(r.err, f"deals: --format: unknown format 'bogus' (choose "
                                    f"{', '.join(formats)})\n")
        self.assertEqual(with_format, ["show", "list", "due", "find", "stalled", "review",
                                       "stats", "forecast", "check", "export"])


class NeedsTest(DealsTest):
    """With another writer holding the pipeline's lock."""

    def setUp(self):
        super().setUp()
        self.ok("add", "Website", "--company", "Acme", "--id", "acme", "--next", "call")
        # flock and its sleep in a group of their own, killed together (a sleep left
        # behind would keep the test runner's output pipe open for a minute).
        self.holder = subprocess.Popen(["flock", os.path.join(self.root, "deals"), "sleep", "60"],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       start_new_session=True)
        self.addCleanup(self.holder.wait)
        self.addCleanup(os.killpg, self.holder.pid, signal.SIGKILL)
        time.sleep(0.3)  # flock has taken the lock

    def locked_env(self):
        return self.env(DEALS_LOCK_TIMEOUT="0.2")

    def test_reads_do_not_wait_for_the_lock(self):
        for args in (["show", "acme"], ["next", "acme"], ["list"], ["due"], ["review"],
                     ["stats"], ["export"], ["fmt", "--check"], ["check"], ["calendar"]):
            self.ok(*args, env=self.locked_env())

    def test_writes_wait_for_the_lock(self):
        before = self.read("acme")
        for args in (["log", "acme", "called"], ["next", "acme", "send offer"],
                     ["next", "acme", "--done"], ["advance", "acme"], ["won", "acme"],
                     ["qualify", "acme", "--need", "yes"], ["rm", "acme", "--yes"], ["fmt"],
                     ["add", "Shop"]):
            r = self.fails(1, *args, env=self.locked_env())
            self.assertIn("timed out waiting for the pipeline lock", r.err, args)
        self.assertEqual(self.read("acme"), before)

    def test_a_blank_title_is_refused_and_nothing_written(self):
        before = sorted(os.listdir(os.path.join(self.root, "deals")))
        for title in ("", "   ", "\t\n"):
            r = self.fails(2, "add", title)
            self.assertEqual(r.err, "deals: TITLE must not be empty or blank\n")
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "deals"))), before)

    def test_usage_errors_come_before_the_lock(self):
        for args, message in (
                (["log", "acme", ""], "NOTE must not be empty"),
                (["log", "acme", "x", "--kind", "two words"], "--kind: expected one word"),
                (["next", "acme", "x", "--done"], "--done takes no ACTION or --due"),
                (["lost", "acme", "--reason", ""], "--reason must not be empty"),
                (["lost", "acme", "--reason", "  "], "--reason must not be empty or blank"),
                (["log", "acme", " \t "], "NOTE must not be empty or blank"),
                (["next", "acme", "   "], "ACTION must not be blank"),
                (["qualify", "acme", "--need", "maybe"], "--need: expected yes, no or unknown"),
                (["log", "acme", "x", "--on", "2030-01-01"], "--on: 2030-01-01 is after today")):
            r = self.fails(2, *args, env=self.locked_env())
            self.assertTrue(r.err.startswith("deals: " + message), (args, r.err))

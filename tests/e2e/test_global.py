"""End-to-end: root discovery, global options, dates, exit codes, invalid files."""
import json
import os
import unittest

from harness import DealsTest, TODAY


class RootTest(DealsTest):
    def test_init_writes_commented_config_and_refuses_twice(self):
        text = open(os.path.join(self.root, "pipeline.toml")).read()
        for key in ["name", "currency", "stall_days", "week_start", "[[stages]]",
                    "[qualification]", "required", "[git]", "autocommit"]:
            self.assertIn(key, text)
        for line in text.splitlines():
            if "=" in line and not line.lstrip().startswith("#"):
                self.assertIn("#", line, f"setting without a comment: {line}")
        self.assertTrue(os.path.isdir(os.path.join(self.root, "deals")))
        r = self.fails(1, "init", self.root, cwd=self.dir)
        self.assertIn("already exists", r.err)

    def test_init_options(self):
        other = os.path.join(self.dir, "q")
        self.ok("init", other, "--currency", "USD", "--name", "Acme \"Sales\"", cwd=self.dir)
        self.ok("-C", other, "add", "T", "--id", "t", "--value", "5", "--currency", "USD",
                cwd=self.dir)
        self.assertNotIn("currency", open(os.path.join(other, "deals", "t.yaml")).read())

    def test_invalid_config_names_file_line_and_key(self):
        self.ok("add", "T", "--id", "t")
        before = self.read("t")
        cases = [
            ('currency = 5\n', "pipeline.toml:1: key 'currency': must be a string"),
            ('[[stages]]\nname = "a"\nprobability = 1.5\n',
             "pipeline.toml:3: key 'stages[1].probability': must be a number between 0 and 1"),
            ('x = [\n', "pipeline.toml:1: invalid TOML"),
            ('[qualification]\nrequired = 9\n',
             "pipeline.toml:2: key 'qualification.required': must be a whole number between 0 and 4"),
            ('bogus = 1\n', "pipeline.toml:1: unknown key 'bogus'"),
            ('[[stages]]\nname = "won"\nprobability = 1\n',
             "pipeline.toml:2: key 'stages[1].name'"),
            ('[[stages]]\nname = "a"\nprobability = 0.1\n[[stages]]\nname = "a"\n'
             'probability = 0.2\n', "pipeline.toml:5: "),
        ]
        for text, message in cases:
            self.config(text)
            r = self.fails(1, "advance", "t", "--force")
            self.assertIn(message, r.err, text)
            r = self.fails(1, "list")
            self.assertIn(message, r.err, text)
            self.assertEqual(self.read("t"), before)

    def test_discovery_from_subdirectory_dash_c_and_env(self):
        self.ok("add", "T", "--id", "t")
        sub = os.path.join(self.root, "deals")
        self.assertIn("t", self.ok("list", cwd=sub).out)
        self.assertIn("t", self.ok("-C", self.root, "list", cwd=self.dir).out)
        self.assertIn("t", self.ok("list", cwd=self.dir, env=self.env(DEALS_DIR=self.root)).out)
        r = self.fails(1, "list", cwd=self.dir)
        self.assertEqual(r.err, f"deals: not a pipeline directory (or any parent): {self.dir}; "
                                "run 'deals init'\n")
        # A stale DEALS_DIR or -C path says where it came from.
        gone = os.path.join(self.dir, "gone")
        r = self.fails(1, "list", cwd=self.dir, env=self.env(DEALS_DIR=gone))
        self.assertEqual(r.err, f"deals: not a pipeline directory: {gone} (from DEALS_DIR) "
                                "does not exist\n")
        r = self.fails(1, "-C", self.dir, "list", cwd=self.dir)
        self.assertEqual(r.err, f"deals: not a pipeline directory: {self.dir} (from -C) has no "
                                "pipeline.toml; run 'deals init' there to make one\n")

    def test_usage_errors_exit_2(self):
        r = self.fails(2, "advnce", "x")
        self.assertIn("did you mean 'advance'", r.err)
        self.fails(2, "list", "--bogus")
        self.fails(2, "list", "--format", "xml")
        self.fails(2, "--today", "someday", "list")
        self.fails(2)

    def test_unknown_options_and_extra_arguments_in_one_message_style(self):
        self.ok("add", "T", "--id", "t")
        for args, message in (
                (["list", "--stgae", "lead"],
                 "list: unknown option '--stgae', did you mean '--stage'?"),
                (["list", "--fromat=json"],
                 "list: unknown option '--fromat', did you mean '--format'?"),
                (["add", "X", "--compny", "Y"],
                 "add: unknown option '--compny', did you mean '--company'?"),
                (["list", "--value", "5"], "list: unknown option '--value'"),
                (["list", "-Z"], "list: unknown option '-Z'"),
                (["show", "t", "extra"], "show: unexpected argument 'extra'"),
                (["log", "t", "note", "x", "y"], "log: unexpected argument 'x'"),
                (["list", "--won", "--lost"], "--won excludes --lost")):
            r = self.fails(2, *args)
            cmd = args[0]
            self.assertEqual(r.err, f"deals: {message} (see 'deals {cmd} --help')\n", args)
        # The help shows each flag with its own words, no parser notes glued to its name.
        help_text = self.ok("list", "--help").out
        self.assertRegex(help_text, r"\n  --won +won deals\n")
        self.assertNotIn("Excludes", help_text)
        r = self.fails(2, "list", "--sort", "scroe")
        self.assertEqual(r.err, "deals: --sort: unknown field 'scroe', did you mean 'score'? "
                                "(fields: stage, score, value, weighted, idle, created, "
                                "expected_close, id, title, company, due)\n")

    def test_help_and_version(self):
        r = self.ok("--help")
        for cmd in ["init", "add", "show", "list", "qualify", "advance", "won", "lost",
                    "reopen", "log", "next", "due", "edit", "rm"]:
            self.assertIn(cmd, r.out)
        self.assertIn("--expected-close", self.ok("add", "--help").out)
        self.assertRegex(self.ok("--version").out, r"^deals \d+\.\d+\.\d+\n$")

    def test_relative_dates(self):
        # Relative dates, in --on (events: today or earlier) and --expected-close (plans).
        for arg, want in [("today", TODAY), ("yesterday", "2026-11-29"), ("tomorrow", "2026-12-01"),
                          ("+3d", "2026-12-03"), ("-2w", "2026-11-16"), ("+1m", "2026-12-30"),
                          ("-9m", "2026-02-28"), ("2026-01-05", "2026-01-05")]:
            if want <= TODAY:
                self.ok("add", "T", "--id", "d", "--on", arg)
                self.assertIn(f"created: {want}\n", self.read("d"), arg)
            else:
                self.ok("add", "T", "--id", "d", "--expected-close", arg)
                self.assertIn(f"expected_close: {want}\n", self.read("d"), arg)
            os.remove(self.path("d"))
        self.ok("--today", "2026-01-10", "add", "T", "--id", "e")
        self.assertIn("created: 2026-01-10\n", self.read("e"))
        self.ok("add", "T", "--id", "f", "--today", "2026-01-11")
        self.assertIn("created: 2026-01-11\n", self.read("f"))

    def test_bad_today_names_where_it_came_from(self):
        r = self.fails(2, "--today", "garbage", "list")
        self.assertEqual(r.err, "deals: --today: invalid date 'garbage'\n")
        r = self.fails(1, "list", env=self.env(DEALS_TODAY="garbage"))
        self.assertEqual(r.err, "deals: DEALS_TODAY: invalid date 'garbage'\n")
        # --today wins over the environment.
        self.ok("--today", "2026-01-10", "add", "T", "--id", "g", env=self.env(DEALS_TODAY="x"))
        self.assertIn("created: 2026-01-10\n", self.read("g"))

    def test_no_color_when_not_a_terminal(self):
        self.ok("add", "T", "--id", "t")
        self.assertNotIn("\x1b", self.ok("list").out)
        self.assertNotIn("\x1b", self.ok("show", "t").out)


class InvalidFileTest(DealsTest):
    BAD = "title: Broken\nstage: lead\ncreated: 2026-13-01\n"

    def test_read_commands_skip_with_warning_and_writes_refuse(self):
        self.ok("add", "Good", "--id", "good")
        self.write("bad", self.BAD)
        r = self.ok("list")
        self.assertIn("good", r.out)
        table, unreadable = r.out.split("\nCOULD NOT READ (1)")
        self.assertNotIn("bad", table)
        self.assertIn("\n  deals/bad.yaml:3: ", unreadable)
        self.assertRegex(r.err, r"deals: warning: deals/bad\.yaml:3: .*")
        r = self.fails(1, "log", "bad", "note")
        self.assertIn("deals/bad.yaml:3:", r.err)
        self.fails(1, "advance", "bad", "--force")
        self.assertEqual(self.read("bad"), self.BAD)

    def test_hand_written_file_without_history_is_valid(self):
        self.write("hand", "# my own deal\ntitle: Hand made\nstage: demo\ncreated: 2026-11-01\n"
                           "value: 1000\nextra_key: [1, 2]\n")
        shown = json.loads(self.ok("show", "hand", "--format", "json").out)
        self.assertEqual((shown["stage"], shown["days_in_stage"]), ("demo", 29))
        self.ok("log", "hand", "called", "--on", "2026-11-02")
        # The write is surgical: the comment and the key order stay, the new list goes
        # after the last known key before it.
        self.assertEqual(self.read("hand"), """\
# my own deal
title: Hand made
stage: demo
created: 2026-11-01
value: 1000
log:
  - {date: 2026-11-02, kind: note, note: called}
extra_key: [1, 2]
""")

    def test_bom_and_crlf_accepted(self):
        self.write("crlf", "\ufefftitle: Win\r\nstage: lead\r\ncreated: 2026-11-01\r\n")
        self.assertIn("Win", self.ok("show", "crlf").out)

    def test_control_characters_never_reach_the_terminal(self):
        self.write("evil", 'title: "Evil\\e[31m\\u202e\\x07"\nstage: lead\ncreated: 2026-11-01\n')
        for args in [("show", "evil"), ("list",)]:
            out = self.ok(*args).out
            self.assertNotIn("\x1b", out)
            self.assertNotIn("\u202e", out)
            self.assertNotIn("\x07", out)

    def test_symlink_outside_root_is_refused(self):
        secret = os.path.join(self.dir, "secret.yaml")
        with open(secret, "w") as f:
            f.write("title: Secret\nstage: lead\ncreated: 2026-11-01\n")
        os.symlink(secret, self.path("link"))
        r = self.ok("list")
        self.assertNotIn("Secret", r.out)
        self.assertIn("deals/link.yaml", r.err)
        self.assertNotIn(secret, r.err)
        self.fails(1, "log", "link", "x")


if __name__ == "__main__":
    unittest.main()

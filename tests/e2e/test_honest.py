"""SPEC 12, the other honest-figure rules: events today or earlier, stalled vs waiting,
closed deals without an idle clock, import --update, the review period, usage errors,
case folding, and custom qualification criteria."""
import json
import os
import re
import unittest

from harness import DealsTest, SOURCE_DIR, TODAY


class FutureDatesTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Audit", "--id", "a", "--on", "2026-11-01")

    def test_on_after_today_is_refused_everywhere(self):
        before = self.read("a")
        for args in (("add", "X", "--id", "x", "--on", "tomorrow"),
                     ("qualify", "a", "--budget", "yes", "--on", "+1d"),
                     ("advance", "a", "--force", "--on", "2026-12-01"),
                     ("won", "a", "--on", "+1w"),
                     ("lost", "a", "--reason", "r", "--on", "+1d"),
                     ("log", "a", "call", "--on", "+10d")):
            r = self.fails(2, *args)
            self.assertIn("--on: ", r.err)
            self.assertIn(f"is after today ({TODAY})", r.err)
            self.assertIn("next ID ACTION --due DATE", r.err)
            self.assertIn("--expected-close", r.err)
        self.assertEqual(self.read("a"), before)
        self.assertFalse(os.path.exists(self.path("x")))
        self.ok("log", "a", "call", "--on", "today")  # today itself is fine
        # A plan is a next action or an expected close, and those take future dates.
        self.ok("next", "a", "Call back", "--due", "+10d")
        self.ok("add", "Y", "--id", "y", "--expected-close", "+2m")

    def test_as_of_is_the_past_only(self):
        for cmd in (["list"], ["review"], ["stats"], ["forecast"], ["stalled"]):
            r = self.fails(2, *cmd, "--as-of", "2027-01-01")
            self.assertEqual(r.err, f"deals: --as-of: 2027-01-01 is after today ({TODAY}); "
                                    "--as-of rebuilds the past from history (the months "
                                    "ahead: 'deals forecast')\n", cmd)
            self.ok(*cmd, "--as-of", "today")


class WaitingVersusStalledTest(DealsTest):
    def setUp(self):
        super().setUp()
        # lead stalls after 7 days; all idle since 11-01 (29 days).
        for id in ("booked", "today", "overdue", "none", "undated"):
            self.ok("add", id, "--id", id, "--on", "2026-11-01")
        self.ok("next", "booked", "Workshop", "--due", "2026-12-07")
        self.ok("next", "today", "Call", "--due", "today")
        self.ok("next", "overdue", "Call", "--due", "2026-11-20")
        self.ok("next", "undated", "Call")

    def test_stalled_needs_idle_and_no_future_action(self):
        rows = json.loads(self.ok("stalled", "--format", "json").out)
        self.assertEqual([r["id"] for r in rows], ["none", "overdue", "undated"])
        review = json.loads(self.ok("review", "--format", "json").out)
        self.assertEqual([r["id"] for r in review["stalled"]], ["none", "overdue", "undated"])
        listed = self.ok("list", "--stalled", "--format", "json").out
        self.assertEqual(sorted(d["id"] for d in json.loads(listed)),
                         ["none", "overdue", "undated"])

    def test_show_says_which(self):
        out = self.ok("show", "booked").out
        self.assertIn("status         waiting: next action due 2026-12-07\n", out)
        self.assertNotIn("stalled", out)
        out = self.ok("show", "overdue").out
        self.assertIn("status         stalled: idle past 7 days and the next action is overdue",
                      out)
        self.assertIn("stalled: idle past 7 days and no dated next action",
                      self.ok("show", "none").out)
        d = json.loads(self.ok("show", "today", "--format", "json").out)
        self.assertEqual((d["stalled"], d["waiting"]), (False, True))
        d = json.loads(self.ok("show", "none", "--format", "json").out)
        self.assertEqual((d["stalled"], d["waiting"]), (True, False))

    def test_qualify_is_activity(self):
        self.ok("qualify", "none", "--budget", "yes")
        self.assertIn("  - {date: 2026-11-30, kind: qualify, note: budget yes}\n",
                      self.read("none"))
        d = json.loads(self.ok("show", "none", "--format", "json").out)
        self.assertEqual((d["days_idle"], d["stalled"]), (0, False))
        # Answers that change nothing record nothing.
        before = self.read("none")
        self.ok("qualify", "none", "--budget", "yes")
        self.assertEqual(self.read("none"), before)

    def test_closed_deals_have_no_idle_clock(self):
        self.ok("won", "none", "--on", "2026-11-02")
        self.ok("lost", "undated", "--reason", "no", "--on", "2026-11-02")
        for id in ("none", "undated"):
            d = json.loads(self.ok("show", id, "--format", "json").out)
            self.assertIsNone(d["days_idle"])
            self.assertFalse(d["stalled"])
            activity = [p for p in d["score_parts"] if "idle" in p["label"]
                        or "activity" in p["label"]]
            self.assertEqual([(p["label"], p["points"], p["max"]) for p in activity],
                             [("closed: no idle clock", 15, 15)])
            out = self.ok("show", id).out
            self.assertIn("last activity  2026-11-02 (closed: no idle clock)\n", out)
            self.assertNotIn("days idle", out)

    def test_one_day_not_one_days(self):
        self.ok("add", "Fresh", "--id", "fresh", "--on", "yesterday")
        out = self.ok("show", "fresh").out
        self.assertIn("(for 1 day, since 2026-11-29)", out)
        self.assertIn("(1 day idle, stalls after 7)", out)
        self.assertIn("last activity 1 day ago (stall after 7)", out)
        self.assertNotIn("1 days", out)


class ImportUpdateTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "A", "--id", "a", "--on", "2026-10-01", "--value", "100")
        self.ok("advance", "a", "--force", "--to", "proposal", "--on", "2026-10-10")
        self.ok("add", "B", "--id", "b", "--on", "2026-10-01")
        self.ok("lost", "b", "--reason", "gone", "--on", "2026-10-20")
        self.ok("add", "C", "--id", "c", "--on", "2026-10-01")
        self.ok("won", "c", "--on", "2026-10-20")
        self.ok("add", "D", "--id", "d", "--on", "2026-10-01")
        self.csv = os.path.join(self.dir, "old.csv")
        with open(self.csv, "w") as f:
            # An older spreadsheet: a back in lead, b open again, c in demo; d moves on.
            f.write("id,title,stage,value,closed\n"
                    "a,A,lead,200,\nb,B,proposal,,\nc,C,demo,,\n"
                    "d,D,won,50,2026-10-05\n")

    def test_never_backwards_never_out_of_won_or_lost_and_dated_today(self):
        before = {id: self.read(id) for id in "abc"}
        r = self.ok("import", self.csv, "--update")
        self.assertEqual(r.out, "imported 0 new, 1 updated, 3 skipped\n")
        self.assertIn("deals/a.yaml is in proposal; the row says lead (an import never moves "
                      "a deal backwards", r.err)
        self.assertIn("deals/b.yaml is lost; the row says proposal (an import never reopens",
                      r.err)
        self.assertIn("deals/c.yaml is won; the row says demo", r.err)
        for id in "abc":
            self.assertEqual(self.read(id), before[id])  # the whole row is skipped
        # d's move is dated today, not with the spreadsheet's old date.
        self.assertTrue(self.read("d").endswith(
            "history:\n  - {date: 2026-10-01, stage: lead}\n  - {date: 2026-11-30, stage: won}\n"))
        self.assertIn("value: 50\n", self.read("d"))

    def test_dry_run_lists_every_change_per_deal(self):
        with open(self.csv, "a") as f:
            f.write("e,E,lead,7,\n")
        before = {id: self.read(id) for id in "abcd"}
        r = self.ok("import", self.csv, "--update", "--dry-run")
        self.assertEqual(r.out, "d:\n  value: (none) -> 50\n"
                                "  stage: lead -> won (dated 2026-11-30)\n"
                                "e: new, lead\n"
                                "would import 1 new, 1 updated, 3 skipped\n")
        self.assertEqual(r.err.count("row skipped"), 3)
        for id in "abcd":
            self.assertEqual(self.read(id), before[id])
        self.assertFalse(os.path.exists(self.path("e")))


class ReviewPeriodTest(DealsTest):
    def test_headers_name_first_and_last_day(self):
        for fmt, want in (("text", "2026-11-23 to 2026-11-29 (2026-W48)"),
                          ("md", "2026-11-23 to 2026-11-29 (2026-W48)"),
                          ("html", "23 Nov – 29 Nov 2026")):
            out = self.ok("review", "--week", "last", "--format", fmt).out
            self.assertIn(want, out.split("\n<header>")[-1][:2000] if fmt == "html"
                          else out.splitlines()[0])

    def test_cron_examples_use_week_last(self):
        for path in ("README.md", "man/deals.1"):
            with open(os.path.join(SOURCE_DIR, path), encoding="utf-8") as f:
                crons = [l for l in f if re.match(r"^\s*\d+ \d+ \* \* 1 ", l) and "review" in l]
            self.assertTrue(crons, path)
            for line in crons:
                self.assertRegex(line, r"review \\?-\\?-week last", path)


class UsageErrorTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Brot", "--id", "b", "--company", "Bäckerei Müller", "--source",
                "Empfehlung")
        self.ok("add", "Site", "--id", "g", "--company", "Αθήνα Ταβέρνα", "--source", "ΦΊΛΟΣ")
        self.ok("add", "Shop", "--id", "r", "--company", "Москва Маркет")

    def ids(self, *args):
        return [d["id"] for d in json.loads(self.ok("list", *args, "--format", "json").out)]

    def test_case_folding_beyond_ascii(self):
        self.assertEqual(self.ids("--company", "BÄCKEREI"), ["b"])
        self.assertEqual(self.ids("--company", "müller"), ["b"])
        self.assertEqual(self.ids("--company", "ΑΘΉΝΑ"), ["g"])
        self.assertEqual(self.ids("--company", "ταβέρνα"), ["g"])
        self.assertEqual(self.ids("--company", "МОСКВА"), ["r"])
        self.assertEqual(self.ids("--source", "empfehlung"), ["b"])
        self.assertEqual(self.ids("--source", "φίλος"), ["g"])
        self.assertEqual(self.ids("--company", "BÆCKEREI"), [])

    def test_exit_2_for_every_bad_argument(self):
        cases = [
            (("list", "--stage", "bogus"), "unknown stage 'bogus'"),
            (("list", "--stage", "leed"), "unknown stage 'leed', did you mean 'lead'?"),
            (("advance", "b", "--to", "propsal"), "did you mean 'proposal'?"),
            (("forecast", "--months", "abc"), "--months: expected a whole number, got 'abc'"),
            (("stalled", "--days", "1.5"), "--days: expected a whole number, got '1.5'"),
            (("due", "--within", "x"), "--within: expected a whole number, got 'x'"),
            (("add", "T", "--value", "12000.999"), "--value: expected an amount (at most two "
                                                   "decimals"),
            (("won", "b", "--value", "1.001"), "at most two decimals"),
            (("add", "T", "--value", "lots"), "--value: expected an amount"),
            (("add", "T", "--id", ""), "--id: invalid id ''"),
            (("add", "T", "--stage", "won"), "'won' is a closed stage; use 'deals won'"),
            (("add", "T", "--stage", "lost"), "'lost' is a closed stage; use 'deals lost'"),
            (("lsit",), "unknown command 'lsit', did you mean 'list'?"),
            (("advnace", "b"), "did you mean 'advance'?"),
        ]
        for args, message in cases:
            r = self.fails(2, *args)
            self.assertIn(message, r.err, args)
            self.assertTrue(r.err.startswith("deals: "), r.err)
            self.assertNotIn("Could not convert", r.err)
        self.assertEqual(sorted(f for f in os.listdir(os.path.join(self.root, "deals"))
                                if f.endswith(".yaml")), ["b.yaml", "g.yaml", "r.yaml"])
        self.ok("add", "T", "--id", "t", "--value", "12000.50")
        self.assertIn("value: 12000.5\n", self.read("t"))

    def test_log_kinds(self):
        with open(self.root + "/pipeline.toml", "a") as f:
            f.write('\n[log]\nkinds = ["call", "email", "meeting", "note"]\n')
        r = self.fails(2, "log", "b", "hi", "--kind", "cal")
        self.assertIn("--kind: unknown kind 'cal', did you mean 'call'? ([log] kinds: call, "
                      "email, meeting, note)", r.err)
        self.ok("log", "b", "hi", "--kind", "call")

    def test_tag_kept_literally(self):
        self.ok("add", "T", "--id", "t", "--tag", "[x]", "--tag", "a,b")
        self.assertIn('tags: ["[x]", "a,b"]\n', self.read("t"))


class CustomCriteriaTest(DealsTest):
    def setUp(self):
        super().setUp()
        path = self.root + "/pipeline.toml"
        with open(path) as f:
            text = f.read()
        text = re.sub(r"criteria = \[[^\]]*\]", 'criteria = ["champion", "budget", "pain", '
                      '"timing", "fit"]', text)
        with open(path, "w") as f:
            f.write(text)
        self.ok("add", "Deal", "--id", "d", "--on", "2026-11-20")

    def test_criterion_option(self):
        r = self.ok("qualify", "d", "--criterion", "champion=yes", "--criterion", "pain=yes",
                    "--budget", "yes", "--criterion", "fit=yes", "--criterion", "timing=no")
        self.assertEqual(r.out, "d: qualified (4 met, 3 required); moved to qualified\n")
        self.assertIn("bant:\n  budget: true\n  champion: true\n  pain: true\n  timing: false\n"
                      "  fit: true\n", self.read("d"))  # BANT first, then the configured order
        self.assertIn("note: \"champion yes, budget yes, pain yes, timing no, fit yes\"}",
                      self.read("d"))
        r = self.ok("qualify", "d", "--criterion", "fit=unknown")
        self.assertNotIn("fit:", self.read("d"))
        show = self.ok("show", "d").out
        self.assertIn("qualified (3 met, 3 required)", show)

    def test_flags_only_for_criteria_that_exist(self):
        before = self.read("d")
        for args, message in (
                (("--timeline", "yes"), "--timeline: 'timeline' is not a criterion of this "
                                        "pipeline (criteria: champion, budget, pain, timing, fit)"),
                (("--criterion", "champoin=yes"), "unknown criterion 'champoin', did you mean "
                                                  "'champion'?"),
                (("--criterion", "champion"), "expected NAME=yes|no|unknown"),
                (("--criterion", "champion=maybe"),
                 "--criterion champion: expected yes, no or unknown, got 'maybe'")):
            r = self.fails(2, "qualify", "d", *args)
            self.assertIn(message, r.err)
            self.assertNotIn("internal error", r.err)
        self.assertEqual(self.read("d"), before)


if __name__ == "__main__":
    unittest.main()


class HalfCentTest(DealsTest):
    def test_half_a_cent_rounds_up_in_every_format(self):
        # 5400.5 × 0.05 = 270.025 and 1500.5 × 0.05 = 75.025 (lead: 5 %): both half a
        # cent, though in binary one lies below the half and one above.
        self.ok("add", "Big", "--company", "A", "--value", "5400.5")
        self.ok("add", "Small", "--company", "B", "--value", "1500.5")
        lines = self.ok("list", "--columns", "id,weighted").out.splitlines()
        self.assertEqual([l.split() for l in lines[1:]],
                         [["a-big", "270.03"], ["b-small", "75.03"],
                          ["2", "deals", "345.05", "EUR"]])
        rows = self.ok("list", "--format", "csv").out.splitlines()
        self.assertIn(",270.03,", rows[1])
        self.assertIn(",75.03,", rows[2])

"""End-to-end: `deals check` reports every kind of problem as `path:line: message` and
exits 1, and is quiet on stdout for a clean pipeline (so it suits a pre-commit hook)."""
import json
import os

from harness import DealsTest

GOOD = "title: A\nstage: lead\ncreated: 2026-11-01\n"


class CheckTest(DealsTest):
    def check_one(self, id, text, expected_line):
        """Writes one bad deal next to a good one; check names it in exactly one line."""
        self.write("good", GOOD)
        self.write(id, text)
        r = self.fails(1, "check")
        self.assertEqual(r.out.count("\n"), 1, r)
        self.assertTrue(r.out.startswith(expected_line), r)
        os.remove(self.path(id))
        return r.out

    def test_clean_pipeline(self):
        self.write("good", GOOD)
        self.ok("add", "Website", "--company", "Acme")
        r = self.ok("check")
        self.assertEqual(r.out, "")
        self.assertIn("2 deal files checked, no problems", r.err)
        self.assertEqual(json.loads(self.ok("check", "--format", "json").out), [])

    def test_syntax(self):
        self.check_one("syntax", GOOD + "  bad: indent\n", "deals/syntax.yaml:4: ")
        self.check_one("quote", 'title: "A\nstage: lead\ncreated: 2026-11-01\n',
                       "deals/quote.yaml:1: ")

    def test_duplicate_key(self):
        out = self.check_one("dup", "title: A\n" + GOOD, "deals/dup.yaml:2: ")
        self.assertIn("duplicate key 'title'", out)

    def test_types(self):
        out = self.check_one("types", GOOD + "value: lots\n", "deals/types.yaml:4: ")
        self.assertIn("'value'", out)
        self.check_one("tags", GOOD + "tags: {a: 1}\n", "deals/tags.yaml:4: ")

    def test_missing_required_key(self):
        out = self.check_one("missing", "title: A\nstage: lead\n", "deals/missing.yaml:")
        self.assertIn("missing required key 'created'", out)

    def test_unknown_stage_suggests(self):
        out = self.check_one("stage", "title: A\nstage: leed\ncreated: 2026-11-01\n",
                             "deals/stage.yaml:2: ")
        self.assertIn("did you mean 'lead'", out)

    def test_dates(self):
        out = self.check_one("date", "title: A\nstage: lead\ncreated: 2026-02-30\n",
                             "deals/date.yaml:3: ")
        self.assertIn("2026-02-30", out)
        self.check_one("date2", "title: A\nstage: lead\ncreated: 30.11.2026\n",
                       "deals/date2.yaml:3: ")

    def test_history_consistent_with_stage(self):
        out = self.check_one(
            "hist", "title: A\nstage: demo\ncreated: 2026-11-01\nhistory:\n"
            "  - {date: 2026-11-01, stage: lead}\n", "deals/hist.yaml:5: ")
        self.assertIn("'lead' differs from 'stage: demo'", out)

    def test_history_order_and_start(self):
        self.check_one("order", GOOD + "history:\n  - {date: 2026-11-03, stage: lead}\n"
                       "  - {date: 2026-11-02, stage: lead}\n", "deals/order.yaml:6: ")
        self.check_one("early", "title: A\nstage: lead\ncreated: 2026-11-05\nhistory:\n"
                       "  - {date: 2026-11-01, stage: lead}\n", "deals/early.yaml:5: ")

    def test_a_close_after_a_close_without_reopen_is_a_warning(self):
        self.write("twice", "title: A\nstage: won\ncreated: 2026-11-01\nhistory:\n"
                            "  - {date: 2026-11-01, stage: proposal}\n"
                            "  - {date: 2026-11-15, stage: lost, reason: price}\n"
                            "  - {date: 2026-11-16, stage: won}\n")
        r = self.ok("check")  # the user's file, readable: a warning, not an error
        self.assertEqual(r.out, "")
        self.assertIn("deals: warning: deals/twice.yaml: history closes the deal again on "
                      "2026-11-16 (lost -> won) with no reopen between; keep the close that "
                      "happened (deals edit twice)\n", r.err)
        self.ok("reopen", "twice", "--on", "2026-11-20")  # a reopen after it changes nothing
        self.assertIn("closes the deal again", self.ok("check").err)

    def test_bad_id(self):
        out = self.check_one("Bad_Id", GOOD, "deals/Bad_Id.yaml: ")
        self.assertIn("not a valid deal id", out)

    def test_symlink_outside(self):
        outside = os.path.join(self.dir, "outside.yaml")
        with open(outside, "w") as f:
            f.write(GOOD)
        self.write("good", GOOD)
        os.symlink(outside, self.path("link"))
        r = self.fails(1, "check")
        self.assertEqual(r.out, "deals/link.yaml: symbolic link leading outside the pipeline; "
                                "not read\n")

    def test_every_problem_is_listed_and_json_has_lines(self):
        self.write("a", "title: A\nstage: leed\ncreated: 2026-11-01\n")
        self.write("b", "title: B\nstage: lead\ncreated: 2026-13-01\n")
        r = self.fails(1, "check")
        self.assertEqual([l.split(":")[0:2] for l in r.out.splitlines()],
                         [["deals/a.yaml", "2"], ["deals/b.yaml", "3"]])
        r = self.deals("check", "--format", "json")
        self.assertEqual(r.code, 1)
        got = [(p["path"], p["line"]) for p in json.loads(r.out)]
        self.assertEqual(got, [("deals/a.yaml", 2), ("deals/b.yaml", 3)])

    def test_bad_pipeline_toml(self):
        self.write("good", GOOD)
        self.config('name = 3\n')
        r = self.fails(1, "check")
        self.assertTrue(r.out.startswith("pipeline.toml:1: "), r)
        self.assertIn("'name'", r.out)
        self.config('[[stages]]\nname = "a"\nprobability = 2\n')
        r = self.fails(1, "check")
        self.assertTrue(r.out.startswith("pipeline.toml:3: "), r)
        self.config('[[stages]]\nname = "a"\nprobability = 0.1\n'
                    '[[stages]]\nname = "a"\nprobability = 0.2\n')
        r = self.fails(1, "check")
        self.assertTrue(r.out.startswith("pipeline.toml:"), r)
        self.assertIn("'a'", r.out)

    def test_outside_a_pipeline(self):
        r = self.fails(1, "check", cwd=self.dir)
        self.assertIn("not a pipeline directory", r.err)

"""End-to-end: the deal lifecycle commands write exactly the canonical bytes."""
import json
import os
import stat
import unittest

from harness import DealsTest


class AddTest(DealsTest):
    def test_add_writes_canonical_file_and_prints_id(self):
        r = self.ok("add", "Website redesign", "--company", "Acme Corp", "--contact", "Jane Doe",
                    "--email", "jane@acme.example", "--phone", "+49 30 1234567",
                    "--source", "referral", "--value", "12000", "--tag", "web", "--tag",
                    "retainer", "--expected-close", "2026-12-15", "--next",
                    "Send proposal", "--due", "+3d", "--on", "2026-11-02")
        self.assertEqual(r.out, "acme-corp-website-redesign\n")
        self.assertEqual(self.read("acme-corp-website-redesign"), """\
title: Website redesign
company: Acme Corp
contact:
  name: Jane Doe
  email: jane@acme.example
  phone: "+49 30 1234567"
source: referral
value: 12000
stage: lead
created: 2026-11-02
expected_close: 2026-12-15
tags: [web, retainer]
next:
  action: Send proposal
  due: 2026-12-03
history:
  - {date: 2026-11-02, stage: lead}
""")
        mode = stat.S_IMODE(os.stat(self.path("acme-corp-website-redesign")).st_mode)
        self.assertEqual(mode, 0o600)

    def test_slug_folds_accents_and_suffixes_collisions(self):
        self.assertEqual(self.ok("add", "Café Relaunch", "--company", "Müller & Söhne").out,
                         "muller-sohne-cafe-relaunch\n")
        self.assertEqual(self.ok("add", "Café Relaunch", "--company", "Müller & Söhne").out,
                         "muller-sohne-cafe-relaunch-2\n")
        self.assertEqual(self.ok("add", "Café Relaunch", "--company", "Müller & Söhne").out,
                         "muller-sohne-cafe-relaunch-3\n")
        self.assertEqual(self.ok("add", "Straße", "--company", "Łódź Øst").out,
                         "lodz-ost-strasse\n")

    def test_long_titles_are_cut_to_64(self):
        r = self.ok("add", "x" * 100)
        self.assertEqual(r.out, "x" * 64 + "\n")
        r = self.ok("add", "x" * 100)
        self.assertEqual(r.out, "x" * 62 + "-2\n")

    def test_awkward_strings_are_quoted(self):
        self.ok("add", "no", "--company", "2026-01-01", "--source", "#x", "--id", "awk")
        text = self.read("awk")
        self.assertIn('title: "no"\n', text)
        self.assertIn('company: "2026-01-01"\n', text)
        self.assertIn('source: "#x"\n', text)
        shown = json.loads(self.ok("show", "awk", "--format", "json").out)
        self.assertEqual((shown["title"], shown["company"], shown["source"]),
                         ("no", "2026-01-01", "#x"))

    def test_bad_input(self):
        self.fails(2, "add")
        self.fails(2, "add", "T", "--value", "-5")
        self.fails(2, "add", "T", "--value", "abc")
        self.fails(2, "add", "T", "--on", "2026-02-30")
        self.fails(2, "add", "T", "--id", "../x")
        r = self.fails(2, "add", "T", "--stage", "wonn")
        self.assertIn("did you mean 'won'", r.err)
        self.ok("add", "T", "--id", "t1")
        r = self.fails(1, "add", "T", "--id", "t1")
        self.assertIn("already exists", r.err)
        self.assertEqual(sorted(n for n in os.listdir(os.path.join(self.root, "deals")) if not n.startswith(".")), ["t1.yaml"])

    def test_other_currency_is_written(self):
        self.ok("add", "T", "--id", "t", "--value", "99.5", "--currency", "USD")
        self.assertIn("value: 99.5\ncurrency: USD\n", self.read("t"))
        self.ok("add", "U", "--id", "u", "--value", "1", "--currency", "EUR")
        self.assertNotIn("currency", self.read("u"))


class LifecycleTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Audit", "--company", "Globex", "--on", "2026-11-01")
        self.id = "globex-audit"

    def test_unqualified_lead_cannot_advance_without_force(self):
        before = self.read(self.id)
        r = self.fails(1, "advance", "glob")
        self.assertIn("not passed qualification", r.err)
        self.assertEqual(self.read(self.id), before)
        r = self.ok("advance", "glob", "--force", "--on", "2026-11-03", "--note", "warm intro")
        self.assertEqual(r.out, "globex-audit: lead -> qualified\n")
        self.assertTrue(self.read(self.id).endswith(
            "history:\n  - {date: 2026-11-01, stage: lead}\n"
            "  - {date: 2026-11-03, stage: qualified, note: warm intro}\n"))

    def test_qualify_passing_moves_and_failing_explains(self):
        r = self.ok("qualify", self.id, "--budget", "yes", "--need", "no", "--on", "2026-11-04")
        self.assertEqual(r.out, "globex-audit: not qualified (1 met, 3 required)\n"
                                "  not met: need\n  unknown: authority timeline\n")
        self.assertIn("stage: lead\n", self.read(self.id))
        r = self.ok("qualify", self.id, "--authority", "yes", "--need", "yes",
                    "--timeline", "unknown", "--note", "CTO decides", "--on", "2026-11-05")
        self.assertEqual(r.out, "globex-audit: qualified (3 met, 3 required); moved to qualified\n")
        self.assertEqual(self.read(self.id), """\
title: Audit
company: Globex
stage: qualified
created: 2026-11-01
bant:
  budget: true
  authority: true
  need: true
  note: CTO decides
history:
  - {date: 2026-11-01, stage: lead}
  - {date: 2026-11-05, stage: qualified}
log:
  - {date: 2026-11-04, kind: qualify, note: "budget yes, need no"}
  - {date: 2026-11-05, kind: qualify, note: "authority yes, need yes; note updated"}
""")
        self.ok("advance", self.id, "--on", "2026-11-06")
        self.assertIn("stage: contacted\n", self.read(self.id))
        self.fails(2, "qualify", self.id, "--budget", "maybe")

    def test_won_lost_reopen(self):
        self.ok("advance", self.id, "--force", "--to", "proposal", "--on", "2026-11-10")
        r = self.ok("won", self.id, "--on", "2026-11-20", "--value", "5000", "--note", "signed")
        self.assertEqual(r.out, "globex-audit: proposal -> won\n")
        text = self.read(self.id)
        self.assertIn("value: 5000\nstage: won\n", text)
        self.assertTrue(text.endswith("  - {date: 2026-11-20, stage: won, note: signed}\n"))
        self.fails(1, "advance", self.id)
        self.fails(1, "lost", self.id, "--reason", "x")
        r = self.ok("reopen", self.id, "--on", "2026-11-21")
        self.assertEqual(r.out, "globex-audit: won -> proposal\n")
        self.fails(2, "lost", self.id)
        self.ok("lost", self.id, "--reason", "budget cut: went in-house", "--on", "2026-11-22")
        self.assertTrue(self.read(self.id).endswith(
            '  - {date: 2026-11-22, stage: lost, reason: "budget cut: went in-house"}\n'))
        self.ok("reopen", self.id, "--to", "demo", "--on", "2026-11-23")
        self.assertIn("stage: demo\n", self.read(self.id))
        self.fails(1, "reopen", self.id)

    def test_log_resets_idle_clock(self):
        shown = json.loads(self.ok("show", self.id, "--format", "json").out)
        self.assertEqual((shown["days_idle"], shown["last_activity"]), (29, "2026-11-01"))
        self.ok("log", self.id, "Discovery call; wants a CMS", "--kind", "call", "--on", "2026-11-12")
        self.ok("log", self.id, "Sent deck", "--kind", "email", "--on", "yesterday")
        self.assertTrue(self.read(self.id).endswith(
            'log:\n  - {date: 2026-11-12, kind: call, note: "Discovery call; wants a CMS"}\n'
            "  - {date: 2026-11-29, kind: email, note: Sent deck}\n"))
        shown = json.loads(self.ok("show", self.id, "--format", "json").out)
        self.assertEqual((shown["days_idle"], shown["last_activity"]), (1, "2026-11-29"))

    def test_next_set_show_done(self):
        self.assertEqual(self.ok("next", self.id).out, "globex-audit: no next action\n")
        self.ok("next", self.id, "Call CFO", "--due", "2026-11-28")
        self.assertEqual(self.ok("next", self.id).out,
                         "globex-audit: Call CFO (due 2026-11-28, 2 days overdue)\n")
        self.assertIn("next:\n  action: Call CFO\n  due: 2026-11-28\n", self.read(self.id))
        self.ok("next", self.id, "--done")
        text = self.read(self.id)
        self.assertNotIn("next:", text)
        self.assertTrue(text.endswith("log:\n  - {date: 2026-11-30, kind: done, note: Call CFO}\n"))
        self.fails(1, "next", self.id, "--done")

    def test_unchanged_write_leaves_file_alone(self):
        self.ok("next", self.id, "Call", "--due", "2026-12-01")
        st1 = os.stat(self.path(self.id))
        self.ok("next", self.id, "Call", "--due", "2026-12-01")
        st2 = os.stat(self.path(self.id))
        self.assertEqual(st1.st_ino, st2.st_ino)

    def test_permissions_kept(self):
        os.chmod(self.path(self.id), 0o640)
        self.ok("log", self.id, "x")
        self.assertEqual(stat.S_IMODE(os.stat(self.path(self.id)).st_mode), 0o640)

    def test_rm(self):
        self.ok("rm", self.id)
        self.assertFalse(os.path.exists(self.path(self.id)))
        self.fails(1, "rm", self.id)


class PrefixTest(DealsTest):
    def test_unique_prefix_and_ambiguity(self):
        self.ok("add", "One", "--id", "acme-one")
        self.ok("add", "Two", "--id", "acme-two")
        self.assertIn("One", self.ok("show", "acme-o").out)
        r = self.fails(1, "show", "acme")
        self.assertIn("ambiguous", r.err)
        self.assertIn("acme-one", r.err)
        self.assertIn("acme-two", r.err)
        r = self.fails(1, "show", "acme-onx")
        self.assertIn("no deal 'acme-onx', did you mean 'acme-one'?", r.err)
        for bad in ["../x", "/etc/passwd", "a/b", ".", "-rf", "A", "x" * 300, "аcme"]:
            r = self.deals("show", bad)
            self.assertIn(r.code, (1, 2), bad)
            self.assertNotIn("passwd:", r.out)


if __name__ == "__main__":
    unittest.main()


class BadInputTest(DealsTest):
    """Input that would make an invalid file is refused before anything is written."""

    def test_a_move_dated_before_the_last_one_is_refused(self):
        self.ok("add", "Acme", "--id", "acme", "--on", "2026-11-10")
        self.ok("advance", "acme", "--force", "--on", "2026-11-20")
        before = self.read("acme")
        for args in [("won", "acme", "--on", "2026-11-19"),
                     ("lost", "acme", "--reason", "x", "--on", "2026-11-01"),
                     ("advance", "acme", "--on", "2026-11-15")]:
            r = self.fails(1, *args)
            self.assertEqual(r.err, "deals: deal 'acme' entered qualified on 2026-11-20; a move "
                                    "dated " + args[-1] + " would put its history out of order "
                                    "(use --on 2026-11-20 or later)\n")
        self.assertEqual(self.read("acme"), before)
        # The same day is fine.
        self.ok("won", "acme", "--on", "2026-11-20")

    def test_today_before_a_future_dated_deal_is_refused_clearly(self):
        # --on refuses a future date (SPEC 12), but a hand-written file may hold one.
        self.fails(2, "add", "Later", "--id", "later", "--on", "+5d")
        self.write("later", "title: Later\nstage: lead\ncreated: 2026-12-05\n"
                            "history:\n  - {date: 2026-12-05, stage: lead}\n")
        r = self.fails(1, "advance", "later", "--force")
        self.assertIn("entered lead on 2026-12-05; a move dated 2026-11-30", r.err)
        self.assertNotIn("internal error", r.err)

    def test_arguments_must_be_utf8(self):
        # "\udc9b" is how Python passes the single byte 0x9b.
        r = self.fails(2, "add", "Co\udc9bX", "--id", "bad")
        # The bad byte is shown as it is, to be found in the script that sent it.
        self.assertEqual(r.err, "deals: argument 2 ('Co\\x9BX') is not valid UTF-8\n")
        self.ok("add", "Good", "--id", "good")
        r = self.fails(2, "log", "good", "note \udcff")
        self.assertEqual(r.err, "deals: argument 3 ('note \\xFF') is not valid UTF-8\n")
        self.assertEqual(sorted(os.listdir(os.path.join(self.root, "deals"))),
                         [".gitkeep", "good.yaml"])

    def test_values_stay_plain_numbers(self):
        r = self.fails(2, "add", "Huge", "--value", "1" + "0" * 21)
        self.assertEqual(r.err, "deals: --value: expected an amount (a non-negative number, "
                                "below 10^15, e.g. 12000.50), got '1" + "0" * 21 + "'\n")
        self.ok("add", "Tiny", "--id", "tiny", "--value", "0.01")
        self.fails(2, "add", "Tinier", "--id", "tinier", "--value", "0.0001")  # cents at most
        self.ok("add", "Big", "--id", "big", "--value", "999999999999999")
        self.assertIn("value: 0.01\n", self.read("tiny"))
        self.assertIn("value: 999999999999999\n", self.read("big"))
        self.fails(2, "won", "tiny", "--value", "0.00005")  # at most two decimals
        self.ok("won", "tiny", "--value", "0.05")
        self.assertIn("value: 0.05\n", self.read("tiny"))

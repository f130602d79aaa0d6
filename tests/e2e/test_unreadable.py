"""End-to-end: no silent omissions (spec section 11). Every report names the deal files it
could not read in its own output -- a COULD NOT READ section in text, md and html, an
`unreadable` array in JSON -- as well as on stderr."""
import json
import unittest

from harness import DealsTest

CONFLICTED = """\
title: Website
stage: lead
created: 2026-11-02
<<<<<<< ours
next:
  action: Call Jane
=======
next:
  action: Send offer
>>>>>>> theirs
history:
  - {date: 2026-11-02, stage: lead}
"""


class UnreadableTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Shop", "--company", "Initech", "--next", "Call", "--due", "2026-11-29",
                "--value", "1000", "--on", "2026-11-01")
        self.write("acme", CONFLICTED)

    def assert_named(self, r):
        self.assertEqual(r.code, 0, r)
        self.assertIn("deals/acme.yaml:4: unresolved merge conflict", r.err)

    def test_text_md_and_html_have_a_could_not_read_section(self):
        for cmd in (["list"], ["review"], ["stalled", "--days", "0"], ["due"], ["stats"],
                    ["forecast"]):
            for fmt in ("text", "md") + (("html",) if cmd == ["review"] else ()):
                with self.subTest(cmd=cmd, fmt=fmt):
                    r = self.deals(*cmd, "--format", fmt)
                    self.assert_named(r)
                    self.assertIn("COULD NOT READ (1)", r.out)
                    if fmt == "html":
                        self.assertIn("<code>deals/acme.yaml:4</code>: unresolved merge conflict",
                                      r.out)
                    elif fmt == "md":
                        self.assertIn("\n- `deals/acme.yaml:4`: unresolved merge conflict", r.out)
                    else:
                        self.assertIn("\n  deals/acme.yaml:4: unresolved merge conflict", r.out)
                    self.assertIn("initech-shop" if cmd[0] in ("list", "stalled", "due")
                                  else "", r.out)

    def test_json_has_an_unreadable_array(self):
        expected = [{"path": "deals/acme.yaml", "line": 4}]
        for cmd in (["review"], ["stats"], ["forecast"]):
            with self.subTest(cmd=cmd):
                r = self.deals(*cmd, "--format", "json")
                self.assert_named(r)
                got = json.loads(r.out)["unreadable"]
                self.assertEqual([{k: u[k] for k in ("path", "line")} for u in got], expected)
                self.assertIn("unresolved merge conflict", got[0]["message"])
        for cmd in (["list"], ["stalled", "--days", "0"], ["due"], ["export"]):
            with self.subTest(cmd=cmd):
                r = self.deals(*cmd, "--format", "json")
                self.assert_named(r)
                rows = json.loads(r.out)
                self.assertEqual(rows[0]["id"], "initech-shop")
                self.assertEqual(rows[-1]["id"], "acme")
                self.assertEqual([{k: u[k] for k in ("path", "line")}
                                  for u in rows[-1]["unreadable"]], expected)
                self.assertEqual(len(rows), 2)

    def test_json_objects_say_unreadable_is_empty_when_all_files_read(self):
        self.ok("rm", "acme", "--yes")
        for cmd in (["review"], ["stats"], ["forecast"]):
            self.assertEqual(json.loads(self.ok(*cmd, "--format", "json").out)["unreadable"], [])
        self.assertEqual(len(json.loads(self.ok("list", "--format", "json").out)), 1)
        self.assertEqual(self.ok("stalled", "--days", "100").out, "")


if __name__ == "__main__":
    unittest.main()

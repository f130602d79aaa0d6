"""End-to-end: `deals import` and `deals export` (spec section 8)."""
import csv
import io
import json
import os

from harness import DealsTest, SOURCE_DIR

HOSTILE = """\
title: "=HYPERLINK(\\"http://evil.example\\", \\"click\\")"
company: "+49 Trading"
contact:
  name: "@admin"
  phone: "+49 30 1234567"
source: "-referral"
value: 500
stage: lead
created: 2026-11-01
tags: ["=tag", plain]
next:
  action: "\\tTabbed action"
  due: 2026-12-01
history:
  - {date: 2026-11-01, stage: lead}
notes: "'=already quoted\\rand a CR"
"""

DERIVED = {"weighted_value", "score", "last_activity", "days_idle", "days_in_stage",
           "stalled", "qualified"}


def rows(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


class ImportTest(DealsTest):
    def csv(self, name, text, encoding="utf-8"):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(text.encode(encoding) if isinstance(text, str) else text)
        return path

    def deal_files(self):
        return sorted(n[:-5] for n in os.listdir(os.path.join(self.root, "deals"))
                      if n.endswith(".yaml"))

    def show(self, id):
        return json.loads(self.ok("show", id, "--format", "json").out)

    def test_rfc4180_quotes_commas_newlines_crlf_bom(self):
        f = self.csv("in.csv", b"\xef\xbb\xbf" + (
            'title,company,value,stage,created,notes,tags\r\n'
            '"Shop, new","Acme ""Big"" Co",1200,lead,2026-11-01,"line one\r\nline two",a;b; a\r\n'
            'App,Globex,,demo,2026-10-01,,\r\n'
            '"Last, no newline",Initech,99.5,proposal,2026-09-01,"say ""hi""",x').encode())
        r = self.ok("import", f)
        self.assertEqual(r.out, "imported 3 new, 0 updated, 0 skipped\n")
        self.assertEqual(r.err, "")
        self.assertEqual(self.deal_files(),
                         ["acme-big-co-shop-new", "globex-app", "initech-last-no-newline"])
        d = self.show("acme-big-co-shop-new")
        self.assertEqual((d["title"], d["company"], d["value"], d["tags"], d["notes"]),
                         ("Shop, new", 'Acme "Big" Co', 1200, ["a", "b"], "line one\nline two"))
        d = self.show("initech")
        self.assertEqual((d["title"], d["value"], d["stage"], d["notes"]),
                         ("Last, no newline", 99.5, "proposal", 'say "hi"'))
        self.assertEqual(self.ok("check").out, "")

    def test_map_and_stage_map(self):
        f = self.csv("crm.csv", "Opportunity,Account,Amount,Phase,Opened,Closed On,Owner\n"
                                "Redesign,Acme,1000,Won,2026-01-05,2026-02-01,me\n"
                                "Audit,Globex,2000,Lost,2026-01-06,2026-03-01,me\n"
                                "Portal,Initech,3000,Talking,2026-01-07,,you\n")
        r = self.ok("import", f, "--map", "title=Opportunity", "--map", "company=Account",
                    "--map", "value=Amount", "--map", "stage=Phase", "--map", "created=Opened",
                    "--map", "closed=Closed On", "--stage-map", "Won=won",
                    "--stage-map", "Lost=lost", "--stage-map", "Talking=contacted")
        self.assertIn("imported 3 new", r.out)
        self.assertEqual(r.err.count("ignoring columns: Owner"), 1, r)
        won = self.show("acme-redesign")
        self.assertEqual((won["stage"], won["closed"], won["value"]), ("won", "2026-02-01", 1000))
        self.assertEqual([h["stage"] for h in won["history"]], ["lead", "won"])
        self.assertEqual(self.show("globex-audit")["closed"], "2026-03-01")
        self.assertEqual(self.show("initech-portal")["stage"], "contacted")

    def test_map_usage_errors(self):
        f = self.csv("a.csv", "Name\nX\n")
        r = self.fails(2, "import", f, "--map", "titel=Name")
        self.assertIn("did you mean 'title'", r.err)
        r = self.fails(2, "import", f, "--map", "title=Nope")
        self.assertIn("no column 'Nope'", r.err)
        self.fails(2, "import", f, "--map", "title")
        self.fails(2, "import", f, "--map", "title=Name", "--stage-map", "X=nowhere")
        self.assertEqual(self.deal_files(), [])

    def test_defaults_for_created_closed_and_today(self):
        f = self.csv("a.csv", "title,stage,created,closed\n"
                              "Only closed,won,,2026-05-05\n"
                              "Neither,lead,,\n")
        self.ok("import", f)
        d = self.show("only-closed")
        self.assertEqual((d["created"], d["closed"]), ("2026-05-05", "2026-05-05"))
        self.assertEqual(self.show("neither")["created"], "2026-11-30")

    def test_a_date_in_another_format_gets_the_option_to_read_it(self):
        f = self.csv("d.csv", "title,stage,created\nA,lead,31.12.2025\nB,lead,12/31/2025\n"
                              "C,lead,2025-13-01\n")
        r = self.fails(1, "import", f)
        self.assertEqual(r.err.splitlines()[:3], [
            f"deals: {f}:2: created: bad date '31.12.2025' (expected YYYY-MM-DD; import with "
            "--date-format DD.MM.YYYY?)",
            f"deals: {f}:3: created: bad date '12/31/2025' (expected YYYY-MM-DD; import with "
            "--date-format MM/DD/YYYY?)",
            f"deals: {f}:4: created: bad date '2025-13-01' (expected YYYY-MM-DD)"])
        self.assertEqual(self.deal_files(), [])

    def test_won_and_lost_rows_without_a_closed_date_are_named(self):
        f = self.csv("c.csv", "title,stage,created,closed\n"
                              "A,won,2026-09-01,\n"
                              "B,lost,2026-09-02,2026-10-01\n"
                              "C,lead,2026-09-03,\n"
                              "D,lost,2026-09-04,\n")
        r = self.ok("import", f)
        self.assertEqual(r.out, "imported 4 new, 0 updated, 0 skipped\n")
        self.assertEqual(r.err, f"deals: warning: {f}: 2 won or lost rows have no closed date "
                                "(lines 2, 5): closed on the created date, a sales cycle of "
                                "0 days; give the date in a 'closed' column (or --map "
                                "closed=COLUMN)\n")
        self.assertEqual(self.show("a")["closed"], "2026-09-01")
        # Updating d: a stage change is dated today, so nothing is guessed and nothing said.
        self.ok("rm", "a")
        r = self.ok("import", f, "--update")
        self.assertIn("1 won or lost row has no closed date (line 2):", r.err)  # not d's

    def test_bad_rows_are_all_reported_and_nothing_is_written(self):
        f = self.csv("bad.csv", "title,stage,created,value\n"
                                "Good,lead,2026-11-01,1\n"
                                "Bad date,lead,2026-13-01,1\n"
                                "Bad stage,leed,2026-11-01,1\n"
                                '"Two\nlines",lead,2026-11-01,abc\n'
                                ",lead,2026-11-01,1\n"
                                "Negative,lead,2026-11-01,-5\n")
        r = self.fails(1, "import", f)
        lines = r.err.splitlines()
        self.assertEqual(lines[:5], [
            f"deals: {f}:3: created: bad date '2026-13-01' (expected YYYY-MM-DD)",
            f"deals: {f}:4: stage: unknown stage 'leed', did you mean 'lead'?",
            f"deals: {f}:5: value: bad number 'abc'",
            f"deals: {f}:7: title: missing",
            f"deals: {f}:8: value: bad number '-5'",
        ])
        self.assertIn("5 bad rows; nothing imported", lines[5])
        self.assertEqual(self.deal_files(), [])
        self.assertEqual(self.deals("import", f, "--dry-run").code, 1)

    def test_malformed_csv(self):
        f = self.csv("q.csv", 'title,stage\nA,lead\n"Open quote,lead\nB,lead\n')
        r = self.fails(1, "import", f)
        self.assertIn(f"{f}:3: record 3: quoted field is never closed", r.err)
        f = self.csv("latin1.csv", "title\nCafé\n", encoding="latin-1")
        r = self.fails(1, "import", f)
        self.assertIn(f"{f}:2: not valid UTF-8", r.err)
        self.fails(1, "import", os.path.join(self.dir, "missing.csv"))
        self.assertEqual(self.deal_files(), [])

    def test_dry_run_writes_nothing(self):
        f = self.csv("a.csv", "title,company\nRedesign,Acme\nAudit,Globex\n")
        r = self.ok("import", f, "--dry-run")
        self.assertEqual(r.out, "acme-redesign: new, lead\nglobex-audit: new, lead\n"
                                "would import 2 new, 0 updated, 0 skipped\n")
        self.assertEqual(self.deal_files(), [])

    def test_existing_ids_are_skipped_or_updated(self):
        f = self.csv("a.csv", "title,company,value,stage,created\n"
                              "Redesign,Acme,1000,lead,2026-11-01\n")
        self.ok("import", f)
        self.ok("log", "acme", "Called", "--kind", "call", "--on", "2026-11-10")
        before = self.read("acme-redesign")
        r = self.ok("import", f)
        self.assertEqual(r.out, "imported 0 new, 0 updated, 1 skipped\n")
        self.assertIn("deals/acme-redesign.yaml exists; skipped (use --update", r.err)
        self.assertEqual(self.read("acme-redesign"), before)
        f = self.csv("b.csv", "title,company,value,stage,created\n"
                              "Redesign,Acme,2500,demo,2026-11-01\n"
                              "Audit,Globex,10,lead,2026-11-02\n")
        r = self.ok("import", f, "--update")
        self.assertEqual(r.out, "imported 1 new, 1 updated, 0 skipped\n")
        d = self.show("acme-redesign")
        self.assertEqual((d["value"], d["stage"]), (2500, "demo"))
        self.assertEqual([h["stage"] for h in d["history"]], ["lead", "demo"])
        self.assertEqual([l["note"] for l in d["log"]], ["Called"])  # the log is kept
        r = self.ok("import", f, "--update")  # nothing changed: nothing rewritten
        self.assertEqual(r.out, "imported 0 new, 0 updated, 2 skipped\n")

    def test_id_column_and_repeated_slugs(self):
        f = self.csv("a.csv", "id,title\nmy-id,One\n,Same\n,Same\nBad Id,Three\n")
        r = self.fails(1, "import", f)
        self.assertIn(f"{f}:5: id: invalid id 'Bad Id'", r.err)
        f = self.csv("b.csv", "id,title\nmy-id,One\n,Same\n,Same\n")
        self.ok("import", f)
        self.assertEqual(self.deal_files(), ["my-id", "same", "same-2"])


class ExportTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.examples = os.path.join(SOURCE_DIR, "examples")

    def test_export_has_the_columns_of_list_csv(self):
        out = self.ok("-C", self.examples, "export").out
        listed = self.ok("-C", self.examples, "list", "--all", "--format", "csv").out
        # The same header and rows; export is sorted by id, list by stage and score.
        self.assertEqual(out.splitlines()[0], listed.splitlines()[0])
        by_id = sorted(rows(listed), key=lambda r: r["id"])
        self.assertEqual(rows(out), by_id)
        self.assertEqual(len(by_id), 26)
        data = json.loads(self.ok("-C", self.examples, "export", "--format", "json").out)
        self.assertEqual(len(data), 26)
        listed = sorted(json.loads(self.ok("-C", self.examples, "list", "--all", "--format",
                                           "json").out), key=lambda d: d["id"])
        for full, short in zip(data, listed):
            for k, v in short.items():
                self.assertEqual(full[k], v, (full["id"], k))
            self.assertIn("history", full)
            self.assertIn("log", full)
        self.fails(2, "-C", self.examples, "export", "--format", "md")

    def test_formula_injection_is_neutralised(self):
        self.write("evil", HOSTILE)
        row = rows(self.ok("export").out)[0]
        self.assertEqual(row["title"], "'=HYPERLINK(\"http://evil.example\", \"click\")")
        self.assertEqual(row["company"], "'+49 Trading")
        self.assertEqual(row["contact"], "'@admin")
        self.assertEqual(row["phone"], "'+49 30 1234567")
        self.assertEqual(row["source"], "'-referral")
        self.assertEqual(row["tags"], "'=tag;plain")
        self.assertEqual(row["next_action"], "'\tTabbed action")
        self.assertEqual(row["notes"], "''=already quoted\nand a CR")
        for k, v in row.items():
            self.assertFalse(v[:1] in ("=", "+", "@", "\t", "\r", "\0"), (k, v))
        # Numbers and dates stay numbers and dates.
        self.assertEqual((row["value"], row["created"]), ("500", "2026-11-01"))

    def test_round_trip_loses_only_derived_columns(self):
        self.write("evil", HOSTILE)
        for name in os.listdir(os.path.join(self.examples, "deals")):
            with open(os.path.join(self.examples, "deals", name), encoding="utf-8") as f:
                self.write(name[:-5], f.read())
        with open(os.path.join(self.examples, "pipeline.toml"), encoding="utf-8") as f:
            self.config(f.read())
        first = self.ok("export").out
        path = os.path.join(self.dir, "export.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(first)
        other = os.path.join(self.dir, "other")
        self.ok("init", other, cwd=self.dir)
        with open(os.path.join(self.examples, "pipeline.toml"), encoding="utf-8") as f:
            config = f.read()
        with open(os.path.join(other, "pipeline.toml"), "w", encoding="utf-8") as f:
            f.write(config)
        r = self.ok("-C", other, "import", path)
        self.assertIn("imported 27 new", r.out)
        self.assertNotIn("ignoring columns", r.err)  # its own derived columns: no word
        second = self.ok("-C", other, "export").out
        a, b = rows(first), rows(second)
        self.assertEqual(len(a), 27)
        for x, y in zip(a, b):
            for k in x:
                if k not in DERIVED:
                    self.assertEqual(x[k], y[k], (x["id"], k))
        evil = json.loads(self.ok("-C", other, "show", "evil", "--format", "json").out)
        self.assertEqual(evil["title"], '=HYPERLINK("http://evil.example", "click")')
        self.assertEqual(evil["contact"]["phone"], "+49 30 1234567")
        self.assertEqual(evil["notes"], "'=already quoted\nand a CR")
        self.assertEqual(evil["next"], {"action": "\tTabbed action", "due": "2026-12-01"})

"""End-to-end: show, list and due in every format, with derived figures worked out by hand.

Today is 2026-11-30. Default configuration: lead and qualified stall after 7 days;
probabilities lead 0.05, qualified 0.10, proposal 0.50; score weights budget 20,
authority 15, need 25, timeline 15, recent activity 15, next action 10."""
import csv
import io
import json
import unittest

from harness import DealsTest


class ViewsTest(DealsTest):
    def setUp(self):
        super().setUp()
        # acme: qualified on 10-05 with three of four criteria, idle since then.
        self.ok("add", "Website redesign", "--company", "Acme Corp", "--value", "12000",
                "--source", "referral", "--tag", "web", "--on", "2026-10-01",
                "--expected-close", "2026-12-20")
        self.ok("qualify", "acme", "--budget", "yes", "--authority", "yes", "--need", "yes",
                "--on", "2026-10-05")
        # globex: a lead of 11-20 with an overdue next action.
        self.ok("add", "Audit", "--company", "Globex", "--value", "5000", "--on", "2026-11-20",
                "--next", "Call", "--due", "2026-11-28")
        # initech: a proposal logged yesterday, next action in three days, own probability.
        self.ok("add", "Intranet", "--company", "Initech", "--value", "20000", "--tag", "web",
                "--stage", "proposal", "--on", "2026-11-01", "--next", "Send contract",
                "--due", "+3d")
        self.ok("log", "initech", "Called Bill", "--kind", "call", "--on", "yesterday")
        # umbrella: won on 11-15 with a follow-up due in five days; hooli: lost.
        self.ok("add", "Shop", "--company", "Umbrella", "--value", "8000", "--on", "2026-09-01",
                "--stage", "proposal")
        self.ok("won", "umbrella", "--on", "2026-11-15")
        self.ok("next", "umbrella", "Retainer review", "--due", "+5d")
        self.ok("add", "App", "--company", "Hooli", "--value", "3000", "--on", "2026-09-10")
        self.ok("lost", "hooli", "--reason", "no budget", "--on", "2026-10-01")

    def test_show_json_derived_figures(self):
        d = json.loads(self.ok("show", "acme", "--format", "json").out)
        self.assertEqual(d["id"], "acme-corp-website-redesign")
        self.assertEqual(d["stage"], "qualified")
        self.assertEqual(d["last_activity"], "2026-10-05")
        self.assertEqual(d["days_idle"], 56)        # 10-05 .. 11-30
        self.assertEqual(d["days_in_stage"], 56)
        self.assertIs(d["stalled"], True)           # 56 > 14
        self.assertEqual(d["score"], 60)            # 20 + 15 + 25, no activity, no next
        self.assertEqual(d["weighted_value"], 1200)  # 12000 × 0.10
        self.assertIs(d["qualified"], True)
        self.assertEqual(d["bant"]["timeline"], None)
        self.assertEqual(d["next"], None)
        self.assertEqual(d["expected_close"], "2026-12-20")
        for key in ("id title company stage value currency created expected_close source "
                    "tags bant next last_activity days_idle days_in_stage stalled score "
                    "weighted_value qualified").split():
            self.assertIn(key, d)

        i = json.loads(self.ok("show", "initech", "--format", "json").out)
        self.assertEqual(i["last_activity"], "2026-11-29")
        self.assertEqual(i["days_idle"], 1)
        self.assertEqual(i["days_in_stage"], 29)
        self.assertIs(i["stalled"], False)
        self.assertEqual(i["weighted_value"], 10000)  # 20000 × 0.50
        self.assertEqual(i["next"], {"action": "Send contract", "due": "2026-12-03"})

    def test_show_text_explains_the_score(self):
        out = self.ok("show", "acme").out
        self.assertIn("score          60 / 100\n", out)
        self.assertIn("20.0 / 20    budget met", out)
        self.assertIn("0.0 / 15    timeline unknown", out)
        self.assertIn("qualified (3 met, 3 required)", out)
        self.assertIn("12,000 EUR × 10% = 1,200 weighted", out)

    def test_show_yaml_is_the_file(self):
        self.assertEqual(self.ok("show", "acme", "--format", "yaml").out,
                         self.read("acme-corp-website-redesign"))

    def test_list_default_open_by_stage(self):
        out = self.ok("list").out.splitlines()
        self.assertTrue(out[0].startswith("ID "))
        ids = [line.split()[0] for line in out[1:-1]]
        self.assertEqual(ids, ["globex-audit", "acme-corp-website-redesign", "initech-intranet"])
        self.assertTrue(out[-1].startswith("3 deals "), out[-1])

    def test_list_filters(self):
        def ids(*args):
            rows = json.loads(self.ok("list", *args, "--format", "json").out)
            return [r["id"] for r in rows]
        self.assertEqual(ids("--won"), ["umbrella-shop"])
        self.assertEqual(ids("--lost"), ["hooli-app"])
        self.assertEqual(len(ids("--all")), 5)
        self.assertEqual(ids("--tag", "web"), ["acme-corp-website-redesign", "initech-intranet"])
        self.assertEqual(ids("--stage", "lead", "--stage", "proposal"),
                         ["globex-audit", "initech-intranet"])
        self.assertEqual(ids("--source", "referral"), ["acme-corp-website-redesign"])
        self.assertEqual(ids("--company", "GLOB"), ["globex-audit"])
        self.assertEqual(ids("--stalled"), ["globex-audit", "acme-corp-website-redesign"])
        self.assertEqual(ids("--sort", "value"),
                         ["initech-intranet", "acme-corp-website-redesign", "globex-audit"])
        self.assertEqual(ids("--sort", "idle"),
                         ["acme-corp-website-redesign", "globex-audit", "initech-intranet"])
        self.fails(2, "list", "--sort", "colour")
        self.fails(2, "list", "--won", "--lost")

    def test_list_sort_orders_over_all_deals(self):
        def ids(key):
            rows = json.loads(self.ok("list", "--all", "--sort", key, "--format", "json").out)
            return [r["id"].split("-")[0] for r in rows]
        # Stage order: open stages as configured, then won, then lost.
        self.assertEqual(ids("stage"), ["globex", "acme", "initech", "umbrella", "hooli"])
        self.assertEqual(ids("created"), ["umbrella", "hooli", "acme", "initech", "globex"])
        # Scheduled first, earliest first; the rest by id.
        self.assertEqual(ids("due"), ["globex", "initech", "umbrella", "acme", "hooli"])
        self.assertEqual(ids("expected_close"),
                         ["acme", "globex", "hooli", "initech", "umbrella"])
        self.assertEqual(ids("title"), ["hooli", "globex", "initech", "umbrella", "acme"])
        self.assertEqual(ids("company"), ["acme", "globex", "hooli", "initech", "umbrella"])
        # 20000 x 0.50, 8000 x 1 (won), 12000 x 0.10, 5000 x 0.05, 3000 x 0 (lost).
        self.assertEqual(ids("weighted"), ["initech", "umbrella", "acme", "globex", "hooli"])

    def test_list_as_of_rebuilds_from_history(self):
        rows = json.loads(self.ok("list", "--all", "--as-of", "2026-10-03", "--format",
                                  "json").out)
        got = {r["id"]: r["stage"] for r in rows}
        # globex and initech did not exist yet; acme was still a lead; hooli was lost on
        # 10-01; umbrella was a proposal.
        self.assertEqual(got, {"acme-corp-website-redesign": "lead", "hooli-app": "lost",
                               "umbrella-shop": "proposal"})

    def test_list_csv_and_md(self):
        rows = list(csv.DictReader(io.StringIO(self.ok("list", "--format", "csv").out)))
        self.assertEqual([r["id"] for r in rows],
                         ["globex-audit", "acme-corp-website-redesign", "initech-intranet"])
        self.assertEqual(rows[0]["next_due"], "2026-11-28")
        self.assertEqual(rows[0]["stalled"], "true")
        self.assertEqual(rows[2]["weighted_value"], "10000")
        md = self.ok("list", "--format", "md").out.splitlines()
        self.assertEqual(
            md[0], "| ID | STAGE | COMPANY | TITLE | VALUE | WEIGHTED | SCORE | IDLE | NEXT |")
        self.assertTrue(md[2].startswith("| globex-audit | lead! | Globex | Audit | 5,000 |"))

    def test_export_csv_and_json_agree_on_derived_figures(self):
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(self.ok("export").out))}
        objects = {d["id"]: d for d in json.loads(self.ok("export", "--format", "json").out)}
        self.assertEqual(set(rows), set(objects))
        for id, d in objects.items():
            with self.subTest(id=id):
                r = rows[id]
                # Closed deals have no idle clock: null in JSON, an empty cell in CSV.
                self.assertEqual(r["days_idle"],
                                 "" if d["days_idle"] is None else str(d["days_idle"]))
                self.assertEqual(r["days_in_stage"], str(d["days_in_stage"]))
                self.assertEqual(r["stalled"], "true" if d["stalled"] else "false")
                self.assertEqual(r["score"], str(d["score"]))
        self.assertEqual(rows["umbrella-shop"]["days_idle"], "")   # won on 11-15
        self.assertEqual(rows["hooli-app"]["days_idle"], "")       # lost
        self.assertEqual(rows["initech-intranet"]["days_idle"], "1")

    def test_md_shows_deal_text_as_typed(self):
        self.ok("add", "<script>x</script> *big* a|b", "--id", "markup", "--company", "[Co]_")
        md = self.ok("list", "--format", "md").out
        self.assertIn("| markup | lead | \\[Co\\]\\_ | \\<script\\>x\\</script\\> \\*big\\* a\\|b |",
                      md)
        self.assertNotIn("<script>", md)

    def test_due(self):
        out = self.ok("due").out.splitlines()
        self.assertEqual(len(out), 4, out)
        self.assertTrue(out[1].startswith("2026-11-28 (2d late)  globex-audit"))
        self.assertIn("initech-intranet", out[2])
        self.assertIn("umbrella-shop", out[3])   # a won deal's follow-up counts
        rows = json.loads(self.ok("due", "--within", "3", "--format", "json").out)
        self.assertEqual(rows, [
            {"id": "globex-audit", "action": "Call", "due": "2026-11-28", "overdue": True},
            {"id": "initech-intranet", "action": "Send contract", "due": "2026-12-03",
             "overdue": False}])
        self.fails(2, "due", "--within", "-1")

    def test_not_found_and_bad_format(self):
        r = self.fails(1, "show", "nothing")
        self.assertIn("nothing", r.err)
        self.fails(2, "show", "acme", "--format", "xml")


if __name__ == "__main__":
    unittest.main()


class ManyDealsListTest(DealsTest):
    """600 deals: list reads them on several threads and keeps only their rows; every
    order must still be the one the spec gives, ties by id, the same in every format."""

    STAGES = ["lead", "qualified", "contacted", "demo", "proposal", "negotiation", "won",
              "lost"]

    def setUp(self):
        super().setUp()
        for n in range(600):
            stage = self.STAGES[n % 8]
            due = f"next: {{action: Call {n % 3}, due: 2026-12-{1 + n % 4:02d}}}\n" \
                if n % 5 == 0 else ""
            value = f"value: {(n % 7) * 1000}\n" if n % 11 else ""
            self.write(f"d{(n * 7919) % 600:03d}-x",
                       f"title: T{n % 9}\ncompany: C{n % 6}\n{value}stage: {stage}\n"
                       f"created: 2026-0{1 + n % 9}-1{n % 10}\n{due}"
                       f"history:\n  - {{date: 2026-0{1 + n % 9}-1{n % 10}, stage: {stage}}}\n")

    def rows(self, *args, which="--all"):
        return json.loads(self.ok("list", which, *args, "--format", "json").out)

    def test_every_sort_order_with_ties_by_id(self):
        order = {s: i for i, s in enumerate(self.STAGES)}
        rows = self.rows()
        self.assertEqual(len(rows), 600)
        due = lambda r: (r["next"] or {}).get("due")
        keys = {
            "stage": lambda r: (order[r["stage"]], -r["score"], r["id"]),
            "score": lambda r: (-r["score"], r["id"]),
            "value": lambda r: (-(r["value"] if r["value"] is not None else -1), r["id"]),
            "weighted": lambda r: (-r["weighted_value"], r["id"]),
            "created": lambda r: (r["created"], r["id"]),
            "expected_close": lambda r: (r["expected_close"] is None,
                                         r["expected_close"] or "", r["id"]),
            "due": lambda r: (due(r) is None, due(r) or "", r["id"]),
            "id": lambda r: r["id"],
            "title": lambda r: (r["title"], r["id"]),
            "company": lambda r: (r["company"], r["id"]),
        }
        for key, sort_key in keys.items():
            with self.subTest(sort=key):
                got = [r["id"] for r in self.rows("--sort", key)]
                want = [r["id"] for r in sorted(rows, key=sort_key)]
                self.assertEqual(got, want)
        # Days idle are open deals' only.
        got = [r["id"] for r in self.rows("--sort", "idle", which="--open")]
        open_rows = [r for r in rows if r["stage"] not in ("won", "lost")]
        self.assertEqual(got, [r["id"] for r in sorted(open_rows,
                                                      key=lambda r: (-r["days_idle"], r["id"]))])

    def test_text_md_and_csv_rows_come_in_the_json_order_with_totals(self):
        for args in ([], ["--sort", "value"], ["--stage", "demo", "--sort", "due"]):
            with self.subTest(args=args):
                ids = [r["id"] for r in self.rows(*args)]
                text = self.ok("list", "--all", *args, "--columns", "id,value").out
                lines = text.splitlines()
                self.assertEqual([l.split()[0] for l in lines[1:-1]], ids)
                total = sum(r["value"] or 0 for r in self.rows(*args))
                self.assertEqual(lines[-1].split()[:2], [str(len(ids)), "deals"])
                self.assertIn(f"{total:,} EUR", lines[-1])
                md = self.ok("list", "--all", *args, "--format", "md").out.splitlines()
                self.assertEqual([l.split("|")[1].strip() for l in md[2:-1]], ids)
                out = self.ok("list", "--all", *args, "--format", "csv").out
                self.assertEqual([r["id"] for r in csv.DictReader(io.StringIO(out))], ids)

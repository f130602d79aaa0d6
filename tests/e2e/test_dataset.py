"""End-to-end: import a real-world CRM export (Maven Analytics "CRM Sales Opportunities",
8,800 rows) and check `deals stats` against figures this
test computes itself from the CSV."""
import csv
import datetime
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
import unittest

from harness import DealsTest, SOURCE_DIR

# The dataset is not part of this repository (its licence is unverified): it is read from
# the workplace's shared datasets beside the checkout, or from $DEALS_MAVEN_CSV.
DATA = os.environ.get("DEALS_MAVEN_CSV") or os.path.join(
    SOURCE_DIR, "..", "shared", "datasets", "maven-crm-sales-opportunities",
    "sales_pipeline.csv")

IMPORT_ARGS = [
    "--map", "title=opportunity_id", "--map", "company=account",
    "--map", "created=engage_date", "--map", "closed=close_date",
    "--map", "value=close_value", "--map", "stage=deal_stage",
    "--stage-map", "Prospecting=lead", "--stage-map", "Engaging=contacted",
    "--stage-map", "Won=won", "--stage-map", "Lost=lost",
]
# The budget for importing the 8,800 rows is 2 s. CPU time is what the program controls;
# wall time on a shared, loaded machine also waits for the disk (the import flushes the
# file system once) and for other processes. Like the other speed checks, the test prints
# the times, warns above the budget and fails only on a clear regression.
BUDGET = 2.0
CPU_LIMIT = 3 * BUDGET
WALL_LIMIT = 60.0


def day(s):
    return datetime.date.fromisoformat(s)


def expected(rows, since=None, until=None):
    """The spec's section 7 figures, from the CSV alone."""
    def in_period(r):
        d = r["close_date"]
        return (since is None or d >= since) and (until is None or d <= until)
    closed = [r for r in rows if r["deal_stage"] in ("Won", "Lost") and in_period(r)]
    won = [r for r in closed if r["deal_stage"] == "Won"]
    lost = [r for r in closed if r["deal_stage"] == "Lost"]
    cycles = [(day(r["close_date"]) - day(r["engage_date"])).days for r in won]
    return {
        "open": sum(r["deal_stage"] in ("Prospecting", "Engaging") for r in rows),
        "won": len(won),
        "lost": len(lost),
        "win_rate": len(won) / (len(won) + len(lost)),
        "average_won_value": statistics.mean(float(r["close_value"]) for r in won),
        "cycle_mean": statistics.mean(cycles),
        "cycle_median": statistics.median(cycles),
    }


@unittest.skipUnless(os.path.exists(DATA), f"dataset not found: {DATA}")
class MavenDatasetTest(DealsTest):
    """Imports once for the class (8,800 files); the tests only read the pipeline."""

    init = False

    @classmethod
    def setUpClass(cls):
        with open(DATA, newline="", encoding="utf-8") as f:
            cls.rows = list(csv.DictReader(f))
        cls.class_dir = tempfile.mkdtemp(prefix="deals-maven-")
        cls.class_root = os.path.join(cls.class_dir, "p")
        cls.csv = os.path.join(cls.class_dir, "sales_pipeline.csv")
        shutil.copyfile(DATA, cls.csv)
        runner = DealsTest()
        runner.root = cls.class_dir
        r = runner.deals("init", cls.class_root)
        assert r.code == 0, r
        runner.root = cls.class_root
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        cls.imported = runner.deals("import", cls.csv, *IMPORT_ARGS, timeout=300)
        cls.wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cls.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.class_dir, ignore_errors=True)

    def setUp(self):
        super().setUp()
        self.root = self.class_root

    def test_import_all_rows_in_time(self):
        r = self.imported
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out, "imported 8800 new, 0 updated, 0 skipped\n")
        self.assertIn("ignoring columns: sales_agent, product", r.err)
        note = "" if max(self.wall, self.cpu) <= BUDGET else f" (warning: over {BUDGET} s)"
        print(f"\nimport of 8,800 rows: {self.wall:.2f} s wall, {self.cpu:.2f} s CPU{note}",
              file=sys.stderr)
        self.assertLessEqual(self.cpu, CPU_LIMIT)
        self.assertLessEqual(self.wall, WALL_LIMIT)
        files = os.listdir(os.path.join(self.root, "deals"))
        self.assertEqual(sum(n.endswith(".yaml") for n in files), 8800)
        self.assertEqual(self.read("cancity-1c1i7a6r"), """\
title: 1C1I7A6R
company: Cancity
value: 1054
stage: won
created: 2016-10-20
history:
  - {date: 2016-10-20, stage: lead}
  - {date: 2017-03-01, stage: won}
""")
        listed = json.loads(self.ok("list", "--all", "--format", "json").out)
        counts = {}
        for d in listed:
            counts[d["stage"]] = counts.get(d["stage"], 0) + 1
        self.assertEqual(counts, {"lead": 500, "contacted": 1589, "won": 4238, "lost": 2473})
        # Importing again changes nothing.
        r = self.deals("import", self.csv, *IMPORT_ARGS, "--update", timeout=120)
        self.assertEqual(r.out, "imported 0 new, 0 updated, 8800 skipped\n", r)

    def stats(self, *args):
        r = self.deals("stats", "--format", "json", *args, timeout=120)
        if r.code == 2 and "unknown command" in r.err:
            self.skipTest("this build has no 'deals stats' yet")
        self.assertEqual(r.code, 0, r)
        return json.loads(r.out)

    def assert_stats(self, got, want, check_open=True):
        if check_open:
            self.assertEqual(got["deals"]["open"], want["open"])
        self.assertEqual(got["deals"]["won"], want["won"])
        self.assertEqual(got["deals"]["lost"], want["lost"])
        self.assertAlmostEqual(got["win_rate"], want["win_rate"], delta=0.0005)
        self.assertAlmostEqual(got["average_won_value"], want["average_won_value"], delta=0.01)
        self.assertAlmostEqual(got["cycle_days"]["mean"], want["cycle_mean"], delta=0.05)
        self.assertAlmostEqual(got["cycle_days"]["median"], want["cycle_median"], delta=0.001)

    def test_stats_match_the_csv(self):
        self.assertEqual(self.imported.code, 0, self.imported)
        want = expected(self.rows)
        self.assertEqual((want["won"], want["lost"], want["open"]), (4238, 2473, 2089))
        self.assert_stats(self.stats(), want)

    def test_stats_by_quarter(self):
        """SPEC §13: won value per quarter of 2017, as the CSV says."""
        self.assertEqual(self.imported.code, 0, self.imported)
        r = self.deals("stats", "--by", "quarter", "--format", "json", timeout=120)
        self.assertEqual(r.code, 0, r)
        got = {p["period"]: p for p in json.loads(r.out)["periods"]}
        want = {}
        for row in self.rows:
            if row["deal_stage"] not in ("Won", "Lost"):
                continue
            d = day(row["close_date"])
            q = want.setdefault(f"{d.year}-Q{(d.month - 1) // 3 + 1}", [0, 0.0, 0])
            if row["deal_stage"] == "Won":
                q[0] += 1
                q[1] += float(row["close_value"])
            else:
                q[2] += 1
        self.assertEqual({k: (p["won"], p["won_value"], p["lost"]) for k, p in got.items()},
                         {k: tuple(v) for k, v in want.items()})
        self.assertEqual([got[f"2017-Q{i}"]["won_value"] for i in range(1, 5)],
                         [1134672, 3086111, 2982255, 2802496])
        text = self.deals("stats", "--by", "quarter", timeout=120).out
        for figure in ("1,134,672", "3,086,111", "2,982,255", "2,802,496"):
            self.assertIn(figure, text)

    def test_stats_for_one_quarter(self):
        self.assertEqual(self.imported.code, 0, self.imported)
        want = expected(self.rows, "2017-04-01", "2017-06-30")
        got = self.stats("--since", "2017-04-01", "--until", "2017-06-30")
        # What "open" means for a past period is the stats command's call; the closed
        # figures are the spec's.
        self.assert_stats(got, want, check_open=False)

"""End-to-end: SPEC §13 — stats by period, lost reasons and tags; list fitted to the
terminal with totals and --columns; the HTML review in a real browser (headless Chromium)
at phone width and printed to A4."""
import csv
import glob
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from harness import DealsTest, SOURCE_DIR

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOPPM = shutil.which("pdftoppm")


def deal(title, created, stage, closed=None, value=None, reason=None, tags=None):
    text = f"title: {title}\n"
    if value is not None:
        text += f"value: {value}\n"
    text += f"stage: {stage}\ncreated: {created}\n"
    if tags:
        text += f"tags: [{', '.join(tags)}]\n"
    text += f"history:\n  - {{date: {created}, stage: lead}}\n"
    if closed:
        extra = f", reason: {reason}" if reason else ""
        text += f"  - {{date: {closed}, stage: {stage}{extra}}}\n"
    return text


class StatsByPeriodTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.write("a", deal("A", "2026-01-05", "won", "2026-01-20", 1000, tags=["web"]))
        self.write("b", deal("B", "2026-01-10", "lost", "2026-02-03", 500, "price", ["web"]))
        self.write("c", deal("C", "2026-02-01", "won", "2026-04-15", 2500.5, tags=["seo", "web"]))
        self.write("d", deal("D", "2026-03-01", "lost", "2026-04-20", None, "price"))
        self.write("e", deal("E", "2026-03-01", "lost", "2026-07-01", 100, "no budget"))
        self.write("f", deal("F", "2026-06-01", "lead", None, 800, tags=["seo"]))

    def test_by_month_quarter_year(self):
        got = json.loads(self.ok("stats", "--by", "quarter", "--format", "json").out)
        self.assertEqual((got["by"], got["currency"]), ("quarter", "EUR"))
        self.assertEqual(got["periods"], [
            {"period": "2026-Q1", "won": 1, "won_value": 1000, "lost": 1, "win_rate": 0.5,
             "currency": "EUR"},
            {"period": "2026-Q2", "won": 1, "won_value": 2500.5, "lost": 1, "win_rate": 0.5,
             "currency": "EUR"},
            {"period": "2026-Q3", "won": 0, "won_value": 0, "lost": 1, "win_rate": 0,
             "currency": "EUR"},
        ])
        months = json.loads(self.ok("stats", "--by", "month", "--format", "json").out)["periods"]
        # Every month from the first closing to the last, the empty ones included.
        self.assertEqual([m["period"] for m in months],
                         ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
                          "2026-07"])
        self.assertIsNone(months[2]["win_rate"])
        years = json.loads(self.ok("stats", "--by", "year", "--format", "json").out)["periods"]
        self.assertEqual(years, [{"period": "2026", "won": 2, "won_value": 3500.5, "lost": 3,
                                  "win_rate": 0.4, "currency": "EUR"}])
        # --since/--until count closings in the period.
        q = json.loads(self.ok("stats", "--by", "quarter", "--since", "2026-04-01", "--until",
                               "2026-06-30", "--format", "json").out)["periods"]
        self.assertEqual([p["period"] for p in q], ["2026-Q2"])
        self.assertEqual(self.ok("stats", "--by", "year", "--since", "2026-04-01").out.split("\n")[0],
                         "Pipeline · won and lost by year · closed from 2026-04-01 · values in EUR")

    def test_text_md_csv(self):
        out = self.ok("stats", "--by", "quarter").out.splitlines()
        self.assertEqual(out[0], "Pipeline · won and lost by quarter · values in EUR")
        self.assertEqual(out[1].split(), ["QUARTER", "WON", "WON", "VALUE", "LOST", "WIN", "RATE"])
        self.assertEqual(out[2].split(), ["2026-Q1", "1", "1,000", "1", "50%"])
        self.assertEqual(out[-1].split(), ["total", "2", "3,500.50", "3", "40%"])
        rows = list(csv.DictReader(io.StringIO(self.ok("stats", "--by", "quarter", "--format",
                                                       "csv").out)))
        self.assertEqual(rows[1], {"quarter": "2026-Q2", "won": "1", "won_value": "2500.5",
                                   "lost": "1", "win_rate": "0.5"})
        md = self.ok("stats", "--by", "year", "--format", "md").out
        self.assertIn("| 2026 | 2 | 3,500.50 | 3 | 40% |", md)
        self.fails(2, "stats", "--by", "week")
        self.fails(2, "stats", "--format", "csv")

    def test_lost_reasons_and_tags(self):
        got = json.loads(self.ok("stats", "--format", "json").out)
        self.assertEqual(got["lost_reasons"], [
            {"reason": "price", "count": 2, "value": 500, "currency": "EUR"},
            {"reason": "no budget", "count": 1, "value": 100, "currency": "EUR"},
        ])
        self.assertEqual(got["by_tag"], [
            {"tag": "seo", "deals": 2, "open": 1, "won": 1, "lost": 0, "win_rate": 1,
             "open_value": 800, "won_value": 2500.5, "currency": "EUR"},
            {"tag": "web", "deals": 3, "open": 0, "won": 2, "lost": 1, "win_rate": 0.666667,
             "open_value": 0, "won_value": 3500.5, "currency": "EUR"},
        ])
        text = self.ok("stats").out
        self.assertIn("LOST REASONS", text)
        self.assertRegex(text, r"price\s+2\s+500")
        self.assertIn("BY TAG", text)
        md = self.ok("stats", "--format", "md").out
        self.assertIn("| price | 2 | 500 |", md)


class ListFitTest(DealsTest):
    LONG = "an-identifier-that-is-much-longer-than-thirty-two-characters"

    def setUp(self):
        super().setUp()
        self.ok("add", "Very long title for a consulting engagement about data pipelines",
                "--company", "Some Extremely Long Company Name GmbH & Co. KG", "--value",
                "12000", "--id", self.LONG, "--next", "Call the CFO about the budget round",
                "--due", "+3d")
        self.ok("add", "Audit", "--company", "Globex", "--value", "5000.5", "--stage", "proposal")
        self.ok("add", "Small", "--value", "100", "--currency", "EUR")

    def test_fits_the_width_and_keeps_whole_ids_when_they_fit(self):
        for width in (200, 120, 80, 60, 50):
            with self.subTest(width=width):
                out = self.ok("list", env=self.env(COLUMNS=str(width))).out.splitlines()
                self.assertTrue(all(len(l) <= width for l in out),
                                [l for l in out if len(l) > width])
                if width >= 100:
                    self.assertIn(self.LONG, "\n".join(out))  # the id whole
                else:
                    self.assertIn(self.LONG[:8], "\n".join(out))
        wide = self.ok("list", env=self.env(COLUMNS="400")).out
        self.assertIn("Some Extremely Long Company Name GmbH & Co. KG", wide)
        # Not a terminal and no COLUMNS: whole cells, for grep and files.
        piped = self.ok("list").out
        self.assertIn(self.LONG, piped)
        self.assertIn("Very long title for a consulting engagement about data pipelines", piped)

    def test_totals_row(self):
        out = self.ok("list", env=self.env(COLUMNS="250")).out.splitlines()
        self.assertEqual(out[-1].split(), ["3", "deals", "17,100.50", "EUR", "3,105.25", "EUR"])
        md = self.ok("list", "--format", "md").out.splitlines()
        self.assertTrue(md[-1].startswith("| 3 deals |"), md[-1])
        self.assertIn("| 17,100.50 EUR | 3,105.25 EUR |", md[-1])
        # Machine formats stay one row per deal.
        self.assertEqual(len(json.loads(self.ok("list", "--format", "json").out)), 3)
        self.assertEqual(len(self.ok("list", "--format", "csv").out.splitlines()), 4)
        self.assertEqual(self.ok("list", "--won").out, "")

    def test_columns(self):
        out = self.ok("list", "--columns", "id,value,due,tags").out.splitlines()
        self.assertEqual(out[0].split(), ["ID", "VALUE", "DUE", "TAGS"])
        self.assertEqual(out[-1].split(), ["3", "deals", "17,100.50", "EUR"])
        r = self.fails(2, "list", "--columns", "id,valeu")
        self.assertIn("unknown column 'valeu', did you mean 'value'?", r.err)


def chromium(*args, timeout=120):
    profile = tempfile.mkdtemp(prefix="deals-chromium-")
    try:
        return subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=timeout)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def page_fill(pdf, workdir):
    """For each page: how far down the page the last printed (non-white) row is, 0..1."""
    subprocess.run([PDFTOPPM, "-r", "40", "-gray", pdf, os.path.join(workdir, "page")],
                   check=True)
    fills = []
    for name in sorted(glob.glob(os.path.join(workdir, "page-*.pgm"))):
        with open(name, "rb") as f:
            data = f.read()
        magic, size, depth, pixels = data.split(b"\n", 3)
        assert magic == b"P5", magic
        w, h = map(int, size.split())
        last = 0
        for y in range(h):
            if min(pixels[y * w:(y + 1) * w]) < 200:
                last = y
        fills.append(last / h)
    return fills


@unittest.skipUnless(CHROMIUM, "chromium is not installed (Debian package chromium)")
class HtmlInBrowserTest(DealsTest):
    def review(self, root=None, *args):
        out = self.ok("-C", root or os.path.join(SOURCE_DIR, "examples"), "review", *args,
                      "--format", "html").out
        path = os.path.join(self.dir, "review.html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(out)
        return path, out

    def test_no_sideways_scrolling_at_400_px(self):
        path, html = self.review()
        self.assertIn("Forecast: weighted value by month", html)
        # Headless Chromium's window is at least 500 px wide, so the page is measured in
        # an iframe of the width under test: its media queries see that width. A script
        # in the outer page writes the document's scroll width into the DOM (the review
        # itself has no scripts).
        probe = os.path.join(self.dir, "probe.html")
        srcdoc = html.replace("&", "&amp;").replace('"', "&quot;")
        for width in (400, 1200):
            with self.subTest(width=width):
                with open(probe, "w", encoding="utf-8") as f:
                    f.write(f"""<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" style="width:{width}px;height:900px;border:0" srcdoc="{srcdoc}"></iframe>
<pre id="probe"></pre><script>
document.getElementById('f').addEventListener('load', () => {{
  const d = document.getElementById('f').contentDocument.documentElement;
  document.getElementById('probe').textContent =
    'SCROLL=' + d.scrollWidth + ';VIEW=' + d.clientWidth + ';';
}});</script></body></html>""")
                r = chromium("--dump-dom", "--virtual-time-budget=5000", "--window-size=1400,900",
                             "file://" + probe)
                self.assertEqual(r.returncode, 0, r.stderr)
                marker = r.stdout[r.stdout.index('id="probe">SCROLL=') + 18:]
                scroll = int(marker[:marker.index(";")])
                view = int(marker[marker.index("VIEW=") + 5:marker.index(";", marker.index("VIEW="))])
                # The view is the width less a classic scroll bar (phones overlay theirs).
                self.assertGreaterEqual(view, width - 20)
                self.assertLessEqual(view, width)
                self.assertLessEqual(scroll, view, f"document {scroll} px wide in {view} px")

    @unittest.skipUnless(PDFTOPPM, "pdftoppm is not installed (Debian package poppler-utils)")
    def test_a4_print_has_no_page_less_than_a_third_full(self):
        small = os.path.join(self.dir, "small")
        self.ok("init", small, cwd=self.dir)
        self.ok("-C", small, "add", "Only deal", "--value", "100", "--expected-close", "+1m")
        cases = [(None, ()), (None, ("--week", "2026-W40")), (None, ("--week", "2026-W45")),
                 (small, ())]
        for root, args in cases:
            with self.subTest(root=root, args=args):
                path, _ = self.review(root, *args)
                pdf = os.path.join(self.dir, "review.pdf")
                if os.path.exists(pdf):
                    os.remove(pdf)
                r = chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", "file://" + path)
                self.assertTrue(os.path.exists(pdf), r.stderr)
                info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
                self.assertIn("(A4)", info)
                work = tempfile.mkdtemp(dir=self.dir)
                fills = page_fill(pdf, work)
                print(f"\nA4 pages {root or 'examples'} {' '.join(args)}: "
                      + ", ".join(f"{f:.0%}" for f in fills))
                self.assertTrue(all(f >= 1 / 3 for f in fills), fills)

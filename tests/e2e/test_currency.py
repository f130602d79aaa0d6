"""SPEC 12, currencies: a pipeline in EUR with deals in USD (rate given) and CHF (no
rate). Every total of review, stats and forecast, in every format, is the hand-computed
sum converted at the stated rate; the CHF deals are listed as left out, never summed."""
import json
import os
import unittest

from harness import DealsTest

# Today is 2026-11-30 (harness). Every deal was created 2026-10-01.
#   e-open   10,000 EUR  proposal (0.50)     expected 12-10   weighted 5,000
#   u-open    6,000 USD  negotiation (0.75)  expected 12-15   5,520 EUR, weighted 4,140
#   c-open    5,000 CHF  demo                expected 12-20   no rate: left out
#   u-won     3,000 USD  won 11-25           2,760 EUR   (cycle 55 days)
#   e-won     5,500 EUR  won 11-26           5,500 EUR   (cycle 56 days)
#   c-won     1,000 CHF  won 11-27           left out    (cycle 57 days)
#   u-lost    2,000 USD  lost 11-27          1,840 EUR
OPEN_VALUE = 10000 + 5520                  # 15,520
OPEN_WEIGHTED = 5000 + 4140                # 9,140
WON_TOTAL = 2760 + 5500                    # 8,260
LOST_TOTAL = 1840
AVERAGE_WON = WON_TOTAL / 2                # 4,130 (the CHF win has no rate)
WIN_RATE = 3 / 4                           # counts are not money: the CHF win counts
CYCLE_MEAN = (55 + 56 + 57) / 3            # 56
VELOCITY = 3 * AVERAGE_WON * WIN_RATE / CYCLE_MEAN  # 3 open deals: 165.9375
CONVERTED = "USD converted at 0.92, rates of 2026-11-01"


class CurrencyTest(DealsTest):
    def setUp(self):
        super().setUp()
        with open(self.root + "/pipeline.toml") as f:
            text = f.read()
        text = text.replace('currency = "EUR"', 'currency = "EUR"\nrates_date = 2026-11-01', 1)
        with open(self.root + "/pipeline.toml", "w") as f:
            f.write(text + "\n[rates]\nusd = 0.92\n")
        def add(id, value, currency, *moves, close=None):
            extra = ["--expected-close", close] if close else []
            self.ok("add", id, "--id", id, "--value", value, "--currency", currency,
                    "--on", "2026-10-01", *extra)
            for m in moves:
                self.ok(*m)
        add("e-open", "10000", "EUR", ("advance", "e-open", "--force", "--to", "proposal",
                                       "--on", "2026-11-02"), close="2026-12-10")
        add("u-open", "6000", "usd", ("advance", "u-open", "--force", "--to", "negotiation",
                                      "--on", "2026-11-02"), close="2026-12-15")
        add("c-open", "5000", "CHF", ("advance", "c-open", "--force", "--to", "demo",
                                      "--on", "2026-11-02"), close="2026-12-20")
        add("u-won", "3000", "USD", ("won", "u-won", "--on", "2026-11-25"))
        add("e-won", "5500", "EUR", ("won", "e-won", "--on", "2026-11-26"))
        add("c-won", "1000", "chf", ("won", "c-won", "--on", "2026-11-27"))
        add("u-lost", "2000", "USD", ("lost", "u-lost", "--reason", "price", "--on", "2026-11-27"))

    def json(self, *args):
        return json.loads(self.ok(*args, "--format", "json").out)

    # ---- JSON ----

    def test_review_json_totals(self):
        r = self.json("review")
        self.assertEqual(r["currency"], "EUR")
        self.assertEqual(r["rates"], {"USD": 0.92})
        self.assertEqual(r["rates_date"], "2026-11-01")
        self.assertEqual(r["excluded"], ["c-open", "c-won"])
        # Counts are not money: the CHF deal is counted (as in stats), its value left out.
        self.assertEqual(r["totals"], {"count": 3, "value": OPEN_VALUE,
                                       "weighted": OPEN_WEIGHTED, "currency": "EUR"})
        self.assertEqual(sum(s["value"] for s in r["snapshot"]), OPEN_VALUE)
        self.assertEqual([s["currency"] for s in r["snapshot"]], ["EUR"] * 6)
        neg = [s for s in r["snapshot"] if s["stage"] == "negotiation"][0]
        self.assertEqual((neg["count"], neg["value"], neg["weighted"]), (1, 5520, 4140))
        demo = [s for s in r["snapshot"] if s["stage"] == "demo"][0]
        self.assertEqual((demo["count"], demo["value"], demo["weighted"]), (1, 0, 0))
        self.assertEqual(r["won_total"], {"value": WON_TOTAL, "currency": "EUR"})
        self.assertEqual(r["lost_total"], {"value": LOST_TOTAL, "currency": "EUR"})
        # Rows keep the deal's own value and currency, and say what it is worth here.
        self.assertEqual(r["won"], [
            {"id": "u-won", "value": 3000, "currency": "USD", "converted": 2760,
             "on": "2026-11-25"},
            {"id": "e-won", "value": 5500, "currency": "EUR", "converted": 5500,
             "on": "2026-11-26"},
            {"id": "c-won", "value": 1000, "currency": "CHF", "converted": None,
             "on": "2026-11-27"}])
        self.assertEqual(r["lost"][0]["converted"], 1840)
        self.assertEqual(r["metrics"]["average_won_value"], AVERAGE_WON)
        self.assertEqual(r["metrics"]["currency"], "EUR")
        self.assertEqual(sum(w["value"] for w in r["won_by_week"]), WON_TOTAL)
        self.assertEqual({c["id"]: c["currency"] for c in r["closing_soon"]},
                         {"e-open": "EUR", "u-open": "USD", "c-open": "CHF"})

    def test_stats_json_totals(self):
        s = self.json("stats")
        self.assertEqual(s["deals"], {"open": 3, "won": 3, "lost": 1})
        self.assertEqual(s["win_rate"], WIN_RATE)
        self.assertEqual(s["average_won_value"], AVERAGE_WON)
        self.assertEqual(s["cycle_days"]["mean"], CYCLE_MEAN)
        self.assertAlmostEqual(s["velocity_per_day"], VELOCITY, places=6)
        self.assertEqual([(b["won_value"], b["currency"]) for b in s["by_source"]],
                         [(WON_TOTAL, "EUR")])
        self.assertEqual((s["currency"], s["rates"], s["excluded"]),
                         ("EUR", {"USD": 0.92}, ["c-won"]))

    def test_forecast_json_totals(self):
        f = self.json("forecast")
        dec = [m for m in f["months"] if m["month"] == "2026-12"][0]
        self.assertEqual(dec, {"month": "2026-12", "count": 3, "value": OPEN_VALUE,
                               "weighted": OPEN_WEIGHTED, "currency": "EUR"})
        self.assertEqual(f["total"], {"count": 3, "value": OPEN_VALUE,
                                      "weighted": OPEN_WEIGHTED, "currency": "EUR"})
        self.assertEqual(f["excluded"], ["c-open"])
        self.assertEqual(f["rates"], {"USD": 0.92})

    def test_every_json_deal_object_carries_its_currency(self):
        rows = self.json("list", "--all")
        self.assertEqual({d["id"]: d["currency"] for d in rows},
                         {"e-open": "EUR", "u-open": "USD", "c-open": "CHF", "u-won": "USD",
                          "e-won": "EUR", "c-won": "CHF", "u-lost": "USD"})
        self.assertEqual(self.json("show", "c-won")["currency"], "CHF")

    def test_every_row_of_review_stats_and_forecast_carries_a_currency(self):
        def rows(x, where):
            if isinstance(x, dict):
                for k, v in x.items():
                    yield from rows(v, where + "." + k)
            elif isinstance(x, list):
                for i, v in enumerate(x):
                    if isinstance(v, dict):
                        yield where + f"[{i}]", v
                    yield from rows(v, where + f"[{i}]")
        seen = 0
        for args in (["review", "--week", "2026-W48"], ["stats"], ["forecast"],
                     ["stats", "--by", "month"]):
            for where, row in rows(self.json(*args), " ".join(args)):
                seen += 1
                self.assertIn("currency", row, where)
        self.assertGreater(seen, 20)
        # stats --by sums in EUR: the CHF win is left out, the USD win converted.
        by = self.json("stats", "--by", "month")
        self.assertEqual(by["excluded"], ["c-won"])
        self.assertEqual(by["periods"][-1]["won_value"], 5500 + 3000 * 0.92)

    def test_list_totals_are_converted(self):
        out = self.ok("list", "--all", env=self.env(COLUMNS="200")).out
        # EUR 10,000 + 5,500 and USD (6,000 + 3,000 + 2,000) x 0.92; the CHF deals left out.
        self.assertIn("7 deals", out)
        self.assertIn(f"{10000 + 5500 + round(11000 * 0.92):,} EUR", out)
        self.assertIn("left out: 2 deals in CHF, no rate", out)

    # ---- text, md, html ----

    def assert_said_once(self, out, left_out):
        self.assertEqual(out.count(CONVERTED), 1, out)
        self.assertEqual(out.count(left_out), 1, out)

    def test_review_text(self):
        out = self.ok("review").out
        self.assert_said_once(out, "left out: 2 deals in CHF, no rate")
        self.assertIn("PIPELINE NOW  3 open, 15,520 EUR, weighted 9,140 EUR\n", out)
        self.assertRegex(out, r"\n  total +3 +15,520 +9,140\n")
        self.assertIn("WON (3)  8,260 EUR\n", out)
        self.assertIn("LOST (1)  1,840 EUR\n", out)
        self.assertRegex(out, r"average won value +4,130 EUR\n")
        self.assertIn("3,000 USD", out)   # rows in the deal's own currency
        self.assertIn("1,000 CHF", out)
        for wrong in ("20,520", "9,260", "9,000", "10,500"):  # CHF or USD summed as EUR
            self.assertNotIn(wrong, out)

    def test_review_md(self):
        out = self.ok("review", "--format", "md").out
        self.assert_said_once(out, "left out: 2 deals in CHF, no rate")
        self.assertIn("3 open deals, 15,520 EUR, weighted 9,140 EUR", out)
        self.assertIn("| total | 3 | 15,520 | 9,140 |", out)
        self.assertIn("_Total 8,260 EUR_", out)
        self.assertIn("_Total 1,840 EUR_", out)
        self.assertIn("| average won value | 4,130 EUR |", out)

    def test_review_html(self):
        out = self.ok("review", "--format", "html").out
        self.assert_said_once(out, "left out: 2 deals in CHF, no rate")
        self.assertIn('<div class="big">15,520 EUR</div>', out)
        self.assertIn('<div class="big">9,140 EUR</div>', out)
        self.assertIn('<div class="big">8,260 EUR</div>', out)
        self.assertIn('<div class="big">1,840 EUR</div>', out)
        self.assertIn('<div class="big">4,130 EUR</div>', out)
        self.assertIn('<span class="sum">8,260 EUR</span>', out)

    def test_stats_text_and_md(self):
        out = self.ok("stats").out
        self.assert_said_once(out, "left out: 1 deal in CHF, no rate")
        self.assertRegex(out, r"average won value +4,130 EUR\n")
        self.assertRegex(out, r"velocity +165\.94 EUR/day\n")
        self.assertRegex(out, r"\(none\) +7 +3 +3 +1 +75% +8,260\n")
        md = self.ok("stats", "--format", "md").out
        self.assert_said_once(md, "left out: 1 deal in CHF, no rate")
        self.assertIn("| average won value | 4,130 EUR |", md)

    def test_forecast_text_md_csv(self):
        out = self.ok("forecast").out
        self.assert_said_once(out, "left out: 1 deal in CHF, no rate")
        self.assertRegex(out, r"2026-12 +\S+ +3 +15,520 +9,140\n")
        self.assertRegex(out, r"total +3 +15,520 +9,140\n")
        md = self.ok("forecast", "--format", "md").out
        self.assert_said_once(md, "left out: 1 deal in CHF, no rate")
        self.assertIn("| 2026-12 | 3 | 15,520 | 9,140 |", md)
        csv = self.ok("forecast", "--format", "csv").out
        self.assertIn("2026-12,3,15520,9140\n", csv)

    def test_no_conversion_no_note(self):
        # Only EUR deals in the period's figures: stats over 11-26 (e-won only) still
        # mentions nothing it did not use.
        out = self.ok("stats", "--since", "2026-11-26", "--until", "2026-11-26").out
        self.assertNotIn("converted", out)
        self.assertNotIn("left out", out)
        self.assertRegex(out, r"average won value +5,500 EUR\n")

    def test_a_rate_makes_chf_count(self):
        with open(self.root + "/pipeline.toml", "a") as f:
            f.write("CHF = 1.05\n")
        r = self.json("forecast")
        self.assertEqual(r["total"]["value"], OPEN_VALUE + 5250)
        self.assertEqual(r["excluded"], [])
        self.assertIn("CHF converted at 1.05, USD at 0.92, rates of 2026-11-01",
                      self.ok("forecast").out)


    def test_check_warns_about_deals_left_out(self):
        self.write("hand", 'title: Hand\nvalue: 5\ncurrency: "€"\nstage: lead\n'
                           'created: 2026-11-01\n')
        r = self.ok("check")
        self.assertIn("deals: warning: deals/c-open.yaml: no rate for CHF in pipeline.toml "
                      "[rates]; the deal is left out of totals\n", r.err)
        self.assertIn("deals: warning: deals/hand.yaml: currency '€' is not a currency code",
                      r.err)
        self.assertNotIn("u-open", r.err)
        self.assertIn("left out: 2 deals in CHF, 1 deal in €, no rate", self.ok("review").out)


class CurrencyCodeTest(DealsTest):
    def test_codes_are_three_letters_upper_cased(self):
        self.ok("add", "T", "--id", "t", "--value", "5", "--currency", "usd")
        self.assertIn("value: 5\ncurrency: USD\n", self.read("t"))
        self.ok("add", "U", "--id", "u", "--value", "5", "--currency", "eur")
        self.assertNotIn("currency", self.read("u"))  # the pipeline's own: not written
        for bad, hint in (("€", "EUR"), ("$", "USD"), ("Dollar", "USD"), ("US$", "USD"),
                          ("EURO", "EUR"), ("E", "such as EUR, USD or CHF")):
            r = self.fails(2, "add", "T", "--id", "v", "--currency", bad)
            self.assertIn(f"--currency: '{bad}' is not a currency code: use its three-letter "
                          "ISO 4217 code", r.err)
            self.assertIn(hint, r.err)
            self.assertFalse(os.path.exists(self.path("v")))
        self.fails(2, "init", self.dir + "/q", "--currency", "€", cwd=self.dir)

    def test_import_refuses_a_bad_currency(self):
        with open(self.dir + "/x.csv", "w") as f:
            f.write("title,value,currency\nA,5,usd\nB,5,$\n")
        r = self.fails(1, "import", self.dir + "/x.csv")
        self.assertIn("x.csv:3: currency: '$' is not a currency code", r.err)
        self.assertEqual(self.ok("list", "--format", "json").out.strip(), "[]")

    def test_rates_in_pipeline_toml_are_checked(self):
        with open(self.root + "/pipeline.toml", "a") as f:
            f.write("\n[rates]\nDollar = 0.9\n")
        r = self.fails(1, "list")
        self.assertRegex(r.err, r"pipeline.toml:\d+: key 'rates.Dollar': 'Dollar' is not a "
                                r"currency code")


if __name__ == "__main__":
    unittest.main()

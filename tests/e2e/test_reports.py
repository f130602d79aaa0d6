"""End-to-end: stalled, review, stats and forecast on a small hand-written pipeline.

Today is 2026-11-30 (a Monday). The default configuration applies (deals init):
lead 0.05 (stall 7), qualified 0.10 (7), contacted 0.20 (10), demo 0.35 (14),
proposal 0.50 (14), negotiation 0.75 (21). Every expected number below is worked out by
hand in the comments next to it.

The deals:
  alpha    won      created 10-01, 10000, referral; lead 10-01, qualified 10-05,
                    proposal 10-15 (skips contacted and demo), won 11-25;
                    expected_close 11-20; next "Kick-off" due 12-01 (a won follow-up)
  bravo    lost     created 10-10, 5000, website; lead 10-10, qualified 10-12,
                    contacted 10-20, lost 11-26 "Too expensive"; next due 11-28
  charlie  demo     created 11-02, 8000, referral; lead 11-02, qualified 11-03, demo 11-10,
                    proposal 11-20, demo 11-27 (moved back); expected 12-15; next due 12-02
  delta    contacted created 09-01, 3000, website, probability 0.5; lead 09-01,
                    contacted 09-10, lost 10-01 "No budget", contacted 11-24 (reopened);
                    expected 2027-01-20; next "Call back" due 11-20 (overdue)
  echo     lead     hand-written, no history, created 11-01, 2000, no source
  fox      negotiation created 08-01, 20000, referral; lead 08-01, qualified 08-05,
                    contacted 08-10, demo 08-20, proposal 09-01, negotiation 10-01;
                    log call 11-05; no expected close
  golf     lead     created 11-28, no value, no source; lead 11-28; expected 12-05
  bad      invalid (skipped with a warning)
"""
import json
import os
import pty
import subprocess
import unittest

from harness import DEALS, DealsTest

DEALS_YAML = {
    "alpha": """\
title: Website
company: Alpha GmbH
source: referral
value: 10000
stage: won
created: 2026-10-01
expected_close: 2026-11-20
next:
  action: Kick-off
  due: 2026-12-01
history:
  - {date: 2026-10-01, stage: lead}
  - {date: 2026-10-05, stage: qualified}
  - {date: 2026-10-15, stage: proposal}
  - {date: 2026-11-25, stage: won}
""",
    "bravo": """\
title: Shop
company: Bravo AG
source: website
value: 5000
stage: lost
created: 2026-10-10
next:
  action: Send final offer
  due: 2026-11-28
history:
  - {date: 2026-10-10, stage: lead}
  - {date: 2026-10-12, stage: qualified}
  - {date: 2026-10-20, stage: contacted}
  - {date: 2026-11-26, stage: lost, reason: Too expensive}
""",
    "charlie": """\
title: Intranet
company: Charlie KG
source: referral
value: 8000
stage: demo
created: 2026-11-02
expected_close: 2026-12-15
next:
  action: Send revised demo
  due: 2026-12-02
history:
  - {date: 2026-11-02, stage: lead}
  - {date: 2026-11-03, stage: qualified}
  - {date: 2026-11-10, stage: demo}
  - {date: 2026-11-20, stage: proposal}
  - {date: 2026-11-27, stage: demo}
""",
    "delta": """\
title: Audit
company: Delta
source: website
value: 3000
stage: contacted
probability: 0.5
created: 2026-09-01
expected_close: 2027-01-20
next:
  action: Call back
  due: 2026-11-20
history:
  - {date: 2026-09-01, stage: lead}
  - {date: 2026-09-10, stage: contacted}
  - {date: 2026-10-01, stage: lost, reason: No budget}
  - {date: 2026-11-24, stage: contacted}
""",
    "echo": """\
# written by hand: no history
title: Logo
value: 2000
stage: lead
created: 2026-11-01
""",
    "fox": """\
title: ERP
company: Fox Ltd
source: referral
value: 20000
stage: negotiation
created: 2026-08-01
history:
  - {date: 2026-08-01, stage: lead}
  - {date: 2026-08-05, stage: qualified}
  - {date: 2026-08-10, stage: contacted}
  - {date: 2026-08-20, stage: demo}
  - {date: 2026-09-01, stage: proposal}
  - {date: 2026-10-01, stage: negotiation}
log:
  - {date: 2026-11-05, kind: call, note: Still deciding}
""",
    "golf": """\
title: Booking tool
stage: lead
created: 2026-11-28
expected_close: 2026-12-05
history:
  - {date: 2026-11-28, stage: lead}
""",
    "bad": """\
title: Broken
stage: nowhere
""",
}

NULL_METRICS = {"win_rate": None, "average_won_value": None, "cycle_days_mean": None}


def without_money(x, key=None):
    """The report without the currency keys of SPEC 12, after checking them: every deal in
    this pipeline is in EUR, so each row's currency is EUR, each `converted` equals its
    `value`, no rate was used and nothing was left out (test_currency.py covers the rest)."""
    if isinstance(x, list):
        return [without_money(v, key) for v in x]
    if not isinstance(x, dict):
        return x
    x = dict(x)
    if "currency" in x:
        assert x.pop("currency") == "EUR", x
    if "converted" in x:
        assert x.pop("converted") == x.get("value"), x
    if "rates" in x:
        assert x.pop("rates") == {} and x.pop("rates_date") is None, x
        assert x.pop("excluded") == [], x
    for total in ("won_total", "lost_total"):
        x.pop(total, None)
    if key == "stalled" and "stage" in x and "title" not in x:
        x.pop("value")  # the review's stalled rows carry the value (stalled --format json too)
    return {k: without_money(v, k) for k, v in x.items()}


class ReportsTest(DealsTest):
    def setUp(self):
        super().setUp()
        for id, text in DEALS_YAML.items():
            self.write(id, text)

    def json(self, *args):
        r = self.ok(*args, "--format", "json")
        self.assertIn("bad.yaml", r.err)  # the invalid file is skipped with a warning
        self.assertIn("skipped", r.err)
        return without_money(self.without_unreadable(json.loads(r.out)))

    def without_unreadable(self, got):
        """The report without what it says about deals/bad.yaml, which it could not read
        (an `unreadable` key in an object, one more element in an array)."""
        if not os.path.exists(self.path("bad")):
            if isinstance(got, dict):
                self.assertEqual(got.pop("unreadable"), [])
            return got
        if isinstance(got, dict):
            unreadable = got.pop("unreadable")
        else:
            last = got.pop()
            self.assertEqual(last["id"], "bad")
            unreadable = last["unreadable"]
        self.assertEqual(sorted((u["path"], u["line"]) for u in unreadable),
                         [("deals/bad.yaml", 1), ("deals/bad.yaml", 2)])
        self.assertIn("unknown stage 'nowhere'", " ".join(u["message"] for u in unreadable))
        return got


class StalledTest(ReportsTest):
    def test_json(self):
        rows = self.json("stalled")
        # echo: last activity = created 11-01, idle 29 > 7 (lead).
        # fox: last activity = log 11-05 (later than its history), idle 25 > 21 (negotiation).
        # charlie idle 3 (11-27), delta 6 (11-24), golf 2: not stalled. alpha/bravo closed.
        self.assertEqual(rows, [
            {"id": "echo", "title": "Logo", "company": None, "stage": "lead", "value": 2000,
             "days_idle": 29, "stall_days": 7, "last_activity": "2026-11-01", "next": None},
            {"id": "fox", "title": "ERP", "company": "Fox Ltd", "stage": "negotiation",
             "value": 20000, "days_idle": 25, "stall_days": 21, "last_activity": "2026-11-05",
             "next": None},
        ])

    def test_days_overrides_every_stage(self):
        # --days 5: delta (6) joins; charlie (3) and golf (2) stay out.
        self.assertEqual([r["id"] for r in self.json("stalled", "--days", "5")],
                         ["echo", "fox", "delta"])
        self.assertEqual([r["stall_days"] for r in self.json("stalled", "--days", "26")], [26])
        self.fails(2, "stalled", "--days", "-1")

    def test_text_shape(self):
        r = self.ok("stalled")
        lines = r.out.splitlines()
        # The file it could not read is named after the table (spec section 11).
        self.assertEqual(lines[3:5], ["", "COULD NOT READ (2)  left out of this report; see "
                                      "'deals check'"])
        self.assertEqual(sorted(l.split(":")[0] + ":" + l.split(":")[1] for l in lines[5:]),
                         ["  deals/bad.yaml:1", "  deals/bad.yaml:2"])
        lines = lines[:3]
        self.assertRegex(lines[0], r"^IDLE\s+ID\s+STAGE\s+LAST ACTIVITY\s+NEXT ACTION$")
        self.assertRegex(lines[1], r"^ 29d  echo\s+lead\s+2026-11-01\s+\(none\)$")
        self.assertRegex(lines[2], r"^ 25d  fox\s+negotiation\s+2026-11-05")

    def test_nothing_stalled_prints_nothing(self):
        # With a file it cannot read, it says so (and a cron job mails that).
        r = self.ok("stalled", "--days", "100")
        self.assertTrue(r.out.startswith("COULD NOT READ (2)"), r.out)
        self.assertIn("## COULD NOT READ (2)", self.ok("stalled", "--days", "100", "--format",
                                                      "md").out)
        os.remove(self.path("bad"))
        for fmt in ("text", "md"):
            r = self.ok("stalled", "--days", "100", "--format", fmt)
            self.assertEqual(r.out, "", fmt)
        self.assertEqual(self.ok("stalled", "--days", "100", "--format", "json").out, "[]\n")
        self.assertEqual(self.ok("stalled", "--days", "100", "--format", "csv").out,
                         "id,title,company,stage,value,days_idle,stall_days,last_activity,"
                         "next_action,next_due\n")

    def test_csv(self):
        out = self.ok("stalled", "--format", "csv").out.splitlines()
        self.assertEqual(out[1], "echo,Logo,,lead,2000,29,7,2026-11-01,,")

    def test_as_of(self):
        # As of 11-22: alpha (proposal since 10-15, idle 38 > 14) and bravo (contacted since
        # 10-20, idle 33 > 10) have next actions due 12-01 and 11-28: waiting, not stalled.
        # echo (idle 21 > 7, no next action) is; fox idle 17 <= 21; delta was lost.
        rows = self.json("stalled", "--as-of", "2026-11-22")
        self.assertEqual([(r["id"], r["days_idle"]) for r in rows], [("echo", 21)])


class ReviewTest(ReportsTest):
    # The default period: the 7 days ending today.
    THIS_WEEK = {
        "period": {"since": "2026-11-24", "until": "2026-11-30"},
        # Open now: echo+golf in lead (2000, 2000*0.05=100), delta contacted (3000, own
        # probability 0.5 -> 1500), charlie demo (8000*0.35=2800), fox negotiation
        # (20000*0.75=15000).
        "snapshot": [
            {"stage": "lead", "count": 2, "value": 2000, "weighted": 100},
            {"stage": "qualified", "count": 0, "value": 0, "weighted": 0},
            {"stage": "contacted", "count": 1, "value": 3000, "weighted": 1500},
            {"stage": "demo", "count": 1, "value": 8000, "weighted": 2800},
            {"stage": "proposal", "count": 0, "value": 0, "weighted": 0},
            {"stage": "negotiation", "count": 1, "value": 20000, "weighted": 15000},
        ],
        # 5 deals, 33000, 100+1500+2800+15000 = 19400.
        "totals": {"count": 5, "value": 33000, "weighted": 19400},
        "new": ["golf"],
        # delta reopened (lost -> contacted) 11-24; charlie moved back 11-27.
        "advanced": [
            {"id": "delta", "from": "lost", "to": "contacted", "on": "2026-11-24"},
            {"id": "charlie", "from": "proposal", "to": "demo", "on": "2026-11-27"},
        ],
        "won": [{"id": "alpha", "value": 10000, "on": "2026-11-25"}],
        "lost": [{"id": "bravo", "value": 5000, "on": "2026-11-26", "reason": "Too expensive"}],
        "stalled": [{"id": "echo", "stage": "lead", "days_idle": 29},
                    {"id": "fox", "stage": "negotiation", "days_idle": 25}],
        # Due by 11-30 + 7 = 12-07: delta overdue; alpha's won follow-up; charlie. bravo
        # is lost, so its action is not listed.
        "due": [
            {"id": "delta", "action": "Call back", "due": "2026-11-20", "overdue": True},
            {"id": "alpha", "action": "Kick-off", "due": "2026-12-01", "overdue": False},
            {"id": "charlie", "action": "Send revised demo", "due": "2026-12-02",
             "overdue": False},
        ],
        # Open, expected by 11-30 + 30 = 12-30: golf 12-05 (no value), charlie 12-15.
        # delta (2027-01-20) is later; alpha is won.
        "closing_soon": [
            {"id": "golf", "value": None, "expected_close": "2026-12-05"},
            {"id": "charlie", "value": 8000, "expected_close": "2026-12-15"},
        ],
        # Closed up to 11-30: alpha won, bravo lost (delta reopened) -> 1/2; average 10000;
        # cycle 10-01 -> 11-25 = 30 + 25 = 55 days.
        "metrics": {"win_rate": 0.5, "average_won_value": 10000, "cycle_days_mean": 55},
    }

    def test_default_period(self):
        got = self.json("review")
        weeks = got.pop("won_by_week")
        self.assertEqual(got, self.THIS_WEEK)
        # 8 weeks ending with the week holding 11-30 (W49, from 11-30): alpha won 11-25 (W48).
        self.assertEqual([w["week"] for w in weeks],
                         ["2026-W42", "2026-W43", "2026-W44", "2026-W45", "2026-W46",
                          "2026-W47", "2026-W48", "2026-W49"])
        self.assertEqual(weeks[0]["start"], "2026-10-12")
        self.assertEqual([(w["count"], w["value"]) for w in weeks],
                         [(0, 0)] * 6 + [(1, 10000), (0, 0)])

    def test_same_period_by_since_and_until(self):
        got = self.json("review", "--since", "2026-11-24", "--until", "2026-11-30")
        got.pop("won_by_week")
        self.assertEqual(got, self.THIS_WEEK)
        got = self.json("review", "--since", "-6d")
        got.pop("won_by_week")
        self.assertEqual(got, self.THIS_WEEK)

    # ISO week 47 = 11-16..11-22; the review looks from 11-22, the pipeline as it stood then.
    LAST_WEEK_BUT_ONE = {
        "period": {"since": "2026-11-16", "until": "2026-11-22"},
        # As of 11-22: echo lead (2000, 100); bravo contacted (5000, 1000); alpha and
        # charlie in proposal (18000, 9000); fox negotiation (20000, 15000); delta was lost;
        # golf did not exist.
        "snapshot": [
            {"stage": "lead", "count": 1, "value": 2000, "weighted": 100},
            {"stage": "qualified", "count": 0, "value": 0, "weighted": 0},
            {"stage": "contacted", "count": 1, "value": 5000, "weighted": 1000},
            {"stage": "demo", "count": 0, "value": 0, "weighted": 0},
            {"stage": "proposal", "count": 2, "value": 18000, "weighted": 9000},
            {"stage": "negotiation", "count": 1, "value": 20000, "weighted": 15000},
        ],
        "totals": {"count": 5, "value": 45000, "weighted": 25100},
        "new": [],
        "advanced": [{"id": "charlie", "from": "demo", "to": "proposal", "on": "2026-11-20"}],
        "won": [],
        "lost": [],
        # Idle as of 11-22: alpha 38 (10-15) and bravo 33 (10-20) have next actions due
        # later (waiting); echo 21 (11-01) has none: stalled.
        "stalled": [{"id": "echo", "stage": "lead", "days_idle": 21}],
        # Due by 11-29: bravo (open then) 11-28. delta was lost then.
        "due": [{"id": "bravo", "action": "Send final offer", "due": "2026-11-28",
                 "overdue": False}],
        # Expected by 12-22: alpha (open then, 11-20, already past), charlie 12-15.
        "closing_soon": [
            {"id": "alpha", "value": 10000, "expected_close": "2026-11-20"},
            {"id": "charlie", "value": 8000, "expected_close": "2026-12-15"},
        ],
        # Closed up to 11-22: only delta (lost 10-01): win rate 0; nothing won.
        "metrics": {"win_rate": 0, "average_won_value": None, "cycle_days_mean": None},
    }

    def test_iso_week_in_the_past(self):
        got = self.json("review", "--week", "2026-W47")
        got.pop("won_by_week")
        self.assertEqual(got, self.LAST_WEEK_BUT_ONE)

    def test_as_of_equals_that_weeks_review(self):
        a = self.json("review", "--week", "2026-W47")
        b = self.json("review", "--as-of", "2026-11-22")
        self.assertEqual(a, b)

    def test_week_this_and_last(self):
        # Today is Monday 11-30: this week 11-30..12-06, last week 11-23..11-29.
        self.assertEqual(self.json("review", "--week", "this")["period"],
                         {"since": "2026-11-30", "until": "2026-12-06"})
        last = self.json("review", "--week", "last")
        self.assertEqual(last["period"], {"since": "2026-11-23", "until": "2026-11-29"})
        # Until 11-29: alpha won and bravo lost in the period, delta reopened on 11-24.
        self.assertEqual([w["id"] for w in last["won"]], ["alpha"])
        self.assertEqual([m["id"] for m in last["advanced"]], ["delta", "charlie"])

    def test_period_with_no_activity(self):
        got = self.json("review", "--since", "2026-06-01", "--until", "2026-06-07")
        weeks = got.pop("won_by_week")
        self.assertEqual(got, {
            "period": {"since": "2026-06-01", "until": "2026-06-07"},
            "snapshot": [{"stage": s, "count": 0, "value": 0, "weighted": 0}
                         for s in ("lead", "qualified", "contacted", "demo", "proposal",
                                   "negotiation")],
            "totals": {"count": 0, "value": 0, "weighted": 0},
            "new": [], "advanced": [], "won": [], "lost": [], "stalled": [], "due": [],
            "closing_soon": [], "metrics": NULL_METRICS})
        self.assertEqual(sum(w["value"] for w in weeks), 0)
        text = self.ok("review", "--since", "2026-06-01", "--until", "2026-06-07").out
        self.assertEqual(text.count("  none\n"), 7)  # every movement section says so

    def test_week_errors_exit_2(self):
        for bad in ["2026-W54", "2026-W00", "W47", "2026-47", "next", "2026-W4"]:
            r = self.fails(2, "review", "--week", bad)
            self.assertIn("--week", r.err, bad)
        r = self.fails(2, "review", "--week", "someday")
        self.assertEqual(r.err, "deals: --week: invalid week 'someday' (use YYYY-Www such as "
                                "2026-W48, 'this' or 'last')\n")
        self.fails(2, "review", "--week", "last", "--since", "2026-11-01")
        r = self.fails(2, "review", "--since", "2026-12-01", "--until", "2026-11-01")
        self.assertIn("after", r.err)
        self.fails(2, "review", "--since", "soon")
        self.fails(2, "review", "--format", "csv")

    def test_text_sections(self):
        out = self.ok("review").out
        for heading in ["PIPELINE NOW  5 open, 33,000 EUR, weighted 19,400 EUR", "NEW (1)",
                        "MOVED (2)", "WON (1)  10,000 EUR", "LOST (1)  5,000 EUR",
                        "STALLED (2)  idle longer than the stage allows",
                        "DUE (3)  overdue or due by 2026-12-07",
                        "CLOSING SOON (2)  expected by 2026-12-30",
                        "METRICS  deals closed up to 2026-11-30"]:
            self.assertIn("\n" + heading + "\n", out)
        self.assertTrue(out.startswith("Pipeline · weekly review · 2026-11-24 to 2026-11-30\n"))
        # The funnel bar: lead has the most open deals (2), so the full 20 cells.
        self.assertRegex(out, r"\n  lead +█{20} +2 +2,000 +100\n")
        self.assertRegex(out, r"\n  contacted +█{10} +1 +3,000 +1,500\n")
        self.assertRegex(out, r"\n  qualified +0 +0 +0\n")
        self.assertRegex(out, r"\n  total +5 +33,000 +19,400\n")
        self.assertIn("lost → contacted (reopened)", out)
        self.assertIn("proposal → demo (back)", out)
        self.assertIn("Too expensive", out)
        self.assertIn("2026-11-20 (10d late)", out)
        self.assertRegex(out, r"win rate +50%\n")
        self.assertRegex(out, r"average won value +10,000 EUR\n")
        self.assertRegex(out, r"sales cycle \(mean\) +55 days\n")

    def test_md(self):
        out = self.ok("review", "--format", "md").out
        self.assertTrue(out.startswith("# Pipeline · weekly review · 2026-11-24 to 2026-11-30\n"))
        for h in ["## Pipeline now", "## New deals (1)", "## Moved (2)", "## Won (1)",
                  "## Lost (1)", "## Stalled (2)", "## Due (3)", "## Closing soon (2)",
                  "## Metrics"]:
            self.assertIn("\n" + h + "\n", out)
        self.assertIn("| 2026-11-26 | bravo | 5,000 | Too expensive |", out)
        self.assertNotIn("\x1b", out)

    def test_html_is_self_contained_and_escaped(self):
        self.write("evil", """\
title: "<script>alert(1)</script>"
company: "Smith & \\"Sons\\" <b>"
value: 100
stage: lead
created: 2026-11-29
""")
        out = self.ok("review", "--format", "html").out
        self.assertTrue(out.startswith("<!DOCTYPE html>"))
        self.assertTrue(out.endswith("</html>\n"))
        self.assertNotIn("<script", out)
        self.assertEqual(out.count("<b>"), out.count("</b>"))  # only our own bold tags
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", out)
        self.assertIn("Smith &amp; &quot;Sons&quot; &lt;b&gt;", out)
        for remote in ["src=", "href=", "url(", "@import", "https://"]:
            self.assertNotIn(remote, out)
        # funnel, value by stage, won by week, forecast
        self.assertEqual(out.count("<svg"), 4)
        self.assertIn("Too expensive", out)


class StatsTest(ReportsTest):
    ALL = {
        "period": {"since": None, "until": None},
        "deals": {"open": 5, "won": 1, "lost": 1},
        "win_rate": 0.5,
        "average_won_value": 10000,
        "cycle_days": {"mean": 55, "median": 55},
        # Furthest stage: alpha won (all), bravo contacted, charlie proposal (went back to
        # demo later), delta contacted, echo and golf lead, fox negotiation.
        # avg_days, over stays that ended:
        #   lead: alpha 4, bravo 2, charlie 1, delta 9, fox 4 -> 20/5 = 4
        #   qualified: alpha 10, bravo 8, charlie 7, fox 5 -> 30/4 = 7.5
        #   contacted: bravo 37 (10-20..11-26), delta 21 (09-10..10-01; its stay since 11-24
        #     is in progress), fox 10 -> 68/3
        #   demo: charlie 10 (11-10..11-20; back since 11-27), fox 12 -> 11
        #   proposal: alpha 41 (10-15..11-25), charlie 7, fox 30 -> 78/3 = 26
        #   negotiation: fox still there -> null
        "stages": [
            {"stage": "lead", "reached": 7, "conversion": 0.714286, "avg_days": 4},
            {"stage": "qualified", "reached": 5, "conversion": 1, "avg_days": 7.5},
            {"stage": "contacted", "reached": 5, "conversion": 0.6, "avg_days": 22.666667},
            {"stage": "demo", "reached": 3, "conversion": 1, "avg_days": 11},
            {"stage": "proposal", "reached": 3, "conversion": 0.666667, "avg_days": 26},
            # the last open stage: won / reached = 1/2
            {"stage": "negotiation", "reached": 2, "conversion": 0.5, "avg_days": None},
        ],
        "by_source": [
            {"source": "referral", "deals": 3, "open": 2, "won": 1, "lost": 0, "win_rate": 1,
             "won_value": 10000},
            {"source": "website", "deals": 2, "open": 1, "won": 0, "lost": 1, "win_rate": 0,
             "won_value": 0},
            {"source": None, "deals": 2, "open": 2, "won": 0, "lost": 0, "win_rate": None,
             "won_value": 0},
        ],
        # 5 open x 10000 x 0.5 / 55 days = 454.545454...
        "velocity_per_day": 454.545455,
        "lost_reasons": "see test_lost_reasons_and_tags",
        "by_tag": "see test_lost_reasons_and_tags",
    }

    def test_all_deals(self):
        got = self.json("stats")
        for key in ("lost_reasons", "by_tag"):
            self.assertIsInstance(got.pop(key), list)
        want = {k: v for k, v in self.ALL.items() if k not in ("lost_reasons", "by_tag")}
        self.assertEqual(got, want)

    def test_period_without_closed_deals_gives_nulls(self):
        # Nothing closed 11-27..11-30: population = the 5 open deals.
        got = self.json("stats", "--since", "2026-11-27", "--until", "2026-11-30")
        self.assertEqual(got["deals"], {"open": 5, "won": 0, "lost": 0})
        self.assertIsNone(got["win_rate"])
        self.assertIsNone(got["average_won_value"])
        self.assertEqual(got["cycle_days"], {"mean": None, "median": None})
        self.assertIsNone(got["velocity_per_day"])
        # Furthest open stage: charlie proposal, delta contacted, echo lead, fox
        # negotiation, golf lead.
        self.assertEqual([s["reached"] for s in got["stages"]], [5, 3, 3, 2, 2, 1])
        # The last open stage converts to won: 0 won of the 1 (fox) that reached it.
        self.assertEqual(got["stages"][-1]["stage"], "negotiation")
        self.assertEqual(got["stages"][-1]["conversion"], 0)
        self.assertNotIn("NaN", self.ok("stats", "--since", "2026-11-27").out)

    def test_period_with_a_loss(self):
        # 11-26..11-30: bravo lost 11-26; alpha (won 11-25) is outside and left out.
        got = self.json("stats", "--since", "2026-11-26", "--until", "2026-11-30")
        self.assertEqual(got["deals"], {"open": 5, "won": 0, "lost": 1})
        self.assertEqual(got["win_rate"], 0)
        self.assertEqual(got["period"], {"since": "2026-11-26", "until": "2026-11-30"})

    def test_as_of(self):
        # As of 11-22: open alpha, bravo, charlie, echo, fox; delta lost 10-01.
        got = self.json("stats", "--as-of", "2026-11-22")
        self.assertEqual(got["deals"], {"open": 5, "won": 0, "lost": 1})
        self.assertEqual(got["win_rate"], 0)
        self.assertEqual(got["period"]["until"], "2026-11-22")

    def test_empty_pipeline(self):
        for id in DEALS_YAML:
            os.remove(self.path(id))
        got = self.without_unreadable(json.loads(self.ok("stats", "--format", "json").out))
        self.assertEqual(got["deals"], {"open": 0, "won": 0, "lost": 0})
        self.assertIsNone(got["win_rate"])
        self.assertEqual([s["reached"] for s in got["stages"]], [0] * 6)
        self.assertEqual([s["conversion"] for s in got["stages"]], [None] * 6)
        self.ok("stats")
        self.ok("forecast")
        self.ok("review", "--format", "html")
        self.assertEqual(self.ok("stalled").out, "")

    def test_text_shape(self):
        out = self.ok("stats").out
        self.assertTrue(out.startswith("Pipeline · stats · all deals\n"))
        self.assertRegex(out, r"win rate +50%\n")
        self.assertRegex(out, r"velocity +454\.55 EUR/day\n")
        self.assertRegex(out, r"\n  lead +█{20} +7 +71\.4% +4\n")
        # 2/7 x 20 cells = 5.71 -> 46 eighths: 5 full blocks and a 6/8 one.
        self.assertRegex(out, r"\n  negotiation +█{5}▊ +2 +50% +–\n")
        self.assertRegex(out, r"\n  \(none\) +2 +2 +0 +0 +– +0\n")
        self.assertIn("# Pipeline · stats · all deals", self.ok("stats", "--format", "md").out)


class ForecastTest(ReportsTest):
    def test_stage_method(self):
        got = self.json("forecast")
        self.assertEqual(got["method"], "stage")
        # Six months from 2026-11. charlie 12-15 (8000 x 0.35 = 2800) and golf 12-05 (no
        # value) in December; delta 2027-01-20 (3000 x its own 0.5 = 1500) in January.
        self.assertEqual(got["months"], [
            {"month": "2026-11", "count": 0, "value": 0, "weighted": 0},
            {"month": "2026-12", "count": 2, "value": 8000, "weighted": 2800},
            {"month": "2027-01", "count": 1, "value": 3000, "weighted": 1500},
            {"month": "2027-02", "count": 0, "value": 0, "weighted": 0},
            {"month": "2027-03", "count": 0, "value": 0, "weighted": 0},
            {"month": "2027-04", "count": 0, "value": 0, "weighted": 0},
        ])
        # echo (2000 x 0.05 = 100) and fox (20000 x 0.75 = 15000) have no expected close.
        self.assertEqual(got["unscheduled"], {"count": 2, "value": 22000, "weighted": 15100})
        self.assertEqual(got["probabilities"], {"lead": 0.05, "qualified": 0.1, "contacted": 0.2,
                                                "demo": 0.35, "proposal": 0.5,
                                                "negotiation": 0.75})
        self.assertEqual(got["total"], {"count": 5, "value": 33000, "weighted": 19400})
        self.assertEqual(got["later"], {"count": 0, "value": 0, "weighted": 0})
        # Evidence: closed deals alpha (won, reached all) and bravo (lost, reached contacted).
        self.assertEqual([(s["stage"], s["closed_reached"], s["won_reached"], s["historical"])
                          for s in got["stages"]],
                         [("lead", 2, 1, 0.5), ("qualified", 2, 1, 0.5), ("contacted", 2, 1, 0.5),
                          ("demo", 1, 1, 1), ("proposal", 1, 1, 1), ("negotiation", 1, 1, 1)])

    def test_months_and_as_of(self):
        got = self.json("forecast", "--months", "2", "--as-of", "2026-11-22")
        # As of 11-22: alpha open in proposal, expected 11-20 (this month) 10000 x 0.5;
        # charlie in proposal 8000 x 0.5; delta lost; bravo, echo, fox unscheduled:
        # 5000 x 0.2 + 2000 x 0.05 + 20000 x 0.75 = 1000 + 100 + 15000.
        self.assertEqual(got["months"], [
            {"month": "2026-11", "count": 1, "value": 10000, "weighted": 5000},
            {"month": "2026-12", "count": 1, "value": 8000, "weighted": 4000},
        ])
        self.assertEqual(got["unscheduled"], {"count": 3, "value": 27000, "weighted": 16100})
        # delta's expected close (2027-01) lies after the two months; but it was lost then.
        self.assertEqual(got["later"]["count"], 0)
        # The headers say which day the forecast looks from.
        text = self.ok("forecast", "--as-of", "2026-11-22").out
        self.assertTrue(text.startswith("Pipeline · forecast · stage probabilities · as of 2026-11-22\n"))
        md = self.ok("forecast", "--as-of", "2026-11-22", "--format", "md").out
        self.assertTrue(md.startswith("# Pipeline · forecast · stage probabilities · as of 2026-11-22\n"))

    def test_historical_falls_back_below_ten(self):
        got = self.json("forecast", "--method", "historical")
        self.assertEqual(got["method"], "historical")
        self.assertEqual(got["probabilities"]["lead"], 0.05)  # only 2 closed deals
        self.assertTrue(all(s["source"] == "configured" for s in got["stages"]))
        self.assertEqual(self.json("forecast", "--method", "configured")["method"], "stage")

    def test_historical_with_ten_closed(self):
        for id in DEALS_YAML:
            os.remove(self.path(id))
        # 3 won (every stage reached) and 7 lost by hand without history (reached lead).
        for i in range(3):
            self.write(f"w{i}", f"title: W{i}\nvalue: 1000\nstage: won\ncreated: 2026-10-0{i + 1}\n")
        for i in range(7):
            self.write(f"l{i}", f"title: L{i}\nstage: lost\ncreated: 2026-10-0{i + 1}\n")
        self.write("open", "title: Open\nvalue: 1000\nstage: lead\ncreated: 2026-11-01\n"
                           "expected_close: 2026-12-10\n")
        got = without_money(self.without_unreadable(
            json.loads(self.ok("forecast", "--method", "historical", "--format", "json").out)))
        # lead: 10 closed reached it, 3 won -> 0.3; other stages: 3 closed -> configured.
        self.assertEqual(got["probabilities"]["lead"], 0.3)
        self.assertEqual(got["probabilities"]["qualified"], 0.1)
        self.assertEqual(got["stages"][0], {"stage": "lead", "configured": 0.05,
                                            "historical": 0.3, "used": 0.3,
                                            "source": "historical", "closed_reached": 10,
                                            "won_reached": 3})
        self.assertEqual(got["months"][1], {"month": "2026-12", "count": 1, "value": 1000,
                                            "weighted": 300})
        stage = self.without_unreadable(json.loads(self.ok("forecast", "--format", "json").out))
        self.assertEqual(stage["months"][1]["weighted"], 50)  # 1000 x 0.05
        text = self.ok("forecast", "--method", "historical").out
        self.assertRegex(text, r"\n  lead +5% +30% +3/10 +30% \(hist\.\)\n")

    def test_errors_and_shapes(self):
        self.fails(2, "forecast", "--method", "magic")
        self.fails(2, "forecast", "--months", "0")
        out = self.ok("forecast").out
        self.assertTrue(out.startswith("Pipeline · forecast · stage probabilities · as of 2026-11-30\n"))
        self.assertRegex(out, r"\n  2026-12 +███▊ +2 +8,000 +2,800\n")  # 2800/15100 x 20 cells
        self.assertRegex(out, r"\n  unscheduled +█{20} +2 +22,000 +15,100\n")
        self.assertRegex(out, r"\n  total +5 +33,000 +19,400\n")
        csv = self.ok("forecast", "--format", "csv").out.splitlines()
        self.assertEqual(csv[0], "month,count,value,weighted")
        self.assertEqual(csv[2], "2026-12,2,8000,2800")
        self.assertEqual(csv[-1], "unscheduled,2,22000,15100")


class AsOfListTest(ReportsTest):
    def test_list_as_of(self):
        rows = self.without_unreadable(json.loads(self.ok("list", "--as-of", "2026-11-22", "--format", "json").out))
        # Open then: alpha (proposal), bravo (contacted), charlie (proposal), echo, fox.
        self.assertEqual(sorted((r["id"], r["stage"]) for r in rows),
                         [("alpha", "proposal"), ("bravo", "contacted"), ("charlie", "proposal"),
                          ("echo", "lead"), ("fox", "negotiation")])


class CronTest(ReportsTest):
    """From cron: no terminal, no HOME, LANG=C: the same numbers and no colour."""

    def cron_env(self):
        env = {"PATH": "/usr/bin:/bin", "LANG": "C", "DEALS_TODAY": "2026-11-30"}
        return env

    def test_same_output_without_home_or_locale(self):
        for args in [("review",), ("review", "--format", "md"), ("review", "--format", "html"),
                     ("stats",), ("forecast",), ("stalled",), ("review", "--format", "json")]:
            a = self.ok(*args)
            b = self.ok(*args, env=self.cron_env())
            c = self.ok(*args, env=dict(self.cron_env(), LANG="de_DE.UTF-8", LC_ALL="de_DE.UTF-8",
                                        HOME="/nonexistent"))
            self.assertEqual(a.out, b.out, args)
            self.assertEqual(a.out, c.out, args)
            self.assertNotIn("\x1b", b.out)

    def run_tty(self, *args, env):
        """Runs deals with stdout on a pseudo-terminal; returns what it printed."""
        master, slave = pty.openpty()
        proc = subprocess.Popen([DEALS, *args], cwd=self.root, stdout=slave,
                                stderr=subprocess.DEVNULL, env=env)
        os.close(slave)
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        proc.wait(timeout=30)
        os.close(master)
        return out.decode()

    def test_colour_only_on_a_terminal(self):
        env = self.cron_env()
        self.assertIn("\x1b[1m", self.run_tty("review", env=env))
        self.assertIn("\x1b[1m", self.run_tty("stalled", env=env))
        self.assertNotIn("\x1b", self.run_tty("review", env=dict(env, NO_COLOR="1")))
        self.assertNotIn("\x1b", self.run_tty("--no-color", "review", env=env))


if __name__ == "__main__":
    unittest.main()

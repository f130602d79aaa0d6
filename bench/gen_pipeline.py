#!/usr/bin/env python3
"""Generates a realistic N-deal pipeline for benchmarks.

usage: gen_pipeline.py N DIR [--seed S] [--today YYYY-MM-DD]

Writes DIR/pipeline.toml (the spec's defaults) and DIR/deals/<id>.yaml in the canonical
form of SPEC section 2. Deals are created over the 3 years before --today (default
2026-11-30) and walk through the stages with realistic drop-out, so most old deals are
closed (about a quarter won), recent ones are open, and some open deals went silent
(stalled). Same N and seed give byte-identical output. ~850 bytes per deal on average;
100,000 deals take a few seconds.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dealfile  # noqa: E402

STAGES = ["lead", "qualified", "contacted", "demo", "proposal", "negotiation"]
# Chance of being lost when leaving each open stage, and of going silent in it.
P_LOSE = [0.20, 0.12, 0.12, 0.15, 0.20, 0.20]
P_DORMANT = 0.02
P_SKIP = 0.08
P_BACK = 0.03

SURNAMES = """Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Schäfer
Koch Bauer Richter Klein Wolf Schröder Neumann Schwarz Zimmermann Braun Krüger Hofmann
Hartmann Lange Schmitt Werner Krause Meier Lehmann Schmid Schulze Maier Köhler Herrmann
König Walter Mayer Huber Kaiser Fuchs Peters Lang Scholz Möller Weiß Jung Hahn Schubert
Vogel Friedrich Keller Günther Frank Berger Winkler Roth Beck Lorenz Baumann Franke Albrecht
Schuster Simon Ludwig Böhm Winter Kraus Martin Schumacher Krämer Vogt Stein Jäger Otto
Sommer Groß Seidel Heinrich Brandt Haas""".split()
PLACES = """Elbtal Saale Mulde Spree Havel Harz Erzgebirge Vogtland Lausitz Ostsee Nordsee
Rhein Main Neckar Donau Alpen Allgäu Eifel Taunus Spessart Altmark Uckermark Börde
Leipzig Dresden Chemnitz Halle Erfurt Jena Magdeburg Zwickau Plauen Görlitz Bautzen""".split()
TRADES = """Maschinenbau Logistik Immobilien Steuerberatung Zahnarztpraxis Physiotherapie
Haustechnik Elektrotechnik Schreinerei Bäckerei Brauerei Apotheke Autohaus Reisebüro
Architekten Versicherungsmakler Textil Druckerei Metallbau Gartenbau Hotels Spedition
Kanzlei Sanitär Dachdeckerei Optik Fotografie Werbeagentur Verlag Kunststofftechnik
Medizintechnik Solartechnik Bauunternehmung Catering Fitness Weinhandel Pflegedienst
Bildungswerk Stadtwerke Sportverein""".split()
FORMS = ["GmbH", "GmbH", "GmbH", "AG", "KG", "GmbH & Co. KG", "e.K.", "", "", ""]
TITLES = """Website relaunch|Website redesign|Online shop|B2B shop|Shop integration|Intranet
|Client portal|Supplier portal|Booking integration|ERP data migration|CRM rollout
|Microsoft 365 migration|IT security audit|Accessibility audit|SEO and content
|Data warehouse|Reporting dashboard|Fleet tracking dashboard|Mobile app|Member app
|Backup and recovery|Network refresh|Cloud migration|Helpdesk setup|IT support retainer
|Website care retainer|API integration|Payment integration|Product configurator
|Newsletter automation|Document management|Time tracking tool|Inventory system
|POS integration|Headless CMS migration|Performance tuning|GDPR review
|Workshop: digital strategy|Training: WordPress|Hosting migration|Single sign-on|Email migration
|Customer survey tool|Job portal|Event registration|Video platform|Price calculator
|Route planning|Warehouse scanner app|Online forms""".replace("\n", "").split("|")
SOURCES = ["referral"] * 30 + ["website"] * 25 + ["linkedin"] * 20 + ["conference"] * 12 \
    + ["cold-email"] * 10 + ["partner"] * 3
TAGS = """web shop retainer data security cloud app integration portal seo migration
support public-sector b2b wordpress shopware microsoft-365 erp crm hosting training
accessibility dashboard automation""".split()
FIRST = """Anna Thomas Sabine Michael Julia Stefan Claudia Andreas Katrin Frank Lena Jan Ute
Peter Maria Jonas Heike Klaus Birgit Ralf Sandra Dirk Nicole Tobias Petra Markus Silke
Christian Anke Sebastian""".split()
KINDS = ["email"] * 8 + ["call"] * 6 + ["meeting"] * 4 + ["note"] * 2
LOG_NOTES = {
    "email": ["Sent summary of our call", "Sent references", "Follow-up sent",
              "Reminder; no answer yet", "Sent revised estimate", "Answered questions on hosting",
              "Sent agenda for the workshop", "Proposal sent"],
    "call": ["Discovery call", "Qualification call with the owner", "Call about budget",
             "Clarified scope and timeline", "Short status call", "Call with IT lead",
             "Discussed the proposal", "Negotiated payment terms"],
    "meeting": ["Workshop at their office", "Demo of the prototype", "Met at a trade fair",
                "On-site meeting with the team", "Video call with management",
                "Contract terms discussed"],
    "note": ["Competitor also bidding", "Decision postponed to next quarter",
             "Budget approved internally", "New contact person", "Wants a fixed price"],
}
ACTIONS = ["Follow up on the proposal", "Send estimate", "Schedule a demo", "Call back",
           "Send references", "Prepare the workshop", "Ask about the decision timeline",
           "Send revised proposal", "Send contract", "Check in after their board meeting",
           "Send case study", "Book an intro call"]
FOLLOW_UPS = ["Kick-off workshop", "Send invoice for the deposit", "Ask for a testimonial",
              "Quarterly review", "Offer a maintenance contract", "Check in after launch"]
LOST_REASONS = ["No budget this year", "Chose a cheaper offer", "Went with a larger agency",
                "Project cancelled", "No response after proposal", "Did it in-house",
                "Timing: postponed indefinitely", "Not a fit"]
WON_REASONS = ["Referral and references", "Best price", "Fast delivery", "Good demo",
               "Local and reachable", "Fixed price"]
BANT_NOTES = ["Owner decides alone", "Budget approved for next quarter",
              "Board must sign off", "Needs it before the busy season",
              "Compares three offers", "IT lead is keen, CFO unsure"]
NOTES = ["Long-standing contact from a previous job.", "Asked for references in their industry.",
         "Prefers phone over email.", "Decision maker is on leave until next month.",
         "Existing site runs on an old Typo3.", "Possible follow-up project next year.",
         "Pays reliably; invoiced before."]

CONFIG = """# Benchmark pipeline generated by bench/gen_pipeline.py
name = "Bench pipeline"     # shown in report headers
currency = "EUR"            # currency of deals without a currency key
stall_days = 14             # an open deal with no activity for longer than this is stalled
week_start = "monday"       # first day of the week for `review --week`

[[stages]]                  # the open stages, in order
name = "lead"
probability = 0.05
stall_days = 7
[[stages]]
name = "qualified"
probability = 0.10
stall_days = 7
[[stages]]
name = "contacted"
probability = 0.20
stall_days = 10
[[stages]]
name = "demo"
probability = 0.35
[[stages]]
name = "proposal"
probability = 0.50
[[stages]]
name = "negotiation"
probability = 0.75
stall_days = 21

[qualification]
criteria = ["budget", "authority", "need", "timeline"]
required = 3                # criteria that must be met to pass

[git]
autocommit = false
"""

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "Ä": "a", "Ö": "o",
                       "Ü": "u", "é": "e"})


def slug(text: str) -> str:
    out, dash = [], False
    for c in text.translate(_FOLD).lower():
        if "a" <= c <= "z" or "0" <= c <= "9":
            out.append(c)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")[:64].rstrip("-")


class Gen:
    def __init__(self, seed: int, today: dt.date):
        self.r = random.Random(seed)
        self.today = today
        self.ids: set[str] = set()

    def date(self, d: dt.date) -> dt.date:
        return min(d, self.today)

    def new_id(self, company: str, title: str) -> str:
        base = slug(company + " " + title) or "deal"
        i, n = base, 2
        while i in self.ids:
            suffix = f"-{n}"
            i = base[:64 - len(suffix)].rstrip("-") + suffix
            n += 1
        self.ids.add(i)
        return i

    def company(self) -> str:
        r = self.r
        head = r.choice(SURNAMES) if r.random() < 0.7 else r.choice(PLACES)
        parts = [head, r.choice(TRADES), r.choice(FORMS)]
        return " ".join(p for p in parts if p)

    def walk(self, created: dt.date):
        """Stage history from `created`; returns (history, stage)."""
        r, today = self.r, self.today
        hist = [{"date": created, "stage": "lead"}]
        idx, cur = 0, created
        while True:
            nxt = cur + dt.timedelta(days=int(r.expovariate(1 / 11)) + 1)
            if nxt > today or r.random() < P_DORMANT:
                return hist, STAGES[idx]
            cur = nxt
            x = r.random()
            if x < P_LOSE[idx]:
                e = {"date": cur, "stage": "lost"}
                if r.random() < 0.9:
                    e["reason"] = r.choice(LOST_REASONS)
                hist.append(e)
                return hist, "lost"
            if idx == len(STAGES) - 1:
                e = {"date": cur, "stage": "won"}
                if r.random() < 0.5:
                    e["reason"] = r.choice(WON_REASONS)
                hist.append(e)
                return hist, "won"
            if idx >= 4 and x > 1 - P_BACK:
                idx -= 1
                hist.append({"date": cur, "stage": STAGES[idx], "note": "back: scope changed"})
                continue
            step = 2 if (r.random() < P_SKIP and idx + 2 < len(STAGES)) else 1
            idx += step
            e = {"date": cur, "stage": STAGES[idx]}
            if r.random() < 0.08:
                e["note"] = "skipped a stage" if step == 2 else r.choice(["sent v1", "after workshop", "verbal yes"])
            hist.append(e)

    def deal(self) -> tuple[str, dict]:
        r, today = self.r, self.today
        company = self.company()
        title = r.choice(TITLES)
        did = self.new_id(company, title)
        created = today - dt.timedelta(days=int(1095 * r.random() ** 1.2))
        hist, stage = self.walk(created)
        d: dict = {"title": title, "company": company}
        if r.random() < 0.92:
            first, last = r.choice(FIRST), r.choice(SURNAMES)
            c = {"name": f"{first} {last}"}
            if r.random() < 0.9:
                c["email"] = f"{slug(first)}.{slug(last)}@{slug(company)[:24].rstrip('-')}.example"
            if r.random() < 0.5:
                c["phone"] = f"+49 {r.randint(30, 399)} {r.randint(100000, 9999999)}"
            d["contact"] = c
        d["source"] = r.choice(SOURCES)
        if r.random() < 0.95:
            d["value"] = max(500, int(r.lognormvariate(9.0, 0.8) / 100) * 100)
        if r.random() < 0.03:
            d["currency"] = r.choice(["CHF", "USD"])
        d["stage"] = stage
        if r.random() < 0.03 and stage not in ("won", "lost"):
            d["probability"] = r.choice([0.15, 0.3, 0.4, 0.6, 0.9])
        d["created"] = created
        if r.random() < 0.7:
            d["expected_close"] = created + dt.timedelta(days=r.randint(30, 150))
        d["tags"] = r.sample(TAGS, r.choice([0, 1, 1, 2, 2, 3]))
        if r.random() < 0.75:
            b = {}
            for k in ("budget", "authority", "need", "timeline"):
                x = r.random()
                if x < 0.65:
                    b[k] = True
                elif x < 0.85:
                    b[k] = False
            if r.random() < 0.3:
                b["note"] = r.choice(BANT_NOTES)
            if b:
                d["bant"] = b
        log = self.log(hist)
        last = max([created] + [h["date"] for h in hist] + [e["date"] for e in log])
        if stage not in ("won", "lost"):
            if r.random() < 0.85:
                due = last + dt.timedelta(days=r.randint(-5, 21))
                d["next"] = {"action": r.choice(ACTIONS), "due": due}
        elif stage == "won" and r.random() < 0.3:
            due = hist[-1]["date"] + dt.timedelta(days=r.randint(7, 120))
            d["next"] = {"action": r.choice(FOLLOW_UPS), "due": due}
        d["history"] = hist
        if log:
            d["log"] = log
        if r.random() < 0.35:
            d["notes"] = "\n".join(r.sample(NOTES, r.randint(1, 3))) + "\n"
        return did, d

    def log(self, hist):
        r, out = self.r, []
        ends = [h["date"] for h in hist[1:]] + [self.today if hist[-1]["stage"] not in ("won", "lost")
                                              else hist[-1]["date"]]
        for h, end in zip(hist, ends):
            span = (end - h["date"]).days
            for _ in range(r.choice([0, 1, 1, 1, 2, 2])):
                on = h["date"] + dt.timedelta(days=r.randint(0, min(span, 14)))
                k = r.choice(KINDS)
                out.append({"date": on, "kind": k, "note": r.choice(LOG_NOTES[k])})
        out.sort(key=lambda e: e["date"])
        return out


def generate(n: int, root: str, seed: int = 1, today: dt.date = dt.date(2026, 11, 30)) -> list[str]:
    os.makedirs(os.path.join(root, "deals"), exist_ok=True)
    with open(os.path.join(root, "pipeline.toml"), "w", encoding="utf-8") as f:
        f.write(CONFIG)
    g = Gen(seed, today)
    ids = []
    ddir = os.path.join(root, "deals")
    for _ in range(n):
        did, d = g.deal()
        with open(os.path.join(ddir, did + ".yaml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(dealfile.encode(d))
        ids.append(did)
    return ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 30))
    a = ap.parse_args()
    generate(a.n, a.dir, a.seed, a.today)


if __name__ == "__main__":
    main()

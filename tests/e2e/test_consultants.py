"""End-to-end: SPEC §13 — calendar feeds, European CSV, undo, find, stats by period,
list that fits the terminal."""
import csv
import datetime
import io
import json
import os
import shutil
import subprocess
import tempfile

import icalendar  # Debian's python3-icalendar: an independent RFC 5545 reader

from harness import DealsTest

GIT = shutil.which("git")


class CalendarTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Website; phase 2, with \\ and more", "--company", "Bäckerei Müller",
                "--next", "Call Jürgen; bring the offer, and the NDA", "--due", "2026-12-03",
                "--expected-close", "2027-01-15", "--value", "9500", "--phone", "+49 30 1")
        self.ok("add", "Audit", "--company", "Globex", "--next", "Send audit", "--due", "2026-11-20",
                "--expected-close", "2026-12-31")
        self.ok("add", "Far away", "--next", "Plan kickoff", "--due", "2027-03-01")
        self.ok("add", "No action", "--expected-close", "2027-02-01")
        self.ok("add", "Gone", "--next", "Never", "--due", "2026-12-01", "--expected-close",
                "2026-12-24")
        self.ok("lost", "gone", "--reason", "budget")
        self.ok("add", "Done", "--next", "Follow-up call", "--due", "2026-12-10")
        self.ok("won", "done")

    def parse(self, text):
        cal = icalendar.Calendar.from_ical(text)
        return {str(e["UID"]): e for e in cal.walk("VEVENT")}

    def raw(self, *args):
        """Output bytes as written (text mode would turn CRLF into LF)."""
        from harness import DEALS
        proc = subprocess.run([DEALS, *args], cwd=self.root, capture_output=True, env=self.env())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout.decode("utf-8")

    def test_calendar_is_rfc5545(self):
        raw = self.raw("calendar", "--closing")
        # CRLF everywhere, no physical line over 75 octets, continuation lines start with a space.
        self.assertTrue(raw.endswith("END:VCALENDAR\r\n"))
        lines = raw.split("\r\n")[:-1]
        self.assertNotIn("\n", "".join(lines))
        self.assertTrue(all(len(l.encode("utf-8")) <= 75 for l in lines))
        self.assertTrue(any(l.startswith(" ") for l in lines), "something long enough to fold")
        events = self.parse(raw)
        # Next actions of open and won deals (4) + expected closes of open deals (3); the lost
        # deal has neither.
        self.assertEqual(len(events), 7)
        by_summary = {str(e["SUMMARY"]): e for e in events.values()}
        call = by_summary["Call Jürgen; bring the offer, and the NDA — Bäckerei Müller"]
        self.assertEqual(call["DTSTART"].dt, datetime.date(2026, 12, 3))  # all-day: a date
        self.assertEqual(call["DTEND"].dt, datetime.date(2026, 12, 4))
        self.assertIn("Website; phase 2, with \\ and more", str(call["DESCRIPTION"]))
        self.assertIn("+49 30 1", str(call["DESCRIPTION"]))
        close = by_summary["Expected close: Bäckerei Müller · Website; phase 2, with \\ and more"]
        self.assertEqual(close["DTSTART"].dt, datetime.date(2027, 1, 15))
        self.assertIn("Follow-up call — Done", by_summary)  # a won deal's follow-up
        self.assertNotIn("Never — Gone", by_summary)
        self.assertEqual(sum(u.startswith("close-") for u in events), 3)
        self.assertIn("close-globex-audit@deals", events)
        cal = icalendar.Calendar.from_ical(raw)
        self.assertEqual(str(cal["VERSION"]), "2.0")
        self.assertEqual(str(cal["X-WR-CALNAME"]), "Pipeline")
        self.assertEqual(str(cal["REFRESH-INTERVAL"]), "PT1H")
        # Without --closing: the next actions only.
        self.assertEqual(len(self.parse(self.deals("calendar").out)), 4)

    def test_due_ics_has_the_actions_due_lists(self):
        events = self.parse(self.ok("due", "--format", "ics").out)
        self.assertEqual(sorted(e["DTSTART"].dt.isoformat() for e in events.values()),
                         ["2026-11-20", "2026-12-03"])
        wider = self.parse(self.ok("due", "--within", "120", "--format", "ics").out)
        self.assertEqual(len(wider), 4)
        due_json = json.loads(self.ok("due", "--within", "120", "--format", "json").out)
        self.assertEqual(sorted(d["due"] for d in due_json),
                         sorted(e["DTSTART"].dt.isoformat() for e in wider.values()))

    def test_uids_are_stable(self):
        first = self.ok("calendar", "--closing").out
        self.assertEqual(self.ok("calendar", "--closing").out, first)  # same bytes again
        uids = set(self.parse(first))
        # Unrelated edits: a log entry, a value, a stage move, a new deal, a hand edit.
        self.ok("log", "backerei", "Spoke to Jürgen")
        self.ok("add", "Brand new", "--next", "Say hello", "--due", "2026-12-02")
        self.ok("advance", "globex", "--force")
        with open(self.path("globex-audit"), "a", encoding="utf-8") as f:
            f.write("notes: hand-written\n")
        after = self.parse(self.ok("calendar", "--closing", "--today", "2026-12-01").out)
        self.assertTrue(uids <= set(after), uids - set(after))
        self.assertEqual(len(after), len(uids) + 1)
        # A new due date moves the event (same UID); a different action is a new event.
        old_uid = next(u for u, e in after.items() if str(e["SUMMARY"]).startswith("Send audit"))
        self.ok("next", "globex", "Send audit", "--due", "2026-12-05")
        moved = self.parse(self.ok("calendar").out)
        self.assertEqual(moved[old_uid]["DTSTART"].dt, datetime.date(2026, 12, 5))
        self.ok("next", "globex", "Send the audit report", "--due", "2026-12-05")
        changed = self.parse(self.ok("calendar").out)
        self.assertNotIn(old_uid, changed)
        self.assertEqual(len(changed), len(moved))


GERMAN_EXCEL = ("\ufeffTitel;Firma;Wert;Phase;Angelegt;Abschluss;Schlagworte;Notizen\r\n"
                "Webshop;Bäckerei Müller;9.500,00;Angebot;29.09.2026;15.12.2026;shop;\"Erstgespräch; "
                "Budget ok\r\nzweite Zeile\"\r\n"
                "Wartung;Metzgerei Groß;1.234,5;Gewonnen;01.02.2026;;;\r\n"
                "Beratung;Café Lindner;750;Lead;3.4.2026;;\"web;retainer\";\r\n")


class EuropeanCsvTest(DealsTest):
    def csv(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    def files(self, root=None):
        d = os.path.join(root or self.root, "deals")
        out = {}
        for n in sorted(os.listdir(d)):
            if n.endswith(".yaml"):
                with open(os.path.join(d, n), "rb") as f:
                    out[n] = f.read().decode("utf-8")
        return out

    GERMAN_ARGS = ["--decimal", ",", "--date-format", "DD.MM.YYYY",
                   "--map", "title=Titel", "--map", "company=Firma", "--map", "value=Wert",
                   "--map", "stage=Phase", "--map", "created=Angelegt",
                   "--map", "expected_close=Abschluss", "--map", "tags=Schlagworte",
                   "--map", "notes=Notizen", "--stage-map", "Angebot=proposal",
                   "--stage-map", "Gewonnen=won", "--stage-map", "Lead=lead"]

    def test_german_excel_file_imports_exactly(self):
        f = self.csv("excel.csv", GERMAN_EXCEL)
        r = self.ok("import", f, *self.GERMAN_ARGS)
        self.assertEqual(r.out, "imported 3 new, 0 updated, 0 skipped\n")
        self.assertEqual(self.files(), {
            "backerei-muller-webshop.yaml": """\
title: Webshop
company: Bäckerei Müller
value: 9500
stage: proposal
created: 2026-09-29
expected_close: 2026-12-15
tags: [shop]
history:
  - {date: 2026-09-29, stage: proposal}
notes: |-
  Erstgespräch; Budget ok
  zweite Zeile
""",
            "metzgerei-gross-wartung.yaml": """\
title: Wartung
company: Metzgerei Groß
value: 1234.5
stage: won
created: 2026-02-01
history:
  - {date: 2026-02-01, stage: lead}
  - {date: 2026-02-01, stage: won}
""",
            "cafe-lindner-beratung.yaml": """\
title: Beratung
company: Café Lindner
value: 750
stage: lead
created: 2026-04-03
tags: [web, retainer]
history:
  - {date: 2026-04-03, stage: lead}
""",
        })

    def test_every_bad_cell_of_a_row_is_reported(self):
        f = self.csv("bad.csv", "title;value;stage;created;expected_close\n"
                                "Good;1.000,50;lead;01.11.2026;\n"
                                "Bad;9,5,0;leed;31.02.2026;2026-13-01\n"
                                ";12;lead;;\n")
        r = self.fails(1, "import", f, "--decimal", ",", "--date-format", "DD.MM.YYYY")
        self.assertEqual(r.err.splitlines(), [
            f"deals: {f}:3: value: bad number '9,5,0'",
            f"deals: {f}:3: stage: unknown stage 'leed', did you mean 'lead'?",
            f"deals: {f}:3: created: bad date '31.02.2026' (expected DD.MM.YYYY)",
            f"deals: {f}:3: expected_close: bad date '2026-13-01' (expected DD.MM.YYYY)",
            f"deals: {f}:4: title: missing",
            f"deals: {f}: 2 bad rows; nothing imported",
        ])
        self.assertEqual(self.files(), {})
        # A decimal comma without --decimal is refused with a hint, never read as 1000.
        f = self.csv("comma.csv", "title;value\nA;1,500\n")
        r = self.fails(1, "import", f)
        self.assertIn("value: bad number '1,500' (a decimal comma? import with --decimal ,)",
                      r.err)

    def test_delimiters_and_date_formats(self):
        f = self.csv("tab.tsv", "title\tvalue\tcreated\nTabbed, with comma\t12.5\t11/28/2026\n")
        self.ok("import", f, "--date-format", "MM/DD/YYYY")
        d = json.loads(self.ok("show", "tabbed", "--format", "json").out)
        self.assertEqual((d["title"], d["value"], d["created"]),
                         ("Tabbed, with comma", 12.5, "2026-11-28"))
        # --delimiter overrides the guess: this header has more commas than semicolons.
        f = self.csv("semi.csv", "title;company\nA, B and C;X, Y\n")
        self.ok("import", f, "--delimiter", ";")
        self.assertEqual(json.loads(self.ok("show", "x-y-a-b", "--format", "json").out)["title"],
                         "A, B and C")
        self.fails(2, "import", f, "--delimiter", "::")
        self.fails(2, "import", f, "--decimal", ";")
        self.fails(2, "import", f, "--date-format", "DD/MM/YY")

    def test_export_semicolon_bom_round_trip_is_identity(self):
        examples = os.path.join(os.path.dirname(__file__), "..", "..", "examples")
        shutil.copytree(os.path.join(examples, "deals"), os.path.join(self.root, "deals"),
                        dirs_exist_ok=True)
        shutil.copy(os.path.join(examples, "pipeline.toml"), self.root)
        self.ok("add", "Fractions; and more", "--value", "9500.5", "--company", "Bäckerei")
        first = self.ok("export", "--delimiter", ";", "--bom").out
        self.assertTrue(first.startswith("\ufeffid;title;company;"))
        path = os.path.join(self.dir, "export.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(first)
        other = os.path.join(self.dir, "other")
        self.ok("init", other, cwd=self.dir)
        shutil.copy(os.path.join(examples, "pipeline.toml"), other)
        self.ok("-C", other, "import", path)  # `;` found from the header, the BOM skipped
        second = self.ok("-C", other, "export", "--delimiter", ";", "--bom").out
        derived = {"weighted_value", "score", "last_activity", "days_idle", "days_in_stage",
                   "stalled", "qualified"}
        a = list(csv.DictReader(io.StringIO(first[1:], newline=""), delimiter=";"))
        b = list(csv.DictReader(io.StringIO(second[1:], newline=""), delimiter=";"))
        self.assertEqual(len(a), 27)
        self.assertEqual([{k: v for k, v in r.items() if k not in derived} for r in a],
                         [{k: v for k, v in r.items() if k not in derived} for r in b])
        # And once imported, export -> import -> export is byte for byte the same, deal
        # files included.
        third_root = os.path.join(self.dir, "third")
        self.ok("init", third_root, cwd=self.dir)
        shutil.copy(os.path.join(examples, "pipeline.toml"), third_root)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(second)
        self.ok("-C", third_root, "import", path)
        self.assertEqual(self.ok("-C", third_root, "export", "--delimiter", ";", "--bom").out,
                         second)
        self.assertEqual(self.files(third_root), self.files(other))

    def test_decimal_comma_export_reads_back(self):
        self.ok("add", "Half", "--value", "9500.5")
        out = self.ok("export", "--delimiter", ";", "--decimal", ",").out
        row = next(csv.DictReader(io.StringIO(out), delimiter=";"))
        self.assertEqual((row["value"], row["probability"]), ("9500,5", "0,05"))
        path = os.path.join(self.dir, "e.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(out)
        other = os.path.join(self.dir, "other")
        self.ok("init", other, cwd=self.dir)
        self.ok("-C", other, "import", path, "--decimal", ",")
        self.assertEqual(json.loads(self.ok("-C", other, "show", "half", "--format",
                                            "json").out)["value"], 9500.5)
        self.fails(2, "export", "--decimal", ",")  # comma twice


class UndoTest(DealsTest):
    def env(self, **extra):
        env = super().env(**extra)
        for k in list(env):
            if k.startswith("GIT_") or k == "EMAIL":
                del env[k]
        env["HOME"] = self.dir
        env["XDG_CONFIG_HOME"] = self.dir
        env.update(extra)
        return env

    def git(self, *args):
        proc = subprocess.run([GIT, "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
                              cwd=self.root, capture_output=True, text=True, env=self.env())
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def snapshot(self):
        d = os.path.join(self.root, "deals")
        out = {}
        for n in sorted(os.listdir(d)):
            with open(os.path.join(d, n), "rb") as f:
                out[n] = (f.read(), oct(os.stat(os.path.join(d, n)).st_mode & 0o777))
        return out

    def setUp(self):
        if not GIT:
            self.skipTest("git is not installed")
        self.init = False
        super().setUp()
        self.ok("init", "--git", self.root, cwd=self.dir)

    def editor(self):
        p = os.path.join(self.dir, "ed.py")
        with open(p, "w") as f:
            f.write("#!/usr/bin/python3\nimport sys\n"
                    "t = open(sys.argv[1]).read().replace('title: Audit', 'title: Big audit')\n"
                    "open(sys.argv[1], 'w').write(t)\n")
        os.chmod(p, 0o755)
        return self.env(EDITOR=p, VISUAL="", TMPDIR=self.dir)

    def test_undo_after_each_write_command_restores_the_bytes(self):
        csv_path = os.path.join(self.dir, "in.csv")
        with open(csv_path, "w") as f:
            f.write("title,company,value\nImported,Initech,300\n")
        steps = [
            (("add", "Audit", "--company", "Globex", "--value", "5000"), {}),
            (("add", "Shop", "--company", "Acme", "--next", "Call", "--due", "+3d"), {}),
            (("qualify", "globex", "--budget", "yes", "--authority", "yes", "--need", "yes"), {}),
            (("advance", "globex"), {}),
            (("log", "acme", "Called, wants a CMS", "--kind", "call"), {}),
            (("next", "acme", "Send offer", "--due", "+5d"), {}),
            (("next", "acme", "--done"), {}),
            (("won", "globex", "--value", "5500"), {}),
            (("reopen", "globex"), {}),
            (("lost", "acme", "--reason", "too expensive"), {}),
            (("edit", "globex"), {"env": "editor"}),
            (("import", csv_path), {}),
            (("rm", "acme", "--yes"), {}),
        ]
        for args, kw in steps:
            with self.subTest(command=args[0]):
                env = self.editor() if kw.get("env") else None
                before, tree = self.snapshot(), self.git("rev-parse", "HEAD^{tree}")
                self.ok(*args, env=env)
                self.assertNotEqual(self.snapshot(), before)
                subject = self.git("log", "-1", "--format=%s").strip()
                r = self.ok("undo")
                self.assertEqual(r.out, f"undid {subject[len('deals: '):]} (reverted "
                                        f"{self.git('rev-parse', '--short=7', 'HEAD~1').strip()})\n")
                self.assertEqual(self.snapshot(), before)
                self.assertEqual(self.git("rev-parse", "HEAD^{tree}"), tree)
                self.assertEqual(self.git("log", "-1", "--format=%s").strip(),
                                 "deals: undo " + subject[len("deals: "):])
                self.assertEqual(self.git("status", "--porcelain"), "")
                # Do it again for real, so the next step has something to work on.
                self.ok(*args, env=env)

    def test_undo_of_an_undo_is_a_redo(self):
        self.ok("add", "Audit", "--company", "Globex")
        self.ok("won", "globex")
        won = self.snapshot()
        self.ok("undo")
        self.assertEqual(self.ok("undo").out.split()[0], "redid")
        self.assertEqual(self.snapshot(), won)
        self.assertEqual(self.git("log", "-1", "--format=%s").strip(),
                         "deals: redo won globex-audit lead -> won")

    def test_refused_cases(self):
        # HEAD is the init commit: it touches pipeline.toml.
        r = self.fails(1, "undo")
        self.assertIn("changes files other than deal files: .gitattributes, deals/.gitkeep, pipeline.toml", r.err)
        self.ok("add", "Audit", "--company", "Globex")
        # Uncommitted changes to the file the commit touched.
        with open(self.path("globex-audit"), "a") as f:
            f.write("notes: mine\n")
        r = self.fails(1, "undo")
        self.assertIn("uncommitted changes in deals/globex-audit.yaml", r.err)
        self.git("checkout", "--", "deals/globex-audit.yaml")
        # A commit of the user's own on top: HEAD is not a deals commit.
        with open(os.path.join(self.root, "README"), "w") as f:
            f.write("mine\n")
        self.git("add", "README")
        self.git("commit", "-qm", "my own notes")
        before = self.snapshot()
        r = self.fails(1, "undo")
        self.assertIn("is not a deals commit", r.err)
        self.assertIn("the last deals commit", r.err)
        self.assertIn("is not HEAD", r.err)
        self.assertIn("git revert", r.err)
        self.assertEqual(self.snapshot(), before)
        # A deals-looking commit that touches other files.
        self.ok("log", "globex", "x")
        with open(os.path.join(self.root, "README"), "w") as f:
            f.write("changed\n")
        self.git("commit", "-qam", "deals: sneaky")
        self.assertIn("changes files other than deal files: README", self.fails(1, "undo").err)
        # A merge in progress.
        self.git("reset", "-q", "--hard", "HEAD~1")
        self.ok("log", "globex", "y")
        git_dir = os.path.join(self.root, ".git")
        with open(os.path.join(git_dir, "MERGE_HEAD"), "w") as f:
            f.write(self.git("rev-parse", "HEAD"))
        self.assertIn("a git merge is in progress", self.fails(1, "undo").err)
        os.remove(os.path.join(git_dir, "MERGE_HEAD"))
        self.ok("undo")

    def test_no_git(self):
        plain = os.path.join(self.dir, "plain")
        self.ok("init", plain, cwd=self.dir)
        r = self.fails(1, "-C", plain, "undo", cwd=self.dir,
                       env=self.env(GIT_CEILING_DIRECTORIES=self.dir))
        self.assertIn("cannot undo: no git", r.err)
        empty = os.path.join(self.dir, "empty-path")
        os.mkdir(empty)
        r = self.fails(1, "undo", env=self.env(PATH=empty))
        self.assertIn("cannot undo: no git: git is not installed", r.err)


class FindTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Webshop", "--company", "Bäckerei Müller", "--contact", "Jürgen Groß",
                "--tag", "Shopware")
        self.ok("add", "Intranet", "--company", "Initech", "--email", "anna@initech.example")
        self.ok("log", "initech", "Mentioned SHOPWARE plugins", "--kind", "call")
        self.ok("add", "Portal", "--company", "Ωmega Стрим")
        self.ok("lost", "mega", "--reason", "went with Straße GmbH")
        with open(self.path("initech-intranet"), "a", encoding="utf-8") as f:
            f.write("notes: |\n  Budget approved by ÆGIR\n")

    def ids(self, text):
        r = self.deals("find", text, "--format", "json")
        return [d["id"] for d in json.loads(r.out)]

    def test_unicode_case_insensitive(self):
        self.assertEqual(self.ids("BÄCKEREI"), ["backerei-muller-webshop"])
        self.assertEqual(self.ids("jürgen groß"), ["backerei-muller-webshop"])
        self.assertEqual(self.ids("GROSS"), ["backerei-muller-webshop"])  # ß folds to ss
        self.assertEqual(self.ids("shopware"), ["backerei-muller-webshop", "initech-intranet"])
        self.assertEqual(self.ids("ωMEGA стрим"), ["mega-portal"])
        self.assertEqual(self.ids("strasse"), ["mega-portal"])  # a lost deal's reason
        self.assertEqual(self.ids("ægir"), ["initech-intranet"])  # notes
        self.assertEqual(self.ids("ANNA@"), ["initech-intranet"])  # contact email

    def test_text_output_and_nothing_found(self):
        out = self.ok("find", "shopware").out.splitlines()
        self.assertTrue(out[0].startswith("ID "))
        self.assertIn("tags", out[1])
        self.assertIn("log", out[2])
        r = self.fails(1, "find", "nothing-like-this")
        self.assertEqual((r.out, r.err), ("", "deals: no deal mentions 'nothing-like-this'\n"))
        self.assertEqual(self.deals("find", "zzz", "--format", "json").out.strip(), "[]")
        md = self.ok("find", "Müller", "--format", "md").out
        self.assertTrue(md.startswith("| ID | STAGE | COMPANY | TITLE | VALUE | FOUND IN |"))

    def test_no_deal_suggests_ids_containing_it(self):
        r = self.fails(1, "show", "intranet")
        self.assertEqual(r.err, "deals: no deal 'intranet', did you mean 'initech-intranet'?\n")
        self.ok("add", "Intranet phase 2", "--company", "Acme")
        r = self.fails(1, "log", "intranet", "x")
        self.assertEqual(r.err, "deals: no deal 'intranet'; ids containing it:\n"
                                "  acme-intranet-phase-2\n  initech-intranet\n")

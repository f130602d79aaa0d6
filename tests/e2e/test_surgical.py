"""Surgical writes (SPEC 10): every write command changes only the lines of what it
changes, in each of the hand-made layouts of tests/layouts; PyYAML and deals read the
result alike; a command that changes nothing writes nothing; `deals fmt`."""
import datetime
import difflib
import glob
import json
import os
import re
import shutil
import subprocess

import yaml

from harness import DealsTest, SOURCE_DIR

LAYOUTS = sorted(glob.glob(os.path.join(SOURCE_DIR, "tests", "layouts", "*.yaml")))


def lines(b):
    return b.decode("utf-8").splitlines(keepends=True)


def diff(old, new):
    """(removed lines, added lines, number of hunks) between two byte strings."""
    removed, added, hunks = [], [], 0
    sm = difflib.SequenceMatcher(a=lines(old), b=lines(new), autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        hunks += 1
        removed += sm.a[i1:i2]
        added += sm.b[j1:j2]
    return removed, added, hunks


def pyyaml_view(text):
    """What a YAML 1.1 script sees: the fields deals reads, dates as text; 0.1's `on`
    key (which YAML 1.1 reads as True) is named back, as scripts had to."""
    d = yaml.safe_load(text)

    def s(v):
        return v.isoformat() if isinstance(v, datetime.date) else v

    def entry(e, keys):
        e = {("on" if k is True else k): v for k, v in e.items()}
        out = {"date": s(e.get("date", e.get("on")))}
        for k in keys:
            out[k] = s(e.get(k))
        return out
    return {
        "title": d["title"], "stage": d["stage"], "created": s(d["created"]),
        "history": [entry(e, ("stage", "note", "reason")) for e in d.get("history") or []],
        "log": [entry(e, ("kind", "note")) for e in d.get("log") or []],
        "next": None if not d.get("next") else
        {"action": d["next"]["action"], "due": s(d["next"].get("due"))},
        "notes": d.get("notes"),
    }


def deals_view(shown):
    return {
        "title": shown["title"], "stage": shown["stage"], "created": shown["created"],
        "history": [{"date": e["on"], "stage": e["stage"], "note": e["note"],
                     "reason": e["reason"]} for e in shown["history"]],
        "log": [{"date": e["on"], "kind": e["kind"], "note": e["note"] or None}
                for e in shown["log"]],
        "next": shown["next"] and {"action": shown["next"]["action"], "due": shown["next"]["due"]},
        "notes": shown["notes"],
    }


class SurgicalLayoutsTest(DealsTest):
    """All layouts in one pipeline (under git), each put through every write command."""

    def setUp(self):
        super().setUp()
        self.assertGreaterEqual(len(LAYOUTS), 60)
        self.ids = []
        for path in LAYOUTS:
            id = os.path.basename(path)[:-5]
            shutil.copyfile(path, self.path(id))
            os.chmod(self.path(id), 0o600)
            self.ids.append(id)

    def bytes(self, id):
        with open(self.path(id), "rb") as f:
            return f.read()

    def block_lists(self, text):
        return not re.search(rb"^\s*- \{", text, re.M)

    def same_reading(self, id):
        """PyYAML (YAML 1.1) reads the file as deals does."""
        shown = json.loads(self.ok("show", id, "--format", "json").out)
        self.assertEqual(pyyaml_view(self.bytes(id).decode("utf-8-sig")), deals_view(shown), id)

    def step(self, id, args, allowed):
        """Runs one command; every removed line must be one of the changed fields'."""
        before = self.bytes(id)
        self.ok(*args)
        after = self.bytes(id)
        removed, added, _ = diff(before, after)
        for line in removed:
            self.assertRegex(line, allowed, f"{id}: {args}: removed an unrelated line")
        # Every byte outside the changed lines is unchanged: BOM, CRLF and all.
        self.assertEqual(after.startswith(b"\xef\xbb\xbf"), before.startswith(b"\xef\xbb\xbf"))
        if b"\r\n" in before:
            self.assertEqual(after.count(b"\n"), after.count(b"\r\n"), id)
        return removed, added

    def test_log_adds_one_line_or_one_entry(self):
        for id in self.ids:
            before = self.bytes(id)
            self.ok("log", id, "Called back", "--kind", "call")
            after = self.bytes(id)
            removed, added, hunks = diff(before, after)
            # Nothing removed and one block added: every other byte is unchanged.
            self.assertEqual(removed, [], id)
            self.assertEqual(hunks, 1, id)
            key_line = 1 if not re.search(rb"^log:", before, re.M) else 0
            if self.block_lists(before):
                self.assertEqual(len(added), key_line + 3, (id, added))  # date, kind, note
                self.assertRegex(added[-3], r"^\s*-\s+date: 2026-11-30\r?\n$")
            else:
                self.assertEqual(len(added), key_line + 1, (id, added))
                self.assertRegex(added[-1],
                                 r"^\s*- \{ ?date: 2026-11-30, kind: call, note: Called back ?\}\r?\n$")
            self.same_reading(id)

    def test_every_write_command_touches_only_its_lines(self):
        for id in self.ids:
            self.step(id, ["next", id, "Call Jane", "--due", "2026-12-03"],
                      r"(action|due):|^next:")
            self.step(id, ["qualify", id, "--timeline", "yes"], r"timeline:")
            self.step(id, ["advance", id], r"^stage:")
            self.step(id, ["lost", id, "--reason", "budget cut"], r"^stage:|^next:|(action|due):")
            self.step(id, ["reopen", id], r"^stage:")
            self.step(id, ["log", id, "Met them", "--kind", "meeting", "--on", "2026-11-26"], r"^$^")
            self.step(id, ["next", id, "Follow up"], r"(action|due):")  # a new action, no due
            self.step(id, ["next", id, "--done"], r"^next:|(action|due):")
            self.step(id, ["won", id], r"^stage:")
            self.same_reading(id)

    def test_changes_keep_comments_and_layout(self):
        id = "comments-everywhere"
        before = self.bytes(id)
        self.ok("advance", id)
        after = self.bytes(id)
        removed, added, hunks = diff(before, after)
        self.assertEqual(removed, [b"stage: proposal\n".decode()])
        self.assertEqual(added, ["stage: negotiation\n", "  - {date: 2026-11-30, stage: negotiation}\n"])
        self.assertEqual(hunks, 2)
        for comment in re.findall(rb"#.*", before):
            self.assertIn(comment, after)

    def test_no_op_writes_nothing(self):
        for id in ("crlf", "bom", "comments-everywhere", "pyyaml-block", "everything"):
            path = self.path(id)
            before, st = self.bytes(id), os.stat(path)
            self.ok("next", id, "Send revised proposal", "--due", "2026-11-30")
            self.ok("qualify", id, "--budget", "yes", "--authority", "yes")
            self.ok("edit", id, env=self.env(EDITOR="true", VISUAL="true"))
            st2 = os.stat(path)
            self.assertEqual(self.bytes(id), before, id)
            self.assertEqual((st2.st_ino, st2.st_mtime_ns), (st.st_ino, st.st_mtime_ns), id)


class NoOpTest(DealsTest):
    """A command that changes nothing writes nothing: same bytes, mtime and inode."""

    def stat(self, id):
        st = os.stat(self.path(id))
        with open(self.path(id), "rb") as f:
            return f.read(), st.st_ino, st.st_mtime_ns

    def test_each_write_command(self):
        self.ok("add", "Acme", "--id", "acme")
        self.ok("next", "acme", "Call", "--due", "2026-12-01")
        self.ok("qualify", "acme", "--budget", "yes")
        self.ok("won", "acme")
        before = self.stat("acme")
        for args in (["next", "acme", "Call", "--due", "2026-12-01"],
                     ["qualify", "acme", "--budget", "yes"],
                     ["fmt", "acme"], ["fmt"]):
            self.ok(*args)
            self.assertEqual(self.stat("acme"), before, args)
        self.ok("edit", "acme", env=self.env(EDITOR="true", VISUAL="true"))
        self.assertEqual(self.stat("acme"), before)
        self.deals("won", "acme")  # already won: refused or a no-op, never a write
        self.assertEqual(self.stat("acme"), before)

    def test_import_update_same_data(self):
        self.ok("add", "Acme", "--id", "acme", "--value", "100")
        text = self.read("acme").replace("title: Acme\n", "title: Acme  # the client\n")
        self.write("acme", text)
        with open(os.path.join(self.dir, "in.csv"), "w") as f:
            f.write("id,title,value\nacme,Acme,100\n")
        before = self.stat("acme")
        r = self.ok("import", os.path.join(self.dir, "in.csv"), "--update")
        self.assertIn("0 updated", r.out)
        self.assertEqual(self.stat("acme"), before)
        with open(os.path.join(self.dir, "in.csv"), "w") as f:
            f.write("id,title,value\nacme,Acme,250\n")
        self.ok("import", os.path.join(self.dir, "in.csv"), "--update")
        self.assertEqual(self.read("acme"), text.replace("value: 100\n", "value: 250\n"))


class FmtTest(DealsTest):
    def test_check_lists_and_fmt_rewrites(self):
        self.ok("add", "Clean", "--id", "clean")
        hand = ("# mine\ntitle: Old\ncreated: 2026-11-01\nstage: lead\n"
                "history:\n- {on: 2026-11-01, stage: lead}\n")
        self.write("old", hand)
        r = self.deals("fmt", "--check")
        self.assertEqual((r.code, r.out), (1, "deals/old.yaml\n"))
        self.assertEqual(self.read("old"), hand)  # --check writes nothing
        r = self.deals("check")
        self.assertEqual(r.code, 0, r)
        self.assertIn("deals/old.yaml:6: 1 history entry names its day 'on:'", r.err)
        self.assertEqual(self.ok("fmt").out, "deals/old.yaml\n")
        self.assertEqual(self.read("old"), "title: Old\nstage: lead\ncreated: 2026-11-01\n"
                                           "history:\n  - {date: 2026-11-01, stage: lead}\n")
        self.assertEqual(self.deals("fmt", "--check").code, 0)
        self.assertNotIn("'on:'", self.ok("check").err)
        self.assertIn("drops comments", self.ok("fmt", "--help").out)

    def test_invalid_file_is_left_alone(self):
        self.write("bad", "title: [x\n")
        r = self.fails(1, "fmt")
        self.assertIn("deals/bad.yaml:1:", r.err)
        self.assertEqual(self.read("bad"), "title: [x\n")


class FallbackTest(DealsTest):
    def test_a_layout_that_cannot_be_edited_in_place_is_said(self):
        self.write("flow", "{title: Flow, stage: lead, created: 2026-11-01}  # one line\n")
        r = self.ok("log", "flow", "called")
        self.assertIn("deals: warning: deals/flow.yaml: its layout could not be edited in place; "
                      "written in the canonical form", r.err)
        self.assertEqual(self.read("flow"), "title: Flow\nstage: lead\ncreated: 2026-11-01\nlog:\n"
                                            "  - {date: 2026-11-30, kind: note, note: called}\n")
        r = self.ok("log", "flow", "again")
        self.assertEqual(r.err, "")


class FlowStyleTest(DealsTest):
    """Lists and mappings written in flow style by hand or by tools (`log: []` from yq,
    `bant: {budget: yes}`): a new entry is one line of its own, untouched values keep
    their text, and deals, `deals check` and PyYAML read the result alike."""

    def reads_back(self, id):
        """`deals check` is clean and PyYAML reads what deals shows."""
        self.assertEqual(self.ok("check").err, "deals: 1 deal file checked, no problems\n")
        shown = json.loads(self.ok("show", id, "--format", "json").out)
        seen, read = pyyaml_view(self.read(id)), deals_view(shown)
        if not seen["history"]:  # deals implies the first entry from `created`
            read["history"] = []
        self.assertEqual(seen, read, id)
        d = yaml.safe_load(self.read(id))
        for key in ("budget", "authority", "need", "timeline", "note"):
            self.assertEqual((d.get("bant") or {}).get(key), shown["bant"][key], (id, key))
        for key in ("name", "email", "phone"):
            self.assertEqual((d.get("contact") or {}).get(key), shown["contact"][key], (id, key))
        return shown

    def test_empty_flow_log_becomes_a_block_list(self):
        head = "title: Q\nstage: lead\ncreated: 2026-11-01\n"
        self.write("q", head + "log: [] # calls\nnotes: kept\n")
        self.ok("log", "q", "one")
        one = "  - {date: 2026-11-30, kind: note, note: one}\n"
        self.assertEqual(self.read("q"), head + "log: # calls\n" + one + "notes: kept\n")
        self.ok("log", "q", "two", "--kind", "call")
        two = "  - {date: 2026-11-30, kind: call, note: two}\n"
        self.assertEqual(self.read("q"), head + "log: # calls\n" + one + two + "notes: kept\n")
        shown = self.reads_back("q")
        self.assertEqual([e["note"] for e in shown["log"]], ["one", "two"])

    def test_empty_flow_lists_follow_the_files_other_list(self):
        # A block list elsewhere in the file sets the style (indentation 4, block items);
        # the last line has no line break and CRLF line ends.
        self.write("h", "title: H\r\nstage: lead\r\ncreated: 2026-11-01\r\n"
                        "history:\r\n    -   date: 2026-11-01\r\n        stage: lead\r\n"
                        "log: []")
        self.ok("log", "h", "hello")
        self.assertEqual(self.read("h"), "title: H\r\nstage: lead\r\ncreated: 2026-11-01\r\n"
                         "history:\r\n    -   date: 2026-11-01\r\n        stage: lead\r\n"
                         "log:\r\n    -   date: 2026-11-30\r\n        kind: note\r\n"
                         "        note: hello\r\n")
        self.reads_back("h")

    def test_empty_flow_history_becomes_a_block_list(self):
        self.write("h", "title: H\nstage: lead\ncreated: 2026-11-01\nhistory: []\nlog: []\n")
        self.ok("advance", "h", "--force")
        self.assertEqual(self.read("h"), "title: H\nstage: qualified\ncreated: 2026-11-01\n"
                         "history:\n  - {date: 2026-11-01, stage: lead}\n"
                         "  - {date: 2026-11-30, stage: qualified}\nlog: []\n")
        self.assertEqual(self.reads_back("h")["stage"], "qualified")

    def test_a_flow_list_with_entries_stays_a_flow_list(self):
        # Kept entries keep their text; the new one is inserted after the one before it,
        # in its `{ }` spacing, with the list's separator.
        entries = '{date: 2026-11-02, kind: call, note: "x, y"}, { date: 2026-11-03, kind: email }'
        self.write("f", "title: F\nstage: lead\ncreated: 2026-11-01\n"
                        f"log: [{entries}]  # mine\n")
        self.ok("log", "f", "one")
        self.assertEqual(self.read("f"), "title: F\nstage: lead\ncreated: 2026-11-01\n"
                         f"log: [{entries}, {{ date: 2026-11-30, kind: note, note: one }}]"
                         "  # mine\n")
        self.reads_back("f")
        # One entry per line: the new one gets a line of its own.
        text = ("title: M\nstage: lead\ncreated: 2026-11-01\nlog: [\n"
                "    {date: 2026-11-02, kind: call},\n    {date: 2026-12-03, kind: email}\n]\n")
        os.remove(self.path("f"))
        self.write("m", text)
        self.ok("log", "m", "two")
        self.assertEqual(self.read("m"), text.replace(
            "call},\n", "call},\n    {date: 2026-11-30, kind: note, note: two},\n"))
        self.reads_back("m")

    def test_flow_bant_keeps_the_answers_it_does_not_change(self):
        text = ("title: Hand\nstage: qualified\ncreated: 2026-11-01\n"
                "bant: {budget: yes, need: Yes}  # asked\n")
        self.write("hand", text)
        self.ok("qualify", "hand", "--authority", "yes", "--note", "ok")
        # A new answer takes the word of the answers there (as in a block mapping).
        after = text.replace("{budget: yes, need: Yes}",
                             "{budget: yes, authority: yes, need: Yes, note: ok}")
        log = "log:\n  - {date: 2026-11-30, kind: qualify, note: \"authority yes; note updated\"}\n"
        self.assertEqual(self.read("hand"), after + log)
        self.ok("qualify", "hand", "--need", "no", "--note", "CTO decides, in Q1")
        self.assertEqual(self.read("hand").splitlines()[3],
                         'bant: {budget: yes, authority: yes, need: No, '
                         'note: "CTO decides, in Q1"}  # asked')
        bant = self.reads_back("hand")["bant"]
        self.assertEqual((bant["budget"], bant["authority"], bant["need"], bant["note"]),
                         (True, True, False, "CTO decides, in Q1"))

    def test_empty_flow_mapping_becomes_a_block_mapping(self):
        self.write("e", "title: E\nstage: qualified\ncreated: 2026-11-01\nbant: {}  # later\n")
        self.ok("qualify", "e", "--budget", "yes")
        self.assertEqual(self.read("e"), "title: E\nstage: qualified\ncreated: 2026-11-01\n"
                         "bant:  # later\n  budget: true\n"
                         "log:\n  - {date: 2026-11-30, kind: qualify, note: budget yes}\n")
        self.assertTrue(self.reads_back("e")["bant"]["budget"])

    def test_flow_next_and_contact_keep_their_quoting(self):
        head = "title: K\nstage: lead\ncreated: 2026-11-01\n"
        self.write("k", head + 'contact: {name: "Jane Doe", email: j@x.example}   # main\n'
                               "next: { action: 'Call', due: 2026-12-01 }\n")
        self.ok("next", "k", "--due", "2026-12-09")
        self.assertEqual(self.read("k"), head + 'contact: {name: "Jane Doe", email: j@x.example}'
                         "   # main\nnext: { action: 'Call', due: 2026-12-09 }\n")
        csv = os.path.join(self.dir, "in.csv")
        with open(csv, "w") as f:
            f.write("id,title,email,phone\nk,K,j@y.example,+49 30 1\n")
        self.ok("import", csv, "--update")
        self.assertEqual(self.read("k"), head + 'contact: {name: "Jane Doe", email: j@y.example, '
                         'phone: "+49 30 1"}   # main\nnext: { action: \'Call\', due: 2026-12-09 }\n')
        self.ok("next", "k", "Call back")  # a new action without a due date: `due` goes
        self.assertEqual(self.read("k").splitlines()[4], "next: { action: 'Call back' }")
        shown = self.reads_back("k")
        self.assertEqual(shown["contact"], {"name": "Jane Doe", "email": "j@y.example",
                                            "phone": "+49 30 1"})

    def test_flow_tags_keep_the_tags_kept(self):
        head = "title: T\nstage: lead\ncreated: 2026-11-01\n"
        self.write("t", head + "tags: [\"web\", 'retainer', x]  # mine\n")
        csv = os.path.join(self.dir, "in.csv")
        with open(csv, "w") as f:
            f.write("id,title,tags\nt,T,\"web;new, one;x\"\n")
        self.ok("import", csv, "--update")
        self.assertEqual(self.read("t"), head + "tags: [\"web\", \"new, one\", x]  # mine\n")
        self.assertEqual(self.reads_back("t")["tags"], ["web", "new, one", "x"])
        self.assertEqual(yaml.safe_load(self.read("t"))["tags"], ["web", "new, one", "x"])

    def test_merge_driver_writes_over_flow_style_alike(self):
        # The merged deal is written over our file: its `[]` and flow bant are edited as
        # a command would.
        # Both sides change the bant line, so git's line merge conflicts and the driver
        # merges field by field.
        base = ("title: Web\nstage: qualified\ncreated: 2026-11-01\n"
                "bant: {budget: yes, need: yes}\nlog: []  # calls\n")
        ours = base.replace("need: yes", "need: no")
        theirs = ("title: Web\nstage: qualified\ncreated: 2026-11-01\n"
                  "bant: {budget: yes, authority: yes, need: yes}\n"
                  "log: [{date: 2026-11-30, kind: call, note: hi}]\n")
        files = []
        for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
            files.append(os.path.join(self.dir, name))
            with open(files[-1], "w") as f:
                f.write(text)
        r = self.deals("merge-file", *files, "deals/web.yaml")
        self.assertEqual((r.code, r.err), (0, ""), r)
        with open(files[1]) as f:
            self.assertEqual(f.read(), "title: Web\nstage: qualified\ncreated: 2026-11-01\n"
                             "bant: {budget: yes, authority: yes, need: no}\nlog:  # calls\n"
                             "  - {date: 2026-11-30, kind: call, note: hi}\n")

"""End-to-end: the hostile corpus (tests/hostile) and generated monsters inside a real
pipeline. `check` names every bad file with path:line, reading commands skip them with a
warning, writing commands refuse them, nothing crashes or hangs, and no file is rewritten."""
import os
import re
import unittest

from harness import SOURCE_DIR, DealsTest

CORPUS = os.path.join(SOURCE_DIR, "tests", "hostile")
TIMEOUT = 60


def corpus():
    """(id, bytes, expected line or None for valid) for every corpus file."""
    out = []
    with open(os.path.join(CORPUS, "expected.txt")) as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            name, verdict = line.split()[:2]
            with open(os.path.join(CORPUS, name), "rb") as g:
                data = g.read()
            out.append((name[:-5].replace("_", "-"), data,
                        None if verdict == "ok" else int(verdict)))
    return out


HEAD = b"title: T\nstage: lead\ncreated: 2026-01-10\n"


def generated():
    """(id, bytes, expected line or 0 for 'any line') for inputs too big to commit."""
    maps = bytearray(HEAD + b"x:\n")
    depth = 1
    while len(maps) + depth + 4 < (1 << 20) - 64:
        maps += b" " * depth + b"a:\n"
        depth += 1
    return [
        ("gen-deep-brackets", HEAD + b"x: " + b"[" * 20000 + b"\n", 4),
        ("gen-deep-braces", HEAD + b"x: " + b"{a: " * 20000 + b"\n", 4),
        ("gen-deep-dashes", HEAD + b"x:\n" + b"- " * 20000 + b"1\n", 0),
        ("gen-deep-dash-lines", HEAD + b"x:\n" + b"".join(
            b" " * i + b"-\n" for i in range(1400)), 0),
        ("gen-deep-maps", bytes(maps), 0),
        ("gen-huge-field", HEAD + b"notes: \"" + b"a" * (5 << 20) + b"\"\n", -1),
        ("gen-huge-lines", HEAD + b"notes: |\n" + b"  line\n" * (800 << 10), -1),
        ("gen-many-keys", HEAD + b"".join(b"k%d: 1\n" % i for i in range(100000)), 0),
        ("gen-long-key", HEAD + b"k" * 500000 + b": 1\n", None),  # valid, kept
        ("gen-wide-flow", HEAD + b"x: [" + b"1," * 200000 + b"]\n", 0),
    ]


class HostileTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Good deal", "--id", "good", "--next", "call", "--due", "2026-11-20")
        self.files = corpus() + generated()
        for id, data, _ in self.files:
            with open(self.path(id), "wb") as f:
                f.write(data)
            os.utime(self.path(id), ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        self.bad = [(id, line) for id, _, line in self.files if line is not None]
        self.good = ["good"] + [id for id, _, line in self.files if line is None]

    def assert_untouched(self):
        for id, data, _ in self.files:
            with open(self.path(id), "rb") as f:
                self.assertTrue(f.read() == data, f"{id} was rewritten")
            self.assertEqual(os.stat(self.path(id)).st_mtime_ns, 1_000_000_000_000_000_000, id)
        self.assertEqual([n for n in os.listdir(os.path.join(self.root, "deals"))
                          if n.startswith(".") and n != ".gitkeep"], [])

    def test_check_names_every_bad_file_with_a_line(self):
        r = self.deals("check", timeout=TIMEOUT)
        self.assertEqual(r.code, 1, r)
        for id, line in self.bad:
            path = re.escape(f"deals/{id}.yaml")
            if line == -1:  # refused before parsing: no line to name
                self.assertRegex(r.out, f"(?m)^{path}: file too large", id)
            elif line == 0:
                self.assertRegex(r.out, f"(?m)^{path}:[1-9][0-9]*: ", id)
            else:
                self.assertRegex(r.out, f"(?m)^{path}:{line}: ", id)
        for id in self.good:
            self.assertNotIn(f"deals/{id}.yaml", r.out)
        self.assertNotIn("\x1b", r.out)
        self.assert_untouched()

    def test_reading_commands_skip_bad_files_with_a_warning(self):
        for args in [("list", "--all"), ("list", "--stalled"), ("list", "--format", "json"),
                     ("export",), ("export", "--format", "json", "--all"), ("due",),
                     ("show", "good")]:
            r = self.deals(*args, timeout=TIMEOUT)
            self.assertEqual(r.code, 0, (args, r.err[:2000]))
            if args[0] != "show":
                for id, _ in self.bad:
                    self.assertIn(f"deals: warning: deals/{id}.yaml", r.err, (args, id))
                if "--stalled" not in args:
                    self.assertIn("good", r.out, args)
        self.assert_untouched()

    def test_writing_commands_refuse_bad_files(self):
        for id, _ in self.bad:
            r = self.deals("log", id, "x", timeout=TIMEOUT)
            self.assertEqual(r.code, 1, (id, r))
            self.assertIn(f"deals/{id}.yaml", r.err)
        for args in [("advance", "gen-deep-braces", "--force"), ("next", "bad-nul", "a"),
                     ("won", "bad-unknown-stage"), ("edit", "bad-tab-indent"),
                     ("show", "bad-invalid-utf8"), ("rm", "good", "--yes")]:
            r = self.deals(*args, timeout=TIMEOUT, env=self.env(EDITOR="true"))
            self.assertEqual(r.code, 0 if args[0] == "rm" else 1, (args, r))
        self.assert_untouched()


class TruncationTest(DealsTest):
    def test_every_valid_fixture_truncated_at_every_byte(self):
        count = 0
        for id, data, line in corpus():
            if line is not None:
                continue
            for n in range(len(data)):
                with open(self.path(f"{id}-{n}"), "wb") as f:
                    f.write(data[:n])
                count += 1
        r = self.deals("check", timeout=TIMEOUT)
        self.assertIn(r.code, (0, 1), r)
        for l in r.out.splitlines():
            self.assertRegex(l, r"^deals/[a-z0-9-]+\.yaml:[1-9][0-9]*: \S")
        r = self.ok("list", "--all", timeout=TIMEOUT)
        self.assertEqual(r.err.count("deals: warning:"), len(self.deals("check").out.splitlines()))
        self.assertGreater(count, 500)


class HostileConfigTest(DealsTest):
    CONFIGS = {
        "triple-bracket": "[[[1]]]\n",
        "triple-bracket-spaced": "name = \"x\"\n[ [ [ 1 ] ] ]\n",
        "dotted-keys": "a" + ".a" * 300000 + " = 1\n",
        "dotted-lines": "".join("k%d" % i + ".b" * 100 + " = 1\n" for i in range(150)),
        "deep-arrays": "x = " + "[" * 20000 + "\n",
        "deep-inline": "x = " + "{a = " * 20000 + "\n",
        "huge": "name = \"" + "a" * (1 << 20) + "\"\n",
        "nul": "name = \"a\0b\"\n",
        "bad-utf8": "name = \"\xff\"\n",
        "unterminated": "name = \"\"\"\n",
        "stage-type": "[[stages]]\nname = 3\n",
        "probability": "[[stages]]\nname = \"lead\"\nprobability = 2\n",
        "duplicate-stage": "[[stages]]\nname = \"a\"\n[[stages]]\nname = \"a\"\n",
    }

    def test_hostile_configs_are_errors_naming_the_file(self):
        self.ok("add", "Good", "--id", "good")
        before = open(self.path("good"), "rb").read()
        for name, text in self.CONFIGS.items():
            with open(os.path.join(self.root, "pipeline.toml"), "wb") as f:
                f.write(text.encode("utf-8", "surrogateescape") if name != "bad-utf8"
                        else text.encode("latin-1"))
            for args in [("check",), ("list",), ("log", "good", "x")]:
                r = self.deals(*args, timeout=TIMEOUT)
                self.assertEqual(r.code, 1, (name, args, r))
                self.assertIn("pipeline.toml", r.out + r.err, (name, args))
        self.assertEqual(open(self.path("good"), "rb").read(), before)


if __name__ == "__main__":
    unittest.main()

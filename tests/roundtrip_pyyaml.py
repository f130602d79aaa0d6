#!/usr/bin/env python3
"""Cross-checks the canonical deal writer against PyYAML (a YAML 1.1 reader).

Runs the unit tests' property test with DEALS_DUMP_DIR set, so it writes a few thousand
random awkward deals as <n>.yaml plus <n>.json (the strings a reader must find), then loads
every .yaml with yaml.safe_load and compares. YAML 1.1 is where `yes`, `on`, `0123`,
`12:30` and friends change type, so this catches quoting that only YAML 1.2 readers accept.

usage: tests/roundtrip_pyyaml.py [path/to/unit_tests]
"""
import json
import os
import subprocess
import sys
import tempfile

import yaml


def as_text(value):
    # Dates come back as datetime.date; the writer emits them plain on purpose.
    return value if isinstance(value, str) else None


def check(path, expected):
    with open(path, "rb") as f:
        data = yaml.safe_load(f.read().decode("utf-8"))
    problems = []

    def same(what, got, want):
        if got != want:
            problems.append(f"{what}: PyYAML read {got!r}, expected {want!r}")

    same("title", as_text(data.get("title")), expected["title"])
    if "company" in expected:
        same("company", as_text(data.get("company")), expected["company"])
    if "notes" in expected:
        same("notes", as_text(data.get("notes")), expected["notes"])
    same("tags", [as_text(t) for t in data.get("tags", [])], expected["tags"])
    log = [[as_text(e.get("kind")), as_text(e.get("note", ""))] for e in data.get("log", [])]
    same("log", log, expected["log"])
    # Entries name their day `date`: YAML 1.1 reads a key `on` as True (SPEC 10).
    for e in data.get("history", []) + data.get("log", []):
        same("entry date", type(e.get("date")).__name__, "date")
    notes = [as_text(h["note"]) for h in data.get("history", []) if "note" in h]
    same("history notes", notes, expected["history_notes"])
    # Typed values keep their types: a YAML 1.1 reader must not see strings here.
    same("created", type(data.get("created")).__name__, "date")
    same("created", str(data.get("created")), expected["created"])
    if "expected_close" in expected:
        same("expected_close", str(data.get("expected_close")), expected["expected_close"])
    for key in ("value", "probability"):
        if key in expected:
            got = data.get(key)
            same(key, isinstance(got, (int, float)) and not isinstance(got, bool) and got,
                 expected[key])
    bant = {k: v for k, v in (data.get("bant") or {}).items()
            if k in ("budget", "authority", "need", "timeline")}
    same("bant", bant, expected["bant"])
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "build", "tests",
                                                                 "unit_tests")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DEALS_DUMP_DIR=tmp)
        subprocess.run([binary, "-tc=property*"], env=env, check=True, stdout=subprocess.DEVNULL)
        names = sorted(n[:-5] for n in os.listdir(tmp) if n.endswith(".yaml"))
        failures = 0
        for name in names:
            with open(os.path.join(tmp, name + ".json"), encoding="utf-8") as f:
                expected = json.load(f)
            for problem in check(os.path.join(tmp, name + ".yaml"), expected):
                failures += 1
                print(f"{name}.yaml: {problem}")
        print(f"{len(names)} deals checked with PyYAML {yaml.__version__}, {failures} problems")
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

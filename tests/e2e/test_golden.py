"""Golden files: the text and Markdown reports over the bundled example pipeline
(examples/, today fixed at 2026-11-30), compared byte for byte with tests/golden/.

A change to a report shows up here as a diff to review. After an intended change,
regenerate every golden file with one command and review `git diff tests/golden`:

    DEALS_UPDATE_GOLDEN=1 ctest --test-dir build -R e2e_test_golden
"""
import difflib
import os
import shutil
import tempfile
import unittest

from harness import DEALS, SOURCE_DIR, DealsTest

GOLDEN = os.path.join(SOURCE_DIR, "tests", "golden")
TODAY = "2026-11-30"
EXAMPLE_ID = "meyer-textil-gmbh-b2b-shop-on-shopware"

# name -> arguments; every report in text and md, and one deal shown.
CASES = {}
for fmt in ("text", "md"):
    CASES[f"review.{fmt}"] = ["review", "--format", fmt]
    CASES[f"review-week-last.{fmt}"] = ["review", "--week", "last", "--format", fmt]
    CASES[f"stats.{fmt}"] = ["stats", "--format", fmt]
    CASES[f"forecast.{fmt}"] = ["forecast", "--format", fmt]
    CASES[f"due.{fmt}"] = ["due", "--format", fmt]
    CASES[f"stalled.{fmt}"] = ["stalled", "--format", fmt]
    CASES[f"list.{fmt}"] = ["list", "--all", "--format", fmt]
CASES["show.text"] = ["show", EXAMPLE_ID]


class GoldenTest(DealsTest):
    init = False

    def setUp(self):
        super().setUp()
        # A copy, so nothing (a cache, a stray write) touches the source tree.
        shutil.copytree(os.path.join(SOURCE_DIR, "examples"), self.root)

    def test_reports_match_golden_files(self):
        update = os.environ.get("DEALS_UPDATE_GOLDEN") == "1"
        env = self.env(DEALS_TODAY=TODAY, COLUMNS="100")
        mismatches = []
        for name, args in CASES.items():
            r = self.deals(*args, env=env)
            self.assertEqual(r.code, 0, (name, r))
            path = os.path.join(GOLDEN, name)
            if update:
                with open(path, "w", encoding="utf-8", newline="") as f:
                    f.write(r.out)
                continue
            with open(path, encoding="utf-8", newline="") as f:
                want = f.read()
            if r.out != want:
                diff = "".join(difflib.unified_diff(
                    want.splitlines(True), r.out.splitlines(True),
                    f"tests/golden/{name}", f"deals {' '.join(args)}"))
                mismatches.append(diff)
        self.assertFalse(mismatches, "\n".join(mismatches) +
                         "\nintended? DEALS_UPDATE_GOLDEN=1 ctest --test-dir build -R "
                         "e2e_test_golden, then review git diff tests/golden")

    def test_every_golden_file_is_a_case(self):
        self.assertEqual(sorted(os.listdir(GOLDEN)), sorted(CASES))


if __name__ == "__main__":
    unittest.main()

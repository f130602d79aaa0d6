"""End-to-end: the deal cache (.deals-cache/) is invisible in every output. A file
edited behind its back is seen; a corrupt, truncated or deleted cache is rebuilt and
never believed; a changed pipeline.toml makes it void."""
import os
import time
import unittest

from harness import DealsTest

DEAL = ("title: Website {n:04d}\ncompany: Acme {n:04d}\nvalue: {v}\nstage: {stage}\n"
        "created: 2026-01-{d:02d}\nhistory:\n  - {{date: 2026-01-{d:02d}, stage: {stage}}}\n")
STAGES = ["lead", "qualified", "demo", "proposal", "won", "lost"]
HOUR_AGO = time.time_ns() - 3600 * 10**9


class CacheTest(DealsTest):
    def setUp(self):
        super().setUp()
        for n in range(40):
            self.write(f"deal-{n:04d}", DEAL.format(n=n, v=1000 + n, stage=STAGES[n % 6],
                                                     d=1 + n % 28))
            # Old files: the cache trusts them, so a hit is really a hit.
            os.utime(self.path(f"deal-{n:04d}"), ns=(HOUR_AGO, HOUR_AGO))
        # A hard link (as in a cp -al snapshot) is read and cached like any file.
        os.link(self.path("deal-0003"), self.path("deal-0090"))
        self.cache = os.path.join(self.root, ".deals-cache", "deals.bin")
        # The cache believes only files whose mtime and ctime are over 2 s older than it.
        time.sleep(2.2)

    def run_all(self, cache="1"):
        env = self.env(DEALS_CACHE=cache)
        return [self.deals(*args, env=env) for args in
                (["list", "--all", "--format", "json"], ["list"], ["export"],
                 ["check"], ["show", "deal-0003", "--format", "json"])]

    def assertSame(self, a, b):
        for x, y in zip(a, b):
            self.assertEqual((x.code, x.out, x.err), (y.code, y.out, y.err))

    def test_cache_is_written_ignored_by_git_and_private(self):
        self.run_all()
        self.assertTrue(os.path.isfile(self.cache))
        d = os.path.dirname(self.cache)
        self.assertEqual(os.stat(d).st_mode & 0o777, 0o700)
        self.assertEqual(os.stat(self.cache).st_mode & 0o777, 0o600)
        with open(os.path.join(d, ".gitignore")) as f:
            self.assertIn("*", f.read().splitlines())

    def test_deleting_the_cache_changes_no_output(self):
        without = self.run_all("0")
        self.assertFalse(os.path.exists(self.cache))
        first = self.run_all()      # builds it
        second = self.run_all()     # reads it
        os.remove(self.cache)
        third = self.run_all()
        self.assertSame(without, first)
        self.assertSame(without, second)
        self.assertSame(without, third)

    def test_an_unchanged_pipeline_reads_the_cache_without_rewriting_it(self):
        os.symlink("deal-0001.yaml", os.path.join(self.root, "deals", "alias.yaml"))
        expected = self.run_all("0")
        self.assertSame(expected, self.run_all())
        before = os.stat(self.cache)
        self.assertSame(expected, self.run_all())
        after = os.stat(self.cache)
        self.assertEqual((before.st_ino, before.st_mtime_ns), (after.st_ino, after.st_mtime_ns))

    def test_check_notes_are_the_same_when_every_deal_comes_from_the_cache(self):
        # A hit reads no file, yet check's notes (0.1's 'on:', hard links) need the bytes.
        self.write("deal-0100", "title: Old\nstage: lead\ncreated: 2026-01-02\n"
                                "history:\n  - {on: 2026-01-02, stage: lead}\n")
        time.sleep(2.2)  # old enough for the cache to believe it
        plain = self.deals("check", env=self.env(DEALS_CACHE="0"))
        self.assertIn("deals/deal-0100.yaml:5: 1 history entry names its day 'on:'", plain.err)
        self.assertIn("deals: 2 deal files have other hard links (deals/deal-0003.yaml, ...",
                      plain.err)
        self.deals("check", env=self.env(DEALS_CACHE="1"))  # writes the cache
        before = os.stat(self.cache)
        hits = self.deals("check", env=self.env(DEALS_CACHE="1"))
        after = os.stat(self.cache)
        # Not rewritten: every deal was a hit.
        self.assertEqual((before.st_ino, before.st_mtime_ns), (after.st_ino, after.st_mtime_ns))
        self.assertEqual((hits.code, hits.out, hits.err), (plain.code, plain.out, plain.err))

    def test_same_size_edit_in_the_same_second_is_seen(self):
        self.run_all()
        p = self.path("deal-0007")
        st = os.stat(p)
        text = self.read("deal-0007")
        changed = text.replace("Website 0007", "Webshop 0007")
        self.assertEqual(len(changed), len(text))
        with open(p, "r+", encoding="utf-8") as f:  # in place: same inode, same size
            f.write(changed)
        os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the old mtime
        out = self.ok("list", "--all", env=self.env(DEALS_CACHE="1")).out
        self.assertIn("Webshop 0007", out)
        self.assertNotIn("Website 0007", out)

    def test_fresh_files_are_reread_until_they_are_old(self):
        self.write("deal-0001", DEAL.format(n=1, v=5, stage="lead", d=2))  # mtime: now
        self.run_all()
        with open(self.path("deal-0001"), "r+") as f:
            f.write(DEAL.format(n=1, v=6, stage="lead", d=2))
        st = os.stat(self.path("deal-0001"))
        os.utime(self.path("deal-0001"), ns=(st.st_atime_ns, st.st_mtime_ns))
        out = self.ok("export", "--format", "json", env=self.env(DEALS_CACHE="1")).out
        self.assertIn('"value": 6', out.replace("6.0", "6"))

    def test_corrupt_or_truncated_cache_is_rebuilt_never_believed(self):
        expected = self.run_all("0")
        self.run_all()
        good = open(self.cache, "rb").read()
        lie = good.replace(b"Website 0005", b"Hacked! 0005")
        self.assertNotEqual(lie, good)
        damaged = [b"", b"garbage", good[:len(good) // 2], good[:-1], good + b"x", lie,
                   good[:40] + bytes([good[40] ^ 1]) + good[41:]]
        for bad in damaged:
            with open(self.cache, "wb") as f:
                f.write(bad)
            self.assertSame(expected, self.run_all())
            self.assertEqual(open(self.cache, "rb").read()[:8], good[:8])

    def test_deleted_and_added_and_invalid_files(self):
        self.run_all()
        os.remove(self.path("deal-0002"))
        self.write("deal-0100", DEAL.format(n=100, v=1, stage="demo", d=3))
        self.write("deal-0004", "title: [broken\n")
        self.assertSame(self.run_all("0"), self.run_all())
        self.assertSame(self.run_all("0"), self.run_all())

    def test_changed_pipeline_toml_voids_the_cache(self):
        self.run_all()
        path = os.path.join(self.root, "pipeline.toml")
        text = open(path).read()
        # Drop the 'demo' stage: deals in it become invalid, cache or not.
        start = text.index('name = "demo"')
        block_start = text.rindex("[[stages]]", 0, start)
        block_end = text.index("[[stages]]", start)
        self.config(text[:block_start] + text[block_end:])
        res = self.run_all()
        self.assertSame(self.run_all("0"), res)
        self.assertIn("demo", res[0].err)

    def test_an_unchanged_invalid_file_does_not_rewrite_the_cache_each_run(self):
        # The cache keeps an invalid file's key (not its problems: it is read again and
        # reported every time), so an old broken file is not a reason to rewrite it.
        self.write("deal-0004", "title: [broken\n")
        self.write("deal-0005", "notes: " + "x" * (1 << 20) + "\n")  # over 1 MiB: not read
        time.sleep(2.2)  # old enough for the cache to believe them
        expected = self.run_all("0")
        self.assertIn("deals/deal-0004.yaml:1", expected[0].err)
        self.assertSame(expected, self.run_all())  # writes the cache
        for cmd in (["list", "--all"], ["stats"]):  # load_each, load_all
            before = os.stat(self.cache)
            self.assertSame(expected, self.run_all())
            r = self.deals(*cmd, env=self.env(DEALS_CACHE="1"))
            self.assertIn("deals/deal-0004.yaml:1", r.err)
            self.assertIn("deals/deal-0005.yaml", r.err)
            after = os.stat(self.cache)
            self.assertEqual((before.st_ino, before.st_mtime_ns),
                             (after.st_ino, after.st_mtime_ns), cmd)
        # Mended, they are read as deals at once (their keys changed), and the cache
        # rewritten.
        self.write("deal-0004", DEAL.format(n=4, v=44, stage="lead", d=4))
        self.write("deal-0005", DEAL.format(n=5, v=55, stage="lead", d=5))
        out = self.ok("list", "--all", env=self.env(DEALS_CACHE="1")).out
        self.assertIn("Website 0004", out)
        self.assertIn("Website 0005", out)
        self.assertNotEqual(os.stat(self.cache).st_ino, after.st_ino)
        self.assertSame(self.run_all("0"), self.run_all())


if __name__ == "__main__":
    unittest.main()

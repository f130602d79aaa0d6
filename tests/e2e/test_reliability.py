"""End-to-end reliability: kill -9 in the middle of writes, concurrent writers, an edit
racing another command, and a full or read-only file system.

DEALS_KILLS sets the number of kill -9 rounds (default 200, kept short for CI)."""
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

from harness import DEALS, DealsTest

STAGES = ["lead", "qualified", "contacted", "demo", "proposal", "negotiation"]


def snapshot(root):
    """{name: bytes} of every file in deals/ (temporary files included)."""
    d = os.path.join(root, "deals")
    out = {}
    for name in os.listdir(d):
        with open(os.path.join(d, name), "rb") as f:
            out[name] = f.read()
    return out


def deal_files(snap):
    return {k: v for k, v in snap.items() if not k.startswith(".")}


class KillTest(DealsTest):
    """Writing commands killed with SIGKILL at random moments never leave a torn file."""

    def setUp(self):
        super().setUp()
        self.tmp = os.path.join(self.dir, "tmp")
        os.mkdir(self.tmp)
        self.editor = os.path.join(self.dir, "editor.sh")
        with open(self.editor, "w") as f:
            f.write('#!/bin/sh\nsed -i "s/^title: .*/title: $EDIT_TITLE/" "$1"\n')
        os.chmod(self.editor, 0o755)
        for i in range(5):
            self.ok("add", f"Deal {i}", "--id", f"d{i}", "--value", str(1000 * (i + 1)),
                    "--company", "Acme")

    def command(self, rng, n):
        deal = f"d{rng.randrange(5)}"
        kind = ["advance", "log", "next", "edit", "import"][n % 5]
        if kind == "advance":
            return ["advance", deal, "--force", "--to", rng.choice(STAGES), "--note", f"r{n}"], {}
        if kind == "log":
            return ["log", deal, f"note {n}: called, \"ok\"", "--kind", "call"], {}
        if kind == "next":
            return ["next", deal, f"action {n}", "--due", "+3d"], {}
        if kind == "edit":
            return ["edit", deal], {"EDITOR": self.editor, "EDIT_TITLE": f"Edited {n}"}
        csv = os.path.join(self.dir, f"import{n}.csv")
        with open(csv, "w") as f:
            f.write("id,title,value,stage\n")
            for k in range(5):
                f.write(f"d{k},Imported {n} {k},{n * 10 + k},proposal\n")
            for k in range(3):
                f.write(f"i{n}-{k},New {n} {k},{k},lead\n")
        return ["import", csv, "--update"], {}

    def run_env(self, extra):
        return self.env(TMPDIR=self.tmp, DEALS_LOCK_TIMEOUT="5", **extra)

    def test_kill_minus_9_leaves_old_or_new_bytes(self):
        rounds = int(os.environ.get("DEALS_KILLS", "200"))
        rng = random.Random(int(os.environ.get("DEALS_KILL_SEED", "6")))
        shadow = os.path.join(self.dir, "shadow")
        outcomes = {"old": 0, "new": 0, "mixed": 0, "leftover_temp": 0}
        for n in range(rounds):
            args, extra = self.command(rng, n)
            env = self.run_env(extra)
            old = deal_files(snapshot(self.root))
            # The uninterrupted result, from a copy of the pipeline.
            shutil.rmtree(shadow, ignore_errors=True)
            shutil.copytree(self.root, shadow)
            start = time.monotonic()
            subprocess.run([DEALS, "-C", shadow, *args], env=env, capture_output=True,
                           timeout=60)
            took = time.monotonic() - start
            new = deal_files(snapshot(shadow))
            # The same command, killed somewhere between its start and its end.
            proc = subprocess.Popen([DEALS, *args], cwd=self.root, env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, took))
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=60)
            now = snapshot(self.root)
            temps = [k for k in now if k.startswith(".deals-tmp-")]
            # A killed writer may leave its temporary files and its mark (.deals-writing,
            # kept while it holds the lock), nothing else.
            self.assertEqual([k for k in now if k.startswith(".") and k not in temps
                              and k not in (".gitkeep", ".deals-writing")], [])
            if temps:  # temporary files are only written under the mark
                self.assertIn(".deals-writing", now, f"round {n} {args}")
            files = deal_files(now)
            kinds = set()
            for name in set(files) | set(old) | set(new):
                got = files.get(name)
                ctx = f"round {n} {args}: {name}"
                self.assertIn(got, (old.get(name), new.get(name)), ctx)
                if old.get(name) != new.get(name):
                    kinds.add("new" if got == new.get(name) else "old")
            if os.environ.get("DEALS_KILL_DEBUG"): print(n, args[0], kinds, took)
            outcomes["mixed" if len(kinds) > 1 else (kinds.pop() if kinds else "old")] += 1
            if temps:
                outcomes["leftover_temp"] += 1
                # Leftovers are ignored by readers...
                r = self.deals("check", env=env)
                self.assertEqual(r.code, 0, r)
            if temps or n % 20 == 19:
                # ...and removed by the next writer, which finds no stale lock.
                r = self.deals("log", "d0", f"probe {n}", env=self.env(DEALS_LOCK_TIMEOUT="1"))
                self.assertEqual(r.code, 0, r)
                self.assertEqual([k for k in os.listdir(os.path.join(self.root, "deals"))
                                  if k.startswith((".deals-tmp-", ".deals-writing"))], [])
        self.ok("check")
        print(f"\n{rounds} kills: {outcomes}", flush=True)


class ConcurrencyTest(DealsTest):
    def spawn(self, script):
        return subprocess.Popen(["sh", "-c", script], cwd=self.root, env=self.env(
            DEALS="deals", DEALS_LOCK_TIMEOUT="60"), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)

    def wait_all(self, procs):
        for p in procs:
            _, err = p.communicate(timeout=600)
            self.assertEqual(p.returncode, 0, err)

    def test_four_writers_on_one_deal_lose_nothing(self):
        self.ok("add", "Shared", "--id", "shared")
        procs = [self.spawn(f'for i in $(seq 1 40); do "{DEALS}" log shared "w{w} $i" || exit 1; '
                            f'done') for w in range(4)]
        self.wait_all(procs)
        text = self.read("shared")
        for w in range(4):
            for i in range(1, 41):
                self.assertIn(f"note: w{w} {i}}}\n", text)
        self.assertEqual(text.count("kind: note"), 160)

    def test_two_writers_on_two_deals_lose_nothing(self):
        count = int(os.environ.get("DEALS_CONCURRENT_WRITES", "500"))
        self.ok("add", "A", "--id", "a")
        self.ok("add", "B", "--id", "b")
        procs = [self.spawn(f'for i in $(seq 1 {count}); do "{DEALS}" log {d} "n$i" || exit 1; '
                            f'done') for d in ("a", "b")]
        self.wait_all(procs)
        for d in ("a", "b"):
            self.assertEqual(self.read(d).count("kind: note"), count, d)


class EditRaceTest(DealsTest):
    def test_edit_does_not_overwrite_a_change_made_meanwhile(self):
        self.ok("add", "Race", "--id", "race")
        tmp = os.path.join(self.dir, "tmp")
        os.mkdir(tmp)
        editor = os.path.join(self.dir, "editor.sh")
        # While the user edits, a cron job logs a call on the same deal.
        with open(editor, "w") as f:
            f.write(f'#!/bin/sh\n"{DEALS}" -C "{self.root}" log race "cron call" || exit 9\n'
                    'sed -i "s/^title: .*/title: Edited by hand/" "$1"\n')
        os.chmod(editor, 0o755)
        r = self.fails(1, "edit", "race", env=self.env(EDITOR=editor, TMPDIR=tmp))
        self.assertIn("changed by another command", r.err)
        kept = [os.path.join(tmp, n) for n in os.listdir(tmp)]
        self.assertEqual(len(kept), 1)
        self.assertIn(kept[0], r.err)
        self.assertIn("title: Edited by hand", open(kept[0]).read())
        text = self.read("race")
        self.assertIn("cron call", text)
        self.assertIn("title: Race", text)

    def test_edit_of_a_deal_deleted_meanwhile_keeps_the_copy(self):
        self.ok("add", "Gone", "--id", "gone")
        tmp = os.path.join(self.dir, "tmp")
        os.mkdir(tmp)
        editor = os.path.join(self.dir, "editor.sh")
        with open(editor, "w") as f:
            f.write(f'#!/bin/sh\n"{DEALS}" -C "{self.root}" rm gone --yes || exit 9\n'
                    'sed -i "s/^title: .*/title: Edited by hand/" "$1"\n')
        os.chmod(editor, 0o755)
        r = self.fails(1, "edit", "gone", env=self.env(EDITOR=editor, TMPDIR=tmp))
        kept = [os.path.join(tmp, n) for n in os.listdir(tmp)]
        self.assertEqual(len(kept), 1)
        self.assertIn(f"your version is kept in {kept[0]}", r.err)
        self.assertIn("title: Edited by hand", open(kept[0]).read())
        self.assertFalse(os.path.exists(self.path("gone")))


def can_mount():
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    d = tempfile.mkdtemp()
    try:
        ok = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", d],
                            capture_output=True).returncode == 0
        if ok:
            subprocess.run(["umount", d])
        return ok
    finally:
        os.rmdir(d)


MOUNT = can_mount()


class FileSystemFailureTest(DealsTest):
    """A write that cannot happen fails clearly and leaves the deal file as it was."""

    init = False

    def mount(self, *args):
        target = os.path.join(self.dir, "mnt")
        os.makedirs(target, exist_ok=True)
        subprocess.run(["mount", *args, target], check=True, capture_output=True)
        self.addCleanup(subprocess.run, ["umount", "-l", target], capture_output=True)
        return target

    def assert_refused(self, root, env=None):
        path = os.path.join(root, "deals", "d.yaml")
        before = open(path, "rb").read()
        mtime = os.stat(path).st_mtime_ns
        r = self.deals("-C", root, "log", "d", "x" * 2000, cwd=self.dir, env=env)
        self.assertEqual(r.code, 1, r)
        self.assertRegex(r.err, r"^deals: cannot write deals/d\.yaml: .*; the file was not changed")
        self.assertEqual(open(path, "rb").read(), before)
        self.assertEqual(os.stat(path).st_mtime_ns, mtime)
        self.assertEqual([n for n in os.listdir(os.path.join(root, "deals"))
                          if n.startswith(".") and n != ".gitkeep"], [])

    @unittest.skipUnless(MOUNT, "needs root and permission to mount tmpfs")
    def test_disk_full(self):
        mnt = self.mount("-t", "tmpfs", "-o", "size=64k", "tmpfs")
        root = os.path.join(mnt, "p")
        self.ok("init", root, cwd=self.dir)
        self.ok("-C", root, "add", "Full", "--id", "d", cwd=self.dir)
        try:
            with open(os.path.join(mnt, "filler"), "wb") as f:
                while True:
                    f.write(b"\0" * 4096)
                    f.flush()
        except OSError:
            pass
        self.assert_refused(root)

    @unittest.skipUnless(MOUNT, "needs root and permission to bind-mount")
    def test_read_only_file_system(self):
        src = os.path.join(self.dir, "src")
        os.mkdir(src)
        self.ok("init", os.path.join(src, "p"), cwd=self.dir)
        self.ok("-C", os.path.join(src, "p"), "add", "RO", "--id", "d", cwd=self.dir)
        mnt = self.mount("--bind", src)
        subprocess.run(["mount", "-o", "remount,ro,bind", mnt], check=True)
        self.assert_refused(os.path.join(mnt, "p"))
        # An edit that cannot be saved keeps the user's version and says where.
        tmp = os.path.join(self.dir, "tmp")
        os.mkdir(tmp)
        r = self.deals("-C", os.path.join(mnt, "p"), "edit", "d", cwd=self.dir,
                       env=self.env(TMPDIR=tmp, EDITOR="sed -i s/^title:.*/title:\\ Mine/"))
        self.assertEqual(r.code, 1, r)
        kept = [os.path.join(tmp, n) for n in os.listdir(tmp)]
        self.assertEqual(len(kept), 1)
        self.assertIn(f"your version is kept in {kept[0]}", r.err)
        self.assertIn("title: Mine", open(kept[0]).read())

    def test_immutable_file(self):
        root = os.path.join(self.dir, "p")
        self.ok("init", root, cwd=self.dir)
        self.ok("-C", root, "add", "Immutable", "--id", "d", cwd=self.dir)
        path = os.path.join(root, "deals", "d.yaml")
        if not shutil.which("chattr") or subprocess.run(
                ["chattr", "+i", path], capture_output=True).returncode != 0:
            self.skipTest("chattr +i is not available here")
        self.addCleanup(subprocess.run, ["chattr", "-i", path], capture_output=True)
        self.assert_refused(root)


if __name__ == "__main__":
    unittest.main()

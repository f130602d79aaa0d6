"""Shared helpers for end-to-end tests: run the built `deals` binary in a fresh
temporary pipeline with a fixed today, and look at exit codes, output and file bytes."""
import os
import shutil
import subprocess
import tempfile
import unittest

DEALS = os.environ.get("DEALS_BIN") or os.path.join(
    os.path.dirname(__file__), "..", "..", "build", "deals")
SOURCE_DIR = os.environ.get("DEALS_SOURCE_DIR") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
TODAY = "2026-11-30"


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self):
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


class DealsTest(unittest.TestCase):
    """Each test gets a new directory `self.dir` holding a pipeline (`self.root`)."""

    init = True

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="deals-e2e-")
        self.root = os.path.join(self.dir, "p")
        if self.init:
            r = self.deals("init", self.root, cwd=self.dir)
            self.assertEqual(r.code, 0, r)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def env(self, **extra):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("DEALS_") and k not in ("NO_COLOR", "VISUAL", "EDITOR")}
        env["DEALS_TODAY"] = TODAY
        env["LANG"] = "C"
        env.update(extra)
        return env

    def hermetic_git_env(self, env, home):
        """`env` with git isolated from the machine running the tests: no GIT_* variables
        or EMAIL, and `home` as HOME and XDG_CONFIG_HOME (its .gitconfig, if any, is
        the only one git reads)."""
        for k in list(env):
            if k.startswith("GIT_") or k == "EMAIL":
                del env[k]
        env["HOME"] = home
        env["XDG_CONFIG_HOME"] = home
        return env

    def deals(self, *args, cwd=None, input=None, env=None, timeout=60):
        proc = subprocess.run([DEALS, *args], cwd=cwd or self.root, input=input,
                              capture_output=True, text=True, env=env or self.env(),
                              timeout=timeout)
        return Result(proc)

    def ok(self, *args, **kw):
        r = self.deals(*args, **kw)
        self.assertEqual(r.code, 0, r)
        return r

    def fails(self, code, *args, **kw):
        r = self.deals(*args, **kw)
        self.assertEqual(r.code, code, r)
        self.assertTrue(r.err.startswith("deals: "), r)
        return r

    def path(self, id):
        return os.path.join(self.root, "deals", id + ".yaml")

    def read(self, id):
        with open(self.path(id), "rb") as f:
            return f.read().decode("utf-8")

    def write(self, id, text, mode=0o600):
        p = self.path(id)
        with open(p, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(p, mode)

    def config(self, text):
        with open(os.path.join(self.root, "pipeline.toml"), "w") as f:
            f.write(text)

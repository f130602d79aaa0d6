"""End-to-end: `cmake --install` puts the binary, the man page and the three completion
scripts where packagers and shells look for them, and the installed binary runs."""
import os
import shutil
import subprocess
import unittest

from harness import DealsTest

BUILD = os.environ.get("DEALS_BUILD_DIR")
CMAKE = shutil.which("cmake")


@unittest.skipUnless(BUILD and CMAKE, "needs DEALS_BUILD_DIR (set by ctest) and cmake")
class InstallTest(DealsTest):
    init = False

    def test_install_tree(self):
        prefix = os.path.join(self.dir, "prefix")
        proc = subprocess.run([CMAKE, "--install", BUILD, "--prefix", prefix],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        # GNUInstallDirs may choose lib64 and friends, but these are fixed.
        files = {
            "bash": "share/bash-completion/completions/deals",
            "zsh": "share/zsh/site-functions/_deals",
            "fish": "share/fish/vendor_completions.d/deals.fish",
        }
        binary = os.path.join(prefix, "bin", "deals")
        self.assertTrue(os.access(binary, os.X_OK))
        man = os.path.join(prefix, "share", "man", "man1", "deals.1")
        self.assertTrue(os.path.isfile(man))

        r = subprocess.run([binary, "--version"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith("deals "), r.stdout)
        pipeline = os.path.join(self.dir, "p")
        self.assertEqual(subprocess.run([binary, "init", pipeline], capture_output=True,
                                        env=self.env()).returncode, 0)
        r = subprocess.run([binary, "-C", pipeline, "add", "Installed", "--id", "inst"],
                           capture_output=True, text=True, env=self.env())
        self.assertEqual(r.stdout, "inst\n", r.stderr)

        for shell, path in files.items():
            with open(os.path.join(prefix, path), encoding="utf-8") as f:
                installed = f.read()
            current = subprocess.run([binary, "completion", shell], capture_output=True,
                                     text=True).stdout
            self.assertEqual(installed, current, f"{path} differs from 'deals completion {shell}'")

        if shutil.which("man"):
            r = subprocess.run(["man", "-l", man], capture_output=True, text=True,
                               env=dict(self.env(), MANPAGER="cat", PAGER="cat", MANWIDTH="80"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("deals", r.stdout)


@unittest.skipUnless(shutil.which("groff"), "groff is not installed")
class ManPageTest(unittest.TestCase):
    def test_man_page_has_no_warnings(self):
        from harness import SOURCE_DIR
        page = os.path.join(SOURCE_DIR, "man", "deals.1")
        r = subprocess.run(["groff", "-man", "-ww", "-Tutf8", page], capture_output=True,
                           text=True)
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        for section in ("IMPORT AND EXPORT", "GIT", "SHELL COMPLETION", "EXAMPLES"):
            self.assertIn(f".SH {section}\n", open(page, encoding="utf-8").read())

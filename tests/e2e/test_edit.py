"""End-to-end: `deals edit` saves a valid edit, refuses an invalid one and loses nothing."""
import os
import re
import stat
import sys
import unittest

from harness import DEALS, DealsTest


class EditTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Website redesign", "--company", "Acme Corp", "--value", "12000",
                "--on", "2026-11-02")
        self.id = "acme-corp-website-redesign"
        self.before = self.read(self.id)
        os.chmod(self.path(self.id), 0o640)

    def editor(self, script):
        """An $EDITOR that runs `script` (Python, the file path in `path`)."""
        p = os.path.join(self.dir, "editor.py")
        with open(p, "w") as f:
            f.write(f"#!{sys.executable}\nimport sys\npath = sys.argv[1]\n{script}\n")
        os.chmod(p, 0o755)
        return self.env(EDITOR=p, TMPDIR=self.dir)

    def test_valid_edit_is_saved_and_mode_kept(self):
        env = self.editor("s = open(path).read().replace('value: 12000', 'value: 15000')\n"
                          "open(path, 'w').write(s)")
        r = self.ok("edit", "acme", env=env)
        self.assertEqual(r.out, f"{self.id}: saved\n")
        self.assertEqual(self.read(self.id), self.before.replace("value: 12000", "value: 15000"))
        self.assertEqual(stat.S_IMODE(os.stat(self.path(self.id)).st_mode), 0o640)
        self.assertEqual([n for n in os.listdir(self.dir) if n.startswith("deals-edit")], [])

    def test_hand_formatting_is_kept_as_written(self):
        # edit saves the user's bytes (comments included) once they are valid.
        env = self.editor("s = open(path).read() + '# call back in spring\\n'\n"
                          "open(path, 'w').write(s)")
        self.ok("edit", "acme", env=env)
        self.assertEqual(self.read(self.id), self.before + "# call back in spring\n")

    def test_no_change(self):
        r = self.ok("edit", "acme", env=self.editor("pass"))
        self.assertEqual(r.out, f"{self.id}: no changes\n")
        self.assertEqual(self.read(self.id), self.before)

    def test_invalid_edit_is_refused_and_kept_aside(self):
        env = self.editor("s = open(path).read().replace('stage: lead', 'stage: wn')\n"
                          "open(path, 'w').write(s)")
        r = self.fails(1, "edit", "acme", env=env)
        self.assertIn("nothing saved", r.err)
        m = re.search(r"kept in (\S+)\):", r.err)
        self.assertIsNotNone(m, r.err)
        kept = m.group(1)
        self.assertIn(f"{kept}:4: ", r.err)          # path:line of the bad stage
        self.assertIn("wn", r.err)
        with open(kept) as f:
            self.assertIn("stage: wn", f.read())     # the user's work is not lost
        self.assertEqual(self.read(self.id), self.before)

    def test_a_deal_deleted_while_editing_keeps_the_edit_and_says_so(self):
        # The editor stands for the minutes a person spends: meanwhile `rm` deletes the deal.
        env = self.editor(
            "import subprocess, os\n"
            "s = open(path).read().replace('value: 12000', 'value: 15000')\n"
            "open(path, 'w').write(s)\n"
            f"subprocess.run([{DEALS!r}, 'rm', "
            f"{self.id!r}, '--yes'], cwd={self.root!r}, env=dict(os.environ), check=True)")
        r = self.deals("edit", "acme", env=env)
        self.assertEqual(r.code, 1, r)
        m = re.search(r"deals: deals/acme-corp-website-redesign\.yaml was deleted by another "
                      r"command while you were editing; nothing saved \(your version is kept "
                      r"in (\S+); 'deals edit' cannot bring it back: copy it to "
                      r"deals/acme-corp-website-redesign\.yaml to restore the deal\)\n$", r.err)
        self.assertIsNotNone(m, r.err)
        with open(m.group(1)) as f:
            self.assertIn("value: 15000", f.read())
        self.assertFalse(os.path.exists(self.path(self.id)))

    def test_failing_editor_saves_nothing(self):
        env = self.editor("open(path, 'w').write('garbage: [')\nsys.exit(3)")
        r = self.deals("edit", "acme", env=env)
        self.assertEqual(r.code, 1, r)
        self.assertEqual(self.read(self.id), self.before)

    def test_editor_with_arguments_and_a_hostile_path(self):
        # $EDITOR is a command line the user wrote (run like git runs it); the file path is
        # passed as an argument, never spliced into it: spaces and $(...) in the path
        # open the right file and run nothing.
        d = os.path.join(self.dir, "my editors")
        os.mkdir(d)
        p = os.path.join(d, "ed.py")
        marker = os.path.join(self.root, "x")     # where `touch x` would land (the cwd)
        tmp = os.path.join(self.dir, "a b $(touch x)")
        os.mkdir(tmp)
        with open(p, "w") as f:
            f.write(f"#!{sys.executable}\nimport sys\nassert sys.argv[1:2] == ['--flag']\n"
                    f"assert sys.argv[2].startswith({tmp + '/'!r}), sys.argv\n"
                    "s = open(sys.argv[2]).read().replace('12000', '13000')\n"
                    "open(sys.argv[2], 'w').write(s)\n")
        os.chmod(p, 0o755)
        self.ok("edit", "acme", env=self.env(EDITOR=f"'{p}' --flag", VISUAL="", TMPDIR=tmp))
        self.assertIn("value: 13000", self.read(self.id))
        self.assertFalse(os.path.exists(marker))


if __name__ == "__main__":
    unittest.main()

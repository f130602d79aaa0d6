"""End-to-end: `deals completion bash|zsh|fish|ids|stages`, run in the real shells."""
import os
import shutil
import subprocess
import unittest

from harness import DealsTest, DEALS

BASH = shutil.which("bash")
ZSH = shutil.which("zsh")
FISH = shutil.which("fish")

BASH_HELPER = """
source <(deals completion bash)
t() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _deals
      echo "${COMPREPLY[*]}"; }
"""


class CompletionTest(DealsTest):
    def setUp(self):
        super().setUp()
        self.ok("add", "Website redesign", "--company", "Acme", "--id", "acme-web")
        self.ok("add", "Audit", "--company", "Acme", "--id", "acme-audit")
        self.ok("add", "Shop", "--company", "Globex", "--id", "globex-shop")
        self.bin = os.path.dirname(os.path.abspath(DEALS))

    def shell(self, argv, script):
        env = self.env(PATH=self.bin + os.pathsep + os.environ.get("PATH", ""),
                       HOME=self.dir, XDG_CONFIG_HOME=self.dir, XDG_DATA_HOME=self.dir)
        proc = subprocess.run([*argv, script], cwd=self.root, capture_output=True, text=True,
                              env=env, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout.splitlines()

    def test_ids_and_stages(self):
        self.assertEqual(self.ok("completion", "ids").out, "acme-audit\nacme-web\nglobex-shop\n")
        self.assertEqual(self.ok("completion", "stages").out.split(),
                         ["lead", "qualified", "contacted", "demo", "proposal", "negotiation",
                          "won", "lost"])
        self.assertEqual(self.ok("completion", "open-stages").out.split(),
                         ["lead", "qualified", "contacted", "demo", "proposal", "negotiation"])
        # Outside a pipeline: nothing, and no error, so a shell shows no noise.
        r = self.ok("completion", "ids", cwd=self.dir)
        self.assertEqual((r.out, r.err), ("", ""))
        self.fails(2, "completion", "tcsh")
        self.fails(2, "completion")

    def test_every_command_and_option_is_in_every_script(self):
        for shell in ("bash", "zsh", "fish"):
            script = self.ok("completion", shell).out
            for word in ("init", "advance", "import", "export", "completion", "--stage-map",
                         "--dry-run", "--expected-close"):
                if shell == "fish":
                    word = word.replace("--", "-l ")
                self.assertIn(word, script, (shell, word))
            self.assertIn("completion", script)

    @unittest.skipUnless(BASH, "bash is not installed")
    def test_bash(self):
        out = self.shell([BASH, "-c"], BASH_HELPER + """
t deals adv
t deals a
t deals advance acme-
t deals advance acme-web --to ne
t deals list --stage ""
t deals show --format ""
t deals -C . advance gl
t deals --today 2026-11-30 rm ""
t deals advance --to lead ""
t deals log acme-web ""
t deals import --dr
t deals completion ""
t deals --no
t deals qualify acme-web --budget ""
t deals advance acme-web --to ""
t deals stats --by ""
""")
        self.assertEqual(out, [
            "advance",
            "add advance",
            "acme-audit acme-web",
            "negotiation",
            "lead qualified contacted demo proposal negotiation won lost",
            "text json yaml",
            "globex-shop",
            "acme-audit acme-web globex-shop",
            "acme-audit acme-web globex-shop",
            "",
            "--dry-run",
            "bash zsh fish",
            "--no-color",
            "yes no unknown",
            "lead qualified contacted demo proposal negotiation",  # won and lost: their commands
            "month quarter year",
        ])

    @unittest.skipUnless(BASH, "bash is not installed")
    def test_bash_uses_the_pipeline_named_by_dash_c(self):
        other = os.path.join(self.dir, "other")
        self.ok("init", other, cwd=self.dir)
        self.ok("-C", other, "add", "X", "--id", "other-deal")
        out = self.shell([BASH, "-c"], BASH_HELPER + f"t deals -C {other} show \"\"\n")
        self.assertEqual(out, ["other-deal"])

    @unittest.skipUnless(ZSH, "zsh is not installed")
    def test_zsh_script_parses_and_loads(self):
        script = self.ok("completion", "zsh").out
        self.assertTrue(script.startswith("#compdef deals\n"))
        path = os.path.join(self.dir, "_deals")
        with open(path, "w") as f:
            f.write(script)
        proc = subprocess.run([ZSH, "-n", path], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = self.shell([ZSH, "-f", "-c"], f"""
autoload -U compinit; compinit -u -d {self.dir}/zcompdump
source {path}
print ${{_comps[deals]}}
whence -w _deals_ids _deals_stages _deals_open_stages _deals_commands
""")
        self.assertEqual(out, ["_deals", "_deals_ids: function", "_deals_stages: function",
                               "_deals_open_stages: function", "_deals_commands: function"])

    @unittest.skipUnless(FISH, "fish is not installed")
    def test_fish(self):
        script = self.ok("completion", "fish").out
        path = os.path.join(self.dir, "deals.fish")
        with open(path, "w") as f:
            f.write(script)
        proc = subprocess.run([FISH, "-n", path], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)

        def words(line):
            out = self.shell([FISH, "--no-config", "-c"], f"source {path}; complete -C'{line}'")
            return [l.split("\t")[0] for l in out]
        self.assertEqual(words("deals adv"), ["advance"])
        self.assertEqual(words("deals advance acme-"), ["acme-audit", "acme-web"])
        self.assertEqual(words("deals advance acme-web --to ne"), ["negotiation"])
        self.assertEqual(words("deals advance acme-web --to "),
                         ["contacted", "demo", "lead", "negotiation", "proposal", "qualified"])
        self.assertEqual(words("deals show --format "), ["json", "text", "yaml"])
        self.assertEqual(words("deals log acme-web "), [])
        self.assertIn("--stage-map", words("deals import --"))

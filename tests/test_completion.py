import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rnncalc.completion import FILES, script
from rnncalc.frameworks import NAMES

COMPLETIONS = Path(__file__).parent.parent / "completions"


@pytest.mark.parametrize("shell", FILES)
def test_checked_in_scripts_are_current(shell):
    assert (COMPLETIONS / FILES[shell]).read_text() == script(shell), (
        "regenerate with: python -m rnncalc.completion completions/"
    )


def complete(*words: str) -> list[str]:
    """What bash offers for `words` (the last one is being completed), via the shipped script."""
    assert shutil.which("bash")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    assert shutil.which("rnncalc", path=env["PATH"]), "the rnncalc console script must be installed"
    words_list = " ".join(f"'{w}'" for w in words)
    program = (
        f"source '{COMPLETIONS / FILES['bash']}'\n"
        f"COMP_WORDS=({words_list}); COMP_CWORD={len(words) - 1}\n"
        # bash calls a completion function with the command name as $1
        "_rnncalc_completion rnncalc\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, env=env, check=True)
    return out.stdout.split()


@pytest.mark.parametrize(
    "words,offered",
    [
        (["rnncalc", "pa"], ["params"]),
        (["rnncalc", "sh"], ["shapes"]),
        (["rnncalc", "so"], ["solve"]),
        (["rnncalc", "solve", "--max"], ["--max-params"]),
        (["rnncalc", "diagram", "--ret"], ["--return-sequences", "--return-state"]),
        (["rnncalc", "params", "--cell", "l"], ["lstm"]),
        (["rnncalc", "params", "--fr"], ["--framework"]),
        (["rnncalc", "params", "-F", ""], [*NAMES, "all"]),
        (["rnncalc", "params", "--format", "j"], ["json"]),
    ],
)
def test_bash_completes_in_a_real_bash(words, offered):
    assert complete(*words) == offered

"""The shell completion scripts in completions/, generated from the app.

They are typer's own scripts for an explicit program name (typer would otherwise guess it from
argv, which says "python -m rnncalc" or a venv path). Each TAB re-runs rnncalc with
_RNNCALC_COMPLETE set, so completion is as fast as the CLI's import (see benchmarks/startup.py).

Regenerate with:  python -m rnncalc.completion completions/
"""

from __future__ import annotations

import sys
from pathlib import Path

PROG = "rnncalc"
COMPLETE_VAR = "_RNNCALC_COMPLETE"
#: shell -> file name, as each shell's completion directories expect it.
FILES = {"bash": "rnncalc.bash", "zsh": "_rnncalc", "fish": "rnncalc.fish"}


def script(shell: str) -> str:
    from typer._completion_shared import get_completion_script  # typer's generator (pinned minor)

    return get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell) + "\n"


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for shell, name in FILES.items():
        path = directory / name
        path.write_text(script(shell), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for path in write(Path(sys.argv[1] if len(sys.argv) > 1 else "completions")):
        print(path)

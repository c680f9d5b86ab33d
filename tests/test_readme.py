"""The README's sample output is produced by the tool; this keeps it current.

Run `pytest --update-goldens` to rewrite the blocks after an intended change.
"""

import re
import shlex
from pathlib import Path

from typer.testing import CliRunner

from rnncalc.cli.app import app

README = Path(__file__).parent.parent / "README.md"
BLOCK = re.compile(r"(<!-- rnncalc: (?P<args>.*?) -->\n```text\n)(?P<body>.*?)(```)", re.S)


def output(args: str) -> str:
    """What the command prints into a pipe where COLUMNS is not set: tables 100 wide (the one
    width rule: COLUMNS, else the terminal, else 100)."""
    env = {"COLUMNS": None, "NO_COLOR": "1"}
    result = CliRunner().invoke(app, shlex.split(args), env=env)
    text = result.stdout + result.stderr
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def test_readme_output_is_current(update_goldens, monkeypatch):
    monkeypatch.chdir(README.parent)  # the README's commands name files from the repository root
    text = README.read_text()
    blocks = list(BLOCK.finditer(text))
    assert len(blocks) >= 5
    fresh = BLOCK.sub(lambda m: m.group(1) + output(m.group("args")) + m.group(4), text)
    if update_goldens:
        README.write_text(fresh)
    assert fresh == text, "README sample output is stale: run pytest --update-goldens"


def test_ci_runs_the_readme_test_command():
    ci = (README.parent / ".ci" / "run").read_text()
    assert "test-command" in ci  # .ci/run reads the command from the README, not a copy of it
    match = re.search(r"<!-- test-command.*?-->\n```sh\n(.*?)\n```", README.read_text(), re.S)
    assert match and "pytest" in match.group(1)

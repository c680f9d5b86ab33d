"""Shell completion: the scripts in completions/, generated from the app, and the TAB handler.

The scripts are typer's own for an explicit program name (typer would otherwise guess it from
argv, which says "python -m rnncalc" or a venv path). Each TAB re-runs rnncalc with
_RNNCALC_COMPLETE set, so completion is as fast as the CLI's import (see benchmarks/startup.py).

zsh: typer's script ends in ``compdef``, which is right when the file is sourced but not when
compinit autoloads it from $fpath as ``_rnncalc`` (how the README installs it): then the file's
body is the body of ``_rnncalc``, run on the first TAB, and all it did was register the real
function for the next TAB, so the first TAB in every new shell offered nothing. The script here
also completes that TAB when it is run as the autoloaded function. (Only registering when sourced,
click's shape, is not enough: the second TAB then runs the file's body again, as a plain call.)

The handler (``register``, called by the CLI on a TAB) changes two things in what typer answers
zsh and fish: a flag pair's negative name is described as the negative (typer gives --no-bias
the help of --bias, "Use bias vectors."), and help is passed through as plain text (typer runs
it through rich's markup parser, which imports rich on every TAB and deletes "[default: ...]"
as if it were a tag; rnncalc's help has no markup: rich_markup_mode=None).

Most TABs never get here: rnncalc.cli.tab answers them from cli/_tab_table.py, a table this module
is generated from the app (generate.py), without importing typer; what it cannot answer exactly
comes here. Both print through tab.zsh_line and tab.fish_line. The table is generated
(rnncalc/generate.py) from the app.

Regenerate the scripts and the table with:  python -m rnncalc.generate
"""

from __future__ import annotations

from pathlib import Path

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import FishComplete, ZshComplete

from rnncalc.model import knobs
from rnncalc.cli import tab
from rnncalc.cli.table import PROG

COMPLETE_VAR = "_RNNCALC_COMPLETE"
#: shell -> file name, as each shell's completion directories expect it.
FILES = {"bash": "rnncalc.bash", "zsh": "_rnncalc", "fish": "rnncalc.fish"}

#: What the negative name of each --x/--no-x flag pair does (typer gives both names one help),
#: as the knobs declare it.
#: A test checks this covers exactly the app's flag pairs.
NEGATIVE_HELP = {knob.negative: knob.negative_help for knob in (*knobs.SPEC, *knobs.RUN) if knob.negative}

ZSH_REGISTER = "compdef _{prog}_completion {prog}"
ZSH_AUTOLOADED = """\
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  # autoloaded from $fpath as _{prog} by compinit: this call is a TAB, so complete it too
  _{prog}_completion "$@"
fi"""


def script(shell: str) -> str:
    from typer._completion_shared import (
        get_completion_script,  # typer's generator (pinned minor)
    )

    text = get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)
    if shell == "zsh":
        register = ZSH_REGISTER.format(prog=PROG)
        if not text.endswith("\n" + register):
            raise RuntimeError(f"typer's zsh script no longer ends in {register!r}; revisit cli/completion.py")
        text += "  # the TABs to come call the function above\n" + ZSH_AUTOLOADED.format(prog=PROG)
    return text + "\n"


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for shell, name in FILES.items():
        path = directory / name
        path.write_text(script(shell), encoding="utf-8")
        paths.append(path)
    return paths


# The TAB handler. bash shows no descriptions, so typer's bash class needs nothing.


def describe(item: CompletionItem) -> CompletionItem:
    """The item, with a negative flag name described as what it does."""
    if item.help and item.value in NEGATIVE_HELP:
        return CompletionItem(item.value, type=item.type, help=NEGATIVE_HELP[item.value])
    return item


class Zsh(ZshComplete):
    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        return [describe(item) for item in super().get_completions(args, incomplete)]

    def format_completion(self, item: CompletionItem) -> str:
        return tab.zsh_line(item.value, item.help)


class Fish(FishComplete):
    def get_completions(self, args: list[str], incomplete: str) -> list[CompletionItem]:
        return [describe(item) for item in super().get_completions(args, incomplete)]

    def format_completion(self, item: CompletionItem) -> str:
        return tab.fish_line(item.value, item.help)


def register() -> None:
    """Answer zsh's and fish's TABs with this module's classes.

    typer registers its own each time the app builds its command, so call this after that:
    from the app's main(), when _RNNCALC_COMPLETE is set.
    """
    add_completion_class(Zsh, "zsh")
    add_completion_class(Fish, "fish")

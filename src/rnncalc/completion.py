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

Most TABs never get here: rnncalc.tab answers them from tab_table.py, a table this module
generates from the app (``table()``), without importing typer; what it cannot answer exactly
comes here. Both print through tab.zsh_line and tab.fish_line.

Regenerate the scripts and the table with:  python -m rnncalc.completion completions/
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from typer._click.shell_completion import CompletionItem, add_completion_class
from typer._completion_classes import FishComplete, ZshComplete

from rnncalc import knobs, tab

PROG = "rnncalc"
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
    from typer._completion_shared import get_completion_script  # typer's generator (pinned minor)

    text = get_completion_script(prog_name=PROG, complete_var=COMPLETE_VAR, shell=shell)
    if shell == "zsh":
        register = ZSH_REGISTER.format(prog=PROG)
        if not text.endswith("\n" + register):
            raise RuntimeError(f"typer's zsh script no longer ends in {register!r}; revisit completion.py")
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


# The table tab.py answers from: the app's commands and parameters as click resolves a TAB over
# them, with the help as the handler above shows it, and each value list with the rule that
# matches it as typer does. What tab.py does not model is recorded as "declined" (a reason), and
# tab.py leaves those requests to typer.

TABLE = Path(__file__).with_name("tab_table.py")


def table(app: Any = None) -> dict[str, Any]:
    """The table tab.py answers TABs from, read off the click command typer builds from the app
    (rnncalc's, or the typer app given)."""
    import typer

    if app is None:
        from rnncalc.cli import app
    group = typer.main.get_command(app)
    ctx = group.make_context(PROG, [], resilient_parsing=True)
    help_option = group.get_help_option(ctx)
    declined = _context_declined(group, ctx) or ("no help option" if help_option is None else None)
    commands = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        commands[name] = {"help": command.get_short_help_str(), "hidden": command.hidden,
                          **_command(command, ctx, help_option)}
    return {
        "declined": declined or _params_declined(group.params),
        "help_names": list(ctx.help_option_names),
        "help_option": None if help_option is None else {**_param(help_option, ctx), "opts": [], "help": {
            name: describe(CompletionItem(name, help=help_option.help)).help for name in ctx.help_option_names}},
        "params": [_param(param, ctx) for param in group.params],
        "commands": commands,
    }


def _command(command: Any, parent: Any, group_help: Any) -> dict[str, Any]:
    from typer.core import TyperCommand, TyperGroup

    if isinstance(command, TyperGroup) or not isinstance(command, TyperCommand):
        return {"declined": "not a plain command (a nested group?)", "params": []}
    ctx = command.make_context(command.name, [], parent=parent, resilient_parsing=True)
    help_option = command.get_help_option(ctx)
    declined = _context_declined(command, ctx, interspersed=True) or _params_declined(command.params)
    if help_option is None or help_option.help != group_help.help or ctx.help_option_names != parent.help_option_names:
        declined = declined or "a help option unlike the group's"
    return {"declined": declined, "params": [_param(param, ctx) for param in command.params]}


def _context_declined(command: Any, ctx: Any, interspersed: bool = False) -> str | None:
    """Why tab.py cannot parse this command's words as click would, or None."""
    if ctx.allow_interspersed_args != interspersed or ctx.ignore_unknown_options:
        return "parser settings tab.py does not model"
    if ctx.token_normalize_func is not None or ctx.default_map or ctx.auto_envvar_prefix:
        return "context settings tab.py does not model"
    if not interspersed and any(_is_argument(param) for param in command.params):
        return "a group with arguments"
    return None


def _params_declined(params: list[Any]) -> str | None:
    """Why tab.py cannot parse these parameters as click would, or None."""
    for param in params:
        names = [*param.opts, *param.secondary_opts]
        if _is_argument(param):
            if param.nargs != 1:
                return f"argument {param.name} takes nargs={param.nargs}"
        elif param.nargs != 1 or param.count or param.prompt or not all(n[:1] == "-" and len(n) > 1 for n in names):
            return f"option {param.name}: nargs, count, a prompt or an unusual name"
        elif param.is_flag and not (param.is_bool_flag and param.secondary_opts) \
                and getattr(param, "_depr_flag_value", None) is None:
            return f"flag {param.name} stores None"  # click would not count it as given
        if param.envvar is not None or getattr(param, "deprecated", False):
            return f"{param.name}: an environment variable or a deprecation"
    return None


def _is_argument(param: Any) -> bool:
    from typer.core import TyperArgument

    return isinstance(param, TyperArgument)


def _param(param: Any, ctx: Any) -> dict[str, Any]:
    from typer.completion import install_callback, show_callback

    names = [*param.opts, *param.secondary_opts]
    # Callbacks that return at once under resilient parsing: typer's own and click's help. Any
    # other runs in a TAB, so tab.py declines when its option is on the line. (It also runs with
    # the default when the option is not given; rnncalc's only one, -V's, then does nothing.)
    function = getattr(param.callback, "__wrapped__", param.callback)  # typer wraps the ones it is given
    callback = function is not None and function not in (install_callback, show_callback) \
        and function.__qualname__ != "help_option.<locals>.show_help"
    record = {"kind": "argument" if _is_argument(param) else "option", "name": param.name,
              "opts": list(param.opts), "secondary": list(param.secondary_opts), "callback": callback}
    if record["kind"] == "argument":
        return {**record, "values": _values(param, ctx)}
    return {**record, "flag": param.is_flag, "multiple": param.multiple, "hidden": param.hidden,
            "help": {name: describe(CompletionItem(name, help=param.help)).help for name in names},
            "values": None if param.is_flag else _values(param, ctx)}


def _values(param: Any, ctx: Any) -> dict[str, Any] | None:
    """A parameter's values and the tab.RULES rule that matches them as typer does, checked on
    probe words (every prefix of every value, upper- and title-cased, and odd ones); None if no
    rule gives typer's answer on all of them, or typer's items are not plain strings."""

    def offered(incomplete: str) -> list[Any] | None:
        items = param.shell_complete(ctx, incomplete)
        if any(item.type != "plain" or item.help or not isinstance(item.value, str) for item in items):
            return None
        return [item.value for item in items]

    choices = offered("")
    if choices is None or not all(c and not any(ch.isspace() for ch in c) for c in choices):
        return None  # the table keeps a value list as one space-separated string
    prefixes = {c[:i] for c in choices for i in range(1, len(c) + 1)}
    probes = {"", "-", "x", "Z9", " ", "İ", "ß", "ǅ", *prefixes, *(p.upper() for p in prefixes),
              *(p.lower() for p in prefixes), *(p.title() for p in prefixes), *(p + "x" for p in prefixes)}
    expected = {probe: offered(probe) for probe in sorted(probes)}
    for rule in tab.RULES:
        if all(tab.matching(rule, choices, probe) == got for probe, got in expected.items()):
            return {"match": rule, "choices": " ".join(choices)}
    return None


TABLE_HEAD = '''"""What rnncalc.tab answers TABs from: the app's commands and parameters, read off it.

Generated by `python -m rnncalc.completion completions/` (table() in completion.py); a test keeps it
equal to what the app gives now. Do not edit by hand. A parameter several commands share is
written once, in PARAMS, and named by its index. Each value list is one space-separated
string: compact, and it keeps this generated data clear of tests/test_design.py's rule for code
(only frameworks/ spells out a framework's name as a constant).
"""

'''


def table_text(data: dict[str, Any]) -> str:
    """The table as a Python module, one parameter a line (a change to the app is a readable
    diff). A parameter several commands share (--cell, --format, ...) is written once, in
    PARAMS, and each command names it by its index."""
    shared: dict[str, int] = {}
    for param in (p for command in data["commands"].values() for p in command["params"]):
        shared.setdefault(repr(param), len(shared))
    lines = ["PARAMS = ["]
    lines += [f" {text},  # {index}" for text, index in shared.items()]
    lines += ["]", "", "TABLE = {"]
    for key in ("declined", "help_names", "help_option"):
        lines.append(f" {key!r}: {data[key]!r},")
    lines.append(" 'params': [")
    lines += [f"  {param!r}," for param in data["params"]]
    lines.append(" ],")
    lines.append(" 'commands': {")
    for name, command in data["commands"].items():
        head = {key: value for key, value in command.items() if key != "params"}
        indices = ", ".join(str(shared[repr(param)]) for param in command["params"])
        lines.append(f"  {name!r}: {{{repr(head)[1:-1]}, 'params': [PARAMS[i] for i in ({indices},)]}},")
    lines.append(" },")
    lines.append("}")
    return TABLE_HEAD + "\n".join(lines) + "\n"


def write_table(path: Path = TABLE) -> Path:
    path.write_text(table_text(table()), encoding="utf-8")
    return path


if __name__ == "__main__":
    for path in [*write(Path(sys.argv[1] if len(sys.argv) > 1 else "completions")), write_table()]:
        print(path)

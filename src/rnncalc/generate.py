"""Every generated file, written from its one declaration: ``python -m rnncalc.generate``.

- cli/_tab_table.py: what a TAB is answered from (rnncalc.cli.tab), read off the click command typer builds;
- model/_conventions.py: what the model needs of each convention (names, titles, knobs, refusals);
- completions/: the shell scripts (bash, zsh, fish).

Build-time code: nothing at run time imports this module, which imports the app, the
completion handler and the conventions (so none of them needs to import another to write
its table). Tests keep each file equal to what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from typer._click.shell_completion import CompletionItem

from rnncalc.cli import tab
from rnncalc.cli.table import PROG
from rnncalc.cli.completion import describe
from rnncalc.cli.completion import write as write_scripts

HERE = Path(__file__).parent
TABLE = HERE / "cli/_tab_table.py"
INDEX = HERE / "model/_conventions.py"


def index_source() -> str:
    """The text of model/_conventions.py for the conventions as they are now."""
    from rnncalc.frameworks import DEFAULT, NAMES, all_conventions

    conventions = all_conventions()
    having: dict[str, list[str]] = {}
    for convention in conventions:
        for name in sorted(convention.options | convention.run_options):
            having.setdefault(name, []).append(convention.name)

    claims: dict[str, tuple[str, ...]] = {}
    for c in conventions:
        for alias in c.aliases:
            claims[alias] = (*claims.get(alias, ()), c.name)

    def table(what: str, value: Any) -> list[str]:
        return [f"{what} = {{", *(f"    {c.name!r}: {value(c)!r}," for c in conventions), "}"]

    lines = ['"""Generated from the conventions by `python -m rnncalc.generate`; tests/test_knobs.py keeps it equal.',
             "",
             "What the model (model/spec.py) needs of each convention without importing one: names, titles, the",
             "framework-specific knobs each has (model/knobs.py), its GRU default and the values it refuses.",
             'Do not edit by hand."""',
             "", "from rnncalc.model.knobs import Refusal", "",
             f"DEFAULT = {DEFAULT!r}", f"NAMES = {NAMES!r}",
             f"ALIASES = {dict(sorted((a, cs[0]) for a, cs in claims.items() if len(cs) == 1))!r}",
             "#: Names several conventions answer to (tf): refused, naming each.",
             f"AMBIGUOUS = {dict(sorted((a, cs) for a, cs in claims.items() if len(cs) > 1))!r}", "",
             *table("TITLES", lambda c: c.title), "",
             *table("OPTIONS", lambda c: tuple(sorted(c.options))), "",
             *table("RUN_OPTIONS", lambda c: tuple(sorted(c.run_options))), "",
             *table("RESET_AFTER", lambda c: c.default_reset_after), "",
             "REFUSALS = {"]
    for c in conventions:
        lines.append(f"    {c.name!r}: (")
        lines += [f"        {refusal!r}," for refusal in c.refusals]
        lines.append("    ),")
    lines += ["}", "", "#: Which conventions have each framework-specific knob.", "HAVING = {"]
    lines += [f"    {name!r}: {tuple(names)!r}," for name, names in sorted(having.items())]
    lines.append("}")
    return "\n".join(lines) + "\n"


# The table cli/tab.py answers from: the app's commands and parameters as click resolves a TAB over
# them, with the help as the handler above shows it, and each value list with the rule that
# matches it as typer does. What cli/tab.py does not model is recorded as "declined" (a reason), and
# cli/tab.py leaves those requests to typer.



def table(app: Any = None) -> dict[str, Any]:
    """The table cli/tab.py answers TABs from, read off the click command typer builds from the app
    (rnncalc's, or the typer app given)."""
    import typer

    if app is None:
        from rnncalc.cli.app import app
    group: Any = typer.main.get_command(app)  # a click Group: its commands are listed below
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
    """Why cli/tab.py cannot parse this command's words as click would, or None."""
    if ctx.allow_interspersed_args != interspersed or ctx.ignore_unknown_options:
        return "parser settings cli/tab.py does not model"
    if ctx.token_normalize_func is not None or ctx.default_map or ctx.auto_envvar_prefix:
        return "context settings cli/tab.py does not model"
    if not interspersed and any(_is_argument(param) for param in command.params):
        return "a group with arguments"
    return None


def _params_declined(params: list[Any]) -> str | None:
    """Why cli/tab.py cannot parse these parameters as click would, or None."""
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
    # other runs in a TAB, so cli/tab.py declines when its option is on the line. (It also runs with
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


TABLE_HEAD = '''"""What rnncalc.cli.tab answers TABs from: the app's commands and parameters, read off it.

Generated by `python -m rnncalc.generate` (table() in generate.py); a test keeps it
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
    # Typed for the checker without importing typing on a TAB: mypy takes any TYPE_CHECKING as true.
    lines = ["from __future__ import annotations", "", "TYPE_CHECKING = False", "if TYPE_CHECKING:",
             "    from typing import Any", "", "PARAMS: list[dict[str, Any]] = ["]
    lines += [f" {text},  # {index}" for text, index in shared.items()]
    lines += ["]", "", "TABLE: dict[str, Any] = {"]
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


def files() -> dict[Path, str]:
    """Each generated file under src/, and the text it must hold."""
    return {INDEX: index_source(), TABLE: table_text(table())}


if __name__ == "__main__":
    for path, text in files().items():
        path.write_text(text, encoding="utf-8")
        print(path)
    for path in write_scripts(Path(sys.argv[1] if len(sys.argv) > 1 else "completions")):
        print(path)

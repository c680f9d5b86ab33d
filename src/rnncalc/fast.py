"""The fast path: the common command lines, parsed without typer, click or pydantic's adapters.

Importing typer and building the app costs more than rnncalc's whole answer (see
benchmarks/startup.py). Most command lines are a command name and plain options
(``params --cell lstm --inp 2 --units 3 --json``), so this module parses exactly those, from a
table generated from the typer app (argtable.py), and hands the same ``Call`` to the same
command body (commands.py) that typer would.

It reads only what it fully understands and declines (returns None) everything else, which
then goes to typer: help, unknown or repeated options, ``--opt=value`` and bundled short
options, ``--``, a value that looks like an option, an invalid choice, a missing required
option, surplus arguments. tests/test_fast.py runs random command lines through both parsers
and requires the same stdout, stderr and exit code.

Regenerate the table after changing the app's options:  python -m rnncalc.fast
"""

from __future__ import annotations

from typing import Any

__all__ = ["parse", "run", "table_source"]


def parse(argv: list[str]) -> tuple[str, Any] | None:
    """(command, Call) for a command line the fast path reads, else None."""
    from rnncalc.argtable import COMMANDS

    if not argv or argv[0] not in COMMANDS:
        return None
    options, defaults, arguments, required = COMMANDS[argv[0]]
    params = dict(defaults)
    given: set[str] = set()
    positional = iter(arguments)
    tokens = iter(argv[1:])
    for token in tokens:
        if token[:1] == "-" and token != "-":
            if token not in options:
                return None
            name, kind, choices = options[token]
            if name in given:  # click keeps the last; rare enough to leave to it
                return None
            if kind == "value":
                value = next(tokens, None)
                if value is None or (value[:1] == "-" and value != "-") or (choices and value not in choices):
                    return None
                params[name] = value
            else:  # a flag: choices holds the value it sets
                params[name] = choices
        else:
            name = next(positional, None)
            if name is None or name in given:
                return None
            params[name] = token
        given.add(name)
    if not given.issuperset(required):
        return None
    from rnncalc.commands import Call

    return argv[0], Call(params, frozenset(given))


def run(argv: list[str]) -> int | None:
    """Run the command line and give its exit code, or None when typer should read it."""
    parsed = parse(argv)
    if parsed is None:
        return None
    from rnncalc.commands import execute

    return execute(*parsed)


def table_source() -> str:
    """The text of argtable.py for the typer app as it is now."""
    from enum import Enum
    from pprint import pformat

    import typer.main

    from rnncalc.cli import app

    group = typer.main.get_command(app)
    lines = [
        '"""Generated from the typer app by `python -m rnncalc.fast`; tests/test_fast.py keeps it equal.',
        "",
        "Per command: {option: (parameter, kind, choices or the value a flag sets)}, the defaults,",
        'the positional parameters in order, and the required ones. Do not edit by hand."""',
        "",
        "COMMANDS = {",
    ]
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        options: dict[str, tuple[str, str, Any]] = {}
        defaults: dict[str, Any] = {}
        arguments: list[str] = []
        required: set[str] = set()
        for param in command.params:
            if not param.expose_value or param.multiple or param.nargs != 1 or param.callback or param.is_eager:
                raise RuntimeError(f"{name} {param.name}: a parameter the fast path does not read; teach it")
            default = param.default
            defaults[param.name] = default.value if hasattr(default, "value") else default  # an Enum: its value
            if param.required:
                required.add(param.name)
            if param.param_type_name == "argument":
                arguments.append(param.name)
            elif getattr(param, "is_flag", False):
                for opt in param.opts:
                    options[opt] = (param.name, "flag", True)
                for opt in param.secondary_opts:
                    options[opt] = (param.name, "flag", False)
            else:
                annotation = param.type_descriptor.annotation
                if isinstance(annotation, type) and issubclass(annotation, Enum):
                    choices = tuple(member.value for member in annotation)
                elif annotation in (str, str | None):  # typer passes the text as typed
                    choices = None
                else:
                    raise RuntimeError(f"{name} {param.name}: a {annotation} option; teach the fast path")
                for opt in param.opts:
                    options[opt] = (param.name, "value", choices)
        entry = (options, defaults, tuple(arguments), sorted(required))
        text = pformat(entry, width=112, sort_dicts=False).replace("\n", "\n    ")
        lines.append(f"    {name!r}: {text},")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    import sys
    from pathlib import Path

    path = Path(__file__).with_name("argtable.py")
    path.write_text(table_source(), encoding="utf-8")
    print(path, file=sys.stderr)

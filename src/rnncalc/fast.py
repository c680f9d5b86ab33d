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

Regenerate the table after changing the app's options:  python -m rnncalc.generate
"""

from __future__ import annotations

from typing import Any

__all__ = ["parse", "run"]


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

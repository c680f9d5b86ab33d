"""The fast path: the common command lines, parsed without typer, click or pydantic's adapters.

Importing typer and building the app costs more than rnncalc's whole answer (see
benchmarks/startup.py). Most command lines are a command name and plain options
(``params --cell lstm --inp 2 --units 3 --json``), so this module parses exactly those, from
the command table (cli/table.py) the typer app is built from, and hands the same ``Call`` to the
same command body (cli/commands.py) that typer would.

It reads only what it fully understands and declines (returns None) everything else, which
then goes to typer: help, unknown or repeated options, ``--opt=value`` and bundled short
options, ``--``, a value that looks like an option, a missing required option, surplus
arguments. tests/test_fast.py runs random command lines through both parsers and requires the
same stdout, stderr and exit code.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rnncalc.cli.table import COMMANDS, Command

__all__ = ["Grammar", "grammar", "parse", "run"]


class Grammar(NamedTuple):
    """How one command's line reads: each option name with its parameter and, for a switch, the
    value it sets (None: the option takes a value); the defaults; the positional parameters."""

    options: dict[str, tuple[str, Any]]
    defaults: dict[str, Any]
    arguments: tuple[str, ...]
    required: frozenset[str]


def grammar(command: Command) -> Grammar:
    options: dict[str, tuple[str, Any]] = {}
    for option in command.options:
        for name in (option.flag, option.short):
            if name is not None:
                options[name] = (option.name, True if option.is_switch else None)
        if option.negative:
            options[option.negative] = (option.name, False)
    return Grammar(options, {option.name: option.default for option in command.options},
                   tuple(option.name for option in command.options if option.flag is None),
                   frozenset(option.name for option in command.options if option.required))


def parse(argv: list[str]) -> tuple[str, Any] | None:
    """(command, Call) for a command line the fast path reads, else None."""
    command = next((c for c in COMMANDS if argv and c.name == argv[0]), None)
    if command is None:
        return None
    options, defaults, arguments, required = grammar(command)
    params = dict(defaults)
    given: set[str] = set()
    positional = iter(arguments)
    tokens = iter(argv[1:])
    for token in tokens:
        if token[:1] == "-" and token != "-":
            if token not in options:
                return None
            name, switch = options[token]
            if name in given:  # click keeps the last; rare enough to leave to it
                return None
            if switch is None:
                text = next(tokens, None)
                if text is None or (text[:1] == "-" and text != "-"):
                    return None
                params[name] = text
            else:
                params[name] = switch
        else:
            argument = next(positional, None)
            if argument is None or argument in given:
                return None
            name = argument
            params[name] = token
        given.add(name)
    if not given.issuperset(required):
        return None
    from rnncalc.cli.commands import Call

    return command.name, Call(params, frozenset(given))


def run(argv: list[str]) -> int | None:
    """Run the command line and give its exit code, or None when typer should read it."""
    parsed = parse(argv)
    if parsed is None:
        return None
    from rnncalc.cli.commands import execute

    return execute(*parsed)

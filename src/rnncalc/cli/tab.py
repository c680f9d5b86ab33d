"""Answer a TAB without typer: completion from a table generated from the app.

Every TAB re-runs rnncalc with _RNNCALC_COMPLETE set (see cli/completion.py). Through typer that
costs twelve times Python's own start-up: typer, click and the whole app are imported and built
to print a few lines. This module prints the same lines from cli/_tab_table.py, a table read
off the app by ``python -m rnncalc.cli.completion`` (a test keeps it current), by redoing what click
does for the things the app contains (typer/_click/shell_completion.py: _resolve_context, then
_resolve_incomplete, then the shell_complete of the command or parameter found):

- the group's options are parsed until the first word that is not one (a group does not mix
  them); that word names the command, whose options and arguments are parsed in any order;
  ``--`` ends the options; ``-abc`` bundles short flags and ``-cVALUE``, ``--opt=VALUE`` attach
  values. An unknown option or a missing value stops the parse where it is, keeping what was
  read before it, as click's resilient parsing does;
- a word starting with ``-`` completes option names (no ``--`` typed before it): those of the
  command that are not yet given (a repeatable one always), with their help; after an option
  that takes a value come its values (``--opt=par`` too); else the first argument not yet given
  completes (check's FILE offers nothing, schema's NAME its names); else command names (at the
  group, with each command's short help) and nothing at a command.

It declines, returning None so that typer answers, whatever it does not know to be exactly
what typer prints: any instruction but complete_bash, complete_zsh and complete_fish, a request
without the variables the scripts set, an option with a callback given on the line (``-V``
prints the version even in a TAB), a command or value list the generator could not model
(the table marks it), and output the terminal cannot encode.

It imports only its table: none of typer, click, pydantic or rich, nor typing or re (a test checks).
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing itself costs a third of Python's start-up; type checkers know this idiom
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import IO, Any

    Item = tuple[str, str | None]  # a completion: its value and its help

COMPLETE_VAR = "_RNNCALC_COMPLETE"
SHELLS = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}


class _Decline(Exception):
    """The request is not one this module knows to answer exactly like typer."""


class _Stop(Exception):
    """click's parser met a usage error; resilient parsing keeps what was read before it."""


def answer(environ: Mapping[str, str], out: IO[str] | None = None) -> int | None:
    """Answer the TAB request in ``environ`` as ``rnncalc`` under typer would: print the same
    lines and return the same exit code; or print nothing and return None, to leave it to typer."""
    shell = SHELLS.get(environ.get(COMPLETE_VAR, ""))
    if shell is None:
        return None
    try:
        args, incomplete = _request(shell, environ)
    except _Decline:
        return None
    items = complete(load(), args, incomplete)
    if items is None:
        return None
    text, code = _reply(shell, environ, items)
    if text is not None:
        stream = sys.stdout if out is None else out
        try:  # click's echo writes UTF-8 even where the locale says ASCII; leave those to it
            text.encode(getattr(stream, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            return None
        stream.write(text + "\n")
        stream.flush()
    return code


def load() -> dict[str, Any] | None:
    """The table, or None if there is none. (A Python module: its bytecode loads in a fraction of
    a millisecond, where json would first import re.)"""
    try:
        from rnncalc.cli._tab_table import TABLE
    except ImportError:
        return None
    return TABLE


# --- the request: how typer's classes read each shell's variables ---------------------------------


def _request(shell: str, environ: Mapping[str, str]) -> tuple[list[str], str]:
    """The complete words after the program name, and the word being completed."""
    if shell == "bash":  # BashComplete.get_completion_args
        try:
            words = split_arg_string(environ["COMP_WORDS"])
            cword = int(environ["COMP_CWORD"])
        except (KeyError, ValueError):
            raise _Decline("typer fails on this request") from None
        try:
            incomplete = words[cword]
        except IndexError:
            incomplete = ""
        return words[1:cword], incomplete
    line = environ.get("_TYPER_COMPLETE_ARGS", "")  # ZshComplete and FishComplete.get_completion_args
    args = split_arg_string(line)[1:]
    if args and not line.endswith(" "):
        return args[:-1], args[-1]
    return args, ""


def split_arg_string(string: str) -> list[str]:
    """click's split_arg_string: words as a POSIX shell splits them, an unclosed quote tolerated.

    Without quotes or backslashes, shlex's words are the runs between its whitespace, space, tab,
    CR and LF (not str.split's); only the rest pays shlex's import (it brings re and enum)."""
    if not any(c in string for c in "'\"\\"):
        return [w for w in string.replace("\t", " ").replace("\r", " ").replace("\n", " ").split(" ") if w]
    import shlex

    lex = shlex.shlex(string, posix=True)
    lex.whitespace_split = True
    lex.commenters = ""
    out = []
    try:
        for token in lex:
            out.append(token)
    except ValueError:  # an unclosed quote or escape: click keeps the partial word
        out.append(lex.token)
    return out


# --- the answer: click's resolution, for what the table holds -------------------------------------


def complete(table: dict[str, Any] | None, args: list[str], incomplete: str) -> list[Item] | None:
    """What typer offers for ``incomplete`` after ``args``: (value, help) pairs, help as rnncalc's
    handler shows it; None where the table does not say it exactly."""
    try:
        if table is None or table["declined"]:
            return None
        return _complete(table, args, incomplete)
    except _Decline:
        return None


def _complete(table: dict[str, Any], args: list[str], incomplete: str) -> list[Item]:
    # _resolve_context: the group's options, then the command its first other word names.
    command = table
    params = _with_help(table, table["params"])
    given, rest = _parse(params, args, interspersed=False)
    _no_callbacks(params, given)
    if rest:
        found = table["commands"].get(rest[0])
        if found is not None:
            if found["declined"]:
                raise _Decline(found["declined"])
            command = found
            params = _with_help(table, found["params"])
            given, _ = _parse(params, rest[1:], interspersed=True)
            _no_callbacks(params, given)

    # _resolve_incomplete, on a copy: click appends to the list it is given.
    args = list(args)
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete.startswith("-"):
        name, _, incomplete = incomplete.partition("=")
        args.append(name)
    if "--" not in args and incomplete.startswith("-"):
        return _names(table, command, params, given, incomplete)
    for param in params:  # an option that takes a value, just before the word
        if param["kind"] == "option" and not param["flag"] and args and args[-1] in param["opts"]:
            return [(value, None) for value in _values(param, incomplete)]
    for param in params:  # the first argument not yet given
        if param["kind"] == "argument" and param["name"] not in given:
            return [(value, None) for value in _values(param, incomplete)]
    return _names(table, command, params, given, incomplete)


def _no_callbacks(params: list[dict[str, Any]], given: set[str]) -> None:
    """click runs a parameter's callback even in a TAB (resilient parsing skips only errors):
    rnncalc's -V prints the version into the completions. Leave those lines to typer."""
    if any(param["callback"] for param in params if param["name"] in given):
        raise _Decline("a callback runs on this option")


def _with_help(table: dict[str, Any], params: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A command's parameters and click's help option, last, named by the help names no
    parameter took.

    click keeps those names in a set (Command.get_help_option_names), so their order is the
    set's: built the same way here, it is the same order in this process as in typer's."""
    names = set(table["help_names"])
    for param in params:
        names.difference_update(param["opts"])
        names.difference_update(param["secondary"])
    if not names:
        return params
    opts = list(names)
    help_option = table["help_option"]
    return [*params, {**help_option, "opts": opts, "help": {name: help_option["help"][name] for name in opts}}]


def _parse(params: list[dict[str, Any]], args: list[str], interspersed: bool) -> tuple[set[str], list[str]]:
    """click's _OptionParser.parse_args under resilient parsing: the names of the parameters given
    (a flag's value is never None here: the generator declines a flag that stores None), and the
    words left for a command to name or for extra arguments."""
    longs: dict[str, dict[str, Any]] = {}
    shorts: dict[str, dict[str, Any]] = {}
    for param in params:
        if param["kind"] != "option":
            continue
        for opt in (*param["opts"], *param["secondary"]):  # click's _Option: "-x" is short, the rest long
            (shorts if len(opt) == 2 and opt[1] != opt[0] else longs)[opt] = param
    given: set[str] = set()
    largs: list[str] = []
    rargs = list(args)

    def value() -> None:
        if not rargs:
            raise _Stop  # "Option requires an argument."
        rargs.pop(0)

    def short(arg: str) -> None:
        for i, ch in enumerate(arg[1:], start=2):
            param = shorts.get(arg[0] + ch)
            if param is None:
                raise _Stop  # NoSuchOption
            if not param["flag"]:
                if i < len(arg):  # -cVALUE: the rest of the word is the value
                    rargs.insert(0, arg[i:])
                value()
                given.add(param["name"])
                return
            given.add(param["name"])

    try:
        while rargs:
            arg = rargs.pop(0)
            if arg == "--":
                break
            if arg[:1] == "-" and len(arg) > 1:
                name, eq, attached = arg.partition("=")
                long = longs.get(name)
                if long is not None:
                    if not long["flag"]:
                        if eq:
                            rargs.insert(0, attached)
                        value()
                    elif eq:
                        raise _Stop  # "Option does not take a value."
                    given.add(long["name"])
                elif arg[:2] == "--":
                    raise _Stop  # NoSuchOption; only single-dash words are tried as short options
                else:
                    short(arg)
            elif interspersed:
                largs.append(arg)
            else:
                rargs.insert(0, arg)
                break
    except _Stop:
        return given, []  # click skips the arguments, and the group sees no command
    rest = largs + rargs
    for param in params:
        if param["kind"] == "argument" and rest:  # nargs=1 each, in order (the generator declines others)
            rest.pop(0)
            given.add(param["name"])
    return given, rest


def _names(table: dict[str, Any], command: dict[str, Any], params: list[dict[str, Any]], given: set[str],
           incomplete: str) -> list[Item]:
    """The group's or a command's shell_complete: command names (a group's), then option names."""
    items: list[Item] = []
    if command is table:
        items += [(name, sub["help"]) for name, sub in table["commands"].items()
                  if name.startswith(incomplete) and not sub["hidden"]]
    if incomplete and not incomplete[0].isalnum():
        for param in params:
            if param["kind"] != "option" or param["hidden"] or (not param["multiple"] and param["name"] in given):
                continue
            items += [(name, param["help"][name]) for name in (*param["opts"], *param["secondary"])
                      if name.startswith(incomplete)]
    return items


def _values(param: dict[str, Any], incomplete: str) -> list[str]:
    """A parameter's values that complete ``incomplete``."""
    if param["values"] is None:
        raise _Decline(f"no model of {param['name']}'s values")
    return matching(param["values"]["match"], param["values"]["choices"].split(), incomplete)


#: How a parameter's values are matched, each as typer does it; the generator picks the one that
#: gives what typer gives, or none.
RULES = ("prefix", "lower-prefix", "ignore-case-prefix")


def matching(rule: str, choices: list[str], incomplete: str) -> list[str]:
    """The choices that complete ``incomplete`` under ``rule``:

    prefix: typer's Choice (an Enum), and a callback filtering by prefix;
    lower-prefix: a callback matching the lowered word, then typer's own prefix filter on its result;
    ignore-case-prefix: typer's Choice with case_sensitive=False."""
    if rule == "prefix":
        return [c for c in choices if c.startswith(incomplete)]
    lowered = incomplete.lower()
    if rule == "lower-prefix":
        return [c for c in choices if c.startswith(lowered) and c.startswith(incomplete)]
    if rule == "ignore-case-prefix":
        return [c for c in choices if c.lower().startswith(lowered)]
    raise _Decline(f"unknown match rule {rule!r}")


# --- the reply: what typer's classes and rnncalc's handler print ----------------------------------


def _reply(shell: str, environ: Mapping[str, str], items: list[Item]) -> tuple[str | None, int]:
    """The text echoed (None: nothing) and the exit code."""
    if shell == "bash":
        return "\n".join(value for value, _ in items), 0
    if shell == "zsh":
        return ("_arguments '*: :((" + "\n".join(zsh_line(*item) for item in items) + "))'" if items else "_files"), 0
    action = environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if action == "is-args":  # fish asks whether to offer these instead of files: the exit code says
        return None, 0 if items else 1
    if action == "get-args":
        return "\n".join(fish_line(*item) for item in items), 0
    return "", 0


def zsh_line(value: str, help: str | None) -> str:
    """One completion for typer's zsh script, escaped as typer escapes it, help as plain text."""
    quoted = f'"{_zsh_escape(value)}"'
    return f'{quoted}:"{_zsh_escape(help)}"' if help else quoted


def _zsh_escape(text: str) -> str:  # typer's ZshComplete.format_completion escaping
    return (text.replace('"', '""').replace("'", "''").replace("$", "\\$").replace("`", "\\`")
            .replace(":", r"\\:"))


def fish_line(value: str, help: str | None) -> str:
    """One completion for fish: the value, then a tab and the help on one line.

    typer replaces each re ``\\s`` by a space; str.isspace is the same test (both are CPython's
    Py_UNICODE_ISSPACE; a test checks every code point), without importing re on every TAB."""
    return f"{value}\t{''.join(' ' if c.isspace() else c for c in help)}" if help else value

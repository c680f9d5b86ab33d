"""The fast path (rnncalc/fast.py) against typer: same table, same answers, same errors."""

import contextlib
import io
import sys

import pytest
from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnncalc.cli import app as cli
from rnncalc.cli import fast
from rnncalc.cli import table
from rnncalc.cli.commands import SPEC_FIELDS


GRAMMARS = {command.name: fast.grammar(command) for command in table.COMMANDS}


def test_the_fast_path_reads_the_options_click_was_built_with():
    """The fast path and the typer app read one table; this holds that click's command, as typer
    built it, takes each option to the parameter and value the fast path does."""
    import typer.main

    group = typer.main.get_command(cli.app)
    assert list(group.commands) == list(GRAMMARS)
    for name, command in group.commands.items():
        options, arguments, defaults = {}, [], {}
        for param in command.params:
            if not param.expose_value or param.multiple or param.nargs != 1 or param.callback or param.is_eager:
                raise AssertionError(f"{name} {param.name}: a parameter the fast path does not read; teach it")
            defaults[param.name] = param.default
            # typer passes a value's text as typed: the fast path reads nothing else
            assert getattr(param, "is_flag", False) or param.type_descriptor.annotation in (str, str | None), (name, param.name)
            if param.param_type_name == "argument":
                arguments.append(param.name)
                continue
            for opt in param.opts:
                options[opt] = (param.name, True if param.is_flag else None)
            for opt in param.secondary_opts:
                options[opt] = (param.name, False)
        grammar = GRAMMARS[name]
        assert options == grammar.options, name
        # --format's default is the first format the command offers: typer shows it in the help,
        # the fast path leaves it to commands.format_name (reading the registry costs start-up).
        assert defaults == {**grammar.defaults, "fmt": defaults["fmt"]}, name
        assert tuple(arguments) == grammar.arguments, name
        assert {p.name for p in command.params if p.required} == grammar.required, name


def test_spec_fields_are_the_tables_spec_options():
    assert SPEC_FIELDS == tuple(o.name for o in table.SPEC if o.name != "spec")


def outcome(path, argv, stdin=""):
    """(exit code, stdout, stderr) of one command line through ``path``; None if it declined."""
    stdout, stderr = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = path(list(argv))
            except SystemExit as stop:
                code = stop.code
    finally:
        sys.stdin = saved
    if code is None and path is fast.run:
        return None
    return code or 0, stdout.getvalue(), stderr.getvalue()


COMMON = [
    ["params", "--cell", "lstm", "--inp", "2", "--units", "3"],
    ["params", "-c", "gru", "-i", "8", "-u", "16", "-F", "pytorch", "--json"],
    ["params", "-c", "lstm", "-i", "300", "-u", "64,32", "-b", "--tensors", "--format", "csv"],
    ["params", "-c", "gru", "-i", "8", "-u", "16", "-F", "all"],
    ["params", "--spec", "-", "--format", "jsonl", "--fields", "total"],
    ["shapes", "-c", "rnn", "-i", "2", "-u", "3", "--steps", "4", "-F", "pytorch", "--unbatched"],
    ["explain", "-c", "lstm", "-i", "2", "-u", "3", "--no-bias"],
    ["layout", "-c", "lstm", "-i", "2", "-u", "3", "-F", "keras,pytorch"],
    ["port", "-c", "lstm", "-i", "2", "-u", "3", "--from", "keras", "--to", "pytorch", "-f", "python"],
    ["diagram", "-c", "lstm", "-i", "2", "-u", "3", "--layers", "2", "-f", "text"],
    ["check", "-"],
    ["check", "--json"],
    ["summary", "-c", "lstm", "-i", "2", "-u", "3", "--style", "keras2"],
    ["sweep", "-c", "lstm,gru", "-i", "300", "-u", "64..256:x2", "-f", "csv"],
    ["solve", "--params", "72", "-c", "lstm", "-i", "2"],
    ["schema", "check"],
]


@pytest.mark.parametrize("argv", COMMON, ids=" ".join)
def test_common_command_lines_take_the_fast_path_and_answer_as_typer_does(argv):
    stdin = '{"cell": "lstm", "inp": 2, "units": 3}\n{"cell": "gru", "inp": 2, "units": 3}\n'
    assert fast.parse(argv) is not None
    assert outcome(fast.run, argv, stdin) == outcome(cli.run, argv, stdin)


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["params", "--help"], ["params", "-h"], ["params", "--inp=2"], ["params", "-bt"],
    ["params", "--", "x"], ["params", "--inp", "-2"], ["params", "-i", "2", "-i", "3"],
    ["port", "-c", "lstm"], ["check", "a", "b"], ["nope"], ["params", "--inp"], ["schema", "--json", "x", "y"],
])
def test_anything_unusual_goes_to_typer(argv):
    assert fast.parse(argv) is None


def _vocabulary():
    options = sorted({opt for grammar in GRAMMARS.values() for opt in grammar.options})
    choices = sorted({c for command in table.COMMANDS for option in command.options for c in option.choices})
    values = ["lstm", "gru", "rnn", "LSTM", "simplernn", "2", "3", "0", "-1", "64,32", "1..4", "64..256:x2", "keras",
              "pytorch", "onnx", "tf1", "all", "keras,pytorch", "72", "1M", "concat", "cell", "keras2", "-", "",
              "2.5", "1e3", "99999999999999999999", "ü", "\u2028", "x" * 300, "spec", "check", "--", "-h", "--help",
              "--inp=2", "-bt", "--no-such"]
    return options, choices + values


OPTIONS, VALUES = _vocabulary()
junk = st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES), st.text(max_size=6))


@st.composite
def command_line(draw):
    """Mostly well-formed lines of one command (its options with values of the right kind),
    with the odd stranger: another command's option, a bare value, random text."""
    command = draw(st.sampled_from([*GRAMMARS, "nope", "--version"]))
    grammar = GRAMMARS.get(command, fast.Grammar({"--json": ("as_json", True)}, {}, (), frozenset()))
    options, arguments = grammar.options, grammar.arguments
    choices_of = {o.flag: o.choices for c in table.COMMANDS if c.name == command for o in c.options}
    argv = [command]
    # Each option once, as most lines are (a repeated option goes to typer: the strangers cover it).
    for option in draw(st.lists(st.sampled_from(sorted(options)), max_size=8, unique=True)):
        if draw(st.integers(0, 9)) == 0:
            argv.append(draw(junk))
        if arguments and draw(st.integers(0, 4)) == 0:
            argv.append(draw(st.sampled_from(["-", "spec", "check", "params", "nofile", ""])))
        argv.append(option)
        _, switch = options[option]
        choices = choices_of.get(option, ())
        if switch is None:
            argv.append(draw(st.sampled_from(choices) if choices and draw(st.booleans()) else
                             st.sampled_from(VALUES)))
    return argv


@settings(max_examples=examples(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command_line())
def test_the_fast_path_answers_as_typer_does(argv):
    fast_outcome = outcome(fast.run, argv)
    if fast_outcome is not None:
        assert fast_outcome == outcome(cli.run, argv)

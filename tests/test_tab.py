"""The TAB fast path (rnncalc.cli.tab) against typer: the same lines and exit code for every request it
answers, and the common requests answered. (The table is kept current in test_completion.py.)"""

import copy
import io
import json
import os
import re
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from helpers import examples
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rnncalc.cli import tab

TABLE = tab.load()
MAIN = Path(tab.__file__).parent.parent / "__main__.py"


@pytest.fixture(scope="module")
def typer_tab():
    """A TAB through typer, in this process: run the app with the request's environment set, as
    `rnncalc` does on each TAB; stdout and the exit code (an exception's type if it raises)."""
    import typer
    from typer._click import shell_completion

    from rnncalc.cli.app import app
    from rnncalc.cli.completion import register

    shells = dict(shell_completion._available_shells)
    rnncalc = typer.main.get_command(app)  # registers typer's classes; the app's main() registers rnncalc's

    def run(env: dict[str, str], group=None) -> tuple[str, object]:
        """``group``: another app's command, to be answered by rnncalc's handler too."""
        saved = dict(os.environ)
        for name in [n for n in os.environ if n.startswith(("COMP_", "_TYPER_", "_RNNCALC_"))]:
            del os.environ[name]
        os.environ.update(env)
        out = io.StringIO()
        try:
            if group is not None:
                register()
            with redirect_stdout(out):
                (group or rnncalc).main(args=[], prog_name="rnncalc")
            code: object = None
        except SystemExit as stop:
            code = stop.code
        except Exception as err:  # noqa: BLE001 - typer fails on some requests; the fast path must decline those
            code = type(err).__name__
        finally:
            os.environ.clear()
            os.environ.update(saved)
        return out.getvalue(), code

    yield run
    shell_completion._available_shells.clear()
    shell_completion._available_shells.update(shells)


def fast_tab(env: dict[str, str]) -> tuple[str, int] | None:
    out = io.StringIO()
    code = tab.answer(env, out)
    return None if code is None else (out.getvalue(), code)


def bash(*words: str, cword: int | None = None) -> dict[str, str]:
    """As completions/rnncalc.bash sets them: the words joined by its IFS, a newline."""
    return {"_RNNCALC_COMPLETE": "complete_bash", "COMP_WORDS": "\n".join(["rnncalc", *words]),
            "COMP_CWORD": str(len(words) if cword is None else cword)}


def zsh(line: str) -> dict[str, str]:
    return {"_RNNCALC_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"rnncalc {line}"}


def fish(line: str, action: str = "get-args") -> dict[str, str]:
    return {"_RNNCALC_COMPLETE": "complete_fish", "_TYPER_COMPLETE_FISH_ACTION": action,
            "_TYPER_COMPLETE_ARGS": f"rnncalc {line}"}


# --- the common requests: answered, and as typer answers them -------------------------------------

VALUE_OPTIONS = ["--cell", "--framework", "-F", "--format", "-f", "--merge-mode", "--api"]
COMMON = [
    bash(""), bash("pa"), bash("s"), zsh(""), zsh("so"), fish(""), fish("ex"),
    bash("-"), bash("--"), zsh("--"), fish("-"),
    *(request for command in TABLE["commands"] for request in (bash(command, "--"), zsh(f"{command} -"),
                                                                 fish(f"{command} --"))),
    bash("params", "--no-b"), zsh("params --no-b"), fish("params --no-"), zsh("diagram --ret"), zsh("params --lay"),
    *(request for option in VALUE_OPTIONS for request in (bash("params", option, ""), zsh(f"params {option} "),
                                                           fish(f"layout {option} "), bash("port", option, "l"))),
    bash("params", "--format=j"), zsh("shapes --cell=l"), bash("port", "--to", "p"), fish("port --from "),
    bash("summary", "--style", ""), zsh("summary -s k"), fish("summary --style t"),
    bash("schema", ""), zsh("schema s"), fish("schema "), bash("schema", "--json", "sp"),
    bash("check", ""), zsh("check "), fish("check "),
    bash("params", "--cell", "lstm", "--"), zsh("params -c lstm -i 2 -"), fish("params --bias --no-"),
    fish("params --cell ", "is-args"), fish("params --cell x", "is-args"),
]


@pytest.mark.parametrize("env", COMMON, ids=lambda env: env.get("COMP_WORDS", env.get("_TYPER_COMPLETE_ARGS")))
def test_common_requests_are_answered_as_typer_answers_them(env, typer_tab):
    fast = fast_tab(env)
    assert fast is not None, "declined"
    assert fast == typer_tab(env)


def test_common_requests_offer_something(typer_tab):
    assert fast_tab(bash("params", "--cell", "")) == ("rnn\nlstm\ngru\nsimplernn\nsimple_rnn\nelman\n", 0)
    assert fast_tab(zsh("params --no-b")) == ("_arguments '*: :((\"--no-bias\":\"No bias vectors.\"))'\n", 0)
    assert fast_tab(fish("schema sp")) == ("spec\n", 0)
    assert fast_tab(fish("params --cell x", "is-args")) == ("", 1)


# --- what it declines ----------------------------------------------------------------------------


@pytest.mark.parametrize("env", [
    bash("-V", "pa"),  # the version callback prints even in a TAB
    {**bash("pa"), "_RNNCALC_COMPLETE": "source_bash"},
    {**bash("pa"), "_RNNCALC_COMPLETE": "complete_powershell"},
    {"_RNNCALC_COMPLETE": "complete_bash", "COMP_CWORD": "1"},
    {**bash("pa"), "COMP_CWORD": "one"},
])
def test_declines(env):
    assert fast_tab(env) is None


def test_declines_what_the_table_marks(monkeypatch):
    assert tab.complete(TABLE, ["params"], "--c") is not None
    marked = copy.deepcopy(TABLE)
    marked["commands"]["params"]["declined"] = "a reason"
    assert tab.complete(marked, ["params"], "--c") is None
    assert tab.complete(marked, ["shapes"], "--c") is not None
    marked["commands"]["shapes"]["params"][0]["values"] = None
    assert tab.complete(marked, ["shapes", marked["commands"]["shapes"]["params"][0]["opts"][0]], "") is None
    monkeypatch.setitem(sys.modules, "rnncalc.cli._tab_table", None)  # no table: import fails
    assert fast_tab(bash("pa")) is None


# --- random requests: whatever the fast path answers, typer answers the same ------------------------


def vocabulary() -> tuple[list[str], list[str], list[str], list[str]]:
    """Command names, option names, option values and short letters, from the table."""
    params = [*TABLE["params"], *(p for c in TABLE["commands"].values() for p in c["params"])]
    options = sorted({n for p in params for n in (*p["opts"], *p["secondary"]) if n.startswith("-")}
                     | set(TABLE["help_names"]))
    values = sorted({v for p in params if p.get("values") for v in p["values"]["choices"].split()})
    letters = sorted({n[1] for n in options if len(n) == 2})
    return list(TABLE["commands"]), options, values, letters


COMMANDS, OPTIONS, VALUES, LETTERS = vocabulary()
known = st.sampled_from([*COMMANDS, *OPTIONS, *VALUES])
words = st.one_of(
    known,
    known.flatmap(lambda w: st.integers(0, len(w)).map(lambda i: w[:i])),  # a word being typed
    st.tuples(st.sampled_from(OPTIONS), st.sampled_from(["", *VALUES]).flatmap(
        lambda v: st.integers(0, len(v)).map(lambda i: v[:i]))).map("=".join),  # --opt=val
    st.lists(st.sampled_from(LETTERS), min_size=1, max_size=3).map(lambda ls: "-" + "".join(ls)),  # -bt, -clstm
    st.tuples(st.sampled_from(["-c", "-F", "-f", "-s"]), st.sampled_from(VALUES)).map("".join),
    st.sampled_from(["", "-", "--", "=", "-=", "--=", "'", '"', "\\", "'ls", '"a b"', "a\\ b", "X", "PARAMS", "-C",
                     "--CELL", "LSTM", "é", "İ", "ß", "\u00a0", "\x0b", "\u2028", "-\u00e9", "💥"]),
    st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=5),  # what env vars hold
)
commands_first = st.tuples(st.sampled_from(["", *COMMANDS]), st.lists(words, max_size=5)).map(
    lambda t: ([t[0]] if t[0] else []) + t[1])


@st.composite
def requests(draw) -> dict[str, str]:
    ws = draw(st.one_of(commands_first, st.lists(words, max_size=6)))
    shell = draw(st.sampled_from(["bash", "zsh", "fish"]))
    if shell == "bash":
        separator = draw(st.sampled_from(["\n", " ", "\t"]))
        cword = draw(st.one_of(st.just(str(len(ws) + 1)), st.integers(-2, len(ws) + 2).map(str)))
        return {"_RNNCALC_COMPLETE": "complete_bash", "COMP_WORDS": separator.join(["rnncalc", *ws]),
                "COMP_CWORD": cword}
    program = draw(st.sampled_from(["rnncalc", "/usr/bin/rnncalc", ""]))
    line = " ".join([program, *ws]) + draw(st.sampled_from(["", " "]))
    env = {"_RNNCALC_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    if shell == "fish":
        env["_TYPER_COMPLETE_FISH_ACTION"] = draw(st.sampled_from(["get-args", "get-args", "is-args", ""]))
    return env


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(requests())
@example(bash("params", "--cell", "lstm", "--cell", ""))  # a value option given twice
@example(bash("--", "params", "-"))  # "--" before the command: click still finds it
@example(bash("params", "--", "-"))  # after "--", "-" completes nothing
@example(bash("check", "-", "-f", ""))
@example(bash("check", "--", "-f", ""))
@example(zsh("params -bc"))  # bundled flags, then a value option short of its value
@example(zsh("params -bt -"))
@example(zsh("params -Fkeras -"))
@example(fish("sweep -F -F"))  # -F short of its value is not given: offered again
@example(zsh("params --bias=1 -"))  # a flag given a value stops the parse
@example(zsh("params --nope --cell "))
@example(zsh("--nope params -"))
@example(zsh("-h params -"))
@example(zsh("params \"--cell\" 'l"))
@example(fish("params --no-bias --bias --", "get-args"))
@example(bash("schema", "spec", ""))
@example(bash("params", "--cell", "", cword=-1))
def test_fast_path_answers_as_typer_or_declines(typer_tab, env):
    fast = fast_tab(env)
    if fast is not None:
        assert fast == typer_tab(env)


# --- an app with what rnncalc's lacks: modelled where tab.py can, declined where it cannot -----------


def toy_app():
    from enum import Enum
    from typing import Annotated

    import typer

    class Color(str, Enum):
        red = "red"
        green = "green"
        blue = "Blue"

    app = typer.Typer(context_settings={"help_option_names": ["-h", "--help"]})

    @app.command()
    def paint(
        color: Annotated[Color, typer.Option("--color", "-k", case_sensitive=False, help="Which.")] = Color.red,
        tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="Repeat: tags.")] = None,
        secret: Annotated[bool, typer.Option("--secret", hidden=True)] = False,
        loud: Annotated[bool, typer.Option("--loud/--quiet", "-L")] = False,
        target: Annotated[Color, typer.Argument()] = Color.red,
        surface: Annotated[str, typer.Argument()] = "wall",
    ) -> None:
        """Paint it."""

    @app.command(hidden=True)
    def ghost(name: Annotated[str, typer.Option("--name")] = "") -> None:
        """Not listed."""

    @app.command()
    def count(verbose: Annotated[int, typer.Option("-v", count=True)] = 0) -> None: ...

    @app.command()
    def read(source: Annotated[typer.FileText, typer.Option("--source")] = None) -> None: ...

    @app.command()
    def env(name: Annotated[str, typer.Option("--name", envvar="TOY_NAME")] = "") -> None: ...

    sub = typer.Typer()

    @sub.command()
    def inner() -> None: ...

    @sub.command()
    def other() -> None: ...

    app.add_typer(sub, name="sub")
    return app


@pytest.fixture(scope="module")
def toy():
    import typer

    from rnncalc.generate import table

    app = toy_app()
    return typer.main.get_command(app), table(app)


def test_the_generator_declines_what_tab_does_not_model(toy):
    _, data = toy
    commands = data["commands"]
    assert not commands["paint"]["declined"] and not commands["ghost"]["declined"]
    assert commands["count"]["declined"] and commands["env"]["declined"] and commands["sub"]["declined"]
    assert commands["read"]["params"][0]["values"] is None  # file completion: left to typer
    paint = {p["name"]: p for p in commands["paint"]["params"]}
    assert paint["color"]["values"] == {"match": "ignore-case-prefix", "choices": "red green Blue"}
    assert paint["tag"]["multiple"] and paint["secret"]["hidden"] and commands["ghost"]["hidden"]
    assert tab.complete(data, ["count"], "-") is None and tab.complete(data, ["read", "--source"], "") is None


TOY_WORDS = ["paint", "ghost", "count", "read", "env", "sub", "inner", "--color", "-k", "--tag", "-t", "--secret",
             "--loud", "--quiet", "-L", "--name", "--source", "-v", "-h", "--help", "red", "RE", "b", "Blue", "x"]
toy_words = st.one_of(
    st.sampled_from(TOY_WORDS),
    st.sampled_from(TOY_WORDS).flatmap(lambda w: st.integers(0, len(w)).map(lambda i: w[:i])),
    st.sampled_from(["--", "-", "=", "--color=b", "-kB", "-Lt"]),
)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(toy_words, max_size=5), st.sampled_from(["", " "]), st.sampled_from(["zsh", "fish"]))
def test_a_toy_app_is_answered_as_typer_answers_it(typer_tab, toy, words, end, shell):
    from unittest import mock

    group, data = toy
    env = {"_RNNCALC_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_FISH_ACTION": "get-args",
           "_TYPER_COMPLETE_ARGS": " ".join(["toy", *words]) + end}
    with mock.patch.object(tab, "load", lambda: data):
        fast = fast_tab(env)
    if fast is not None:
        assert fast == typer_tab(env, group)


# --- the pieces ------------------------------------------------------------------------------------


def test_fish_whitespace_is_res():
    """fish_line replaces str.isspace characters where typer replaces re's \\s: the same set."""
    space = re.compile(r"\s")
    assert all(bool(space.match(chr(c))) == chr(c).isspace() for c in range(sys.maxunicode + 1))


@pytest.mark.parametrize("line", ["rnncalc params --cell 'l", 'rnncalc "pa', "rnncalc a\\", "rnncalc 'a b' c\\ d",
                                  "rnncalc\tparams\r\n--x \u00a0 \x0b", ""])
def test_split_is_clicks(line):
    from typer._click.shell_completion import split_arg_string

    assert tab.split_arg_string(line) == split_arg_string(line)


@given(st.text(alphabet=st.sampled_from(" \t\r\n\x0b\u00a0'\"\\ab-=é"), max_size=12))
def test_split_is_clicks_on_any_line(line):
    from typer._click.shell_completion import split_arg_string

    assert tab.split_arg_string(line) == split_arg_string(line)


PROBE = """
import io, sys
from rnncalc.cli.tab import answer
out = io.StringIO()
code = answer({"_RNNCALC_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "rnncalc params --cell "}, out)
modules = sorted(sys.modules)
import json
print(json.dumps([code, out.getvalue(), modules]))
"""


def test_imports_nothing_heavy():
    """A TAB loads the table, and nothing of typer, click, pydantic, rich or the app; not even
    typing, re or json, each a sizeable part of Python's own start-up."""
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    code, text, modules = json.loads(out.stdout)
    assert code == 0 and '"lstm"' in text
    assert not [m for m in modules if m.split(".")[0] in ("typer", "click", "pydantic", "rich", "typing", "re")]
    assert [m for m in modules if m.startswith("rnncalc")] == ["rnncalc", "rnncalc.cli", "rnncalc.cli._tab_table", "rnncalc.cli.tab"]


@pytest.mark.skipif("rnncalc.cli.tab" not in MAIN.read_text(), reason="python -m rnncalc does not call rnncalc.cli.tab yet")
@pytest.mark.parametrize("env", [bash("params", "--ce"), zsh("params --no-b"), fish("params --cell ")])
def test_a_tab_through_the_entry_point_imports_no_typer(env):
    probe = ("import json, sys\nfrom rnncalc.__main__ import main\ntry:\n    main([])\nexcept SystemExit:\n    pass\n"
             "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                         env={**os.environ, **env})
    assert (out.stdout, 0) == fast_tab(env)
    modules = json.loads(out.stderr.strip().splitlines()[-1])
    assert not [m for m in modules if m.split(".")[0] in ("typer", "click", "pydantic", "rich")]

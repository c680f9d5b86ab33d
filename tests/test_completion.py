"""The shipped completion scripts, driven in the real shells: bash, zsh and fish.

The scripts are static (completion.py writes them from the command table): a TAB runs no
rnncalc, so the shells here get a PATH without it. What they offer is held to the app's own
declarations below (names, descriptions, values), and to what the command table says per
command (which --format, where `all` is offered, comma lists, files).

zsh gets a real TAB key in a pseudo-terminal, in a new shell each time (the first TAB is the one
that once did nothing), with the script installed as users do: autoloaded from $fpath, or
sourced. fish is asked with `complete -C`, its own completion engine. bash gets both: a real TAB
through readline, and its completion function called with COMP_WORDS for the lists.

zsh and fish are Debian packages, not pip ones: .ci/run installs them and sets CI, and in CI
these tests fail if a shell is missing; elsewhere they skip.
"""

import os
import pty
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from rnncalc.cli.completion import FILES, GROUP, HELP, NEGATIVE_HELP, levels, script
from rnncalc.frameworks import NAMES
from rnncalc.cli.table import SCHEMA_NAMES

COMPLETIONS = Path(__file__).parent.parent / "completions"
IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")

#: -F all is offered (help, completion) only by the commands that answer it.
ANSWER_ALL = ("params", "layout")
ONE_FRAMEWORK = ("shapes", "explain", "port", "diagram", "solve")


def shell(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is not installed; .ci/run installs it before the tests")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """PATH with a stand-in `rnncalc` that only records that it ran (fish loads a command's
    completions only for a command it finds); the scripts must never run it."""
    bindir = tmp_path_factory.mktemp("bin")
    ran = bindir / "ran"
    stub = bindir / "rnncalc"
    stub.write_text(f"#!/bin/sh\necho \"$@\" >> '{ran}'\n")
    stub.chmod(0o755)
    yield {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "TERM": "xterm"}
    assert not ran.exists(), f"a TAB ran rnncalc: {ran.read_text()}"


@pytest.mark.parametrize("name", FILES)
def test_checked_in_scripts_are_current(name):
    assert (COMPLETIONS / FILES[name]).read_text() == script(name), (
        "regenerate with: python -m rnncalc.generate"
    )


def app_group():
    import typer

    from rnncalc.cli.app import app

    return typer.main.get_command(app)


def flag_pairs() -> dict[str, str]:
    """Every --x/--no-x pair of the app's commands: negative name -> positive name."""
    group = app_group()
    return {negative: param.opts[0] for command in group.commands.values() for param in command.params
            if getattr(param, "is_bool_flag", False) for negative in param.secondary_opts}


def test_every_negative_flag_has_its_own_description():
    pairs = flag_pairs()
    assert set(NEGATIVE_HELP) == set(pairs)
    assert "--no-bias" in pairs and pairs["--unidirectional"] == "--bidirectional"


def offered_by_the_app(command, ctx) -> dict:
    """What typer would offer at a command: option name -> (description, values, takes a value)."""
    found = {}
    for param in command.get_params(ctx):
        if param.param_type_name != "option":
            continue
        values = None if param.is_flag else tuple(item.value for item in param.shell_complete(ctx, ""))
        for name in (*param.opts, *param.secondary_opts):
            found[name] = (NEGATIVE_HELP.get(name, param.help), values, not param.is_flag)
    return found


def test_the_scripts_offer_what_the_app_declares():
    """Each command's option names, their descriptions (a negative described as the negative),
    their values, the argument's values and the command's short help, as typer has them."""
    group = app_group()
    ctx = group.make_context("rnncalc", [], resilient_parsing=True)
    assert ctx.help_option_names == [HELP.short, HELP.flag]
    assert group.get_help_option(ctx).help == HELP.help
    by_name = {level.name: level for level in levels()}

    def ours(level) -> dict:
        return {name: (help, param.values if param.takes_value else None, param.takes_value)
                for param in level.options for name, help in param.names}

    assert ours(by_name[""]) == offered_by_the_app(group, ctx)
    assert [o.name for o in GROUP] == [p.name for p in group.get_params(ctx)]
    assert list(by_name)[1:] == list(group.commands)
    for name, command in group.commands.items():
        sub = command.make_context(name, [], parent=ctx, resilient_parsing=True)
        assert ours(by_name[name]) == offered_by_the_app(command, sub), name
        assert by_name[name].help == command.get_short_help_str()
        arguments = [p for p in command.params if p.param_type_name == "argument"]
        argument = by_name[name].argument
        assert [a.name for a in arguments] == ([argument.key] if argument else [])
        if argument:
            assert argument.values == tuple(item.value for item in arguments[0].shell_complete(sub, ""))


# --- a pseudo-terminal: real keys into an interactive shell --------------------------------------


def drive(argv: list[str], env: dict[str, str], capture: Path, steps: list[tuple[bytes, str]]) -> str:
    """Start an interactive shell on a pty, wait until its rc file writes READY to `capture`,
    then for each step send the keys and wait for one more marker line; return what was captured."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env={**env, "CAPTURE": str(capture)},
                            cwd=capture.parent, start_new_session=True)
    os.close(slave)
    screen = b""
    seen: dict[str, int] = {}

    def wait_for(marker: str, timeout: float = 20) -> None:
        nonlocal screen
        seen[marker] = seen.get(marker, 0) + 1
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if select.select([master], [], [], 0.01)[0]:
                try:
                    screen += os.read(master, 1 << 16)  # drained, so the shell never blocks writing
                except OSError:
                    pass
            if capture.exists() and capture.read_text().splitlines().count(marker) >= seen[marker]:
                return
        raise AssertionError(f"no {marker} from {argv[0]}; it wrote:\n"
                             f"{capture.read_text() if capture.exists() else ''}\n"
                             f"{screen.decode(errors='replace')}")

    try:
        wait_for("READY")
        for keys, marker in steps:
            os.write(master, keys)
            wait_for(marker)
        return capture.read_text()
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        os.close(master)


# --- zsh ------------------------------------------------------------------------------------------

ZSHRC = r"""
PS1='%% '
%(install)s
unsetopt autolist listbeep
bindkey '^I' complete-word
# Record what the completion system offers: each compadd that adds matches, with descriptions.
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then  # -O, -A, -D only ask compadd to filter
    builtin compadd "$@"; return $?
  fi
  local -a hits descriptions
  if (( $@[(I)-d] )); then
    local d=${@[$[${@[(i)-d]}+1]]}
    if [[ $d == \(* ]]; then eval "descriptions=$d"; else descriptions=( "${(@P)d}" ); fi
  fi
  builtin compadd -A hits -D descriptions "$@"
  local i
  for (( i = 1; i <= $#hits; i++ )); do
    print -r -- "MATCH:$hits[i]"$'\t'"${${descriptions[i]}##$hits[i] #}" >> $CAPTURE
  done
  builtin compadd "$@"
}
_capture_done() { print -r -- DONE >> $CAPTURE; comppostfuncs+=(_capture_done) }  # run once per TAB
comppostfuncs=(_capture_done)
_capture_buffer() { print -r -- "BUFFER:$BUFFER" >> $CAPTURE; print -r -- END >> $CAPTURE }
zle -N _capture_buffer
bindkey '^B' _capture_buffer
print -r -- READY >> $CAPTURE
"""

#: As the README installs it (the file in a $fpath directory), and sourced from .zshrc.
ZSH_INSTALLS = {
    "fpath": f"fpath=({COMPLETIONS} $fpath)\nautoload -Uz compinit && compinit -u -d $ZDUMPS/fpath",
    "source": f"autoload -Uz compinit && compinit -u -d $ZDUMPS/source\nsource {COMPLETIONS / FILES['zsh']}",
}


def parse_matches(text: str) -> dict[str, str]:
    matches = {}
    for line in text.splitlines():
        if line.startswith("MATCH:"):
            value, _, description = line[len("MATCH:"):].partition("\t")
            matches[value] = description.removeprefix("-- ").strip()
    return matches


def zsh_tab(env, tmp_path, lines: list[str], install: str = "fpath") -> tuple[list[dict[str, str]], str]:
    """Type each line and press TAB once, in a new interactive zsh; what each TAB offered, and the
    command line after the last one."""
    zdotdir = tmp_path / "zdotdir"
    zdotdir.mkdir()
    (zdotdir / ".zshrc").write_text(ZSHRC % {"install": ZSH_INSTALLS[install]})
    steps = [(line.encode() + b"\t", "DONE") for line in lines] + [(b"\x02", "END")]
    out = drive([shell("zsh"), "-d", "-i"], {**env, "ZDOTDIR": str(zdotdir)}, tmp_path / "capture", steps)
    offered = [parse_matches(part) for part in out.split("DONE\n")[:-1]]
    buffer = next(line for line in out.splitlines() if line.startswith("BUFFER:"))
    return offered, buffer[len("BUFFER:"):]


@pytest.fixture
def zenv(env, tmp_path_factory):
    """One compinit dump per test session and install: without one, compinit reads all of $fpath."""
    dumps = tmp_path_factory.getbasetemp() / "zsh-dumps"
    dumps.mkdir(exist_ok=True)
    return {**env, "ZDUMPS": str(dumps)}


@pytest.mark.parametrize("install", ZSH_INSTALLS)
def test_zsh_first_tab_in_a_new_shell_completes(zenv, tmp_path, install):
    (offered,), buffer = zsh_tab(zenv, tmp_path, ["rnncalc pa"], install)
    assert list(offered) == ["params"]
    assert offered["params"].startswith("Count the parameters")
    assert buffer == "rnncalc params "


@pytest.mark.parametrize("install", ZSH_INSTALLS)
def test_zsh_second_tab_completes_too(zenv, tmp_path, install):
    offered, buffer = zsh_tab(zenv, tmp_path, ["rnncalc pa", "--cel"], install)
    assert [list(tab) for tab in offered] == [["params"], ["--cell"]]
    assert buffer == "rnncalc params --cell "


@pytest.mark.parametrize(
    "line,offered",
    [
        ("rnncalc so", ["solve"]),
        ("rnncalc diagram --ret", ["--return-sequences", "--return-state"]),
        ("rnncalc params --cell ", ["rnn", "lstm", "gru", "simplernn", "simple_rnn", "elman"]),
        ("rnncalc params --cell l", ["lstm"]),
        ("rnncalc params -F ", [*NAMES, "all"]),
        ("rnncalc layout -F ", [*NAMES, "all"]),
        ("rnncalc params --format j", ["json", "jsonl"]),
    ],
)
def test_zsh_offers(zenv, tmp_path, line, offered):
    (got,), _ = zsh_tab(zenv, tmp_path, [line])
    assert sorted(got) == sorted(offered)


def test_zsh_offers_no_all_where_it_is_not_answered(zenv, tmp_path):
    (got,), _ = zsh_tab(zenv, tmp_path, ["rnncalc shapes -F "])
    assert sorted(got) == sorted(NAMES)


def test_zsh_describes_options(zenv, tmp_path):
    (got,), _ = zsh_tab(zenv, tmp_path, ["rnncalc params --b"])
    assert got == {"--bidirectional": "Run each layer both ways.", "--bias": "Use bias vectors.",
                   "--batch": "Batch size: with --steps, also what a forward pass costs"}


def test_zsh_describes_negative_flags_as_the_negative(zenv, tmp_path):
    (got,), buffer = zsh_tab(zenv, tmp_path, ["rnncalc params --no-b"])
    assert got == {"--no-bias": "No bias vectors."}
    assert buffer == "rnncalc params --no-bias "


def test_zsh_keeps_bracketed_defaults_in_descriptions(zenv, tmp_path):
    (got,), _ = zsh_tab(zenv, tmp_path, ["rnncalc params --lay"])
    assert got == {"--layers": "Stacked layers [default: 1, or one per --units size]."}


def test_zsh_keeps_quotes_in_descriptions(zenv, tmp_path):
    """typer's zsh answer went through eval and lost every apostrophe ("Kerass None")."""
    (got,), _ = zsh_tab(zenv, tmp_path, ["rnncalc shapes --st"])
    assert got == {"--steps": "Time steps [default: the symbol T, or Keras's None]."}


# --- fish -----------------------------------------------------------------------------------------


def fish_complete(env, tmp_path, line: str, install: str = "config") -> dict[str, str]:
    """What fish offers for `line`, by `complete -C`, the engine behind its TAB.

    config: the script in ~/.config/fish/completions (autoloaded as the README installs it);
    source: sourced in a shell that reads no configuration."""
    if install == "config":
        home = tmp_path / "home"
        (home / ".config" / "fish" / "completions").mkdir(parents=True, exist_ok=True)
        shutil.copy(COMPLETIONS / FILES["fish"], home / ".config" / "fish" / "completions")
        env = {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
               "XDG_DATA_HOME": str(home / ".local" / "share")}
        argv = [shell("fish"), "-c", "complete -C $argv[1]", line]
    else:
        argv = [shell("fish"), "--no-config", "-c", "source $argv[1]; complete -C $argv[2]",
                str(COMPLETIONS / FILES["fish"]), line]
    out = subprocess.run(argv, capture_output=True, text=True, env=env, cwd=tmp_path, check=True, timeout=30)
    return dict((line.split("\t", 1) + [""])[:2] for line in out.stdout.splitlines())


@pytest.mark.parametrize("install", ["config", "source"])
def test_fish_completes_command_names(env, tmp_path, install):
    got = fish_complete(env, tmp_path, "rnncalc pa", install)
    assert list(got) == ["params"]
    assert got["params"].startswith("Count the parameters")


@pytest.mark.parametrize(
    "line,offered",
    [
        ("rnncalc solve --max", ["--max-params"]),
        ("rnncalc params --cell ", ["rnn", "lstm", "gru", "simplernn", "simple_rnn", "elman"]),
        ("rnncalc layout -F ", [*NAMES, "all"]),
    ],
)
def test_fish_offers(env, tmp_path, line, offered):
    assert sorted(fish_complete(env, tmp_path, line)) == sorted(offered)


def test_fish_describes_negative_flags_as_the_negative(env, tmp_path):
    got = fish_complete(env, tmp_path, "rnncalc params --")
    assert got["--bias"] == "Use bias vectors."
    assert got["--no-bias"] == "No bias vectors."
    assert got["--bidirectional"] == "Run each layer both ways."
    assert got["--unidirectional"] == "Run each layer one way only."
    assert got["--layers"] == "Stacked layers [default: 1, or one per --units size]."


# --- bash -----------------------------------------------------------------------------------------

BASHRC = r"""
PS1='$ '
source {script}
bind -x '"\C-b": printf "BUFFER:%s\nEND\n" "$READLINE_LINE" >> "$CAPTURE"'
printf 'READY\n' >> "$CAPTURE"
"""


def test_bash_first_tab_in_a_new_shell_completes(env, tmp_path):
    rc = tmp_path / "bashrc"
    rc.write_text(BASHRC.format(script=COMPLETIONS / FILES["bash"]))
    out = drive([shell("bash"), "--noprofile", "--rcfile", str(rc), "-i"], env, tmp_path / "capture",
                [(b"rnncalc pa\t--ce\t\x02", "END")])
    assert "BUFFER:rnncalc params --cell " in out.splitlines()


def complete(env, *words: str) -> list[str]:
    """What bash offers for `words` (the last one is being completed), via the shipped script."""
    words_list = " ".join(f"'{w}'" for w in words)
    program = (
        f"source '{COMPLETIONS / FILES['bash']}'\n"
        f"COMP_WORDS=({words_list}); COMP_CWORD={len(words) - 1}\n"
        # bash calls a completion function with the command name as $1
        "_rnncalc_completion rnncalc\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run([shell("bash"), "--norc", "-c", program], capture_output=True, text=True, env=env,
                         check=True)
    return out.stdout.split()


@pytest.mark.parametrize(
    "words,offered",
    [
        (["rnncalc", "pa"], ["params"]),
        (["rnncalc", "sh"], ["shapes"]),
        (["rnncalc", "solve", "--max"], ["--max-params"]),
        (["rnncalc", "diagram", "--ret"], ["--return-sequences", "--return-state"]),
        (["rnncalc", "params", "--cell", "l"], ["lstm"]),
        (["rnncalc", "params", "--no-b"], ["--no-bias"]),
        (["rnncalc", "params", "-F", ""], [*NAMES, "all"]),
        (["rnncalc", "layout", "-F", ""], [*NAMES, "all"]),
        (["rnncalc", "params", "--format", "j"], ["json", "jsonl"]),
    ],
)
def test_bash_completes_in_a_real_bash(env, words, offered):
    assert complete(env, *words) == offered


@pytest.mark.parametrize("command", ONE_FRAMEWORK)
def test_all_is_offered_only_where_it_is_answered(env, command):
    assert complete(env, "rnncalc", command, "-F", "") == list(NAMES)


# --- what the command table says, in each shell ---------------------------------------------------


def zsh_offers(zenv, tmp_path, line):
    (got,), _ = zsh_tab(zenv, tmp_path, [line])
    return sorted(got)


def fish_offers(env, tmp_path, line):
    return sorted(fish_complete(env, tmp_path, line, "source"))


def bash_offers(env, tmp_path, line):
    words = line.split(" ")
    return sorted(complete(env, *words))


ASKED = [  # a line, then what every shell offers for it
    ("rnncalc params -F keras,py", ["keras,pytorch"]),  # inside a comma list
    ("rnncalc layout --framework cudnn,onnx,", [f"cudnn,onnx,{n}" for n in NAMES if n not in ("cudnn", "onnx")]),
    ("rnncalc cost --compat thop,", ["thop,ptflops", "thop,torch", "thop,torchinfo"]),  # all stands alone
    ("rnncalc shapes -F keras,", []),  # one framework at a time: no list
    ("rnncalc port --format ", ["csv", "json", "jsonl", "markdown", "python", "table", "text", "tsv"]),
    ("rnncalc diagram -f ", ["json", "jsonl", "markdown", "table", "text"]),
    ("rnncalc schema -f ", ["json"]),
    ("rnncalc summary --style ", ["keras2", "keras3", "torchinfo"]),
    ("rnncalc cost --dtype ", ["bf16", "fp16", "fp32", "int8"]),
    ("rnncalc port --to p", ["pytorch"]),
    ("rnncalc port --from ", sorted(NAMES)),
    ("rnncalc schema ", sorted(SCHEMA_NAMES)),
    ("rnncalc schema --json s", ["shapes", "solve", "spec", "summary", "sweep"]),
    ("rnncalc schema spec -", ["--format", "--help", "--json", "-f", "-h"]),
    ("rnncalc params --cell lstm --c", []),  # given: not offered again, under either name
    ("rnncalc params -c lstm --ce", []),
    ("rnncalc params -bt --t", []),  # bundled switches are given too
    ("rnncalc params --cell x", []),
    ("rnncalc explain --h", ["--help"]),
    ("rnncalc -", ["--help", "--install-completion", "--show-completion", "--version", "-V", "-h"]),
]


@pytest.mark.parametrize("line,offered", ASKED)
def test_bash_offers(env, tmp_path, line, offered):
    assert bash_offers(env, tmp_path, line) == offered


@pytest.mark.parametrize("line,offered", ASKED)
def test_fish_offers_what_the_table_says(env, tmp_path, line, offered):
    got = fish_offers(env, tmp_path, line)
    assert got == offered or (not offered and set(got) <= {"summary.txt", "net.json"})


@pytest.mark.parametrize("line,offered", [
    ("rnncalc params -F keras,py", ["pytorch"]),  # zsh lists the rest of the word being completed
    ("rnncalc cost --compat thop,", ["ptflops", "torch", "torchinfo"]),
    ("rnncalc port --format ", ["csv", "json", "jsonl", "markdown", "python", "table", "text", "tsv"]),
    ("rnncalc schema --json s", ["shapes", "solve", "spec", "summary", "sweep"]),
    ("rnncalc params --cell=l", ["lstm"]),
    ("rnncalc params --cell lstm --c", []),
])
def test_zsh_offers_what_the_table_says(zenv, tmp_path, line, offered):
    assert zsh_offers(zenv, tmp_path, line) == offered


def test_files_where_a_file_is_asked_for(env, zenv, tmp_path):
    """check's FILE and --spec FILE: nothing to offer, so each shell offers file names."""
    (tmp_path / "summary.txt").write_text("")
    assert bash_offers(env, tmp_path, "rnncalc check ") == []  # bash: `complete -o default` then lists files
    assert "summary.txt" in fish_complete(env, tmp_path, "rnncalc check summ")
    assert "summary.txt" in fish_complete(env, tmp_path, "rnncalc params --spec summ")
    offered, buffer = zsh_tab(zenv, tmp_path, ["rnncalc check summ"])
    assert buffer == "rnncalc check summary.txt "


def test_bash_completes_files_and_values_after_equals_in_a_real_bash(env, tmp_path):
    """bash splits --cell=l at "=" (COMP_WORDBREAKS); a real readline TAB completes the value."""
    (tmp_path / "summary.txt").write_text("")
    rc = tmp_path / "bashrc"
    rc.write_text(BASHRC.format(script=COMPLETIONS / FILES["bash"]))
    out = drive([shell("bash"), "--noprofile", "--rcfile", str(rc), "-i"], env, tmp_path / "capture",
                [(b"rnncalc params --cell=ls\t\x02", "END"), (b"\x15rnncalc check summ\t\x02", "END")])
    assert "BUFFER:rnncalc params --cell=lstm " in out.splitlines()
    assert "BUFFER:rnncalc check summary.txt " in out.splitlines()

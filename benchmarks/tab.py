"""TAB in the real shells: how long one takes, and what two sets of completion scripts offer.

    python benchmarks/tab.py                        # latency of completions/ in bash, zsh and fish
    python benchmarks/tab.py --scripts DIR --path BIN   # ... of the scripts in DIR, with BIN first on PATH
    python benchmarks/tab.py --compare OLD_DIR --old-path OLD_BIN [--new NEW_DIR]

Latency is timed inside a running shell (what a user waits for after pressing TAB): bash calls
the completion function, zsh presses a real TAB on a pseudo-terminal, fish runs `complete -C`.
`python -c pass` is timed from the same bash loop, for the ratio.

--compare asks both sets of scripts the same command lines (a grid over the command table, and
the requests of tests/test_completion.py) in each shell, and prints every line where what is
offered differs. Where nothing is offered each shell falls back to file names: shown as <files>
(bash, zsh) or as the files of the scratch directory (fish).
"""

from __future__ import annotations

import argparse
import os
import pty
import select
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPICAL = ["rnncalc pa", "rnncalc params --ce", "rnncalc params --no-b", "rnncalc layout -F keras,py"]
FILES = {"bash": "rnncalc.bash", "zsh": "_rnncalc", "fish": "rnncalc.fish"}
END = "@@END"


# --- the requests --------------------------------------------------------------------------------


def grid() -> list[str]:
    """Command lines (a trailing space: the word being typed is empty) over the command table."""
    sys.path.insert(0, str(ROOT / "src"))
    from rnncalc.cli.completion import levels

    lines = ["rnncalc ", "rnncalc p", "rnncalc s", "rnncalc x", "rnncalc -", "rnncalc --", "rnncalc -V ",
             "rnncalc --help pa", "rnncalc --nope params -", "rnncalc -- params -", "rnncalc nope -",
             "rnncalc nope pa", "rnncalc params", "rnncalc params -- -", "rnncalc params - -"]
    for level in levels()[1:]:
        c = f"rnncalc {level.name}"
        lines += [f"rnncalc {level.name[:2]}", f"{c} ", f"{c} -", f"{c} --", f"{c} -h -", f"{c} --nope -"]
        for param in level.options:
            for name, _ in param.names:
                if name.startswith("--"):
                    lines.append(f"{c} {name[:4]}")
            first = param.names[0][0]
            if not param.takes_value:
                lines.append(f"{c} {first} -")
                continue
            lines += [f"{c} {first} ", f"{c} {first} x", f"{c} {first}=", f"{c} {first} 1 -", f"{c} {first} 1 --"]
            for value in param.values[:3]:
                lines += [f"{c} {first} {value[:1]}", f"{c} {first}={value[:2]}"]
            if param.listed and param.values:
                lines += [f"{c} {first} {param.values[0]},", f"{c} {first} {param.values[0]},{param.values[-2][:1]}"]
            short = next((n for n, _ in param.names if len(n) == 2), None)
            if short:
                lines += [f"{c} {short} ", f"{c} {short}{(param.values or ('1',))[0]} -"]
        if level.argument:
            lines += [f"{c} {(level.argument.values or ('x',))[0]} ", f"{c} -- ", f"{c} -- -"]
            for value in level.argument.values[:4]:
                lines.append(f"{c} {value[:2]}")
        switches = [n for p in level.options if not p.takes_value for n, _ in p.names if len(n) == 2 and n != "-h"]
        if len(switches) >= 2:
            lines += [f"{c} -{switches[0][1]}{switches[1][1]} -", f"{c} -{switches[0][1]}c -"]
    return list(dict.fromkeys(lines))


def test_requests() -> list[str]:
    """The command lines tests/test_completion.py asks (its bash word lists as typed lines)."""
    return ["rnncalc pa", "rnncalc so", "rnncalc sh", "rnncalc solve --max", "rnncalc diagram --ret",
            "rnncalc params --cell ", "rnncalc params --cell l", "rnncalc params -F ", "rnncalc layout -F ",
            "rnncalc params --format j", "rnncalc shapes -F ", "rnncalc explain -F ", "rnncalc port -F ",
            "rnncalc diagram -F ", "rnncalc solve -F ", "rnncalc params --b", "rnncalc params --no-b",
            "rnncalc params --lay", "rnncalc params --", "rnncalc params --no-"]


# --- the shells ----------------------------------------------------------------------------------


def bash_words(line: str) -> tuple[list[str], int]:
    """COMP_WORDS and COMP_CWORD as bash gives them: words split at blanks, and "=" (in
    COMP_WORDBREAKS) a word of its own."""
    words: list[str] = []
    for word in line.split(" "):
        parts = word.split("=")
        pieces = [parts[0]]
        for part in parts[1:]:
            pieces += ["=", part]
        words += [p for p in pieces if p] or [""]
    if line.endswith(" ") and words[-1] != "":
        words.append("")
    return words, len(words) - 1


def ask_bash(script: Path, lines: list[str], env: dict[str, str]) -> list[list[str]]:
    program = [f"source {shlex.quote(str(script))}"]
    for line in lines:
        words, cword = bash_words(line)
        program.append(f"COMP_WORDS=({' '.join(map(shlex.quote, words))}); COMP_CWORD={cword}; COMPREPLY=()\n"
                       f"_rnncalc_completion rnncalc; printf '%s\\n' \"${{COMPREPLY[@]}}\" {END}")
    with tempfile.NamedTemporaryFile("w", suffix=".bash") as file:
        file.write("\n".join(program))
        file.flush()
        out = subprocess.run(["bash", "--norc", file.name], capture_output=True, text=True, env=env,
                             check=True).stdout
    return [sorted(w for w in part.split("\n") if w) or ["<files>"] for part in out.split(END + "\n")[:-1]]


def ask_fish(script: Path, lines: list[str], env: dict[str, str], cwd: Path) -> list[list[str]]:
    program = f"source $argv[1]; for line in $argv[2..-1]; complete -C $line; echo {END}; end"
    out = subprocess.run(["fish", "--no-config", "-c", program, str(script), *lines], capture_output=True, text=True,
                         env=env, cwd=cwd, check=True).stdout
    return [sorted(w for w in part.split("\n") if w) for part in out.split(END + "\n")[:-1]]


ZSHRC = r"""
PS1='%% '
fpath=(%(dir)s $fpath)
autoload -Uz compinit && compinit -u -d %(dump)s
unsetopt autolist listbeep
bindkey '^I' complete-word
zmodload zsh/datetime
compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  %(capture)s
  builtin compadd "$@"
}
_capture_done() { print -r -- DONE >> $CAPTURE; comppostfuncs+=(_capture_done) }
comppostfuncs=(_capture_done)
_timed_tab() { local start=$EPOCHREALTIME; zle complete-word; print -r -- "TIME:$(( EPOCHREALTIME - start ))" >> $CAPTURE }
zle -N _timed_tab
%(bind)s
print -r -- READY >> $CAPTURE
"""

CAPTURE = r"""local -a hits descriptions
  if (( $@[(I)-d] )); then
    local d=${@[$[${@[(i)-d]}+1]]}
    if [[ $d == \(* ]]; then eval "descriptions=$d"; else descriptions=( "${(@P)d}" ); fi
  fi
  builtin compadd -A hits -D descriptions "$@"
  local i
  for (( i = 1; i <= $#hits; i++ )); do
    print -r -- "MATCH:$hits[i]"$'\t'"${${${descriptions[i]}##$hits[i] #}#-- }" >> $CAPTURE
  done"""


def zsh_session(directory: Path, keys: list[bytes], env: dict[str, str], timed: bool = False) -> str:
    """Type each of ``keys`` (a line and its TAB) into one interactive zsh; what it captured."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        capture = home / "capture"
        (home / ".zshrc").write_text(ZSHRC % {
            "dir": directory, "dump": home / "zcompdump", "capture": "" if timed else CAPTURE,
            "bind": "bindkey '^I' _timed_tab" if timed else ""})
        master, slave = pty.openpty()
        os.set_blocking(master, False)
        proc = subprocess.Popen(["zsh", "-d", "-i"], stdin=slave, stdout=slave, stderr=slave, cwd=env["SCRATCH"],
                                env={**env, "ZDOTDIR": str(home), "CAPTURE": str(capture), "TERM": "xterm"},
                                start_new_session=True)
        os.close(slave)
        try:
            count = 0

            def wait_for(marker: str, n: int) -> None:
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline:
                    if select.select([master], [], [], 0.002)[0]:
                        try:
                            os.read(master, 1 << 16)
                        except OSError:
                            pass
                    if capture.exists() and capture.read_text().count("\n" + marker) >= n:
                        return
                raise TimeoutError(f"zsh gave no {marker}")

            deadline = time.monotonic() + 30
            while not (capture.exists() and "READY" in capture.read_text()) and time.monotonic() < deadline:
                time.sleep(0.01)
            marker = "TIME:" if timed else "DONE"
            for key in keys:
                count += 1
                os.write(master, b"\x15" + key)  # ^U: a fresh line
                wait_for(marker, count)
            return capture.read_text()
        finally:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            os.close(master)


def ask_zsh(directory: Path, lines: list[str], env: dict[str, str]) -> list[list[str]]:
    out = zsh_session(directory, [line.encode() + b"\t" for line in lines], env)
    answers = []
    for part in out.split("READY\n", 1)[1].split("DONE\n")[:-1]:
        matches = sorted({m[len("MATCH:"):] for m in part.splitlines() if m.startswith("MATCH:")})
        answers.append(matches)
    return answers


# --- compare ----------------------------------------------------------------------------------------


def compare(old: Path, old_path: str, new: Path, new_path: str) -> int:
    lines = list(dict.fromkeys([*test_requests(), *grid()]))
    differences = 0
    with tempfile.TemporaryDirectory() as scratch:
        Path(scratch, "summary.txt").write_text("")
        Path(scratch, "net.json").write_text("")
        base = {**os.environ, "SCRATCH": scratch}
        for shell in ("bash", "fish", "zsh"):
            answers = []
            for directory, path in ((old, old_path), (new, new_path)):
                env = {**base, "PATH": f"{path}{os.pathsep}{base['PATH']}"}
                start = time.perf_counter()
                if shell == "bash":
                    got = ask_bash(directory / FILES["bash"], lines, env)
                elif shell == "fish":
                    got = ask_fish(directory / FILES["fish"], lines, env, Path(scratch))
                else:
                    got = ask_zsh(directory, lines, env)
                assert len(got) == len(lines), (shell, len(got), len(lines))
                answers.append(got)
                print(f"# {shell}: {len(lines)} lines from {directory} in {time.perf_counter() - start:.1f} s",
                      file=sys.stderr)
            diff = [(line, a, b) for line, a, b in zip(lines, *answers, strict=True) if a != b]
            differences += len(diff)
            print(f"## {shell}: {len(lines)} command lines, {len(diff)} differ")
            for line, a, b in diff:
                print(f"{line!r}\n    old: {a}\n    new: {b}")
    return differences


# --- latency ----------------------------------------------------------------------------------------


def latency(directory: Path, path: str, runs: int) -> dict[str, float]:
    """ms per TAB in each shell over the TYPICAL lines, and per `python -c pass`."""
    # As an installed package runs, with its bytecode cached (as startup.py does).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PATH"] = f"{path}{os.pathsep}{env['PATH']}"
    result: dict[str, float] = {}
    loop = []
    for line in TYPICAL:
        words, cword = bash_words(line)
        loop.append(f"COMP_WORDS=({' '.join(map(shlex.quote, words))}); COMP_CWORD={cword}; "
                    "_rnncalc_completion rnncalc >/dev/null")
    program = (f"source {shlex.quote(str(directory / FILES['bash']))}\n"
               f"s=$EPOCHREALTIME; for ((k = 0; k < {runs}; k++)); do\n" + "\n".join(loop) + "\ndone\n"
               f"e=$EPOCHREALTIME; echo $s $e\n"
               f"s=$EPOCHREALTIME; for ((k = 0; k < {runs}; k++)); do {shlex.quote(sys.executable)} -c pass; done\n"
               f"e=$EPOCHREALTIME; echo $s $e\n")
    out = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, env=env,
                         check=True).stdout.split("\n")
    s, e = map(float, out[0].split())
    result["bash"] = (e - s) * 1000 / (runs * len(TYPICAL))
    s, e = map(float, out[1].split())
    result["python -c pass"] = (e - s) * 1000 / runs
    fish = ("source $argv[1]; set s (date +%s%N); for k in (seq $argv[2]); for line in $argv[3..-1]; "
            "complete -C $line >/dev/null; end; end; set e (date +%s%N); echo $s $e")
    with tempfile.TemporaryDirectory() as scratch:
        out = subprocess.run(["fish", "--no-config", "-c", fish, str(directory / FILES["fish"]), str(runs), *TYPICAL],
                             capture_output=True, text=True, env=env, check=True, cwd=scratch).stdout
        s, e = map(int, out.split())
        result["fish"] = (e - s) / 1e6 / (runs * len(TYPICAL))
        zruns = max(2, runs // 4)
        keys = [line.encode() + b"\t" for _ in range(zruns) for line in TYPICAL]
        captured = zsh_session(directory, keys, {**env, "SCRATCH": scratch}, timed=True)
        times = [float(t[len("TIME:"):]) for t in captured.splitlines() if t.startswith("TIME:")]
        times = times[len(TYPICAL):]  # the first round loads the completion system
        result["zsh"] = sum(times) * 1000 / len(times)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scripts", type=Path, default=ROOT / "completions")
    parser.add_argument("--path", default="", help="a directory to put first on PATH (where `rnncalc` is)")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--compare", type=Path, help="a directory of other scripts to compare with --scripts")
    parser.add_argument("--old-path", default="", help="PATH entry for the --compare scripts")
    args = parser.parse_args()
    for shell in ("bash", "zsh", "fish"):
        if shutil.which(shell) is None:
            sys.exit(f"{shell} is not installed")
    if args.compare:
        sys.exit(1 if compare(args.compare, args.old_path, args.scripts, args.path) else 0)
    result = latency(args.scripts, args.path, args.runs)
    base = result["python -c pass"]
    print(f"ms per TAB, {args.scripts} (mean over {len(TYPICAL)} lines × {args.runs} runs)")
    for label, ms in result.items():
        print(f"{label:16} {ms:7.2f} ms {ms / base:6.2f}× python -c pass")


if __name__ == "__main__":
    main()

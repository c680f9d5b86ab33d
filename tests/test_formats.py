"""Every command's output in every format: golden files (pytest --update-goldens rewrites them),
each held to an invariant so a rewritten golden cannot carry a wrong number."""

import csv
import io
import json
import os
import shlex
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import assert_one_line_error

GOLDEN = Path(__file__).parent / "golden" / "formats"
COMMANDS = {
    "params": "params --cell lstm --inp 2 --units 4,3",
    "params-tensors": "params --cell gru --inp 3 --units 2 -F pytorch --tensors",
    "params-all": "params --cell lstm --inp 2 --units 3 -F all",
    "shapes": "shapes --cell lstm --inp 2 --units 3 -F pytorch -B 4 -T 7",
    "explain": "explain --cell gru --inp 3 --units 2",
    "layout": "layout --cell lstm --inp 2 --units 3 -F pytorch",
    "lineup": "layout --cell gru --inp 2 --units 2 -F keras,pytorch",
    "port": "port --cell lstm --inp 2 --units 3 --from keras --to pytorch",
    "check": "check tests/corpus/captured/keras3-two-inputs.txt",
    "solve": "solve --params 72 --cell lstm --inp 2",
    "diagram": "diagram --cell rnn --inp 2 --units 3 --steps 3",
    "summary": "summary --cell lstm --inp 2 --units 3",
    "cost": "cost --cell gru --inp 3 --units 2 -F pytorch --lengths 3,1 --compat thop,torch",
}
PICTURES = {"diagram", "summary"}
FORMATS = ("table", "text", "markdown", "csv", "tsv", "json", "jsonl")
PAGE_FORMATS = ("table", "text", "markdown", "json")
CASES = [(name, fmt) for name in COMMANDS for fmt in FORMATS if name not in PICTURES or fmt in PAGE_FORMATS]


def run(rnncalc, name, fmt, columns="100"):
    return rnncalc(*shlex.split(COMMANDS[name]), "--format", fmt, env={"COLUMNS": columns, "NO_COLOR": "1"})


@pytest.mark.parametrize("name,fmt", CASES, ids=[f"{n}.{f}" for n, f in CASES])
def test_golden(rnncalc, name, fmt, update_goldens, monkeypatch):
    monkeypatch.chdir(Path(__file__).parent.parent)
    result = run(rnncalc, name, fmt)
    assert result.exit_code == 0, result.stderr
    narrow = run(rnncalc, name, fmt, columns="37").stdout
    if name == "summary":  # Keras's own table, at Keras's width: min(88, COLUMNS - 4), as Keras reads COLUMNS
        assert narrow == rnncalc(*shlex.split(COMMANDS[name]), "--line-length", "33", "--format", fmt,
                                 env={"COLUMNS": "100", "NO_COLOR": "1"}).stdout
    elif fmt == "table":  # the one width rule: COLUMNS decides, in a pipe too
        # Tables and pictures fit it; a line of prose or a formula stays whole (the terminal wraps it).
        drawn = [line for line in narrow.splitlines() if any(c in line for c in "┃│┏└╭╰")]
        assert max(map(len, drawn), default=0) <= 37, narrow
    else:  # the other formats have no width
        assert narrow == result.stdout
    path = GOLDEN / f"{name}.{fmt}"
    if update_goldens:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(result.stdout)
    assert result.stdout == path.read_text(), f"golden {path.name} is stale: pytest --update-goldens"
    data = json.loads(run(rnncalc, name, "json").stdout)
    if fmt in ("csv", "tsv", "jsonl"):
        # The invariant: the rows are the JSON object's rows, value for value.
        from rnncalc.render.rows import rows

        expected = rows(data, "--tensors" in COMMANDS[name])
        if fmt == "jsonl":
            assert [json.loads(line) for line in result.stdout.splitlines()] == json.loads(json.dumps(expected))
        else:
            if fmt == "tsv":  # never quoted: a tab or a newline in a value would be escaped
                lines = result.stdout.splitlines()
                read = [dict(zip(lines[0].split("\t"), line.split("\t"), strict=True)) for line in lines[1:]]
            else:
                read = list(csv.DictReader(io.StringIO(result.stdout)))
            assert len(read) == len(expected)
            # Every value as JSON writes it: numbers, true and false, nested values compact; null empty.
            for r, e in zip(read, expected):
                assert r.keys() == e.keys()
                for k, v in e.items():
                    plain = "" if v is None else v if isinstance(v, str) else json.dumps(
                        v, separators=(",", ":"), ensure_ascii=False)
                    assert r[k] == plain, (k, r[k], v)
    if fmt in ("text", "markdown") and "total" in data:
        assert f"{data['total']:,}" in result.stdout or str(data["total"]) in result.stdout
    if fmt == "text" and name not in PICTURES:
        assert not set(result.stdout) & set("┏┃━│─└┘┌┐╭╮"), "text has no box characters"


@pytest.mark.parametrize("name", sorted(PICTURES))
@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl"])
def test_pictures_have_no_rows(rnncalc, name, fmt):
    assert_one_line_error(run(rnncalc, name, fmt), "--format")


def test_an_ascii_stdout_gets_ascii_spellings():
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    for args in (["check", "tests/corpus/captured/keras3-two-inputs.txt"], ["explain", "-c", "lstm", "-i", "2", "-u", "3"],
                 ["params", "-c", "lstm", "-i", "2", "-u", "3", "--json"]):
        out = subprocess.run([sys.executable, "-m", "rnncalc", *args], capture_output=True, env=env,
                             cwd=Path(__file__).parent.parent)
        assert out.returncode == 0 and not out.stderr, out.stderr
        out.stdout.decode("ascii")
    assert b"| ok |" in subprocess.run([sys.executable, "-m", "rnncalc", "check", "tests/corpus/captured/keras3-two-inputs.txt"],
                                       capture_output=True, env=env, cwd=Path(__file__).parent.parent).stdout


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE here")
def test_a_closed_stdout_ends_quietly_like_yes_does():
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    proc = subprocess.Popen([sys.executable, "-m", "rnncalc", "params", "-c", "lstm", "-i", "2", "-u", "3", "-l",
                             "300", "--tensors", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait(timeout=30) == -signal.SIGPIPE
    assert proc.stderr.read() == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["params", "-c", "lstm", "-i", "2", "-u", "3"],
                                  ["sweep", "-c", "lstm", "-i", "2", "-u", "1..5000", "-f", "jsonl"],
                                  ["--help"], ["--version"], ["shapes", "--help"]])
def test_a_full_disk_is_one_line(args):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "rnncalc", *args], stdout=full, stderr=subprocess.PIPE,
                              check=False, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.decode() == "rnncalc: error: stdout: No space left on device\n"


# A batch in any format, in bounded memory: the row formats stream; a page holds at most
# MAX_PAGE_ROWS rows and refuses more, before it reads the rest.

RSS_PROBE = """
import resource, sys
from rnncalc.__main__ import main
try:
    code = main({args})
except SystemExit as exit:
    code = exit.code
sys.stderr.write(f"\\n@@{{code or 0}} {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}")
"""


def peak(tmp_path, specs, fmt):
    """(exit code, stderr, peak resident kB) of ``params --spec`` over ``specs`` specs in ``fmt``."""
    path = tmp_path / f"{specs}.jsonl"
    path.write_text("".join(f'{{"cell": "lstm", "inp": {1 + i % 97}, "units": {1 + i % 113}}}\n'
                            for i in range(specs)))
    args = ["params", "--spec", str(path), "--format", fmt]
    with (tmp_path / "stdout").open("w") as stdout:
        out = subprocess.run([sys.executable, "-c", RSS_PROBE.format(args=args)], stdout=stdout,
                             stderr=subprocess.PIPE, text=True, check=True)
    stderr, found = out.stderr.rsplit("\n@@", 1)
    code, kb = found.split()
    return int(code), stderr, int(kb)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json"])
def test_a_batch_streams_in_flat_memory(tmp_path, fmt):
    code, _, small = peak(tmp_path, 1_000, fmt)
    assert code == 0
    code, _, large = peak(tmp_path, 150_000, fmt)
    assert code == 0
    # Rows held would take over 140 MB (about 1 kB each); the input itself is held: 6 MB of text.
    assert large - small < 30_000, (small, large)


@pytest.mark.parametrize("fmt", ["table", "text", "markdown"])
def test_a_page_of_more_rows_than_it_holds_is_refused_in_bounded_memory(tmp_path, fmt):
    from rnncalc.results import MAX_PAGE_ROWS

    code, stderr, small = peak(tmp_path, 1_000, fmt)
    assert code == 0 and not stderr.strip()
    code, stderr, large = peak(tmp_path, 150_000, fmt)
    assert code == 2 and (tmp_path / "stdout").read_text() == ""
    assert len(stderr.splitlines()) == 1 and stderr.startswith("rnncalc: error: --format: ")
    assert f"at most {MAX_PAGE_ROWS:,} rows" in stderr and "csv, tsv or jsonl" in stderr
    assert large - small < 50_000, (small, large)

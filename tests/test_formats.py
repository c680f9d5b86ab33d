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
from helpers import assert_one_line_error, examples
from hypothesis import HealthCheck, given, settings
from strategies import specs

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
import rnncalc.render.results
from rnncalc.__main__ import main
rnncalc.render.results.MAX_PAGE_ROWS = {bound}  # the bound, made small: the test needs fewer specs
try:
    code = main({args})
except SystemExit as exit:
    code = exit.code
sys.stderr.write(f"\\n@@{{code or 0}} {{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}")
"""


def peak(tmp_path, specs, fmt, bound=20_000):
    """(exit code, stderr, peak resident kB) of ``params --spec`` over ``specs`` specs in ``fmt``."""
    path = tmp_path / f"{specs}.jsonl"
    path.write_text("".join(f'{{"cell": "lstm", "inp": {1 + i % 97}, "units": {1 + i % 113}}}\n'
                            for i in range(specs)))
    args = ["params", "--spec", str(path), "--format", fmt]
    with (tmp_path / "stdout").open("w") as stdout:
        out = subprocess.run([sys.executable, "-c", RSS_PROBE.format(args=args, bound=bound)], stdout=stdout,
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
    code, stderr, small = peak(tmp_path, 1_000, fmt)
    assert code == 0 and not stderr.strip()
    code, stderr, large = peak(tmp_path, 150_000, fmt)
    assert code == 2 and (tmp_path / "stdout").read_text() == ""
    assert len(stderr.splitlines()) == 1 and stderr.startswith("rnncalc: error: --format: ")
    assert "at most 20,000 rows" in stderr and "csv, tsv or jsonl" in stderr
    assert large - small < 50_000, (small, large)


# Lossless rows: every command's rows, in every row format, read back to the values JSON has.

def _commands_of(fields):
    """(name, result) of every command with rows, for one spec (those the spec's framework builds)."""
    import rnncalc

    units = fields["units"]
    one = {**fields, "units": units if isinstance(units, int) else units[0], "layers": 1}
    yield "params", rnncalc.params(fields)
    yield "params --tensors", rnncalc.params(fields, tensors=True)
    yield "compare", rnncalc.params({k: v for k, v in fields.items() if k != "framework"}, framework="all")
    yield "shapes", rnncalc.shapes(fields, batch=2, steps=3)
    yield "explain", rnncalc.explain(fields)
    yield "layout", rnncalc.layout(fields)
    yield "lineup", rnncalc.layout({k: v for k, v in fields.items() if k != "framework"}, framework="all")
    for target in ("pytorch", "keras"):
        yield "port", rnncalc.port(fields, to=target)
    yield "cost", rnncalc.cost(fields, batch=2, steps=3)
    cell, inp = fields["cell"], fields["inp"]
    total = rnncalc.params(one)["total"]
    for params in (total, total + 1):  # a hit, and a miss with the nearest either side
        yield "solve", rnncalc.solve({k: v for k, v in one.items() if k != "units"}, params=params)
    yield "solve", rnncalc.solve(cell=cell, inp=inp, max_params=total + 5)
    yield "solve", rnncalc.solve(cell=cell, params=total, units_range=(1, 8))
    yield "solve", rnncalc.solve(cell=cell, params=1, units_range=(1, 8))  # no pair


class Buffer:
    encoding = "utf-8"

    def __init__(self):
        self.parts = []

    def text(self, text):
        self.parts.append(text)

    def data(self, data):
        self.parts.append(data.decode())

    def terminal(self):
        return False, 100, False

    def value(self):
        return "".join(self.parts)


def written(result, fmt):
    from rnncalc.render import formats

    out = Buffer()
    formats.write(fmt, result, out)
    return out.value()


TSV_UNESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\"}


def read_cell(text, like):
    """A csv or tsv cell read back as the JSON value ``like`` is: null as empty, true and false,
    numbers as numbers, nested values as compact JSON."""
    if like is None or text == "" and like == "":
        assert text == ""
        return like
    if isinstance(like, bool):
        assert text in ("true", "false"), text
        return text == "true"
    if isinstance(like, (int, float)):
        return json.loads(text)
    if isinstance(like, (list, dict)):
        assert text == json.dumps(like, separators=(",", ":"), ensure_ascii=False), text
        return json.loads(text)
    return text


def tsv_cells(line):
    import re

    return [re.sub(r"\\[tnr\\]", lambda m: TSV_UNESCAPES[m.group()], cell) for cell in line.split("\t")]


def assert_rows_read_back(result, name):
    """csv, tsv and jsonl give the result's rows, value for value (a batch's or a sweep's
    jsonl: its records, one JSON object a line); an answer has at least one row. A stream is
    made as it is written, once: ``result`` is then a function that makes it anew."""
    if callable(result):
        make = result
        result = make()
        expected, columns = json.loads(json.dumps(list(make().records()))), result.columns
        assert all(isinstance(json.loads(line), dict) for line in written(make(), "jsonl").splitlines())
    else:
        expected = json.loads(json.dumps(result.rows()))
        assert [json.loads(line) for line in written(result, "jsonl").splitlines()] == expected, name
        columns = list(dict.fromkeys(k for row in expected for k in row))
    assert expected, name
    for fmt in ("csv", "tsv"):
        text = written(make() if result.streamed else result, fmt)
        if fmt == "csv":
            table = list(csv.reader(io.StringIO(text)))
        else:
            assert '""' not in text or any('""' in json.dumps(r) for r in expected), "tsv never quotes"
            table = [tsv_cells(line) for line in text.split("\n")[:-1]]
        assert table[0] == columns, (name, fmt)
        assert len(table) == len(expected) + 1, (name, fmt)
        for cells, row in zip(table[1:], expected):
            assert len(cells) == len(columns), (name, fmt, cells)
            back = {c: read_cell(cell, row.get(c)) for c, cell in zip(columns, cells) if c in row}
            assert back == row, (name, fmt)


#: Each row set: the records of the JSON object its rows are, one row each, and the keys a row
#: spells otherwise or leaves out, with where they are. Every other key of a record is in its
#: row, value for value: no row format drops what JSON has.
RECORDS = {
    "params": (lambda d: d["layers"], {}),
    "params --tensors": (lambda d: d["tensors"], {"blocks": "rnncalc layout: a row per block"}),
    "compare": (lambda d: d["conventions"], {"layers": "rnncalc params -F NAME",
                                             "tensors": "rnncalc params -F NAME --tensors"}),
    "shapes": (lambda d: [t for st in d["step"] for t in st["tensors"]]
               + [d["sequence"]["input"], *d["sequence"]["outputs"]], {}),
    "explain": (lambda d: [g for b in d["layers"] for g in b["gates"]], {}),
    "layout": (lambda d: d["regions"], {"spans": "slice, the same spans as a NumPy index"}),
    "lineup": (lambda d: d["rows"], {"where": "a column per framework"}),
    "port": (lambda d: d["moves"] or [{"found": d["found"], "reason": d["reason"]}],
             {"target_spans": "target_slice", "sources": "sources (tensor[slice] + ...) and source_out_axes"}),
    "solve": (lambda d: d.get("solutions") or [{k: v for k, v in d.items() if k != "schema"}], {}),
    "cost": (lambda d: d["items"] + [
        {"item": "per step", **d["per_step"]},
        *([{"item": "per sequence", **d["per_sequence"]}] if d["per_sequence"] else []),
        {"item": "total", "macs": d["totals"]["macs"], "flops": d["totals"]["flops"],
         "formula": d["totals"]["formula"], "per": d["totals"]["for"]},
        {"item": "training", "flops": d["totals"]["training_flops"], "per": d["totals"]["for"]},
        *({"item": c["tool"], "formula": c["formula"], "per": c["version"]} for c in d["compat"])], {}),
    "check": (lambda d: [r for s in d["summaries"] for r in s["rows"]],
              {"readings": "the first reading and formula, and how many there are (readings)",
               "more_readings": "counted into readings", "depth": "the nesting the table indents by"}),
}


def assert_rows_keep_every_field(result, name):
    records, moved = RECORDS[name]
    data = json.loads(json.dumps(result.to_dict()))
    rows = json.loads(json.dumps(result.rows()))
    wanted = records(data)
    assert len(rows) == len(wanted), name
    for row, record in zip(rows, wanted):
        kept = {k: v for k, v in record.items() if k not in moved}
        assert {k: row.get(k, "(left out)") for k in kept} == kept, name


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs(max_size=12, max_layers=2))
def test_every_command_in_every_row_format_reads_back_as_json(fields):
    for name, result in _commands_of(fields):
        assert_rows_read_back(result, name)
        assert_rows_keep_every_field(result, name)


PASTES = sorted((Path(__file__).parent / "corpus" / "captured").glob("*.txt"))


@pytest.mark.parametrize("path", PASTES[::4], ids=lambda p: p.stem)
def test_check_rows_read_back_as_json(path):
    import rnncalc

    result = rnncalc.check(path.read_text(encoding="utf-8", errors="replace"))
    assert_rows_read_back(result, path.name)
    assert_rows_keep_every_field(result, "check")


def test_batch_and_sweep_rows_read_back_as_json():
    import rnncalc
    from rnncalc.features.batch import spec_batch

    text = '{"cell": "lstm", "inp": 2, "units": [3, 2]}\n{"cell": "gru", "inp": 2}\n[1]\n{"cell": "rnn", "inp": 1, "units": 1}\n'
    assert_rows_read_back(lambda: spec_batch(text, {}, None), "batch")
    assert_rows_read_back(lambda: spec_batch(text, {"bidirectional": True}, ("total", "spec")), "batch --fields")
    assert_rows_read_back(lambda: rnncalc.sweep(cell="lstm,gru", inp="2,3", units="3,4/2", framework="all"), "sweep")

"""Batch (several specs on --spec) and sweep: one answer per spec, in order, errors in place."""

import csv
import io
import json

import pytest
from helpers import assert_one_line_error
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import specs

from rnncalc import count, parse_spec
from rnncalc.batch import parse_values, values
from rnncalc.frameworks import NAMES
from rnncalc.tensors import total

LINES = [
    {"cell": "lstm", "inp": 2, "units": 3},
    {"cell": "gru", "inp": 8, "units": [16, 4], "framework": "pytorch"},
    "not json",
    {"cell": "lstm", "inp": 0, "units": 3},
    [1, 2],
    {"cell": "rnn", "inp": 2, "units": 3, "bidirectional": True},
]


def jsonl(lines) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)


def truth(fields) -> int:
    return count(parse_spec(fields)).total


def test_answers_stream_in_order_with_errors_in_place(rnncalc):
    result = rnncalc("params", "--spec", "-", "--format", "jsonl", input=jsonl(LINES))
    assert result.exit_code == 1  # some lines failed
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5, 6]
    assert [r.get("total") for r in records] == [truth(LINES[0]), truth(LINES[1]), None, None, None, truth(LINES[5])]
    assert "not JSON" in records[2]["error"] and "inp" in records[3]["error"] and "object" in records[4]["error"]
    assert records[0]["schema"] == "rnncalc.params/2" and records[0]["tensors"]  # the whole object by default


def test_fields_keep_only_the_named_keys(rnncalc):
    result = rnncalc("params", "--spec", "-", "--format", "jsonl", "--fields", "total", input=jsonl(LINES[:2]))
    assert result.exit_code == 0
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"line": 1, "total": truth(LINES[0])}, {"line": 2, "total": truth(LINES[1])}]


def test_one_spec_pretty_printed_stays_one_spec(rnncalc):
    result = rnncalc("params", "--spec", "-", "--json", input=json.dumps(LINES[0], indent=2))
    assert result.exit_code == 0 and json.loads(result.stdout)["total"] == truth(LINES[0])


def test_pretty_printed_objects_one_after_another_are_a_batch(rnncalc):
    text = json.dumps(LINES[0], indent=2) + "\n" + json.dumps(LINES[1], indent=2) + "\n"
    result = rnncalc("params", "--spec", "-", "--format", "csv", input=text)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and [int(r["total"]) for r in rows] == [truth(LINES[0]), truth(LINES[1])]
    assert [r["line"] for r in rows] == ["1", "6"]  # where each object starts


def test_nothing_readable_is_exit_2(rnncalc):
    assert rnncalc("params", "--spec", "-", "--format", "jsonl", input="nope\nnada\n").exit_code == 2


def test_flags_apply_to_every_spec(rnncalc):
    result = rnncalc("params", "--spec", "-", "-F", "pytorch", "--format", "jsonl", "--fields", "total",
                     input=jsonl(LINES[:1] * 2))
    expected = truth({**LINES[0], "framework": "pytorch"})
    assert [json.loads(line)["total"] for line in result.stdout.splitlines()] == [expected, expected]


def test_a_batch_refuses_tensors(rnncalc):
    assert_one_line_error(rnncalc("params", "--spec", "-", "--tensors", input=jsonl(LINES[:2])), "--tensors")


def test_values_reads_every_json_value():
    found = list(values('{"a": 1}\n\n[2,\n 3]\n{bad\n"x"\n'))
    assert [(line, v if not isinstance(v, Exception) else "error") for line, v in found] == [
        (1, {"a": 1}), (3, [2, 3]), (5, "error"), (6, "x")]


@settings(max_examples=300, deadline=None)
@given(specs(names=NAMES, max_size=64, max_layers=4))
def test_the_bulk_total_is_the_inventory_s(fields):
    spec = parse_spec(fields)
    assert total(spec) == count(spec).total


# Sweeps.

@pytest.mark.parametrize("text,expected", [("3", [3]), ("1..4", [1, 2, 3, 4]), ("8..64:x2", [8, 16, 32, 64]),
                                           ("8..30:+8", [8, 16, 24]), ("1,5..6", [1, 5, 6])])
def test_sweep_values(text, expected):
    assert parse_values("--units", text) == expected


def test_sweep_counts_every_point(rnncalc):
    result = rnncalc("sweep", "--cell", "lstm,gru", "--inp", "300", "--units", "64..256:x2", "--layers", "1..2",
                     "-f", "jsonl")
    assert result.exit_code == 0
    points = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(points) == 2 * 3 * 2
    for p in points:
        fields = {"cell": p["cell"], "inp": p["inp"], "units": [int(u) for u in p["units"].split("/")],
                  "framework": p["framework"]}
        assert p["total"] == truth(fields)


def test_sweep_filters_and_sorts(rnncalc):
    result = rnncalc("sweep", "--cell", "lstm", "--inp", "128", "--units", "32..512:+32", "-F", "all",
                     "--max-params", "200k", "--sort", "-total", "-f", "csv")
    totals = [int(r["total"]) for r in csv.DictReader(io.StringIO(result.stdout))]
    assert totals and totals == sorted(totals, reverse=True) and max(totals) <= 200_000


def test_sweep_stacks(rnncalc):
    result = rnncalc("sweep", "--cell", "gru", "--inp", "80", "--units", "256/128", "--directions", "1,2", "-f", "jsonl")
    points = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["bidirectional"] for p in points] == [False, True] and {p["layers"] for p in points} == {2}
    assert points[1]["total"] == truth({"cell": "gru", "inp": 80, "units": [256, 128], "bidirectional": True})


@pytest.mark.parametrize("args,flag", [(["--units", "x"], "--units"), (["--units", "9..1"], "--units"),
                                       (["--units", "1..9:x1"], "--units"), (["--units", "4", "--sort", "nope"], "--sort"),
                                       (["--units", "4", "--directions", "3"], "--directions")])
def test_sweep_errors(rnncalc, args, flag):
    assert_one_line_error(rnncalc("sweep", "--cell", "lstm", "--inp", "3", *args), flag)


def test_fields_beyond_the_total_come_from_the_whole_object(rnncalc):
    result = rnncalc("params", "--spec", "-", "--format", "jsonl", "--fields", "total,formula", input=jsonl(LINES[:2]))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["formula"] for r in records] == [count(parse_spec(f)).formula for f in LINES[:2]]


def test_unknown_fields_are_refused(rnncalc):
    assert_one_line_error(rnncalc("params", "-c", "lstm", "-i", "2", "-u", "3", "--json", "--fields", "foo"),
                          "--fields", "foo")


def test_a_sweep_with_failed_points_exits_1(rnncalc):
    assert rnncalc("sweep", "--cell", "foo", "--inp", "2", "--units", "3", "-f", "csv").exit_code == 1


def test_deep_stacks_in_bulk():
    spec = parse_spec({"cell": "lstm", "inp": 2, "units": 3, "layers": 100, "bidirectional": True})
    assert total(spec) == count(spec).total

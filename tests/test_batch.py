"""Batch (several specs on --spec) and sweep: one answer per spec, in order, errors in place."""

import csv
import io
import json
import re

import pytest
from helpers import assert_one_line_error, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import specs

from rnncalc import SpecError, count, parse_spec
from rnncalc.features.batch import Specs, answers, values
from rnncalc.features.sweep import parse_values
from rnncalc.frameworks import NAMES
from rnncalc.model.tensors import total

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


@settings(max_examples=examples(150), deadline=None)
@given(specs(names=NAMES, max_size=64, max_layers=4))
def test_the_bulk_total_is_the_inventory_s(fields):
    spec = parse_spec(fields)
    assert total(spec) == count(spec).total


# Sweeps.

@pytest.mark.parametrize("text,expected", [("3", [3]), ("1..4", [1, 2, 3, 4]), ("8..64:x2", [8, 16, 32, 64]),
                                           ("8..30:+8", [8, 16, 24]), ("1,5..6", [1, 5, 6])])
def test_sweep_values(text, expected):
    assert list(parse_values("--units", text)) == expected


def test_sweep_counts_every_point(rnncalc):
    result = rnncalc("sweep", "--cell", "lstm,gru", "--inp", "300", "--units", "64..256:x2", "--layers", "1..2",
                     "-f", "jsonl")
    assert result.exit_code == 0
    points = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(points) == 2 * 3 * 2
    for p in points:
        fields = {"cell": p["cell"], "inp": p["inp"], "units": p["units"],
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
    # cuDNN has no SimpleRNN: a point that fails (an unknown cell is bad input, exit 2, before any point).
    assert rnncalc("sweep", "--cell", "rnn,lstm", "--inp", "2", "--units", "3", "-F", "cudnn", "-f", "csv").exit_code == 1
    assert rnncalc("sweep", "--cell", "foo", "--inp", "2", "--units", "3", "-f", "csv").exit_code == 2


def test_deep_stacks_in_bulk():
    spec = parse_spec({"cell": "lstm", "inp": 2, "units": 3, "layers": 100, "bidirectional": True})
    assert total(spec) == count(spec).total


# Specs validates once what specs of one structure share: it must answer exactly as parse_spec does.

SIZES = st.one_of(st.integers(-2, 40), st.sampled_from([True, 1.5, "3", None, 2**31 - 1, 2**31]))


@st.composite
def streams(draw):
    """Specs that share structures and differ in their sizes, some refused (a bad size, proj
    not below the units, a units list of the wrong length)."""
    shapes = draw(st.lists(specs(names=NAMES, max_size=40, max_layers=4), min_size=1, max_size=4))
    stream = []
    for _ in range(draw(st.integers(1, 25))):
        fields = dict(draw(st.sampled_from(shapes)))
        fields["inp"] = draw(st.one_of(st.integers(1, 40), SIZES))
        if isinstance(fields["units"], list):
            length = draw(st.sampled_from([len(fields["units"])] * 4 + [len(fields["units"]) + 1]))
            fields["units"] = draw(st.lists(st.one_of(st.integers(1, 40), SIZES), min_size=length, max_size=length))
        else:
            fields["units"] = draw(st.one_of(st.integers(1, 40), SIZES))
        stream.append(fields)
    return stream


def answer_of(parse, fields):
    try:
        spec = parse(fields)
    except SpecError as err:
        return "error", str(err)
    return spec.model_dump(mode="json"), {k: getattr(spec, k) for k in type(spec).model_fields}


@settings(max_examples=examples(150), deadline=None)
@given(streams())
def test_specs_answers_as_parse_spec_does(stream):
    cached = Specs()
    for fields in stream:
        assert answer_of(cached.parse, fields) == answer_of(parse_spec, fields)
        try:
            expected = count(parse_spec(fields)).total
        except SpecError as err:
            with pytest.raises(SpecError, match=re.escape(str(err))):
                cached.total(fields)
        else:
            assert cached.total(fields) == expected


def test_a_cached_spec_is_a_whole_spec():
    cached = Specs()
    first = cached.parse({"cell": "lstm", "inp": 2, "units": [3, 4], "framework": "pytorch", "proj": 2})
    second = cached.parse({"cell": "lstm", "inp": 5, "units": [6, 7], "framework": "pytorch", "proj": 2})
    assert (first.inp, first.units, second.inp, second.units) == (2, (3, 4), 5, (6, 7))
    assert count(second).formula == count(parse_spec(second.model_dump())).formula
    with pytest.raises(SpecError, match=r"proj \(layer 1 has 2 units\): must be smaller than units"):
        cached.parse({"cell": "lstm", "inp": 5, "units": [6, 2], "framework": "pytorch", "proj": 2})


def test_a_batch_answers_as_one_spec_at_a_time():
    stream = [{"cell": "gru", "inp": i, "units": [i + 1, 2 * i], "framework": name, "bidirectional": i % 2 == 0}
              for i in range(1, 30) for name in NAMES]
    stream += [{"cell": "gru", "inp": 0, "units": [1, 2]}, {"cell": "gru", "inp": 3, "units": [1, True]}]
    text = jsonl(stream)
    for full, keep in ((False, ("total",)), (False, None), (True, None)):
        together = list(answers(values(text), {}, full, keep))
        alone = [next(answers(values(jsonl([fields])), {}, full, keep)) for fields in stream]
        assert [(a.data, a.error) for a in together] == [(a.data, a.error) for a in alone]

"""rnncalc sweep: every spec field an axis, cost figures to sort and bound by, limits checked on
the counts before any point is made, and the right exits."""

import csv
import io
import json

import pytest
from helpers import assert_one_line_error

import rnncalc
from rnncalc import SpecError, parse_spec
from rnncalc.model import knobs
from rnncalc.features import batch as batch_module
from rnncalc.features.cost import cost, figures
from rnncalc.features.figures import FIGURES as ALL_FIGURES
from rnncalc.render.json import cost_dict
from rnncalc.features.sweep import FIGURES, MAX_HELD, _kind, parse_values
from rnncalc.cli.table import SWEEP as OPTIONS


def test_the_sweep_machinery_lives_in_its_own_module():
    for name in ("SWEEP_COLUMNS", "sweep_points", "parse_values", "_whole", "points", "_MAX_VALUES"):
        assert not hasattr(batch_module, name), name


def test_a_range_is_counted_not_listed():
    import tracemalloc

    tracemalloc.start()
    values = parse_values("inp", "1..999997,5,7..19:x2")
    assert len(values) == 1_000_000 and values[999_996] == 999_997
    assert [values[i] for i in range(999_997, 1_000_000)] == [5, 7, 14]
    assert tracemalloc.get_traced_memory()[1] < 2**20
    tracemalloc.stop()


# Every spec field is an axis.

def test_every_spec_field_is_an_option_of_sweep():
    flags = {flag for option in OPTIONS for flag in (option.flag, option.short) if flag}
    assert all(knob.flag in flags for knob in knobs.SPEC)
    assert [o.name for o in OPTIONS][:len(knobs.SPEC)] == [knob.name for knob in knobs.SPEC]


def test_each_field_s_kind_is_the_spec_model_s():
    from rnncalc.model.spec import Spec

    kinds = {knob.name: _kind(knob.name)[0] for knob in knobs.SPEC}
    assert kinds["units"] == "stacks" and kinds["cell"] == "choice" and kinds["framework"] == "name"
    for knob in knobs.SPEC:
        if knob.is_flag:
            assert kinds[knob.name] == "switch"
        if knob.choices:
            assert kinds[knob.name] == "choice" and set(_kind(knob.name)[1]) == set(knob.choices)
    assert {n for n, k in kinds.items() if k == "size"} == {"inp", "layers", "proj"}
    assert set(kinds) <= set(Spec.model_fields)


# Values for every field, the spec's own kinds: each point's total must be what params says of it.
SWEPT = {
    "bias": ("true,false", {"cell": "lstm,gru", "inp": 3, "units": 4, "framework": "pytorch"}),
    "reset_after": ("true,false", {"cell": "gru", "inp": 3, "units": "4,5", "framework": "keras"}),
    "merge_mode": ("concat,sum,mul,ave,none", {"cell": "lstm", "inp": 3, "units": 4, "bidirectional": True,
                                                "layers": "1,2"}),
    "proj": ("1..3", {"cell": "lstm", "inp": 3, "units": "2,4", "framework": "pytorch"}),
    "peepholes": ("true,false", {"cell": "lstm,rnn", "inp": 3, "units": 4, "framework": "onnx"}),
    "api": ("layer,cell", {"cell": "gru", "inp": 3, "units": 4, "framework": "pytorch,keras"}),
    "bidirectional": ("true,false", {"cell": "rnn", "inp": 3, "units": "4/2"}),
    "layers": ("1..3", {"cell": "gru", "inp": 3, "units": "4,5/6"}),
    "framework": ("all", {"cell": "lstm", "inp": 3, "units": 4}),
    "inp": ("1..100:x3", {"cell": "lstm", "units": 4}),
    "cell": ("rnn,elman,LSTM,gru", {"inp": 2, "units": 3}),
    "units": ("1..9:+4,3/2/1", {"cell": "lstm", "inp": 2}),
}


def test_every_field_can_be_swept():
    assert set(SWEPT) == {knob.name for knob in knobs.SPEC}


@pytest.mark.parametrize("name", list(SWEPT))
def test_each_point_counts_what_params_counts(name):
    values, fields = SWEPT[name]
    stream = rnncalc.sweep(**fields, **{name: values})
    rows = list(stream.records())
    assert stream.size == len(rows) > 1
    assert name in stream.columns
    assert len({row[name] if not isinstance(row.get(name), list) else tuple(row[name])
                for row in rows if row["error"] is None}) > 1, "the field did not vary"
    for row in rows:
        point = {k: v for k, v in row.items() if k not in ("point", "total", "error")}
        if row["error"] is not None:  # a point a convention refuses: its row says why, as params would
            assert set(row) == {"point", "total", "error"}
            continue
        assert row["total"] == rnncalc.params(**point)["total"], point


def test_a_python_value_is_as_good_as_the_command_line_s_text():
    text = [(r["bias"], r["units"], r["total"]) for r in rnncalc.sweep(cell="gru", inp=3, units="4,6/5",
                                                                       bias="true,false").records()]
    values = [(r["bias"], r["units"], r["total"]) for r in rnncalc.sweep(cell="gru", inp=3, units=[4, [6, 5]],
                                                                         bias=[True, False]).records()]
    assert text == values and len(text) == 4


def test_points_keep_the_axes_order_the_last_fastest(rnncalc):
    result = rnncalc("sweep", "-c", "lstm,gru", "-i", "2", "-u", "3..4,5/6", "-l", "1,2", "-F", "keras,pytorch",
                     "-f", "jsonl")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    keys = [(r["cell"], r["framework"], r["units"]) for r in rows]
    assert keys[:6] == [("lstm", "keras", [3]), ("lstm", "keras", [3, 3]), ("lstm", "keras", [4]),
                        ("lstm", "keras", [4, 4]), ("lstm", "keras", [5, 6]), ("lstm", "pytorch", [3])]
    assert [r["point"] for r in rows] == list(range(1, 21))


# Cost figures: costing's own, bounded and sorted on.

@pytest.mark.parametrize("fields", [dict(cell="lstm", inp=3, units=4, framework="pytorch", proj=2),
                                    dict(cell="gru", inp=5, units=[4, 3], bidirectional=True, merge_mode="sum"),
                                    dict(cell="rnn", inp=1, units=1, bias=False)])
def test_figures_are_the_cost_json_s(fields):
    found = cost(parse_spec(fields), batch=3, steps=7, dtype="bf16")
    data = cost_dict(found)
    totals, memory = data["totals"], data["memory"]
    assert figures(found) == {
        "macs": totals["macs"], "flops": totals["flops"], "training_flops": totals["training_flops"],
        "step_macs": data["per_step"]["macs"], "step_flops": data["per_step"]["flops"], "params": memory["params"],
        "bytes": memory["weights"], "gradient_bytes": memory["gradients"], "optimizer_bytes": memory["optimizer_state"],
        "activation_bytes": memory["activations"], "stream_bytes": memory["stream_state"]}
    assert tuple(figures(found)) == ALL_FIGURES
    assert set(FIGURES) == set(figures(found)) - {"params"}  # every figure but the count, which is total


def test_a_costed_sweep_sorts_and_bounds_by_cost_s_figures(rnncalc):
    result = rnncalc("sweep", "-c", "lstm,gru", "-i", "300", "-u", "64..1024:x2", "--steps", "100", "--batch", "32",
                     "--sort", "macs", "--max-macs", "20G", "--max-bytes", "8MB", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and list(rows[0])[-5:] == ["macs", "flops", "bytes", "total", "error"]
    macs = [int(r["macs"]) for r in rows]
    assert macs == sorted(macs) and max(macs) <= 20 * 10**9
    everything = rnncalc("sweep", "-c", "lstm,gru", "-i", "300", "-u", "64..1024:x2", "-f", "jsonl")
    left_out = 0
    for line in everything.stdout.splitlines():
        point = json.loads(line)
        spec = parse_spec({k: point[k] for k in ("cell", "inp", "units", "layers", "framework")})
        c = cost(spec, batch=32, steps=100)
        kept = c.macs <= 20 * 10**9 and c.memory.weights <= 8 * 10**6
        match = [r for r in rows if int(r["point"]) == point["point"]]
        assert bool(match) == kept
        left_out += not kept
        if match:
            assert (int(match[0]["macs"]), int(match[0]["flops"]), int(match[0]["bytes"])) == (
                c.macs, c.flops, c.memory.weights)
    assert left_out


@pytest.mark.parametrize("figure", FIGURES)
def test_every_cost_figure_can_be_sorted_on(figure):
    rows = list(rnncalc.sweep(cell="lstm,gru", inp="2,30", units="3..12:x2", steps=5, sort=f"-{figure}",
                              dtype="fp16").records())
    values = [r[figure] for r in rows]
    assert values == sorted(values, reverse=True)


def test_the_help_names_the_figures_sort_takes(rnncalc):
    text = rnncalc("sweep", "--help", env={"COLUMNS": "300"}).stdout
    assert all(figure in text for figure in FIGURES)
    assert "--max-macs" in text and "--max-bytes" in text and "--bias BOOL" in text and "--merge-mode" in text


# Bounds and exits.

def test_a_filter_that_leaves_nothing_says_so_and_exits_1_with_a_header(rnncalc):
    result = rnncalc("sweep", "-c", "lstm", "-i", "1..50", "-u", "1..50", "--max-params", "1", "-f", "csv")
    assert result.exit_code == 1
    assert result.stdout == "point,cell,inp,units,layers,bidirectional,bias,framework,total,error\n"
    assert result.stderr.count("\n") == 1 and "no point passed the filter (--max-params 1)" in result.stderr
    result = rnncalc("sweep", "-c", "lstm", "-i", "2", "-u", "3", "--max-macs", "1", "-f", "json")
    assert result.exit_code == 1 and json.loads(result.stdout) == []


@pytest.mark.parametrize("args,flag", [
    (["-u", "1..1000000", "--sort", "nope"], "--sort"),
    (["-u", "1..1000000", "--bias", "maybe"], "--bias"),
    (["-u", "1..1000000", "--merge-mode", "concat,max"], "--merge-mode"),
    (["-u", "1..1000000", "--max-bytes", "5 parsecs"], "--max-bytes"),
    (["-u", "1..1000000", "--steps", "0x10"], "--steps"),
    (["-u", "1..1000000", "--dtype", "fp8"], "--dtype"),
    (["-u", "1..1000000", "--directions", "3"], "--directions"),
    (["-u", "1..1000000", "--directions", "1", "--bidirectional", "true"], "--directions"),
    (["-u", "3", "--proj", "1..2:x1"], "--proj"),
    (["-u", "3//4"], "--units"),
    (["-u", ","], "--units"),
    (["-u", "3", "-F", "pytorch,tf"], "--framework"),
    (["-u", "3", "-f", "yaml"], "--format"),
])
def test_a_bad_option_is_one_line_before_any_point(rnncalc, args, flag):
    assert_one_line_error(rnncalc("sweep", "-c", "lstm", "-i", "1..1000", *args), flag)


def test_a_missing_field_is_one_line(rnncalc):
    assert_one_line_error(rnncalc("sweep", "-c", "lstm", "-u", "3"), "--inp", "is required")


def test_an_unknown_api_field_is_a_spec_error_with_a_hint():
    with pytest.raises(SpecError, match="did you mean units"):
        rnncalc.sweep(cell="lstm", inp=2, unit=3)
    for bad in (b"3", 2.5, {"a": 1}, [], object()):
        with pytest.raises(SpecError):
            rnncalc.sweep(cell="lstm", inp=2, units=bad)


def test_the_hold_limit_counts_layers(rnncalc):
    # 12,500 points of 1..199 layers: few points, 2.5M layers held to sort them.
    result = rnncalc("sweep", "-c", "lstm", "-i", "1..126", "-u", "3", "--layers", "1..199", "--sort", "total")
    assert_one_line_error(result, "--sort", f"at most {MAX_HELD:,} points and 2,500,000 layers",
                          "25,074 points of 2,507,400 layers")
    result = rnncalc("sweep", "-c", "lstm", "-i", "1..126", "-u", "3", "--layers", "1..199", "-f", "markdown")
    assert_one_line_error(result, "--format", "holds every row first")

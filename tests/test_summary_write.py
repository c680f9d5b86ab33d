"""`writers.write`, without frameworks: `check` of what it writes passes, and reads the spec back.

tests/crosscheck/test_summary_live.py holds the text itself against the real Keras 3, tf_keras
and torchinfo; here the goldens are files the corpus captured from them, and the property is
that rnncalc's own reader and checker accept every summary rnncalc writes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import assert_one_line_error, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnncalc.features.check import check_text
from rnncalc.errors import SpecError
from rnncalc.frameworks import NAMES
from rnncalc.model.spec import Spec, parse_spec
from rnncalc.summaries.writers import STYLES, write
from strategies import specs

CAPTURED = Path(__file__).parent / "corpus" / "captured"
FIELDS = ("cell", "units", "inp", "bidirectional", "bias", "reset_after")


# --- goldens -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "fields", "style", "steps", "batch"), [
    # Each of these corpus models is the writer's model exactly (built in a fresh session, no other layers).
    ("keras3-lstm-3-on-2", dict(cell="lstm", inp=2, units=3), "keras3", 4, None),
    ("keras3-bigru-mul", dict(cell="gru", inp=6, units=16, bidirectional=True, merge_mode="mul"), "keras3", None,
     None),
    ("keras3-rnn-simplernncell", dict(cell="rnn", inp=2, units=4, api="cell"), "keras3", 5, None),
    ("torchinfo-bare-lstm", dict(cell="lstm", inp=3, units=5, framework="pytorch"), "torchinfo", 6, 4),
])
def test_captured_summaries(name, fields, style, steps, batch):
    # capture.py prints on a terminal of WIDE (200) columns: Keras 3 draws its 88-wide table there.
    assert write(parse_spec(fields), style, steps, batch, columns=200) == \
        (CAPTURED / f"{name}.txt").read_text(encoding="utf-8")


KERAS2_STACK = "".join(line + "\n" for line in (  # tf_keras pads its rows: the spaces are printed
    'Model: "sequential"',
    '_________________________________________________________________',
    ' Layer (type)                Output Shape              Param #   ',
    '=================================================================',
    ' bidirectional (Bidirection  (None, 7, 10)             300       ',
    ' al)                                                             ',
    '                                                                 ',
    ' bidirectional_1 (Bidirecti  (None, 6)                 252       ',
    ' onal)                                                           ',
    '                                                                 ',
    '=================================================================',
    'Total params: 552 (2.16 KB)',
    'Trainable params: 552 (2.16 KB)',
    'Non-trainable params: 0 (0.00 Byte)',
    '_________________________________________________________________',
))

KERAS3_MERGE_NONE = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ bidirectional (Bidirectional)        │ [(None, 8), (None, 8)]      │             768 │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 Total params: 768 (3.00 KB)
 Trainable params: 768 (3.00 KB)
 Non-trainable params: 0 (0.00 B)
"""

TORCHINFO_BIGRU = """\
==========================================================================================
Layer (type:depth-idx)                   Output Shape              Param #
==========================================================================================
GRU                                      [100, 250, 2000]          30,024,000
==========================================================================================
Total params: 30,024,000
Trainable params: 30,024,000
Non-trainable params: 0
Total mult-adds (Units.GIGABYTES): 750.60
==========================================================================================
Input size (MB): 100.00
Forward/backward pass size (MB): 400.00
Params size (MB): 120.10
Estimated Total Size (MB): 620.10
==========================================================================================
"""


def test_keras2_wraps_long_names_as_tf_keras_does():
    spec = parse_spec(dict(cell="gru", inp=4, units=[5, 3], bidirectional=True, reset_after=False))
    assert write(spec, "keras2", steps=7) == KERAS2_STACK


def test_keras3_merge_mode_none_prints_both_outputs():
    spec = parse_spec(dict(cell="lstm", inp=3, units=8, bidirectional=True, merge_mode="none"))
    assert write(spec, "keras3", steps=7, columns=200) == KERAS3_MERGE_NONE


def test_torchinfo_footer_in_gigabytes():
    spec = parse_spec(dict(cell="gru", inp=1000, units=1000, layers=2, bidirectional=True, framework="pytorch"))
    assert write(spec, "torchinfo", steps=250, batch=100) == TORCHINFO_BIGRU


def test_keras_prints_a_given_batch_and_steps():
    text = write(parse_spec(dict(cell="lstm", inp=2, units=[3, 4])), "keras3", steps=9, batch=16, columns=200)
    assert "│ lstm (LSTM)                          │ (16, 9, 3)  " in text
    assert "│ lstm_1 (LSTM)                        │ (16, 4)  " in text


@pytest.mark.parametrize(("fields", "style", "field"), [
    (dict(cell="lstm", inp=3, units=5, proj=2, framework="pytorch"), "keras3", "proj"),
    (dict(cell="lstm", inp=3, units=5, peepholes=True, framework="onnx"), "keras2", "peepholes"),
    (dict(cell="lstm", inp=3, units=5, bidirectional=True, merge_mode="none"), "keras2", "merge_mode"),
    (dict(cell="gru", inp=3, units=5, bidirectional=True, merge_mode="sum"), "torchinfo", "merge_mode"),
    (dict(cell="gru", inp=3, units=5, reset_after=False), "torchinfo", "reset_after"),
    (dict(cell="gru", inp=3, units=[5, 6], framework="pytorch"), "torchinfo", "units"),
    (dict(cell="gru", inp=3, units=5, framework="pytorch"), "keras4", "style"),
])
def test_what_a_style_cannot_print(fields, style, field):
    with pytest.raises(SpecError) as err:
        write(parse_spec(fields), style, steps=3, batch=2)
    assert err.value.field == field


@pytest.mark.parametrize(("steps", "batch", "field"), [(None, 2, "steps"), (3, None, "batch"), (0, 2, "steps")])
def test_torchinfo_needs_the_input_size(steps, batch, field):
    with pytest.raises(SpecError) as err:
        write(parse_spec(dict(cell="lstm", inp=3, units=5, framework="pytorch")), "torchinfo", steps, batch)
    assert err.value.field == field


# --- the property: check passes on every summary written, and reads the spec back -----------------

# What each style refuses, by field: the things its framework cannot build.
REFUSED = {  # "style": the style's framework would count this network otherwise (cuDNN's biases, ONNX's)
    "keras3": {"proj", "peepholes", "style"},
    "keras2": {"proj", "peepholes", "merge_mode", "style"},
    "torchinfo": {"merge_mode", "reset_after", "peepholes", "units", "proj", "style"},  # proj: TF1 allows proj >= units
}


def _expected(spec: Spec, style: str) -> list[dict]:
    """Per printed row, the fields its reading should have: one row per Keras layer (one for an RNN
    over cells); torchinfo's one row is the whole module."""
    carried = parse_spec({"cell": spec.cell, "inp": spec.inp, "units": list(spec.units),
                          "bidirectional": spec.bidirectional, "bias": spec.bias, "api": spec.api,
                          "framework": "pytorch" if style == "torchinfo" else "keras",
                          **({"proj": spec.proj} if spec.proj else {}),
                          **({"reset_after": spec.reset_after} if style != "torchinfo" and spec.cell == "gru" else {}),
                          **({"merge_mode": spec.merge_mode} if style != "torchinfo" and spec.merge_mode else {})})
    whole = {"cell": carried.cell, "units": list(carried.units), "inp": carried.inp,
             "bidirectional": carried.bidirectional, "bias": carried.bias, "reset_after": carried.reset_after}
    if style == "torchinfo":
        return [{**whole, "proj": carried.proj, "layers": carried.layers}]
    if carried.api == "cell":
        return [{**whole, "layers": carried.layers}]
    return [{**whole, "units": [u], "inp": carried.input_width(k)} for k, u in enumerate(carried.units)]


def _agrees(fit_spec: dict, want: dict) -> bool:
    keys = set(want)
    if not want["bias"] or want["cell"] != "gru":
        keys.discard("reset_after")  # without biases reset_after changes no weight: no summary shows it
    return all(fit_spec.get(k) == want[k] for k in keys)


def assert_reads_back(spec: Spec, style: str, steps: int | None, batch: int | None) -> None:
    text = write(spec, style, steps, batch)
    assert text.endswith("\n") and not text.endswith("\n\n")
    result = check_text(text)
    assert [r.summary.format for r in result.reports] == [style], text
    report = result.reports[0]
    bad = [(v.row.name, v.note) for v in report.verdicts if v.status == "mismatch"]
    bad += [(t.label, t.note) for t in report.totals if t.status == "mismatch"]
    assert not bad, text
    assert report.summary.total == sum(v.row.params for v in report.verdicts), text
    wanted = _expected(spec, style)
    assert len(report.verdicts) == len(wanted), text
    for verdict, want in zip(report.verdicts, wanted, strict=True):
        assert verdict.status in ("pinned", "consistent"), (verdict.row.name, verdict.status, verdict.note, text)
        readings = [f.spec for f in verdict.fits if f.spec]
        if verdict.status == "pinned":
            assert _agrees(readings[0], want), (verdict.row.name, readings[0], want, text)
        elif not verdict.more:
            # Everything listed: the layer as built is one of the readings.
            assert any(_agrees(r, want) for r in readings), (verdict.row.name, want, readings, text)


sizes = st.integers(1, 12)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=specs(names=NAMES, max_size=12, max_layers=3), style=st.sampled_from(STYLES),
       steps=st.none() | sizes, batch=st.none() | sizes)
def test_check_passes_on_every_summary_written(fields, style, steps, batch):
    spec = parse_spec(fields)
    if style == "torchinfo":
        steps, batch = steps or 5, batch or 2  # torchinfo runs the module: it needs both
    try:
        write(spec, style, steps, batch)
    except SpecError as err:
        assert err.field in REFUSED[style], str(err)
        return
    assert_reads_back(spec, style, steps, batch)


@settings(max_examples=examples(100), deadline=None)
@given(fields=specs(names=("pytorch",), max_size=12, max_layers=3, uniform=True), steps=sizes, batch=sizes)
def test_check_reads_back_torchinfo(fields, steps, batch):
    """One nn.LSTM/GRU/RNN of equal layers, with or without proj_size: the row is the whole module."""
    assert_reads_back(parse_spec(fields), "torchinfo", steps, batch)


@st.composite
def keras_cells(draw):
    """Keras RNN over cells: RNN(cell), Bidirectional(RNN(cell)), RNN([cell, cell, ...]) of equal cells."""
    cell = draw(st.sampled_from(["lstm", "gru", "rnn"]))
    layers = draw(st.integers(1, 3))
    fields = dict(cell=cell, inp=draw(sizes), units=draw(sizes), layers=layers, api="cell", bias=draw(st.booleans()))
    if layers == 1 and draw(st.booleans()):
        fields |= dict(bidirectional=True, merge_mode=draw(st.sampled_from(["concat", "sum", "mul", "ave", "none"])))
    if cell == "gru":
        fields["reset_after"] = draw(st.booleans())
    return fields


@settings(max_examples=examples(60), deadline=None)
@given(fields=keras_cells(), style=st.sampled_from(["keras3", "keras2"]), steps=st.none() | sizes)
def test_check_reads_back_keras_rnn_over_cells(fields, style, steps):
    spec = parse_spec(fields)
    if style == "keras2" and spec.merge_mode == "none":
        return
    assert_reads_back(spec, style, steps, None)


@settings(max_examples=examples(30), deadline=None)
@given(cell=st.sampled_from(["lstm", "gru", "rnn"]), inp=sizes, units=sizes, bias=st.booleans(), batch=sizes)
def test_check_finds_no_mismatch_in_torchinfo_cells(cell, inp, units, bias, batch):
    spec = parse_spec(dict(cell=cell, inp=inp, units=units, bias=bias, api="cell", framework="pytorch"))
    result = check_text(write(spec, "torchinfo", batch=batch))
    assert result.ok


# --- what the checker does not read yet (strict: these pass once it does) ---------------------------

def test_keras_rnn_over_unequal_cells():
    assert_reads_back(parse_spec(dict(cell="rnn", inp=1, units=[1, 2], api="cell")), "keras3", None, None)


def test_torchinfo_cell_rows_are_checked():
    spec = parse_spec(dict(cell="rnn", inp=1, units=1, api="cell", framework="pytorch"))
    assert_reads_back(spec, "torchinfo", None, 1)


# --- the command ------------------------------------------------------------------------------------

def test_summary_command_prints_the_framework_s_own(rnncalc):
    result = rnncalc("summary", "--cell", "lstm", "--inp", "2", "--units", "3")
    assert result.exit_code == 0
    assert result.stdout == write(parse_spec(dict(cell="lstm", inp=2, units=3)), "keras3")
    torch = rnncalc("summary", "-c", "lstm", "-i", "2", "-u", "3", "-F", "pytorch", "-B", "1", "-T", "5")
    assert torch.exit_code == 0 and "LSTM                                     [1, 5, 3]                 84" in torch.stdout


def test_summary_command_json_and_round_trip(rnncalc):
    data = rnncalc.json("summary", "-c", "gru", "-i", "4", "-u", "8,6", "--style", "keras2")
    assert data["schema"] == "rnncalc.summary/1" and data["style"] == "keras2"
    result = rnncalc("check", "-", "--json", input=data["text"])
    assert result.exit_code == 0


@pytest.mark.parametrize(("args", "fragments"), [
    (["-F", "pytorch"], ["--batch", "torchinfo"]),
    (["-F", "onnx"], ["--style", "onnx"]),
    (["--style", "keras9"], ["--style", "keras9"]),
    (["--format", "csv"], ["--format", "picture"]),
])
def test_summary_command_errors(rnncalc, args, fragments):
    from helpers import assert_one_line_error

    assert_one_line_error(rnncalc("summary", "-c", "lstm", "-i", "2", "-u", "3", *args), *fragments)


@pytest.mark.parametrize(("fields", "style"), [
    (dict(cell="lstm", inp=2, units=3, framework="pytorch"), "keras3"),  # 84 in PyTorch, 72 as a Keras LSTM
    (dict(cell="lstm", inp=3, units=4, framework="keras"), "torchinfo"),
    (dict(cell="lstm", inp=3, units=4, framework="cudnn"), "keras2"),  # CuDNNLSTM's two biases
])
def test_a_style_never_prints_another_network(fields, style):
    with pytest.raises(SpecError) as err:
        write(parse_spec(fields), style, steps=2, batch=2)
    assert err.value.field == "style"


# Keras 3.15.1 (KERAS_BACKEND=torch), Sequential([Input((None, 2)), LSTM(3)]).summary() printed into
# a pipe (shutil.get_terminal_size() falls back to 80 columns: a 76-wide table), with line_length=30
# there, and with line_length=100 there (wider than the terminal: rich drops the Param # column).
KERAS3_PIPE = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ lstm (LSTM)                     │ (None, 3)              │            72 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 72 (288.00 B)
 Trainable params: 72 (288.00 B)
 Non-trainable params: 0 (0.00 B)
"""
KERAS3_30 = """\
Model: "sequential"
┏━━━━━━━━━━━━┳━━━━━━━━━┳━━━━━┓
┃ Layer      ┃ Output  ┃ Pa… ┃
┃ (type)     ┃ Shape   ┃   # ┃
┡━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━┩
│ lstm       │ (None,  │  72 │
│ (LSTM)     │ 3)      │     │
└────────────┴─────────┴─────┘
 Total params: 72 (288.00 B)
 Trainable params: 72 (288.00 B)
 Non-trainable params: 0 (0.00 B)
"""


def test_keras3_width_follows_the_terminal_as_keras_does(rnncalc):
    spec = parse_spec(dict(cell="lstm", inp=2, units=3))
    assert write(spec, "keras3", columns=80) == KERAS3_PIPE
    assert write(spec, "keras3", columns=80, line_length=30) == KERAS3_30
    assert write(spec, "keras3", columns=80, line_length=0) == KERAS3_PIPE  # "line_length or default"
    wide = write(spec, "keras3", columns=80, line_length=100)
    assert "Param #" not in wide and "Output Shape" in wide  # wider than the terminal: a column is lost
    # The CLI: COLUMNS as Keras reads it, the 80-column fallback, --line-length.
    assert rnncalc("summary", "--cell", "lstm", "--inp", "2", "--units", "3", env={"COLUMNS": "80"}).stdout == \
        KERAS3_PIPE
    assert rnncalc("summary", "--cell", "lstm", "--inp", "2", "--units", "3", "--line-length", "30",
                   env={"COLUMNS": "80"}).stdout == KERAS3_30
    wide = rnncalc("summary", "--cell", "lstm", "--inp", "2", "--units", "3", env={"COLUMNS": "200"}).stdout
    assert max(len(line) for line in wide.splitlines()) == 88


@pytest.mark.parametrize(("style", "width", "fragment"), [
    ("keras3", "15", "Insufficient console width"), ("keras3", "10001", "16 to 10000"),
    ("keras2", "9", "never return"), ("torchinfo", "80", "no line_length"),
])
def test_a_width_keras_refuses_is_refused(rnncalc, style, width, fragment):
    args = ["summary", "--cell", "lstm", "--inp", "2", "--units", "3", "--style", style, "--line-length", width]
    if style == "torchinfo":
        args += ["-F", "pytorch", "--batch", "1", "--steps", "2"]
    result = rnncalc(*args)
    assert result.exit_code == 2 and fragment in result.stderr, result.stderr
    assert_one_line_error(result)


def test_a_terminal_too_narrow_for_keras_3_is_refused_naming_it(rnncalc):
    # print_summary's min(88, columns - 4) under 16 raises "Insufficient console width" with no
    # line_length given (tests/crosscheck/test_summary_live.py holds the real Keras to it).
    result = rnncalc("summary", "--cell", "lstm", "--inp", "2", "--units", "3", env={"COLUMNS": "19"})
    assert result.exit_code == 2 and "COLUMNS" in result.stderr and "Insufficient console width" in result.stderr
    assert_one_line_error(result)
    narrow = rnncalc("summary", "--cell", "lstm", "--inp", "2", "--units", "3", "--line-length", "30",
                     env={"COLUMNS": "19"})
    assert narrow.exit_code == 0 and narrow.stdout == write(parse_spec(dict(cell="lstm", inp=2, units=3)), "keras3",
                                                            columns=19, line_length=30)


def test_keras2_line_length_0_is_its_default():
    spec = parse_spec(dict(cell="lstm", inp=2, units=3))
    assert write(spec, "keras2", line_length=0) == write(spec, "keras2") == write(spec, "keras2", line_length=65)


WIDTH_SPECS = [dict(cell="lstm", inp=3, units=5), dict(cell="gru", inp=6, units=[10, 3]),
               dict(cell="rnn", inp=5, units=6, bidirectional=True), dict(cell="lstm", inp=300, units=512, layers=3),
               dict(cell="gru", inp=3, units=8, bidirectional=True, merge_mode="sum")]
#: The narrowest line_length whose tables check reads whole: narrower, Keras wraps its header over
#: lines in ways check does not read yet (Keras 2 cuts "Layer (typ" / "e)"; Keras 3 wraps names).
READ_FROM = {"keras3": 46, "keras2": 41}


@pytest.mark.parametrize("style", ["keras3", "keras2"])
def test_strict_check_passes_the_summary_of_a_spec_at_every_width(style):
    """Issue 20's property: check of summary of a spec never finds a mismatch at any width Keras
    accepts; from READ_FROM on it reads every table, and --strict passes wherever Keras printed
    every count whole (at a narrow width Keras cuts counts to "1,665,…": those rows are not checked)."""
    lowest = 16 if style == "keras3" else 10
    for line_length in range(lowest, 131):
        for fields in WIDTH_SPECS:
            text = write(parse_spec(fields), style, 4, None, line_length=line_length, columns=max(line_length + 4, 80))
            try:
                result = check_text(text)
            except SpecError:
                assert line_length < READ_FROM[style], text
                continue
            assert result.ok, text
            if "…" not in text:
                assert result.strict_ok, text

"""`writers.write` against what Keras 3, tf_keras (Keras 2) and torchinfo print now, character for character.

Each spec of the grid is built for real, the way the writer's docstring says it is: Keras as
``Sequential([Input((steps, inp), batch_size=batch), <layers>])`` in a fresh session, printed as
tests/corpus/capture.py prints it (COLUMNS=200, print_fn output); tf_keras in a subprocess of
this file (``--worker keras2``), as capture.py runs its own; torchinfo as ``str(summary(module,
input_size=...))`` with its defaults.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from rnncalc.errors import SpecError
from rnncalc.model.spec import parse_spec
from rnncalc.summaries.writers import write

CORPUS = Path(__file__).parent.parent / "corpus"
_spec = importlib.util.spec_from_file_location("capture", CORPUS / "capture.py")
capture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(capture)

import keras  # noqa: E402  (capture.py has set KERAS_BACKEND)
import torch  # noqa: E402
import torchinfo  # noqa: E402

# (fields, steps, batch): Keras specs, written as keras3 and (where tf_keras builds them) keras2.
KERAS_GRID: list[tuple[dict, int | None, int | None]] = [
    (dict(cell="lstm", inp=3, units=5), None, None),
    (dict(cell="lstm", inp=3, units=[5, 7]), 4, None),
    (dict(cell="lstm", inp=8, units=[8, 4, 6]), None, None),
    (dict(cell="gru", inp=6, units=10), 10, None),
    (dict(cell="gru", inp=6, units=[10, 3], reset_after=False), None, None),
    (dict(cell="gru", inp=2, units=4, bias=False), 3, None),
    (dict(cell="gru", inp=2, units=4, bias=False, reset_after=False), None, None),
    (dict(cell="rnn", inp=1, units=1), None, None),
    (dict(cell="rnn", inp=5, units=[6, 6, 2], bidirectional=True), 12, None),
    (dict(cell="lstm", inp=7, units=16, layers=2, bidirectional=True), None, None),
    (dict(cell="gru", inp=6, units=16, bidirectional=True, merge_mode="sum"), None, None),
    (dict(cell="lstm", inp=3, units=[4, 6], bidirectional=True, merge_mode="mul"), 9, None),
    (dict(cell="rnn", inp=3, units=8, layers=3, bidirectional=True, merge_mode="ave"), None, None),
    (dict(cell="gru", inp=4, units=[5, 9], bidirectional=True, reset_after=False), 2, None),
    (dict(cell="lstm", inp=4, units=3, bidirectional=True, bias=False), None, None),
    (dict(cell="lstm", inp=3, units=8, bidirectional=True, merge_mode="none"), 7, None),
    (dict(cell="gru", inp=3, units=8, bidirectional=True, merge_mode="none", reset_after=False), None, None),
    (dict(cell="lstm", inp=300, units=512), 40, None),  # MB
    (dict(cell="lstm", inp=10, units=20), 10, 32),
    (dict(cell="gru", inp=10, units=[20, 30], bidirectional=True), None, 1),
    (dict(cell="rnn", inp=2, units=3, layers=12), None, None),  # simple_rnn_10, simple_rnn_11
    (dict(cell="lstm", inp=2, units=3, layers=11, bidirectional=True), 5, None),  # bidirectional_10: wraps in Keras 2
    (dict(cell="lstm", inp=3, units=5, api="cell"), 4, None),
    (dict(cell="gru", inp=3, units=[6, 5], api="cell"), None, None),
    (dict(cell="rnn", inp=3, units=4, api="cell", bidirectional=True, merge_mode="sum"), 6, 2),
    (dict(cell="gru", inp=3, units=2, bias=False), 123456789, 1000000),  # long shapes
]

# (fields, steps, batch) for torchinfo; PyTorch's convention unless the fields say otherwise.
TORCH_GRID: list[tuple[dict, int | None, int | None]] = [
    (dict(cell="lstm", inp=3, units=5), 6, 4),
    (dict(cell="lstm", inp=10, units=20, layers=2), 5, 1),
    (dict(cell="lstm", inp=10, units=20, layers=3, proj=5), 7, 2),
    (dict(cell="lstm", inp=4, units=6, proj=1, bidirectional=True), 3, 3),
    (dict(cell="lstm", inp=4, units=6, layers=2, proj=2, bidirectional=True, bias=False), 9, 5),
    (dict(cell="gru", inp=8, units=16, bidirectional=True), 7, 2),
    (dict(cell="gru", inp=12, units=24, layers=2, bidirectional=True), 9, 3),
    (dict(cell="gru", inp=5, units=5, bias=False), 1, 1),
    (dict(cell="rnn", inp=4, units=6, bias=False), 5, 3),
    (dict(cell="rnn", inp=4, units=6, layers=3, bidirectional=True), 20, 8),
    (dict(cell="lstm", inp=256, units=512, layers=2), 100, 64),  # mult-adds in billions
    # Params size in the hundreds of MB. torchinfo runs the module for real: 250 steps of a batch of
    # 100 took a minute and printed the same kinds of numbers as these 25 steps of 10.
    (dict(cell="gru", inp=1000, units=1000, layers=2, bidirectional=True), 25, 10),
    (dict(cell="lstm", inp=10, units=20, api="cell"), None, 4),
    (dict(cell="gru", inp=7, units=14, api="cell", bias=False), None, 2),
    (dict(cell="rnn", inp=3, units=2, api="cell"), 9, 1),
]


def _label(case: tuple[dict, int | None, int | None]) -> str:
    fields, steps, batch = case
    return ",".join(f"{k}={v}" for k, v in fields.items()).replace(" ", "") + f",steps={steps},batch={batch}"


def build_keras(K, fields: dict, steps: int | None, batch: int | None):
    """The model the writer describes, from Keras 3 or tf_keras (``K``)."""
    spec = parse_spec({**fields, "framework": "keras"})
    L = K.layers
    layer_cls = {"lstm": L.LSTM, "gru": L.GRU, "rnn": L.SimpleRNN}[spec.cell]
    cell_cls = {"lstm": L.LSTMCell, "gru": L.GRUCell, "rnn": L.SimpleRNNCell}[spec.cell]
    options = {"use_bias": spec.bias}
    if spec.cell == "gru":
        options["reset_after"] = spec.reset_after

    def wrapped(layer):
        if not spec.bidirectional:
            return layer
        return L.Bidirectional(layer, merge_mode=None if spec.merge_mode == "none" else spec.merge_mode)

    if spec.api == "cell":
        cells = [cell_cls(units, **options) for units in spec.units]
        layers = [wrapped(L.RNN(cells if spec.layers > 1 else cells[0]))]
    else:
        layers = [wrapped(layer_cls(units, return_sequences=k < spec.layers - 1, **options))
                  for k, units in enumerate(spec.units)]
    return K.Sequential([K.Input((steps, spec.inp), batch_size=batch), *layers])


def keras2_worker(grid: list) -> list[str | None]:
    """Each grid case as tf_keras prints it, or None where tf_keras refuses to build it."""
    import tf_keras

    out = []
    for fields, steps, batch, *options in grid:  # options: print_summary's keyword arguments
        tf_keras.backend.clear_session()
        try:
            model = build_keras(tf_keras, fields, steps, batch)
        except ValueError as err:
            out.append(None if "single output tensor" in str(err) else f"ERROR {err}")
            continue
        lines: list[str] = []
        model.summary(print_fn=lambda text, **_: lines.append(text), **(options[0] if options else {}))
        out.append("\n".join(lines) + "\n")
    return out


def torch_text(fields: dict, steps: int | None, batch: int | None, **options: object) -> str:
    spec = parse_spec({"framework": "pytorch", **fields})
    classes = {"lstm": "LSTM", "gru": "GRU", "rnn": "RNN"}
    if spec.api == "cell":
        module = getattr(torch.nn, classes[spec.cell] + "Cell")(spec.inp, spec.units[0], bias=spec.bias)
        size = (batch, spec.inp)
    else:
        extra = {"proj_size": spec.proj} if spec.proj else {}
        module = getattr(torch.nn, classes[spec.cell])(spec.inp, spec.units[0], num_layers=spec.layers,
                                                       bias=spec.bias, batch_first=True,
                                                       bidirectional=spec.bidirectional, **extra)
        size = (batch, steps, spec.inp)
    with redirect_stdout(io.StringIO()), torch.no_grad():
        stats = torchinfo.summary(module, input_size=size, verbose=0, **options)
    return str(stats) + "\n"


def run_keras2(grid: list) -> list[str | None]:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", "keras2"],
                          input=json.dumps(grid).encode(), capture_output=True, check=False,
                          env={**os.environ, "TF_USE_LEGACY_KERAS": "1", "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    return json.loads(done.stdout.decode().rsplit("\n@@", 1)[1])


@pytest.fixture(scope="module")
def keras2_texts() -> list[str | None]:
    return run_keras2(KERAS_GRID)


@pytest.mark.parametrize("columns", [capture.WIDE, 80], ids=["wide", "80-columns"])
@pytest.mark.parametrize("case", KERAS_GRID, ids=_label)
def test_keras3(case, columns):
    """At a wide terminal (an 88-wide table) and at the 80 columns of a notebook or a pipe (76 wide)."""
    fields, steps, batch = case
    keras.backend.clear_session()
    real = capture.keras_text(build_keras(keras, fields, steps, batch), columns)
    assert write(parse_spec(fields), "keras3", steps, batch, columns=columns) == real


@pytest.mark.parametrize(("columns", "line_length"), [(80, 16), (80, 30), (80, 60), (80, 76), (80, 100), (200, 100),
                                                      (200, 150), (120, 0)])
def test_keras3_line_length(columns, line_length):
    """model.summary(line_length=N) as Keras 3 draws it, wider than the terminal too (a column lost)."""
    for fields, steps, batch in KERAS_GRID[:6]:
        keras.backend.clear_session()
        real = capture.keras_text(build_keras(keras, fields, steps, batch), columns, line_length=line_length)
        assert write(parse_spec(fields), "keras3", steps, batch, line_length=line_length, columns=columns) == real


def test_keras3_refuses_the_widths_rnncalc_refuses():
    model = build_keras(keras, dict(cell="lstm", inp=3, units=5), None, None)
    with pytest.raises(ValueError, match="Insufficient console width"):
        capture.keras_text(model, 80, line_length=15)
    capture.keras_text(model, 80, line_length=16)
    with pytest.raises(SpecError, match="Insufficient console width"):
        write(parse_spec(dict(cell="lstm", inp=3, units=5)), "keras3", line_length=15, columns=80)
    write(parse_spec(dict(cell="lstm", inp=3, units=5)), "keras3", line_length=16, columns=80)


@pytest.mark.parametrize("index", range(len(KERAS_GRID)), ids=[_label(c) for c in KERAS_GRID])
def test_keras2(index, keras2_texts):
    fields, steps, batch = KERAS_GRID[index]
    real = keras2_texts[index]
    assert real is None or not real.startswith("ERROR"), real
    if real is None:  # tf_keras's Sequential refuses two outputs: merge_mode=None
        with pytest.raises(SpecError, match="merge_mode"):
            write(parse_spec(fields), "keras2", steps, batch)
        return
    assert write(parse_spec(fields), "keras2", steps, batch) == real


@pytest.mark.parametrize("case", TORCH_GRID, ids=_label)
def test_torchinfo(case):
    fields, steps, batch = case
    spec = parse_spec({"framework": "pytorch", **fields})
    assert write(spec, "torchinfo", steps, batch) == torch_text(fields, steps, batch)


# tf.keras's line_length: 0 is its default (65), and every width rnncalc accepts prints as tf.keras prints it.
KERAS2_WIDTHS = [0, 10, 11, 20, 33, 65, 100, 140]


def test_keras2_line_length():
    cases = [(dict(cell="lstm", inp=3, units=[5, 7]), 4, 32), (dict(cell="gru", inp=6, units=10, bidirectional=True),
                                                             None, None)]
    grid = [(fields, steps, batch, {"line_length": n}) for fields, steps, batch in cases for n in KERAS2_WIDTHS]
    for (fields, steps, batch, options), real in zip(grid, run_keras2(grid), strict=True):
        assert write(parse_spec(fields), "keras2", steps, batch, line_length=options["line_length"]) == real, options


def test_keras2_refuses_a_width_tf_keras_never_returns_from():
    # print_row loops while a cell is left; a column cut to nothing never empties it (tf_keras
    # layer_utils.print_summary), so these widths cannot be run against the real thing.
    for n in (1, 5, 9, -1, 10_001):
        with pytest.raises(SpecError, match="line_length"):
            write(parse_spec(dict(cell="lstm", inp=3, units=5)), "keras2", line_length=n)


@pytest.mark.parametrize("col_width", [1, 8, 12, 25, 40, 90])
@pytest.mark.parametrize("case", [TORCH_GRID[0], TORCH_GRID[3], TORCH_GRID[12]], ids=_label)
def test_torchinfo_col_width(rnncalc, case, col_width):
    """As a user asks for it: the spec, the sizes and --col-width on the command line."""
    fields, steps, batch = case
    sizes = [*(["--steps", str(steps)] if steps is not None else []), *(["--batch", str(batch)] if batch else [])]
    printed = rnncalc("summary", "--spec", "-", "-F", "pytorch", *sizes, "--col-width", str(col_width),
                      input=json.dumps(fields))
    assert printed.exit_code == 0, printed.stderr
    assert printed.stdout == torch_text(fields, steps, batch, col_width=col_width)


@pytest.mark.parametrize("col_width", [0, -3])
def test_torchinfo_refuses_the_col_width_it_refuses(col_width):
    fields, steps, batch = TORCH_GRID[0]
    with pytest.raises(ValueError, match=f"Column width must be greater than 0: col_width={col_width}"):
        torch_text(fields, steps, batch, col_width=col_width)
    with pytest.raises(SpecError, match=f"Column width must be greater than 0: col_width={col_width}"):
        write(parse_spec({"framework": "pytorch", **fields}), "torchinfo", steps, batch, col_width=col_width)


def test_keras3_on_a_terminal_too_narrow_refuses_as_keras_does():
    keras.backend.clear_session()
    model = build_keras(keras, dict(cell="lstm", inp=3, units=5), None, None)
    with pytest.raises(ValueError, match="Insufficient console width"):
        capture.keras_text(model, 19)
    capture.keras_text(model, 20)
    with pytest.raises(SpecError, match="Insufficient console width") as refused:
        write(parse_spec(dict(cell="lstm", inp=3, units=5)), "keras3", columns=19)
    assert refused.value.field == "COLUMNS"
    assert write(parse_spec(dict(cell="lstm", inp=3, units=5)), "keras3", columns=20) == capture.keras_text(model, 20)
    # A line_length given is Keras's width whatever the terminal.
    assert write(parse_spec(dict(cell="lstm", inp=3, units=5)), "keras3", columns=19, line_length=30) == \
        capture.keras_text(model, 19, line_length=30)


def test_the_grid_covers_each_style_with_enough_cases():
    assert len(KERAS_GRID) + len(TORCH_GRID) >= 40


if __name__ == "__main__":
    if sys.argv[1:3] == ["--worker", "keras2"]:
        texts = keras2_worker(json.loads(sys.stdin.read()))
        # TF may print on stdout as it loads; the answer follows the last marker.
        sys.stdout.write("\n@@" + json.dumps(texts))
        sys.exit(0)

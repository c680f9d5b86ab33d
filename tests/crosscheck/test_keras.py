"""rnncalc's Keras inventory against real Keras 3 layers (torch backend): names, shapes, totals,
and the numbers each gate's block computes."""

import keras
import numpy as np
import pytest
import reference

from rnncalc import count, parse_spec

LAYERS = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}


def build(cell, inp, units, bias=True, bidirectional=False, merge_mode="concat", reset_after=None):
    """A fresh Sequential stack, as a user would write it, one recurrent layer per size."""
    keras.backend.clear_session()  # layer names (lstm, lstm_1, ...) are numbered per session
    stack = [keras.Input((5, inp))]
    for i, size in enumerate(units):
        kwargs = {"use_bias": bias, "return_sequences": i < len(units) - 1}
        if reset_after is not None:
            kwargs["reset_after"] = reset_after
        layer = LAYERS[cell](size, **kwargs)
        stack.append(keras.layers.Bidirectional(layer, merge_mode=merge_mode) if bidirectional else layer)
    return keras.Sequential(stack)


def real(model):
    return [(w.path.removeprefix(f"{model.name}/"), tuple(w.shape)) for w in model.weights]


def check(model, fields):
    c = count(parse_spec(fields))
    assert [(t.name, t.shape) for t in c.tensors] == real(model)
    assert c.total == model.count_params() == sum(t.params for t in c.tensors)


def assign_random(model, seed):
    """Random weights set by our tensor names; the arrays, by those names."""
    rng = np.random.default_rng(seed)
    arrays = {}
    for w in model.weights:
        name = w.path.removeprefix(f"{model.name}/")
        arrays[name] = rng.uniform(-0.5, 0.5, tuple(w.shape)).astype("float32")
        w.assign(arrays[name])
    return arrays, rng


def check_numbers(model, spec, seed):
    # The model's output equals a NumPy network that reads each gate through our blocks: the
    # column order, the GRU bias rows, the transposes, the merge of the two directions.
    arrays, rng = assign_random(model, seed)
    x = rng.uniform(-1, 1, (2, 5, spec.inp)).astype("float32")
    got = keras.ops.convert_to_numpy(model(x))
    _, finals = reference.run(spec, arrays, np.swapaxes(x, 0, 1).astype("float64"))
    last = spec.layers - 1  # the last step's output: each direction's final h, merged
    expected = reference.merge(spec, [finals[(last, d)][0] for d in ("forward", "backward")[: spec.directions]])
    assert np.allclose(got, expected, atol=1e-5)


VARIANTS = [("rnn", None), ("lstm", None), ("gru", True), ("gru", False)]
# Per variant, each choice once, each on sizes of its own: a one-feature layer, a stack of three
# unequal layers, both directions alone and stacked (the next layer reads 2·units), each merge
# on a stack (the next layer reads units), with biases and without.
CHOICES = [
    dict(bias=True, inp=1, units=[1]),
    dict(bias=False, inp=3, units=[2, 4, 3]),
    dict(bias=True, inp=4, units=[5, 2], bidirectional=True),
    dict(bias=False, inp=3, units=[4], bidirectional=True),
    dict(bias=True, inp=2, units=[3, 2], bidirectional=True, merge_mode="sum"),
    dict(bias=False, inp=2, units=[3, 2], bidirectional=True, merge_mode="mul"),
    dict(bias=True, inp=2, units=[3, 2], bidirectional=True, merge_mode="ave"),
]
GRID = [dict(cell=cell, **choice, **({} if reset_after is None else {"reset_after": reset_after}))
        for cell, reset_after in VARIANTS for choice in CHOICES]


@pytest.mark.parametrize("fields", GRID, ids=lambda f: "-".join(f"{k}={v}" for k, v in f.items()))
def test_layers(fields):
    # One model per spec: its weights' names, shapes and count, then its numbers.
    spec = parse_spec(fields)
    model = build(spec.cell, spec.inp, list(spec.units), bias=spec.bias, bidirectional=spec.bidirectional,
                  merge_mode=spec.merge_mode or "concat", reset_after=fields.get("reset_after"))
    check(model, fields)
    check_numbers(model, spec, seed=1)


def test_known_answers_come_from_keras():
    # LSTM(1) on 1 feature and LSTM(3) on 2 features: the numbers Keras itself reports.
    for inp, units in [(1, 1), (2, 3)]:
        model = build("lstm", inp, [units])
        assert count(parse_spec(dict(cell="lstm", inp=inp, units=units))).total == model.count_params()


def test_gru_default_is_reset_after():
    # rnncalc's default must be Keras's default, whatever it is in the installed Keras.
    model = build("gru", 3, [4])
    spec = parse_spec(dict(cell="gru", inp=3, units=4))
    assert spec.reset_after is model.layers[0].reset_after
    check(model, dict(cell="gru", inp=3, units=4))


CELL_CLASSES = {"rnn": keras.layers.SimpleRNNCell, "lstm": keras.layers.LSTMCell, "gru": keras.layers.GRUCell}


# RNN(cell), RNN([cell, cell, cell]) and Bidirectional(RNN(cell)): each names its weights its own way.
CELL_API = [dict(cell=cell, inp=3, units=units, bidirectional=bidirectional, api="cell")
            for cell in CELL_CLASSES for units, bidirectional in [([4], False), ([4, 3, 2], False), ([4], True)]]


@pytest.mark.parametrize("fields", CELL_API, ids=lambda f: "-".join(f"{k}={v}" for k, v in f.items()))
def test_cell_api(fields):
    keras.backend.clear_session()
    spec = parse_spec(fields)
    cells = [CELL_CLASSES[spec.cell](u) for u in spec.units]
    rnn = keras.layers.RNN(cells if len(cells) > 1 else cells[0])
    model = keras.Sequential([keras.Input((5, spec.inp)),
                              keras.layers.Bidirectional(rnn) if spec.bidirectional else rnn])
    check(model, fields)
    check_numbers(model, spec, seed=7)


#: What the cross-checks build with real Keras 3 layers (names, shapes, counts), and run.
BUILT = RUN = [{**fields, "framework": "keras"} for fields in GRID + CELL_API]

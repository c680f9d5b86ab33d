"""rnncalc's Keras inventory against real Keras 3 layers (torch backend): names, shapes, totals."""

import itertools

import keras
import pytest

from rnncalc import count, parse_spec

LAYERS = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}
MERGES = ["concat", "sum", "mul", "ave"]


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


VARIANTS = [("rnn", None), ("lstm", None), ("gru", True), ("gru", False)]
SIZES = [(1, [1]), (2, [3]), (7, [5, 5]), (4, [6, 3]), (3, [2, 4, 3])]


@pytest.mark.parametrize(
    "cell,reset_after,bias,inp,units",
    [(c, r, b, i, u) for (c, r), b, (i, u) in itertools.product(VARIANTS, [True, False], SIZES)],
)
def test_unidirectional(cell, reset_after, bias, inp, units):
    model = build(cell, inp, units, bias=bias, reset_after=reset_after)
    fields = dict(cell=cell, inp=inp, units=units, bias=bias)
    if reset_after is not None:
        fields["reset_after"] = reset_after
    check(model, fields)


@pytest.mark.parametrize(
    "cell,reset_after,merge_mode,inp,units",
    [(c, r, m, i, u) for (c, r), m, (i, u) in itertools.product(VARIANTS, MERGES, [(2, [3]), (4, [6, 3])])],
)
def test_bidirectional(cell, reset_after, merge_mode, inp, units):
    model = build(cell, inp, units, bidirectional=True, merge_mode=merge_mode, reset_after=reset_after)
    fields = dict(cell=cell, inp=inp, units=units, bidirectional=True, merge_mode=merge_mode)
    if reset_after is not None:
        fields["reset_after"] = reset_after
    check(model, fields)


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


@pytest.mark.parametrize(
    "cell,reset_after,bias,bidirectional,inp,units",
    [(c, r, b, d, i, u) for (c, r), b, d, (i, u) in
     itertools.product(VARIANTS, [True, False], [False, True], [(1, [1]), (3, [4]), (4, [5, 2])])],
)
def test_blocks_are_the_gates_keras_computes(cell, reset_after, bias, bidirectional, inp, units):
    # Random weights set by our names; the layer's output equals a NumPy network that reads
    # each gate through our blocks: the column order, the GRU bias rows, the transposes.
    import numpy as np
    from reference import run as reference

    fields = dict(cell=cell, inp=inp, units=units, bias=bias, bidirectional=bidirectional)
    if reset_after is not None:
        fields["reset_after"] = reset_after
    spec = parse_spec(fields)
    model = build(cell, inp, units, bias=bias, bidirectional=bidirectional, reset_after=reset_after)
    rng = np.random.default_rng(1)
    arrays = {}
    for w in model.weights:
        name = w.path.removeprefix(f"{model.name}/")
        arrays[name] = rng.uniform(-0.5, 0.5, tuple(w.shape)).astype("float32")
        w.assign(arrays[name])
    x = rng.uniform(-1, 1, (2, 5, inp)).astype("float32")
    got = keras.ops.convert_to_numpy(model(x))
    _, finals = reference(spec, arrays, np.swapaxes(x, 0, 1).astype("float64"))
    last = spec.layers - 1  # the last step's output: each direction's final h, concatenated
    expected = np.concatenate([finals[(last, d)][0] for d in ("forward", "backward")[: spec.directions]], axis=-1)
    assert np.allclose(got, expected, atol=1e-5)


CELL_CLASSES = {"rnn": keras.layers.SimpleRNNCell, "lstm": keras.layers.LSTMCell, "gru": keras.layers.GRUCell}


@pytest.mark.parametrize("cell,units,bidirectional", [
    (c, u, d) for c in CELL_CLASSES for u, d in [([4], False), ([4, 2], False), ([4, 3, 2], False), ([4], True)]
])
def test_cell_api(cell, units, bidirectional):
    # RNN(LSTMCell(u)), RNN([cell, cell]) and Bidirectional(RNN(cell)): names, count, outputs.
    import numpy as np
    from reference import run as reference

    keras.backend.clear_session()
    cells = [CELL_CLASSES[cell](u) for u in units]
    rnn = keras.layers.RNN(cells if len(cells) > 1 else cells[0])
    model = keras.Sequential([keras.Input((5, 3)), keras.layers.Bidirectional(rnn) if bidirectional else rnn])
    spec = parse_spec(dict(cell=cell, inp=3, units=units, bidirectional=bidirectional, api="cell"))
    check(model, dict(cell=cell, inp=3, units=units, bidirectional=bidirectional, api="cell"))
    rng = np.random.default_rng(7)
    arrays = {}
    for w in model.weights:
        name = w.path.removeprefix(f"{model.name}/")
        arrays[name] = rng.uniform(-0.5, 0.5, tuple(w.shape)).astype("float32")
        w.assign(arrays[name])
    x = rng.uniform(-1, 1, (2, 5, 3)).astype("float32")
    got = keras.ops.convert_to_numpy(model(x))
    _, finals = reference(spec, arrays, np.swapaxes(x, 0, 1).astype("float64"))
    last = spec.layers - 1
    expected = np.concatenate([finals[(last, d)][0] for d in ("forward", "backward")[: spec.directions]], axis=-1)
    assert np.allclose(got, expected, atol=1e-5)

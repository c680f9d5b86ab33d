"""rnncalc's shapes against real Keras 3 layers: symbolic shapes (None) and real forward passes."""

import keras
import numpy as np
import pytest

from rnncalc import parse_spec
from rnncalc.model.flow import Run, shapes

LAYERS = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}
B, T = 3, 5


def stack(cell, units, bidirectional, merge_mode, return_sequences, return_state):
    layers = []
    for i, size in enumerate(units):
        last = i == len(units) - 1
        layer = LAYERS[cell](size, return_sequences=return_sequences or not last, return_state=return_state and last)
        layers.append(keras.layers.Bidirectional(layer, merge_mode=merge_mode) if bidirectional else layer)
    return layers


def run(layers, x):
    for layer in layers:
        x = layer(x)
    return x if isinstance(x, (list, tuple)) else [x]


MERGES = [(False, None), (True, "concat"), (True, "sum"), (True, "mul"), (True, "ave"), (True, "none")]
# Per cell and merge, two of the four (return_sequences, return_state), the other two for the
# next cell and the next merge; the first of the two on a stack (merge_mode="none" cannot stack).
GRID = [
    (cell, [4] if merge == "none" or k else [6, 3], bidirectional, merge, seqs, state)
    for c, cell in enumerate(["rnn", "lstm", "gru"])
    for j, (bidirectional, merge) in enumerate(MERGES)
    for k, (seqs, state) in enumerate([(False, False), (True, True)] if (c + j) % 2 == 0 else
                                      [(False, True), (True, False)])
]


@pytest.mark.parametrize("cell,units,bidirectional,merge,return_sequences,return_state", GRID)
def test_sequence_outputs(cell, units, bidirectional, merge, return_sequences, return_state):
    fields = dict(cell=cell, inp=2, units=units, bidirectional=bidirectional)
    if merge:
        fields["merge_mode"] = merge
    spec = parse_spec(fields)
    keras_merge = None if merge == "none" else (merge or "concat")
    options = dict(return_sequences=return_sequences, return_state=return_state)

    # Symbolic: what model.summary() prints, with None for the unknown batch and length.
    ours = shapes(spec, Run(**options))
    symbolic = run(stack(cell, units, bidirectional, keras_merge, **options), keras.Input((None, 2)))
    assert [tuple(t.shape) for t in symbolic] == [o.shape for o in ours.outputs]

    # A real forward pass with a concrete batch and length.
    ours = shapes(spec, Run(batch=B, steps=T, **options))
    real = run(stack(cell, units, bidirectional, keras_merge, **options), np.zeros(ours.input.shape, "float32"))
    assert [tuple(t.shape) for t in real] == [o.shape for o in ours.outputs]


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_classic_elman_question(cell):
    # "2 features, 3 neurons, 4 steps": a batch of one sequence of 4 steps gives (1, 3),
    # and every step's h_t (return_sequences) gives (1, 4, 3).
    spec = parse_spec(dict(cell=cell, inp=2, units=3))
    for seqs in (False, True):
        ours = shapes(spec, Run(batch=1, steps=4, return_sequences=seqs))
        (real,) = run(stack(cell, [3], False, None, seqs, False), np.zeros((1, 4, 2), "float32"))
        assert tuple(real.shape) == ours.outputs[0].shape

"""rnncalc's shapes against real PyTorch forward passes."""

import itertools

import pytest
import torch

from rnncalc import parse_spec
from rnncalc.model.flow import Run, shapes

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
CELLS = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}
B, T = 3, 5


def flat(result):
    """(output, h_n) or (output, (h_n, c_n)) -> [output, h_n(, c_n)], as rnncalc lists them."""
    output, state = result
    return [output, *(state if isinstance(state, tuple) else (state,))]


@pytest.mark.parametrize(
    "cell,layers,bidirectional,batch_first,proj",
    [(c, n, d, bf, p) for c, n, d, bf, p in itertools.product(["rnn", "lstm", "gru"], [1, 2, 3], [False, True],
                                                              [False, True], [None, 2]) if p is None or c == "lstm"],
)
def test_sequence_outputs(cell, layers, bidirectional, batch_first, proj):
    inp, units = 4, 6
    extra = {"proj_size": proj} if proj else {}
    module = MODULES[cell](inp, units, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, **extra)
    spec = parse_spec(dict(cell=cell, inp=inp, units=units, layers=layers, bidirectional=bidirectional,
                           proj=proj, framework="pytorch"))
    ours = shapes(spec, Run(batch=B, steps=T, batch_first=batch_first))
    x = torch.zeros(ours.input.shape)
    assert list(x.shape) == ([B, T, inp] if batch_first else [T, B, inp])
    real = flat(module(x))
    assert [tuple(t.shape) for t in real] == [o.shape for o in ours.outputs]
    assert [o.name for o in ours.outputs] == (["output", "h_n", "c_n"] if cell == "lstm" else ["output", "h_n"])


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("bidirectional", [False, True])
def test_unequal_stack_returns_the_last_modules_states(cell, bidirectional):
    spec = parse_spec(dict(cell=cell, inp=4, units=[7, 5], bidirectional=bidirectional, framework="pytorch"))
    ours = shapes(spec, Run(batch=B, steps=T))
    x = torch.zeros(ours.input.shape)
    for layer, size in enumerate(spec.units):
        result = MODULES[cell](spec.input_width(layer), size, bidirectional=bidirectional)(x)
        x = result[0]
    assert [tuple(t.shape) for t in flat(result)] == [o.shape for o in ours.outputs]


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("inp,units", [(1, 1), (2, 3), (10, 7)])
def test_one_step(cell, inp, units):
    # A real cell step: the packed pre-activations x·W_ihᵀ + b_ih, and the new states.
    spec = parse_spec(dict(cell=cell, inp=inp, units=units, framework="pytorch"))
    ours = {t.name: t.shape for t in shapes(spec, Run(batch=B)).steps[0].tensors}
    module = CELLS[cell](inp, units)
    x, h = torch.zeros(ours["x_t"]), torch.zeros(ours["h_{t-1}"])
    packed = torch.nn.functional.linear(x, module.weight_ih, module.bias_ih)
    assert tuple(packed.shape) == ours.get("gates", ours.get("pre-activation"))
    if cell == "lstm":
        h_t, c_t = module(x, (h, torch.zeros(ours["c_{t-1}"])))
        assert tuple(c_t.shape) == ours["c_t"]
        assert all(tuple(chunk.shape) == ours[f"gate {g}"] for chunk, g in zip(packed.chunk(4, 1), "ifgo"))
    else:
        h_t = module(x, h)
    assert tuple(h_t.shape) == ours["h_t"]


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("layers,bidirectional", [(1, False), (2, True)])
def test_unbatched_input(cell, layers, bidirectional):
    # The classic question: an Elman RNN with 2 features, 3 units and 4 steps outputs (4, 3).
    spec = parse_spec(dict(cell=cell, inp=2, units=3, layers=layers, bidirectional=bidirectional, framework="pytorch"))
    ours = shapes(spec, Run(steps=4, unbatched=True))
    module = MODULES[cell](2, 3, num_layers=layers, bidirectional=bidirectional)
    real = flat(module(torch.zeros(ours.input.shape)))
    assert [tuple(t.shape) for t in real] == [o.shape for o in ours.outputs]
    step = {t.name: t.shape for t in ours.steps[0].tensors}
    cell_module = CELLS[cell](2, 3)
    h_t = cell_module(torch.zeros(step["x_t"]))
    assert tuple((h_t[0] if cell == "lstm" else h_t).shape) == step["h_t"]

"""rnncalc's PyTorch inventory against torch.nn.RNN/LSTM/GRU's own named_parameters()."""

import itertools

import pytest
import torch

from rnncalc import count, parse_spec

SIZES = [(1, 1), (2, 3), (7, 5), (16, 4)]
MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def real(module):
    return [(name, tuple(p.shape)) for name, p in module.named_parameters()]


def ours(spec):
    c = count(spec)
    assert c.total == sum(t.params for t in c.tensors)
    return [(t.name, t.shape) for t in c.tensors], c.total


GRID = [
    (cell, nonlinearity, bias, layers, bidirectional, inp, units)
    for cell, nonlinearity in [("rnn", "tanh"), ("rnn", "relu"), ("lstm", None), ("gru", None)]
    for bias, layers, bidirectional, (inp, units) in itertools.product(
        [True, False], [1, 2, 3], [False, True], SIZES
    )
]


@pytest.mark.parametrize("cell,nonlinearity,bias,layers,bidirectional,inp,units", GRID)
def test_single_module(cell, nonlinearity, bias, layers, bidirectional, inp, units):
    extra = {"nonlinearity": nonlinearity} if nonlinearity else {}
    module = MODULES[cell](inp, units, num_layers=layers, bias=bias, bidirectional=bidirectional, **extra)
    spec = parse_spec(dict(cell=cell, inp=inp, units=units, layers=layers, bias=bias,
                           bidirectional=bidirectional, framework="pytorch"))
    tensors, total = ours(spec)
    assert tensors == real(module)
    assert total == sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize(
    "inp,units,proj,layers,bidirectional,bias",
    [(i, u, p, n, d, b) for (i, u, p) in [(2, 3, 1), (2, 3, 2), (10, 20, 5), (1, 8, 7)]
     for n in [1, 2, 3] for d in [False, True] for b in [True, False]],
)
def test_lstm_projection(inp, units, proj, layers, bidirectional, bias):
    module = torch.nn.LSTM(inp, units, num_layers=layers, proj_size=proj, bidirectional=bidirectional, bias=bias)
    spec = parse_spec(dict(cell="lstm", inp=inp, units=units, proj=proj, layers=layers,
                           bidirectional=bidirectional, bias=bias, framework="pytorch"))
    tensors, total = ours(spec)
    assert tensors == real(module)
    assert total == sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("units,bidirectional", [([64, 32], False), ([8, 16, 4], True), ([5, 3], True)])
def test_stack_of_unequal_modules(cell, units, bidirectional):
    # Unequal sizes cannot share one module: the stack is a ModuleList of one-layer modules,
    # each taking the previous module's output (both directions concatenated).
    modules, width = [], 6
    for size in units:
        modules.append(MODULES[cell](width, size, bidirectional=bidirectional))
        width = size * (2 if bidirectional else 1)
    stack = torch.nn.ModuleList(modules)
    spec = parse_spec(dict(cell=cell, inp=6, units=units, bidirectional=bidirectional, framework="pytorch"))
    tensors, total = ours(spec)
    assert tensors == real(stack)
    assert total == sum(p.numel() for p in stack.parameters())


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_forward_pass_takes_the_widths_we_say(cell):
    # Each layer's input width is what the inventory says: a real forward pass through a stack
    # built from our widths runs, and its output has our last layer's output width.
    spec = parse_spec(dict(cell=cell, inp=3, units=[5, 4], bidirectional=True, framework="pytorch"))
    x = torch.zeros(7, 2, spec.input_width(0))
    for layer, size in enumerate(spec.units):
        x, _ = MODULES[cell](spec.input_width(layer), size, bidirectional=True)(x)
    assert x.shape[-1] == spec.output_width(spec.layers - 1)


def test_known_answer_matches_torch():
    # The headline: nn.LSTM(2, 3) has 84 parameters; the number comes from torch here.
    module = torch.nn.LSTM(2, 3)
    spec = parse_spec(dict(cell="lstm", inp=2, units=3, framework="pytorch"))
    assert count(spec).total == sum(p.numel() for p in module.parameters())


@pytest.mark.parametrize(
    "cell,bias,bidirectional,layers,proj",
    [(c, b, d, n, p) for c in ("rnn", "lstm", "gru") for b, d, n in itertools.product([True, False], [False, True], [1, 2])
     for p in ([None, 2] if c == "lstm" else [None])],
)
def test_blocks_are_the_gates_torch_computes(cell, bias, bidirectional, layers, proj):
    # Random weights set by our names; the module's output and h_n equal a NumPy network that
    # reads each gate through our blocks (row order i|f|g|o, r|z|n, both biases, W_hr).
    import numpy as np
    from reference import run as reference

    fields = dict(cell=cell, inp=3, units=4, layers=layers, bias=bias, bidirectional=bidirectional, framework="pytorch")
    extra = {}
    if proj:
        fields["proj"] = extra["proj_size"] = proj
    spec = parse_spec(fields)
    module = MODULES[cell](3, 4, num_layers=layers, bias=bias, bidirectional=bidirectional, **extra)
    rng = np.random.default_rng(2)
    arrays = {name: rng.uniform(-0.5, 0.5, tuple(p.shape)).astype("float32") for name, p in module.named_parameters()}
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.from_numpy(arrays[name]))
        x = rng.uniform(-1, 1, (5, 2, 3)).astype("float32")
        out, state = module(torch.from_numpy(x))
    h_n = state[0] if cell == "lstm" else state
    ys, finals = reference(spec, arrays, x.astype("float64"))
    assert np.allclose(out.numpy(), ys, atol=1e-5)
    expected = [finals[(k, d)][0] for k in range(layers) for d in ("forward", "backward")[: spec.directions]]
    assert np.allclose(h_n.numpy(), np.stack(expected), atol=1e-5)


CELLS = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}


@pytest.mark.parametrize("cell,bias", [(c, b) for c in CELLS for b in (True, False)])
def test_cell_api(cell, bias):
    # nn.RNNCell/LSTMCell/GRUCell: names without _l0, and one step equals our NumPy network's.
    import numpy as np
    from reference import run as reference

    from rnncalc.flow import Run, shapes

    module = CELLS[cell](3, 4, bias=bias)
    spec = parse_spec(dict(cell=cell, inp=3, units=4, bias=bias, api="cell", framework="pytorch"))
    tensors, total = ours(spec)
    assert tensors == real(module) and total == sum(p.numel() for p in module.parameters())
    rng = np.random.default_rng(6)
    arrays = {name: rng.uniform(-0.5, 0.5, tuple(p.shape)).astype("float32") for name, p in module.named_parameters()}
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.from_numpy(arrays[name]))
        x = rng.uniform(-1, 1, (2, 3)).astype("float32")
        out = module(torch.from_numpy(x))
    out = out if isinstance(out, tuple) else (out,)
    assert [tuple(o.shape) for o in out] == [o.shape for o in shapes(spec, Run(batch=2)).outputs]
    _, finals = reference(spec, arrays, x[None].astype("float64"))
    h, c = finals[(0, "forward")]
    assert np.allclose(out[0].numpy(), h, atol=1e-5)
    if cell == "lstm":
        assert np.allclose(out[1].numpy(), c, atol=1e-5)

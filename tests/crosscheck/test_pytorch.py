"""rnncalc's PyTorch inventory against torch.nn.RNN/LSTM/GRU's own named_parameters()."""

import itertools

import pytest
import torch

from rnncalc import count, parse_spec

MODULES = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def ident(fields):
    return "-".join(f"{k}={v}" for k, v in fields.items() if k != "framework")


def real(module):
    return [(name, tuple(p.shape)) for name, p in module.named_parameters()]


def ours(spec):
    c = count(spec)
    assert c.total == sum(t.params for t in c.tensors)
    return [(t.name, t.shape) for t in c.tensors], c.total


def built(spec):
    """The one module a user writes for spec: nn.RNN/LSTM/GRU(inp, units, num_layers=, ...)."""
    extra = {"proj_size": spec.proj} if spec.proj else {}
    return MODULES[spec.cell](spec.inp, spec.units[0], num_layers=spec.layers, bias=spec.bias,
                              bidirectional=spec.bidirectional, **extra)


def check(net, spec):
    tensors, total = ours(spec)
    assert tensors == real(net)
    assert total == sum(p.numel() for p in net.parameters())


# Every cell with and without biases, one direction and both, one to three layers; the sizes
# taken in turn (a one-feature input, inp < units, inp > units), so each cell meets each.
SIZES = [(1, 1), (2, 3), (7, 5)]
GRID = [dict(cell=cell, inp=inp, units=units, layers=layers, bias=bias, bidirectional=bidirectional,
             framework="pytorch")
        for cell in MODULES
        for i, (bias, layers, bidirectional) in enumerate(itertools.product([True, False], [1, 2, 3], [False, True]))
        for inp, units in [SIZES[i % len(SIZES)]]]


@pytest.mark.parametrize("fields", GRID, ids=ident)
def test_single_module(fields):
    spec = parse_spec(fields)
    check(built(spec), spec)


@pytest.mark.parametrize("bidirectional", [False, True])
def test_relu_rnn_has_the_tanh_rnns_parameters(bidirectional):
    relu = torch.nn.RNN(3, 4, num_layers=2, bidirectional=bidirectional, nonlinearity="relu")
    check(relu, parse_spec(dict(cell="rnn", inp=3, units=4, layers=2, bidirectional=bidirectional,
                                framework="pytorch")))


# proj_size from 1 to units - 1, taken in turn over layers, directions and biases.
PROJECTIONS = [(2, 3, 1), (2, 3, 2), (10, 20, 5), (1, 8, 7)]
PROJECTION = [dict(cell="lstm", inp=inp, units=units, proj=proj, layers=layers, bidirectional=bidirectional,
                   bias=bias, framework="pytorch")
              for i, (layers, bidirectional, bias) in enumerate(itertools.product([1, 2, 3], [False, True], [True, False]))
              for inp, units, proj in [PROJECTIONS[i % len(PROJECTIONS)]]]


@pytest.mark.parametrize("fields", PROJECTION, ids=ident)
def test_lstm_projection(fields):
    spec = parse_spec(fields)
    check(built(spec), spec)


STACKS = [dict(cell=cell, inp=6, units=units, bidirectional=bidirectional, framework="pytorch")
          for cell in MODULES for units, bidirectional in [([64, 32], False), ([8, 16, 4], True)]]


@pytest.mark.parametrize("fields", STACKS, ids=ident)
def test_stack_of_unequal_modules(fields):
    # Unequal sizes cannot share one module: the stack is a ModuleList of one-layer modules,
    # each taking the previous module's output (both directions concatenated).
    spec = parse_spec(fields)
    modules, width = [], spec.inp
    for size in spec.units:
        modules.append(MODULES[spec.cell](width, size, bidirectional=spec.bidirectional))
        width = size * spec.directions
    check(torch.nn.ModuleList(modules), spec)


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


NUMBERS = [dict(cell=cell, inp=3, units=4, layers=layers, bias=bias, bidirectional=bidirectional, framework="pytorch",
                **({"proj": proj} if proj else {}))
           for cell in MODULES for bias, bidirectional, layers in itertools.product([True, False], [False, True], [1, 2])
           for proj in ([None, 2] if cell == "lstm" else [None])]


@pytest.mark.parametrize("fields", NUMBERS, ids=ident)
def test_blocks_are_the_gates_torch_computes(fields):
    # Random weights set by our names; the module's output and h_n equal a NumPy network that
    # reads each gate through our blocks (row order i|f|g|o, r|z|n, both biases, W_hr).
    import numpy as np
    from reference import run as reference

    spec = parse_spec(fields)
    net = built(spec)
    rng = np.random.default_rng(2)
    arrays = {name: rng.uniform(-0.5, 0.5, tuple(p.shape)).astype("float32") for name, p in net.named_parameters()}
    with torch.no_grad():
        for name, p in net.named_parameters():
            p.copy_(torch.from_numpy(arrays[name]))
        x = rng.uniform(-1, 1, (5, 2, 3)).astype("float32")
        out, state = net(torch.from_numpy(x))
    h_n = state[0] if spec.cell == "lstm" else state
    ys, finals = reference(spec, arrays, x.astype("float64"))
    assert np.allclose(out.numpy(), ys, atol=1e-5)
    expected = [finals[(k, d)][0] for k in range(spec.layers) for d in ("forward", "backward")[: spec.directions]]
    assert np.allclose(h_n.numpy(), np.stack(expected), atol=1e-5)


CELLS = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}


CELL_API = [dict(cell=cell, inp=3, units=4, bias=bias, api="cell", framework="pytorch")
            for cell in CELLS for bias in (True, False)]


@pytest.mark.parametrize("fields", CELL_API, ids=ident)
def test_cell_api(fields):
    # nn.RNNCell/LSTMCell/GRUCell: names without _l0, and one step equals our NumPy network's.
    import numpy as np
    from reference import run as reference

    from rnncalc.model.flow import Run, shapes

    spec = parse_spec(fields)
    cell = spec.cell
    module = CELLS[cell](3, 4, bias=spec.bias)
    check(module, spec)
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


#: What the cross-checks build with real torch (names, shapes, counts), and what they run.
BUILT = GRID + PROJECTION + STACKS + NUMBERS + CELL_API
RUN = NUMBERS + CELL_API

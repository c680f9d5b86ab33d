"""rnncalc's Flax Linen and Flax NNX conventions against flax's own modules.

For each spec of a lean grid (cell × uni/bidirectional × 1–2 layers, two sizes in turn; every cell
has its biases, since no Flax cell can drop them), the module a user writes is built:
``nn.RNN(cell)`` / ``nnx.RNN(cell)``, wrapped in ``Bidirectional(fwd, bwd)`` for both
directions, and a stack in ``Sequential``. Then:

- its parameters, flattened with "/", equal rnncalc's inventory name for name and shape,
  in the package's own order (linen: JAX's pytree order, ``flatten_dict`` of
  ``jax.eval_shape(model.init, ...)["params"]``; nnx: ``nnx.to_flat_state(nnx.state(model,
  nnx.Param))``), and their sizes add up to rnncalc's total;
- a real forward pass on [batch, time, inp] has the input and output shapes ``shapes`` says
  (and, for two specs per package, so does one with time_major=True on [time, batch, inp]);
- filled with random arrays by rnncalc's names, its outputs (and, for one layer, its final
  carry) equal those of the NumPy network in reference.py, which reads every gate through
  rnncalc's blocks: a wrong gate, side, transpose or bias placement changes the numbers.

flax and jax are imported at module level: where they are missing, collection fails, and
so does CI. Each forward pass is jitted once (JAX on CPU, float32).
"""

import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import inspect  # noqa: E402
from math import prod  # noqa: E402

import flax.linen as nn  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from flax import nnx  # noqa: E402
from flax.traverse_util import flatten_dict, unflatten_dict  # noqa: E402
from reference import run as reference  # noqa: E402

from rnncalc import SpecError, count, inventory, parse_spec  # noqa: E402
from rnncalc.model.flow import Run, shapes  # noqa: E402

BATCH, STEPS = 2, 3
LINEN = {"rnn": nn.SimpleCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}
NNX = {"rnn": nnx.SimpleCell, "lstm": nnx.LSTMCell, "gru": nnx.GRUCell}
# (inp, units of layer 0, units of layer 1): a one-feature input, and a stack of unequal sizes,
# taken in turn so that each size is built alone and stacked, in one direction and in both.
SIZES = [(1, 2, 2), (5, 4, 3)]

GRID = [
    dict(cell=cell, inp=inp, units=[u0, u1][:layers], bidirectional=bi)
    for cell in ("rnn", "lstm", "gru")
    for bi in (False, True)
    for layers in (1, 2)
    for inp, u0, u1 in [SIZES[(bi + layers) % 2]]
]


def ident(fields):
    return "-".join(f"{k}={v}" for k, v in fields.items())


def linen_model(spec, cells=LINEN, time_major=False):
    """The obvious code: nn.RNN(cell), Bidirectional(fwd, bwd), a stack in nn.Sequential.
    time_major goes on Bidirectional itself, which passes its own to the RNNs it wraps."""

    def layer(k):
        def rnn():
            return nn.RNN(cells[spec.cell](spec.units[k]), time_major=time_major)

        return nn.Bidirectional(rnn(), rnn(), time_major=time_major) if spec.bidirectional else rnn()

    layers = [layer(k) for k in range(spec.layers)]
    return layers[0] if spec.layers == 1 else nn.Sequential(layers)


def nnx_model(spec, time_major=False):
    """The same in NNX, whose cells take their input width up front."""
    rngs = nnx.Rngs(0)

    def layer(k):
        def rnn():
            return nnx.RNN(NNX[spec.cell](spec.input_width(k), spec.units[k], rngs=rngs), time_major=time_major)

        return nnx.Bidirectional(rnn(), rnn(), time_major=time_major) if spec.bidirectional else rnn()

    layers = [layer(k) for k in range(spec.layers)]
    return layers[0] if spec.layers == 1 else nnx.Sequential(*layers)


def ours(spec):
    c = count(spec)
    assert c.total == sum(t.params for t in c.tensors)
    return [(t.name, t.shape) for t in c.tensors], c.total


def inputs(spec, run=Run(batch=BATCH, steps=STEPS)):
    """Random arrays by rnncalc's names, and an input in the layout the module expects."""
    rng = np.random.default_rng(1)
    arrays = {t.name: rng.uniform(-0.5, 0.5, t.shape).astype(np.float32) for t in inventory(spec)}
    shape = (STEPS, BATCH, spec.inp) if run.time_major else (BATCH, STEPS, spec.inp)
    return arrays, rng.uniform(-1, 1, shape).astype(np.float32)


def check_numbers(spec, x, out, carry, arrays, run=Run(batch=BATCH, steps=STEPS)):
    """The real outputs and final carry against the NumPy network fed through our blocks."""
    expected = shapes(spec, run)
    assert expected.input.shape == x.shape
    assert [o.shape for o in expected.outputs] == [tuple(out.shape)]

    def steps_first(a):
        return np.asarray(a) if run.time_major else np.swapaxes(np.asarray(a), 0, 1)

    ys, finals = reference(spec, arrays, steps_first(x).astype(np.float64))  # [T, N, D·H]
    assert np.allclose(steps_first(out), ys, atol=1e-5)
    if carry is None:
        return
    # return_carry=True: (c, h) for LSTM, h otherwise; Bidirectional: (forward, backward).
    per_direction = carry if spec.bidirectional else (carry,)
    for direction, state in zip(("forward", "backward")[: spec.directions], per_direction, strict=True):
        h, c = finals[(0, direction)]
        if spec.cell == "lstm":
            assert np.allclose(state[0], c, atol=1e-5) and np.allclose(state[1], h, atol=1e-5)
        else:
            assert np.allclose(state, h, atol=1e-5)


@pytest.mark.parametrize("fields", GRID, ids=ident)
def test_linen(fields):
    spec = parse_spec({**fields, "framework": "flax-linen"})
    model = linen_model(spec)
    arrays, x = inputs(spec)
    # Shapes without computing anything: init traced abstractly.
    variables = jax.eval_shape(model.init, jax.random.key(0), x)
    assert list(variables) == ["params"]
    real = [(name, tuple(v.shape)) for name, v in flatten_dict(variables["params"], sep="/").items()]
    tensors, total = ours(spec)
    assert tensors == real
    assert total == sum(prod(shape) for _, shape in real)

    params = {"params": unflatten_dict({name: jnp.asarray(a) for name, a in arrays.items()}, sep="/")}
    if spec.layers == 1:
        carry, out = jax.jit(lambda p, x: model.apply(p, x, return_carry=True))(params, x)
    else:
        carry, out = None, jax.jit(model.apply)(params, x)
    check_numbers(spec, x, out, carry, arrays)


@pytest.mark.parametrize("fields", GRID, ids=ident)
def test_nnx(fields):
    spec = parse_spec({**fields, "framework": "flax-nnx"})
    model = nnx_model(spec)
    arrays, x = inputs(spec)
    state = nnx.to_flat_state(nnx.state(model, nnx.Param))
    real = [("/".join(map(str, path)), tuple(v.shape)) for path, v in state]
    tensors, total = ours(spec)
    assert tensors == real
    assert total == sum(prod(shape) for _, shape in real)
    # Only Params count: the RNG streams nnx.RNN and nnx.Bidirectional keep are not parameters.
    everything = nnx.to_flat_state(nnx.state(model))
    assert all(isinstance(v, nnx.Param) or isinstance(v, nnx.RngState) for _, v in everything)

    by_path = {"/".join(map(str, path)): path for path, _ in state}
    nnx.update(model, nnx.from_flat_state({by_path[name]: jnp.asarray(a) for name, a in arrays.items()}))
    if spec.layers == 1:
        carry, out = nnx.jit(lambda m, x: m(x, return_carry=True))(model, x)
    else:
        carry, out = None, nnx.jit(lambda m, x: m(x))(model, x)
    check_numbers(spec, x, out, carry, arrays)


TIME_MAJOR = [dict(cell="gru", inp=3, units=[4], bidirectional=False),
              dict(cell="lstm", inp=3, units=[4, 2], bidirectional=True)]


@pytest.mark.parametrize("fields", TIME_MAJOR, ids=ident)
def test_linen_time_major(fields):
    spec = parse_spec({**fields, "framework": "flax-linen"})
    run = Run(batch=BATCH, steps=STEPS, time_major=True)
    model = linen_model(spec, time_major=True)
    arrays, x = inputs(spec, run)
    params = {"params": unflatten_dict({name: jnp.asarray(a) for name, a in arrays.items()}, sep="/")}
    check_numbers(spec, x, jax.jit(model.apply)(params, x), None, arrays, run)


@pytest.mark.parametrize("fields", TIME_MAJOR, ids=ident)
def test_nnx_time_major(fields):
    spec = parse_spec({**fields, "framework": "flax-nnx"})
    run = Run(batch=BATCH, steps=STEPS, time_major=True)
    model = nnx_model(spec, time_major=True)
    arrays, x = inputs(spec, run)
    state = nnx.to_flat_state(nnx.state(model, nnx.Param))
    nnx.update(model, nnx.from_flat_state({path: jnp.asarray(arrays["/".join(map(str, path))]) for path, _ in state}))
    check_numbers(spec, x, nnx.jit(lambda m, x: m(x))(model, x), None, arrays, run)


@pytest.mark.parametrize("bidirectional,layers", [(False, 1), (True, 2)])
def test_linen_optimized_lstm_cell_is_counted_as_lstm_cell(bidirectional, layers):
    # nn.OptimizedLSTMCell concatenates the Denses before the matmul but creates the same
    # parameters as nn.LSTMCell: rnncalc's linen LSTM is both, names, shapes and numbers.
    spec = parse_spec(dict(cell="lstm", inp=3, units=[4, 2][:layers], bidirectional=bidirectional,
                           framework="flax-linen"))
    model = linen_model(spec, cells={"lstm": nn.OptimizedLSTMCell})
    arrays, x = inputs(spec)
    variables = jax.eval_shape(model.init, jax.random.key(0), x)
    real = [(name, tuple(v.shape)) for name, v in flatten_dict(variables["params"], sep="/").items()]
    assert ours(spec)[0] == real
    params = {"params": unflatten_dict({name: jnp.asarray(a) for name, a in arrays.items()}, sep="/")}
    check_numbers(spec, x, jax.jit(model.apply)(params, x), None, arrays)


@pytest.mark.parametrize("inp,units", [(1, 1), (3, 4), (7, 5)])
def test_linen_gru_keeps_one_more_bias_vector_than_nnx(inp, units):
    # Linen's GRUCell biases ir, iz, in and hn; NNX's biases dense_i only: 4 vectors against 3.
    linen = parse_spec(dict(cell="gru", inp=inp, units=units, framework="flax-linen"))
    nnx_ = parse_spec(dict(cell="gru", inp=inp, units=units, framework="flax-nnx"))
    real_linen = jax.eval_shape(linen_model(linen).init, jax.random.key(0), jnp.zeros((1, 1, inp)))["params"]
    real_nnx = nnx.state(nnx_model(nnx_), nnx.Param)
    sizes = [sum(prod(v.shape) for v in jax.tree_util.tree_leaves(tree)) for tree in (real_linen, real_nnx)]
    assert sizes == [count(linen).total, count(nnx_).total]
    assert count(linen).total == units * (3 * inp + 3 * units + 4)
    assert count(nnx_).total == 3 * units * (inp + units + 1)


@pytest.mark.parametrize("framework", ["flax-linen", "flax-nnx"])
@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_what_flax_cannot_build_is_refused(framework, cell):
    # No Flax cell takes use_bias (their Denses' use_bias is fixed in the source), and the GRU
    # applies its reset gate after the matmul only.
    real = (LINEN if framework == "flax-linen" else NNX)[cell]
    arguments = set(inspect.signature(real).parameters) | {f for f in getattr(real, "__dataclass_fields__", {})}
    assert "use_bias" not in arguments and "reset_after" not in arguments
    with pytest.raises(SpecError) as err:
        parse_spec(dict(cell=cell, inp=3, units=4, bias=False, framework=framework))
    assert err.value.field == "bias"
    if cell == "gru":
        with pytest.raises(SpecError) as err:
            parse_spec(dict(cell=cell, inp=3, units=4, reset_after=False, framework=framework))
        assert err.value.field == "reset_after"


@pytest.mark.parametrize("framework", ["flax-linen", "flax-nnx"])
def test_a_long_stack_lists_layers_in_the_package_order(framework):
    # Past ten layers the two packages part: linen's keys are strings (layers_10 before
    # layers_2), nnx.Sequential's are ints (layers/2 before layers/10).
    spec = parse_spec(dict(cell="rnn", inp=2, units=2, layers=11, bidirectional=True, framework=framework))
    if framework == "flax-linen":
        variables = jax.eval_shape(linen_model(spec).init, jax.random.key(0), jnp.zeros((1, 1, 2)))
        real = [(name, tuple(v.shape)) for name, v in flatten_dict(variables["params"], sep="/").items()]
    else:
        real = [("/".join(map(str, path)), tuple(v.shape))
                for path, v in nnx.to_flat_state(nnx.state(nnx_model(spec), nnx.Param))]
    assert ours(spec)[0] == real


#: What the cross-checks build with real Flax modules (names, shapes), and run: the same specs.
BUILT = RUN = [{**fields, "framework": framework} for framework in ("flax-linen", "flax-nnx") for fields in GRID + TIME_MAJOR]

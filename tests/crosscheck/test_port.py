"""`port` proven by real forward passes: a network in framework A with random weights, its
weights moved by *executing* the generated --format python code, the same input through the
network in framework B, and the outputs and every layer's final states must agree (float32
tolerance). Both networks are built from the calls that recipe states (SOURCE, TARGET), and
from nothing else: a target argument the recipe needs but does not state (ONNX's
linear_before_reset, Keras's reset_after=False, PyTorch's bias=False) fails the comparison.
Where no exact mapping exists, `port` must refuse and say why.
"""

import inspect
import itertools

import numpy as np
import pytest
from reference import run as reference
from runners import RUN, resolve

from rnncalc import SpecError, inventory, parse_spec
from rnncalc.features.port import port, python

FLAX = ("flax-linen", "flax-nnx")
# cuDNN's layers need a GPU to run: its side is the NumPy network reading its blocks, which
# test_cudnn.py proves against PyTorch.
def cudnn_run(spec, calls, arrays, x):
    out, finals = reference(spec, arrays, x)
    return out, {key: (h, c if spec.cell == "lstm" else None) for key, (h, c) in finals.items()}


RUNS = {**RUN, "cudnn": cudnn_run}
CELLS = [("rnn", None), ("lstm", None), ("gru", True), ("gru", False)]


def builds(fields):
    try:
        parse_spec(fields)
        return True
    except SpecError:
        return False


def network(cell, reset_after, bidirectional, layers):
    fields = dict(cell=cell, inp=3, units=4, layers=layers, bidirectional=bidirectional)
    return fields if reset_after is None else {**fields, "reset_after": reset_after}


def both_build(src, dst, cell, reset_after, bidirectional, layers):
    return all(builds({**network(cell, reset_after, bidirectional, layers), "framework": f}) for f in (src, dst))


# Every ordered pair of the frameworks, every cell, one direction and two, stacked: per pair
# and cell a stack of two one way and a stack of two both ways, or where one side cannot
# stack both ways (TF1), a bidirectional layer instead. Each Flax network compiles, and each
# case builds two real networks: a rule is proven by one case as well as by four.
PAIRS = list(itertools.permutations(RUNS, 2))


def shapes_for(src, dst, cell, reset_after):
    both = (True, 2) if both_build(src, dst, cell, reset_after, True, 2) else (True, 1)
    return [(src, dst, cell, reset_after, b, n) for b, n in [(False, 2), both]
            if both_build(src, dst, cell, reset_after, b, n)]


# NNX's GRUCell has no b_hn: n = tanh(W_in x + b_n + r ⊙ (W_hn h)). Linen's hn/bias, PyTorch's
# and Keras's recurrent bias of n, and ONNX's Rbh under linear_before_reset are multiplied by
# r, which changes with every input: r ⊙ b_hn cannot be folded into b_n, so no NNX weights
# give that GRU unless b_hn = 0. (From NNX, b_hn = 0: there a recipe must exist.)
NO_B_HN = [(src, "flax-nnx") for src in ("flax-linen", "keras", "pytorch", "onnx", "cudnn")]
CASES = [case for src, dst in PAIRS for cell, reset_after in CELLS
         if not (cell == "gru" and reset_after and (src, dst) in NO_B_HN)
         for case in shapes_for(src, dst, cell, reset_after)]

# No exact mapping, and the word the reason must name: the source's own argument where it has
# one. A GRU with the reset gate before the matmul (reset_after=False: W_hn (r ⊙ h)) is not one
# with it after (r ⊙ (W_hn h)): they agree for every h only if W_hn is diagonal. PyTorch, Flax
# and cuDNN have only the second, TF1's GRUCell only the first. TF1 cannot stack bidirectional
# layers (tf.contrib's stack_bidirectional_dynamic_rnn is gone from compat.v1).
VARIANT = {("keras", False): "reset_after=False", ("keras", True): "reset_after=True",
           ("onnx", False): "linear_before_reset=0", ("onnx", True): "linear_before_reset=1"}


def refusal_word(src, dst, cell, reset_after):
    """What the reason must name where no case of (src, dst, cell) is proven."""
    if cell == "rnn":
        return "SimpleRNN"  # cuDNN has none
    if cell == "gru" and reset_after and (src, dst) in NO_B_HN:
        return "b_hn"
    return VARIANT.get((src, reset_after), "reset gate")


VARIANTS = [(src, dst, cell, reset_after) for src, dst in PAIRS for cell, reset_after in CELLS
            if builds({**network(cell, reset_after, False, 1), "framework": src})]
PROVEN = {case[:4] for case in CASES}
WHOLLY_REFUSED = [(src, dst, network(cell, reset_after, False, 1), refusal_word(src, dst, cell, reset_after))
                  for src, dst, cell, reset_after in VARIANTS if (src, dst, cell, reset_after) not in PROVEN]
REFUSED = [*WHOLLY_REFUSED,
           *[(f, "tf1", network(cell, None, True, 2), "stacked bidirectional") for f in FLAX for cell in ("rnn", "lstm")]]


def assert_same_run(a, b):
    (out_a, finals_a), (out_b, finals_b) = a, b
    assert np.allclose(out_a, out_b, atol=1e-5)
    assert finals_a.keys() == finals_b.keys()
    for key in finals_a:
        (h_a, c_a), (h_b, c_b) = finals_a[key], finals_b[key]
        assert np.allclose(h_a, h_b, atol=1e-5), key
        assert (c_a is None) == (c_b is None) and (c_a is None or np.allclose(c_a, c_b, atol=1e-5)), key


def recipe_of(src, dst, fields):
    """The recipe and what its generated Python defines: port(), SOURCE, TARGET."""
    recipe = port({**fields, "framework": src}, dst)
    assert recipe.found, recipe.reason
    namespace: dict = {}
    exec(python(recipe), namespace)  # noqa: S102 - the code under test is the generated recipe
    return recipe, namespace


def runs(src, dst, fields, target_calls=None):
    """The source network and the target built from the recipe's calls, on the same input."""
    recipe, recipe_code = recipe_of(src, dst, fields)
    rng = np.random.default_rng(3)
    weights = {t.name: rng.uniform(-0.5, 0.5, t.shape).astype(np.float32) for t in inventory(recipe.source)}
    moved = recipe_code["port"](weights)
    assert {k: v.shape for k, v in moved.items()} == {t.name: t.shape for t in inventory(recipe.target)}
    x = rng.uniform(-1, 1, (5, 2, 3)).astype(np.float32)
    target = RUNS[dst](recipe.target, target_calls or recipe_code["TARGET"], moved, x)
    return recipe, RUNS[src](recipe.source, recipe_code["SOURCE"], weights, x), target


def prove(src, dst, fields):
    recipe, source, target = runs(src, dst, fields)
    assert_same_run(source, target)
    return recipe


@pytest.mark.parametrize("src,dst,cell,reset_after,bidirectional,layers", CASES)
def test_ported_weights_give_the_same_outputs(src, dst, cell, reset_after, bidirectional, layers):
    prove(src, dst, network(cell, reset_after, bidirectional, layers))


# Flax's, TF1's and cuDNN's cells always keep their biases: a network without them is the same
# network with biases of zero (TF1's forget gate: -1 against its forget_bias=1.0).
NO_BIAS = [("onnx", "flax-linen", "rnn", None, True, 2), ("pytorch", "flax-nnx", "lstm", None, True, 2),
           ("pytorch", "flax-linen", "gru", True, True, 2), ("keras", "flax-nnx", "gru", True, True, 2),
           ("keras", "tf1", "lstm", None, False, 2), ("keras", "tf1", "gru", False, True, 1),
           ("pytorch", "cudnn", "lstm", None, True, 2)]


@pytest.mark.parametrize("src,dst,cell,reset_after,bidirectional,layers", NO_BIAS)
def test_no_bias_into_a_framework_that_always_has_them(src, dst, cell, reset_after, bidirectional, layers):
    fields = {**network(cell, reset_after, bidirectional, layers), "bias": False}
    if not builds({**fields, "framework": src}):  # TF1 has no network without biases to port from
        pytest.fail(f"{src} cannot build {fields}")
    recipe = prove(src, dst, fields)
    assert not recipe.source.bias and recipe.target.bias


@pytest.mark.parametrize("src,dst,fields,word", REFUSED,
                         ids=lambda v: v if isinstance(v, str) else "-".join(f"{k}={x}" for k, x in v.items()))
def test_no_recipe_where_no_exact_mapping(src, dst, fields, word):
    recipe = port({**fields, "framework": src}, dst)
    assert not recipe.found and word in recipe.reason, recipe.reason


def test_every_pair_cell_and_variant_is_proven_or_refused():
    # Seven conventions: 42 ordered pairs, each cell and GRU variant either run or refused.
    assert len(PAIRS) == 42
    refused = {(src, dst, fields["cell"], fields.get("reset_after")) for src, dst, fields, _ in WHOLLY_REFUSED}
    assert set(VARIANTS) <= PROVEN | refused
    assert not PROVEN & refused


# The mutation check on the stated arguments: each argument of a target's calls that is not the
# real callee's default must matter. Drop it from TARGET, build what is left, and the ported
# network must fail to build or give other outputs; an argument equal to the default may be
# stated for clarity (Keras's reset_after=True) but is then not needed.
NEEDED = [("keras", "onnx", "gru", True, False, 1), ("pytorch", "onnx", "gru", True, True, 2),
          ("onnx", "keras", "gru", False, True, 1), ("keras", "tf1", "lstm", None, True, 1),
          ("onnx", "pytorch", "lstm", None, True, 2), ("flax-nnx", "keras", "gru", True, False, 2)]


def _without(calls, path):
    """The calls with the argument at ``path`` (call index, then kwargs names) left out."""
    import copy

    calls = copy.deepcopy(calls)
    holder = calls[path[0]]
    for name in path[1:-1]:
        holder = holder["kwargs"][name]
    del holder["kwargs"][path[-1]]
    return calls


def _arguments(calls):
    """(path, callee, name, value) of every keyword argument, nested calls included."""
    def walk(call, path):
        for name, value in call["kwargs"].items():
            yield (*path, name), call["callee"], name, value
            if isinstance(value, dict) and "callee" in value:
                yield from walk(value, (*path, name))

    for i, call in enumerate(calls):
        yield from walk(call, (i,))


def _default(callee, name):
    if callee == "onnx.helper.make_node":  # the operator's attributes, not make_node's parameters
        import onnx.defs

        return {"linear_before_reset": 0, "direction": "forward"}.get(name, inspect.Parameter.empty) \
            if name in onnx.defs.get_schema("GRU").attributes else inspect.Parameter.empty
    parameter = inspect.signature(resolve(callee)).parameters.get(name)
    return parameter.default if parameter else inspect.Parameter.empty


@pytest.mark.parametrize("src,dst,cell,reset_after,bidirectional,layers", NEEDED)
def test_every_stated_argument_is_needed(src, dst, cell, reset_after, bidirectional, layers):
    fields = network(cell, reset_after, bidirectional, layers)
    _, recipe_code = recipe_of(src, dst, fields)
    dropped = 0
    for path, callee, name, value in _arguments(recipe_code["TARGET"]):
        if _default(callee, name) == value:
            continue
        try:
            _, source, target = runs(src, dst, fields, _without(recipe_code["TARGET"], path))
        except Exception:  # noqa: BLE001 - a network that cannot be built without it: needed
            dropped += 1
            continue
        with pytest.raises(AssertionError):
            assert_same_run(source, target)
        dropped += 1
    assert dropped

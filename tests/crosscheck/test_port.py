"""`port` proven by real forward passes: a layer in framework A with random weights, its
weights moved by *executing* the generated --format python code, the same input through
the layer in framework B, and the outputs and every layer's final states must agree
(float32 tolerance). Where no exact mapping exists, `port` must refuse and say why.
"""

import itertools

import numpy as np
import pytest
from reference import run as reference
from runners import RUN

from rnncalc import SpecError, inventory, parse_spec
from rnncalc.porting import port, python

FLAX = ("flax-linen", "flax-nnx")
# cuDNN's layers need a GPU to run: its side is the NumPy network reading its blocks, which
# test_cudnn.py proves against PyTorch.
RUNS = {**RUN, "cudnn": reference}
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


# Every pair of the frameworks other than Flax, for every network both can build.
CASES = [
    (src, dst, cell, reset_after, bidirectional, layers)
    for src, dst in itertools.permutations([f for f in RUN if f not in FLAX], 2)
    for cell, reset_after in CELLS
    for bidirectional, layers in [(False, 1), (False, 2), (True, 1), (True, 2)]
    if both_build(src, dst, cell, reset_after, bidirectional, layers)
]

# Every pair with Flax Linen or NNX, leaner, as each Flax network compiles: per pair and cell
# one network that both stacks and runs both ways, or where one side cannot build it (TF1 has
# no bidirectional stack), a bidirectional layer and a stack of two. Every Flax cell has its
# biases, and its GRU applies the reset gate after the matmul.
FLAX_PAIRS = [(src, dst) for src, dst in itertools.permutations(RUN, 2) if src in FLAX or dst in FLAX]


def flax_cases(src, dst, cell, reset_after):
    if both_build(src, dst, cell, reset_after, True, 2):
        return [(src, dst, cell, reset_after, True, 2)]
    return [(src, dst, cell, reset_after, b, n) for b, n in [(True, 1), (False, 2)]
            if both_build(src, dst, cell, reset_after, b, n)]


# NNX's GRUCell has no b_hn: n = tanh(W_in x + b_n + r ⊙ (W_hn h)). Linen's hn/bias, PyTorch's
# and Keras's recurrent bias of n, and ONNX's Rbh under linear_before_reset are multiplied by
# r, which changes with every input: r ⊙ b_hn cannot be folded into b_n, so no NNX weights
# give that GRU unless b_hn = 0. (From NNX, b_hn = 0: there a recipe must exist.)
NO_B_HN = [(src, "flax-nnx") for src in ("flax-linen", "keras", "pytorch", "onnx")]
FLAX_CASES = [case for src, dst in FLAX_PAIRS for cell, reset_after in CELLS[:3]  # Flax: reset_after only
              if not (cell == "gru" and (src, dst) in NO_B_HN) for case in flax_cases(src, dst, cell, reset_after)]

# No exact mapping, and the word the reason must name. A GRU with the reset gate before the
# matmul (reset_after=False: W_hn (r ⊙ h)) is not one with it after (r ⊙ (W_hn h)): they agree
# for every h only if W_hn is diagonal. PyTorch and Flax have only the second, TF1's GRUCell
# only the first. TF1 cannot stack bidirectional layers (tf.contrib's
# stack_bidirectional_dynamic_rnn is gone from compat.v1).
REFUSED = [
    *[(src, "pytorch", network("gru", False, False, 1), "reset_after") for src in ("keras", "onnx", "tf1")],
    *[(src, f, network("gru", False, False, 1), "reset_after") for src in ("keras", "onnx", "tf1") for f in FLAX],
    *[(f, "tf1", network("gru", True, False, 1), "reset_after") for f in FLAX],
    *[(src, dst, network("gru", True, True, 2), "reset_after") for src, dst in NO_B_HN],
    *[(f, "tf1", network(cell, None, True, 2), "layers") for f in FLAX for cell in ("rnn", "lstm")],
]


def assert_same_run(a, b):
    (out_a, finals_a), (out_b, finals_b) = a, b
    assert np.allclose(out_a, out_b, atol=1e-5)
    assert finals_a.keys() == finals_b.keys()
    for key in finals_a:
        (h_a, c_a), (h_b, c_b) = finals_a[key], finals_b[key]
        assert np.allclose(h_a, h_b, atol=1e-5), key
        assert (c_a is None) == (c_b is None) and (c_a is None or np.allclose(c_a, c_b, atol=1e-5)), key


def prove(src, dst, fields):
    recipe = port({**fields, "framework": src}, dst)
    assert recipe.found, recipe.reason
    namespace: dict = {}
    exec(python(recipe), namespace)  # noqa: S102 - the code under test is the generated recipe
    rng = np.random.default_rng(3)
    weights = {t.name: rng.uniform(-0.5, 0.5, t.shape).astype(np.float32) for t in inventory(recipe.source)}
    moved = namespace["port"](weights)
    assert {k: v.shape for k, v in moved.items()} == {t.name: t.shape for t in inventory(recipe.target)}
    x = rng.uniform(-1, 1, (5, 2, 3)).astype(np.float32)
    assert_same_run(RUNS[src](recipe.source, weights, x), RUNS[dst](recipe.target, moved, x))
    return recipe


@pytest.mark.parametrize("src,dst,cell,reset_after,bidirectional,layers", CASES + FLAX_CASES)
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
    recipe = prove(src, dst, {**network(cell, reset_after, bidirectional, layers), "bias": False})
    assert not recipe.source.bias and recipe.target.bias


@pytest.mark.parametrize("src,dst,fields,word", REFUSED,
                         ids=lambda v: v if isinstance(v, str) else "-".join(f"{k}={x}" for k, x in v.items()))
def test_no_recipe_where_no_exact_mapping(src, dst, fields, word):
    recipe = port({**fields, "framework": src}, dst)
    assert not recipe.found and word in recipe.reason, recipe.reason


def test_every_flax_pair_and_cell_is_proven_or_refused():
    proven = {(src, dst, cell) for src, dst, cell, *_ in FLAX_CASES}
    refused = {(src, dst, fields["cell"]) for src, dst, fields, _ in REFUSED}
    assert {(src, dst, cell) for src, dst in FLAX_PAIRS for cell in ("rnn", "lstm", "gru")} <= proven | refused

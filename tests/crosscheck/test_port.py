"""`port` proven by real forward passes: a layer in framework A with random weights, its
weights moved by *executing* the generated --format python code, the same input through
the layer in framework B, and the outputs must agree (float32 tolerance)."""

import itertools

import numpy as np
import pytest
from runners import FORWARD

from rnncalc import SpecError, inventory, parse_spec
from rnncalc.porting import port, python

def builds(fields):
    try:
        parse_spec(fields)
        return True
    except SpecError:
        return False


def network(cell, reset_after, bidirectional, layers):
    fields = dict(cell=cell, inp=3, units=4, layers=layers, bidirectional=bidirectional)
    return fields if reset_after is None else {**fields, "reset_after": reset_after}


# Every pair of frameworks, for every network both can build: there a recipe must exist.
CASES = [
    (src, dst, cell, reset_after, bidirectional, layers)
    for src, dst in itertools.permutations(FORWARD, 2)
    for cell, reset_after in [("rnn", None), ("lstm", None), ("gru", True), ("gru", False)]
    for bidirectional, layers in [(False, 1), (False, 2), (True, 1), (True, 2)]
    if all(builds({**network(cell, reset_after, bidirectional, layers), "framework": f}) for f in (src, dst))
]


@pytest.mark.parametrize("src,dst,cell,reset_after,bidirectional,layers", CASES)
def test_ported_weights_give_the_same_outputs(src, dst, cell, reset_after, bidirectional, layers):
    recipe = port({**network(cell, reset_after, bidirectional, layers), "framework": src}, dst)
    assert recipe.found, recipe.reason
    namespace: dict = {}
    exec(python(recipe), namespace)  # noqa: S102 - the code under test is the generated recipe
    rng = np.random.default_rng(3)
    weights = {t.name: rng.uniform(-0.5, 0.5, t.shape).astype(np.float32) for t in inventory(recipe.source)}
    moved = namespace["port"](weights)
    assert {k: v.shape for k, v in moved.items()} == {t.name: t.shape for t in inventory(recipe.target)}
    x = rng.uniform(-1, 1, (5, 2, 3)).astype(np.float32)
    assert np.allclose(FORWARD[src](recipe.source, weights, x), FORWARD[dst](recipe.target, moved, x), atol=1e-5)


@pytest.mark.parametrize("src,dst", [("keras", "pytorch"), ("onnx", "pytorch"), ("tf1", "pytorch")])
def test_no_recipe_where_no_exact_mapping(src, dst):
    recipe = port(dict(cell="gru", inp=3, units=4, reset_after=False, framework=src), dst)
    assert not recipe.found and "reset_after" in recipe.reason

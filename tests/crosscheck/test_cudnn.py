"""rnncalc's cuDNN convention against tf_keras's CuDNNLSTM/CuDNNGRU, and its gates by numbers.

The layers build on CPU, so names, shapes and counts come from the real objects. They cannot
run without a GPU; their arithmetic is cuDNN's, which PyTorch's CPU nn.LSTM/nn.GRU compute
too (the same two biases, reset gate after the matmul). So the blocks are proven through
PyTorch: weights moved by the generated port recipe into nn.LSTM/nn.GRU give the outputs of
a NumPy network reading the cuDNN tensors through their blocks, both ways.
"""

import itertools
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import tf_keras  # noqa: E402
from tf_keras.api._v1.keras import layers as v1_layers  # noqa: E402  # tf.compat.v1.keras.layers under TF_USE_LEGACY_KERAS=1
from reference import run as reference  # noqa: E402
from runners import torch_forward  # noqa: E402

from rnncalc import count, inventory, parse_spec  # noqa: E402
from rnncalc.features.port import port, python  # noqa: E402

LAYERS = {"lstm": v1_layers.CuDNNLSTM, "gru": v1_layers.CuDNNGRU}


def build(spec):
    tf_keras.backend.clear_session()  # layer names are numbered per session
    stack = [tf_keras.Input((5, spec.inp))]
    for i, size in enumerate(spec.units):
        layer = LAYERS[spec.cell](size, return_sequences=i < spec.layers - 1)
        stack.append(tf_keras.layers.Bidirectional(layer, merge_mode=spec.merge_mode or "concat")
                     if spec.bidirectional else layer)
    return tf_keras.Sequential(stack)


def ident(fields):
    return "-".join(f"{k}={v}" for k, v in fields.items() if k != "framework")


# Each cell alone and stacked (three layers), in one direction and both; each merge of the two
# directions on a stack, where the next layer reads units rather than 2·units.
NAMES = [dict(cell=cell, inp=inp, units=units, bidirectional=bidirectional, framework="cudnn", **merge)
         for cell in LAYERS
         for bidirectional, inp, units, merge in [
             (False, 1, [1], {}), (False, 7, [5, 3], {}), (True, 3, [4], {}), (True, 2, [4, 4, 2], {}),
             *[(True, 2, [3, 2], {"merge_mode": m}) for m in ("sum", "mul", "ave")]]]


@pytest.mark.parametrize("fields", NAMES, ids=ident)
def test_names_shapes_and_count(fields):
    spec = parse_spec(fields)
    model = build(spec)
    c = count(spec)
    assert [(t.name, t.shape) for t in c.tensors] == [(w.name.removesuffix(":0"), tuple(w.shape)) for w in model.weights]
    assert c.total == model.count_params()


def test_what_cudnn_cannot_build():
    with pytest.raises(Exception):
        LAYERS["lstm"](3, use_bias=False)  # the real layer has no use_bias either
    for fields in (dict(cell="rnn"), dict(cell="lstm", bias=False), dict(cell="gru", reset_after=False)):
        with pytest.raises(ValueError):
            parse_spec({"inp": 2, "units": 3, "framework": "cudnn", **fields})


GATES = [dict(cell=cell, inp=3, units=4, layers=layers, bidirectional=bidirectional, framework="cudnn")
         for cell, bidirectional, layers in itertools.product(LAYERS, [False, True], [1, 2])]


@pytest.mark.parametrize("fields", GATES, ids=ident)
def test_gates_through_pytorch(fields):
    rng = np.random.default_rng(4)
    x = rng.uniform(-1, 1, (5, 2, 3)).astype(np.float32)
    recipe = port(fields, "pytorch")
    assert recipe.found, recipe.reason
    namespace: dict = {}
    exec(python(recipe), namespace)  # noqa: S102 - the generated recipe is what is tested
    weights = {t.name: rng.uniform(-0.5, 0.5, t.shape).astype(np.float32) for t in inventory(recipe.source)}
    ys, _ = reference(recipe.source, weights, x.astype(np.float64))
    assert np.allclose(torch_forward(recipe.target, namespace["port"](weights), x), ys, atol=1e-5)

    back = port({**fields, "framework": "pytorch"}, "cudnn")
    exec(python(back, name="back"), namespace)  # noqa: S102
    torch_weights = {t.name: rng.uniform(-0.5, 0.5, t.shape).astype(np.float32) for t in inventory(back.source)}
    ys, _ = reference(back.target, namespace["back"](torch_weights), x.astype(np.float64))
    assert np.allclose(torch_forward(back.source, torch_weights, x), ys, atol=1e-5)


#: What the cross-checks build with real tf_keras layers (names, shapes, counts), and what they
#: run (through PyTorch, which computes cuDNN's arithmetic on a CPU).
BUILT = NAMES + GATES
RUN = GATES

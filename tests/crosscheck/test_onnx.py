"""rnncalc's ONNX convention against the onnx package and onnxruntime.

For each spec: a graph with one LSTM/GRU/RNN node per layer whose initializers are rnncalc's
tensors (names and shapes) passes onnx.checker with full shape inference; the inferred and
the computed outputs have the shapes rnncalc's ``shapes`` says, in its order; and the outputs
equal those of a NumPy network that reads every gate through rnncalc's blocks.
onnxruntime's CPU kernels reject layout=1, so batch-first graphs run on onnx.reference.
"""

import itertools

import numpy as np
import onnx
import onnxruntime
import pytest
from onnx.reference import ReferenceEvaluator
from reference import run as reference
from runners import onnx_model

from rnncalc import inventory, parse_spec
from rnncalc.model.flow import Run, shapes

BATCH, STEPS = 2, 3


def graph(spec, arrays, batch_first):
    s = shapes(spec, Run(batch=BATCH, steps=STEPS, batch_first=batch_first))
    return onnx_model(spec, arrays, s.input.shape, batch_first), s


SPECS = [
    dict(cell=cell, inp=inp, units=units, bias=bias, bidirectional=bi, framework="onnx", **extra)
    for cell, extra in [("rnn", {}), ("lstm", {}), ("lstm", {"peepholes": True}),
                        ("gru", {"reset_after": False}), ("gru", {"reset_after": True})]
    for bias, bi, (inp, units) in itertools.product([True, False], [False, True], [(1, [1]), (3, [4]), (5, [4, 2])])
]
# layout=1 (batch first) moves only the axes of X, Y and the states: every other spec.
GRID = [pytest.param(fields, i % 2 == 1, id="-".join(f"{k}={v}" for k, v in fields.items() if k != "framework")
                     + f"-batch_first={i % 2}")
        for i, fields in enumerate(SPECS)]


@pytest.mark.parametrize("fields,batch_first", GRID)
def test_operator_graph(fields, batch_first):
    spec = parse_spec(fields)
    rng = np.random.default_rng(0)
    arrays = {t.name: rng.uniform(-0.5, 0.5, t.shape).astype(np.float32) for t in inventory(spec)}
    model, expected = graph(spec, arrays, batch_first)
    onnx.checker.check_model(model, full_check=True)
    inferred = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    dims = {o.name: tuple(d.dim_value for d in o.type.tensor_type.shape.dim) for o in inferred.graph.output}
    assert list(dims.values()) == [o.shape for o in expected.outputs]

    x = rng.uniform(-1, 1, expected.input.shape).astype(np.float32)
    if batch_first:
        got = ReferenceEvaluator(model).run(None, {"X": x})
    else:
        got = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"]).run(
            None, {"X": x})
    assert [tuple(a.shape) for a in got] == [o.shape for o in expected.outputs]

    # The numbers: our blocks, read by a framework-free network, give the operator's outputs.
    steps_first = np.swapaxes(x, 0, 1) if batch_first else x
    ys, finals = reference(spec, arrays, steps_first.astype(np.float64))
    d, h = spec.directions, spec.units[-1]
    y = got[0] if not batch_first else np.transpose(got[0], (1, 2, 0, 3))  # -> [T, D, N, H]
    assert np.allclose(np.concatenate([y[:, k] for k in range(d)], axis=-1), ys, atol=1e-5)
    last = spec.layers - 1
    y_h = got[1] if not batch_first else np.swapaxes(got[1], 0, 1)
    for k, direction in enumerate(("forward", "backward")[:d]):
        assert np.allclose(y_h[k], finals[(last, direction)][0], atol=1e-5)
    assert h == ys.shape[-1] // d


#: What the cross-check builds as real ONNX graphs (names, shapes), and runs.
BUILT = RUN = SPECS

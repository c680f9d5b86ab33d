"""rnncalc's TF1 convention against tf.compat.v1.nn.rnn_cell run by dynamic_rnn (graph mode).

Variables' names and shapes in creation order, the count, the shapes of everything
dynamic_rnn / bidirectional_dynamic_rnn returns in order, and the numbers: random weights
loaded by our names give the outputs of a NumPy network reading every gate through our
blocks, forget_bias included.
"""

import itertools

import numpy as np
import pytest
from reference import run as reference
from runners import tf1_session

from rnncalc import count, parse_spec
from rnncalc.model.flow import Run, shapes

SPECS = [
    dict(cell=cell, inp=inp, units=units, bidirectional=bi, framework="tf1", **extra)
    for cell, extra in [("rnn", {}), ("gru", {}), ("lstm", {}), ("lstm", {"peepholes": True}),
                        ("lstm", {"proj": 2}), ("lstm", {"proj": 6, "peepholes": True})]
    for bi, (inp, units) in itertools.product([False, True], [(1, [1]), (3, [4]), (5, [4, 3])])
    if not (bi and len(units) > 1) and not (extra.get("proj") == 2 and units == [1])
]
# time_major moves only the axes of what dynamic_rnn takes and returns: every other spec.
GRID = [pytest.param(fields, i % 2 == 1, id="-".join(f"{k}={v}" for k, v in fields.items() if k != "framework")
                     + f"-time_major={i % 2}")
        for i, fields in enumerate(SPECS)]


@pytest.mark.parametrize("fields,time_major", GRID)
def test_dynamic_rnn(fields, time_major):
    spec = parse_spec(fields)
    c = count(spec)
    rng = np.random.default_rng(5)
    arrays = {t.name: rng.uniform(-0.5, 0.5, t.shape).astype(np.float32) for t in c.tensors}
    x = rng.uniform(-1, 1, (4, 2, spec.inp)).astype(np.float32)
    values, names = tf1_session(spec, arrays, x, time_major=time_major)
    assert names == [(t.name, t.shape) for t in c.tensors]
    expected = shapes(spec, Run(batch=2, steps=4, time_major=time_major))
    assert [v.shape for v in values] == [o.shape for o in expected.outputs]

    ys, finals = reference(spec, arrays, x.astype(np.float64))
    h = spec.state_width(spec.layers - 1)
    first = values[0] if time_major else np.swapaxes(values[0], 0, 1)
    assert np.allclose(first, ys[..., :h], atol=1e-5)
    if spec.bidirectional:
        second = values[1] if time_major else np.swapaxes(values[1], 0, 1)
        assert np.allclose(second, ys[..., h:], atol=1e-5)
    else:  # the last cell's final state: (c, h) for LSTMCell, h otherwise
        state_h, state_c = finals[(spec.layers - 1, "forward")]
        last = values[-2:] if spec.cell == "lstm" else values[-1:]
        assert np.allclose(last[-1], state_h, atol=1e-5)
        if spec.cell == "lstm":
            assert np.allclose(last[0], state_c, atol=1e-5)


def test_what_tf1_cannot_build():
    for fields in (dict(cell="lstm", bias=False), dict(cell="gru", reset_after=True),
                   dict(cell="gru", proj=2), dict(cell="lstm", bidirectional=True, layers=2)):
        with pytest.raises(ValueError):
            parse_spec({"inp": 2, "units": 3, "framework": "tf1", **fields})


#: What the cross-check builds with real TF1 cells (names, shapes), and runs.
BUILT = RUN = SPECS

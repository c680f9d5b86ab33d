"""Every choice of every convention is built by the real framework at least once, and every cell
of every convention is run by it.

The cross-check grids are lean on purpose (each choice once or twice, on sizes taken in turn;
README, Development): a grid trimmed past a choice's last real case fails here, not silently.
Each convention's cross-check module lists what it builds (BUILT: names, shapes, counts) and
what it runs (RUN: the numbers each block computes), from the lists its tests are parametrized
with.
"""

import pytest
import test_cudnn
import test_flax
import test_keras
import test_onnx
import test_pytorch
import test_tf1

from rnncalc import SpecError, parse_spec
from rnncalc.model.cells import CELLS
from rnncalc.frameworks import NAMES

#: Each convention's cross-check module; a new convention adds its own here.
MODULES = [test_cudnn, test_flax, test_keras, test_onnx, test_pytorch, test_tf1]
BUILT = [parse_spec(fields) for module in MODULES for fields in module.BUILT]
RUN = [parse_spec(fields) for module in MODULES for fields in module.RUN]

# (what, the fields that make the choice on a small network, whether a spec made it)
CHOICES = [
    ("biases", {"bias": True}, lambda s: s.bias),
    ("no bias", {"bias": False}, lambda s: not s.bias),
    ("one direction", {}, lambda s: not s.bidirectional),
    ("both directions", {"bidirectional": True}, lambda s: s.bidirectional),
    ("a stack", {"layers": 2}, lambda s: s.layers > 1),
    ("a stack of both directions", {"layers": 2, "bidirectional": True}, lambda s: s.layers > 1 and s.bidirectional),
    *[(f"merge_mode={m}", {"layers": 2, "bidirectional": True, "merge_mode": m},
       lambda s, m=m: s.merge_mode == m and s.layers > 1) for m in ("sum", "mul", "ave")],
    *[(f"reset_after={v}", {"reset_after": v}, lambda s, v=v: s.reset_after is v) for v in (True, False)],
    ("proj", {"proj": 2}, lambda s: s.proj is not None),
    ("peepholes", {"peepholes": True}, lambda s: s.peepholes),
    ("the cell API", {"api": "cell"}, lambda s: s.api == "cell"),
]


def builds(fields):
    try:
        return parse_spec(fields)
    except SpecError:
        return None


@pytest.mark.parametrize("name,cell", [(name, cell) for name in NAMES for cell in sorted(CELLS)
                                       if builds(dict(cell=cell, inp=2, units=3, framework=name))])
def test_every_choice_is_built_and_every_cell_run(name, cell):
    base = dict(cell=cell, inp=2, units=3, framework=name)
    built = [s for s in BUILT if s.framework == name and s.cell == cell]
    missing = [what for what, fields, made in CHOICES
               if builds({**base, **fields}) is not None and not any(made(s) for s in built)]
    assert not missing, f"no real {name} {cell} is built with {missing}"
    assert any(s.framework == name and s.cell == cell for s in RUN), f"no real {name} {cell} is run"

"""Hypothesis strategies built from the conventions' own declarations, not per-framework rules.

A spec draws only options its convention declares (``Convention.options``); whatever value
rules a convention adds on top (PyTorch: proj < units) are left to the convention itself, by
filtering out what it refuses. A new convention is covered by being registered.
"""

from functools import lru_cache

from hypothesis import assume
from hypothesis import strategies as st

from rnncalc import SpecError, parse_spec
from rnncalc.model.cells import CELLS
from rnncalc.frameworks import NAMES, get


@lru_cache
def builds(framework: str, **choice) -> bool:
    """Whether ``framework`` builds a small network with this one choice (cell, bias, ...)."""
    try:
        parse_spec({"cell": "lstm", "inp": 2, "units": 3, "framework": framework, **choice})
        return True
    except SpecError:
        return False


@st.composite
def specs(draw, names=NAMES, max_size=300, max_layers=4, uniform=False, **fixed):
    framework = draw(st.sampled_from(names)) if "framework" not in fixed else fixed["framework"]
    options = get(framework).options
    cell = fixed.get("cell") or draw(st.sampled_from([c for c in sorted(CELLS) if builds(framework, cell=c)]))
    layers = draw(st.integers(1, max_layers))
    size = st.integers(1, max_size)
    units = draw(size if uniform else st.one_of(size, st.lists(size, min_size=layers, max_size=layers)))
    fields = dict(cell=cell, framework=framework, inp=draw(size), units=units, layers=layers,
                  bidirectional=draw(st.booleans()),
                  bias=draw(st.booleans()) if builds(framework, bias=False) else True)
    if cell == "gru":
        reset_after = draw(st.sampled_from([None] + [v for v in (True, False)
                                                     if builds(framework, cell="gru", reset_after=v)]))
        if reset_after is not None:
            fields["reset_after"] = reset_after
    if "merge_mode" in options and fields["bidirectional"]:
        fields["merge_mode"] = draw(st.sampled_from(["concat", "sum", "mul", "ave"]))
    if cell == "lstm" and "proj" in options and draw(st.booleans()):
        fields["proj"] = draw(st.integers(1, max_size))
    if cell == "lstm" and "peepholes" in options:
        fields["peepholes"] = draw(st.booleans())
    fields.update(fixed)
    try:
        parse_spec(fields)
    except SpecError:
        assume(False)
    return fields

"""Where each gate sits: every tensor's blocks as index ranges, in the framework's letters and
the canonical gate names. Derived from the inventory alone, so it holds for any convention.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rnncalc import frameworks
from rnncalc.model.tensors import inventory

if TYPE_CHECKING:
    from rnncalc.model.spec import Spec
    from rnncalc.model.types import Block, Call

__all__ = ["Layout", "Lineup", "Region", "layout", "lineup", "where"]


@dataclass(frozen=True)
class Region:
    """One block of one tensor: "weight_ih_l0 rows 0:3: i (input gate), forward"."""

    tensor: str
    shape: tuple[int, ...]
    layer: int
    spans: tuple[tuple[int, int], ...]
    where: str
    role: str
    direction: str
    gate: str | None  # canonical
    letter: str | None  # the framework's
    label: str  # "input gate", or "projection"
    transposed: bool  # the block's units run along its last axis ([in, out], Keras's kernels)
    params: int


@dataclass(frozen=True)
class Layout:
    spec: Spec
    regions: tuple[Region, ...]


#: How every table and text writes a range, said once in its header.
RANGES = "ranges are Python slices, the end excluded: rows 0:3 are rows 0, 1 and 2"


def _range(start: int, stop: int) -> str:
    return str(start) if stop - start == 1 else f"{start}:{stop}"


def where(block: Block, shape: tuple[int, ...]) -> str:
    """'rows 0:3', 'cols 3:6', '6:9' or, past two axes, a NumPy index '[1, 0:3, :]': Python
    slices, the end excluded, as the JSON spans and the port recipes write them."""
    partial = [a for a, (s, e) in enumerate(block.spans) if (s, e) != (0, shape[a])]
    if len(shape) == 1:
        return _range(*block.spans[0]) if partial else "all"
    if len(shape) == 2:
        names = (("row", "rows"), ("col", "cols"))
        return ", ".join(f"{names[a][e - s > 1]} {_range(s, e)}" for a in partial
                         for s, e in [block.spans[a]]) or "all"
    index = [":" if (s, e) == (0, n) else (str(s) if e - s == 1 else f"{s}:{e}")
             for (s, e), n in zip(block.spans, shape)]
    return f"[{', '.join(index)}]"


def layout(spec: Spec) -> Layout:
    """Every block of every tensor of ``spec``, in inventory order."""
    convention = frameworks.get(spec.framework)
    letters = dict(convention.letters[spec.cell])
    regions = tuple(
        Region(t.name, t.shape, t.layer, b.spans, where(b, t.shape), b.role, b.direction, b.gate,
               letters.get(b.gate) if b.gate else None,
               spec.kind.labels[b.gate] if b.gate else b.role,
               # A weight block is [out, in] once its out axis comes first; Keras keeps [in, out].
               "weights" in b.role and b.out_axis == len(t.shape) - 1, b.size)
        for t in inventory(spec) for b in t.blocks
    )
    return Layout(spec, regions)


@dataclass(frozen=True)
class Lineup:
    """One network in several frameworks, block by block: where each framework keeps each
    gate's weights. ``cells[i][j]`` is framework j's "tensor where" for row i ("" if none)."""

    frameworks: tuple[str, ...]
    rows: tuple[tuple[int, str, str, str], ...]  # (layer, direction, gate label, role)
    cells: tuple[tuple[str, ...], ...]
    #: Frameworks that cannot build the network, with why.
    refused: tuple[tuple[str, str], ...]
    #: Frameworks that store W and U [in, out] (transpose a block for [units, in]).
    transposed: tuple[str, ...] = ()
    #: What builds the network in each framework (types.Call), every argument the blocks assume.
    calls: tuple[tuple[Call, ...], ...] = ()


def lineup(fields: dict[str, Any], names: tuple[str, ...]) -> Lineup:
    """``fields`` (a spec without its framework) laid out in each of ``names``."""
    from rnncalc.errors import SpecError
    from rnncalc.model.spec import parse_spec

    built, refused = [], []
    for name in names:
        try:
            lay = layout(parse_spec({**fields, "framework": name}))
        except SpecError as err:
            refused.append((name, str(err)))
            continue
        built.append(lay)
        if lay.spec.reset_after is not None:  # one network: the first framework's GRU for all
            fields = {**fields, "reset_after": lay.spec.reset_after}
    if not built:
        raise SpecError("framework", "no framework can build this network: " + refused[0][1], ",".join(names))
    keys: dict[tuple[int, str, str, str], list[str]] = {}
    for j, lay in enumerate(built):
        for r in lay.regions:
            key = (r.layer, r.direction, r.label, r.role)
            cells = keys.setdefault(key, [""] * len(built))
            cells[j] = f"{r.tensor} {r.where}"
    transposed = tuple(lay.spec.framework for lay in built if any(r.transposed for r in lay.regions))
    return Lineup(tuple(lay.spec.framework for lay in built), tuple(keys), tuple(tuple(c) for c in keys.values()),
                  tuple(refused), transposed,
                  tuple(frameworks.get(lay.spec.framework).calls(lay.spec) for lay in built))

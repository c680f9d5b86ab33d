"""Move trained weights between two conventions: a recipe derived by matching blocks.

Every block of every tensor names its (layer, direction, gate, role) and its out axis, so a
target block is filled from the source block that means the same thing, with the transposes,
slices and gate order falling out of the two layouts. Biases are the one place where
conventions keep different numbers of vectors: one bias is the sum of an input and a
recurrent bias, and a split pair takes the single bias as its input half and zeros as its
recurrent half; that is exact wherever the recurrent bias is added outside the reset gate,
which the convention's spec validation already guarantees (a reset_after=False GRU is
refused by a framework that cannot build it). A network without biases goes into a
framework that always keeps them as biases of zero. Where the target cannot build the
source's network at all, there is no recipe, and the reason says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rnncalc import frameworks
from rnncalc.errors import SpecError
from rnncalc.model.spec import framework_of, parse_spec
from rnncalc.model.tensors import inventory
from rnncalc.model.types import Call, index

if TYPE_CHECKING:
    from rnncalc.model.spec import Spec
    from rnncalc.model.types import Block, Tensor

__all__ = ["Move", "Port", "port", "python"]

_BIASES = ("bias", "input_bias", "recurrent_bias")


def _bias_roles(spec: Spec) -> dict[tuple[Any, ...], tuple[str, ...]]:
    """The bias roles each (layer, direction, gate) keeps, in _BIASES order."""
    roles: dict[tuple[Any, ...], set[str]] = {}
    for t in inventory(spec):
        for b in t.blocks:
            if b.gate is not None:
                roles.setdefault((t.layer, b.direction, b.gate), set()).update({b.role} & set(_BIASES))
    return {k: tuple(r for r in _BIASES if r in v) for k, v in roles.items()}


def _destination(role: str, have: tuple[str, ...]) -> str | None:
    """Where a source bias of ``role`` goes among the target's bias roles ``have`` for the same
    gate: the same role, else the first it keeps (biases add up before the nonlinearity)."""
    if role in have:
        return role
    return have[0] if have else None


@dataclass(frozen=True)
class Move:
    """Fill ``target``'s block from the sum of ``sources`` blocks (none: zeros)."""

    target: str
    target_block: Block
    sources: tuple[tuple[str, Block], ...]
    transpose: bool  # the source and the target store the block's axes the other way round
    #: Added to the block: what the source framework adds to this gate at run time, less what
    #: the target adds (TF1's forget_bias of 1.0, folded into a weight or taken out of one).
    constant: float = 0.0


@dataclass(frozen=True)
class Port:
    source: Spec
    target: Spec | None
    moves: tuple[Move, ...]
    #: Why there is no exact recipe, when there is none.
    reason: str = ""

    @property
    def found(self) -> bool:
        return self.target is not None

    @property
    def source_calls(self) -> tuple[Call, ...]:
        """What the source network was built with: the arguments the recipe assumes."""
        return frameworks.get(self.source.framework).calls(self.source)

    @property
    def target_calls(self) -> tuple[Call, ...]:
        """What to build the target with, every argument the recipe needs stated."""
        return frameworks.get(self.target.framework).calls(self.target) if self.target else ()


def _short(value: Any) -> str:
    return "…" if isinstance(value, (Call, tuple)) else repr(value)


def _stated(calls: tuple[Call, ...], field: str) -> str:
    """The argument of ``calls`` that states spec ``field``, as written: 'keras.layers.GRU(reset_after=False)'."""
    for call in calls[:1]:  # every layer states a field alike
        for owner, arg in call.arguments():
            if arg.states(field):
                return f"{owner.callee}({arg.name}={_short(arg.value)})" if arg.name else owner.callee
    return ""


def _key(t: Tensor, b: Block) -> tuple[Any, ...]:
    return (t.layer, b.direction, b.gate, b.role)


def _target(wanted: dict[str, Any]) -> Spec:
    """The target's network. One without biases is the same network with biases of zero, so
    a framework that always keeps them (Flax's cells, TF1's, cuDNN's) takes zeros (less any
    run-time constant: TF1's forget_bias) and the recipe stays exact."""
    try:
        return parse_spec(wanted)
    except SpecError as err:
        if err.field != "bias" or wanted["bias"]:
            raise
        return parse_spec({**wanted, "bias": True})


def port(fields: dict[str, Any], target_framework: str) -> Port:
    """The recipe that moves ``fields``'s weights into ``target_framework``'s tensors."""
    target_framework = framework_of({"framework": target_framework})
    source = parse_spec(fields)
    wanted = {**source.model_dump(), "framework": target_framework}
    if source.cell == "gru":
        wanted["reset_after"] = source.reset_after  # the same arithmetic, or no recipe
    if not source.bidirectional:
        wanted.pop("merge_mode", None)
    title = frameworks.get(target_framework).title
    try:
        target = _target(wanted)
    except SpecError as err:
        # Name the source's own argument that stands in the way, where it has one.
        cause = _stated(frameworks.get(source.framework).calls(source), err.field)
        because = f" ({cause} in the source)" if cause else ""
        return Port(source, None, (), f"{title} cannot build this network{because}: {err.message}")
    found = {_key(t, b): (t, b) for t in inventory(source) for b in t.blocks}
    added = frameworks.get(source.framework).constant_biases.get(source.cell, {})
    taken = frameworks.get(target.framework).constant_biases.get(target.cell, {})
    shift = {g: added.get(g, 0.0) - taken.get(g, 0.0) for g in {*added, *taken}}
    biases_of = _bias_roles(source)
    target_biases = _bias_roles(target)
    moves = []
    for t in inventory(target):
        for b in t.blocks:
            key = _key(t, b)
            if b.role not in _BIASES:
                if key not in found:
                    return Port(source, None, (), f"{title} has {b.role} for {b.gate}, which the source lacks")
                sources = [found[key]]
                constant = 0.0
            else:
                have, mine = biases_of.get(key[:3], ()), target_biases[key[:3]]
                moved = [r for r in have if _destination(r, mine) == b.role]
                if b.gate == "new" and target.reset_after and any(r != b.role and r != "bias" for r in moved):
                    # The reset gate multiplies the source's recurrent bias of the candidate
                    # (b_hn): it changes with every input, so it cannot join the input bias.
                    return Port(source, None, (), f"{title}'s GRU has no recurrent bias for the candidate, which the "
                                                  "source's reset gate multiplies (b_hn): exact only for a source "
                                                  "without biases")
                sources = [found[(*key[:3], r)] for r in moved]
                constant = shift.get(b.gate or "", 0.0) if b.role == _destination("bias", mine) else 0.0
            moves.append(Move(t.name, b, tuple((s.name, sb) for s, sb in sources),
                              any(_stored_transposed(sb, s) != _stored_transposed(b, t) for s, sb in sources),
                              constant))
    folded = {m.target_block.gate for m in moves if m.constant}
    if unplaced := [g for g, v in shift.items() if v and g not in folded]:  # no bias to fold it into
        gate = unplaced[0]
        return Port(source, None, (), f"{title} has no bias to fold the {gate} gate's constant into")
    used = {(name, block) for m in moves for name, block in m.sources}
    dropped = [(t.name, b) for t in inventory(source) for b in t.blocks if (t.name, b) not in used]
    if dropped:
        name, block = dropped[0]
        return Port(source, None, (), f"{title} has no place for {name} ({block.role}, {block.gate})")
    return Port(source, target, tuple(moves))


def _stored_transposed(b: Block, t: Tensor) -> bool:
    return "weights" in b.role and b.out_axis == len(t.shape) - 1


def _index(b: Block) -> str:
    return index(b.spans)


def _data(calls: tuple[Call, ...]) -> str:
    from pprint import pformat

    return pformat([c.data() for c in calls], width=110, sort_dicts=False)


def python(p: Port, name: str = "port") -> str:
    """A dependency-free NumPy function performing the recipe on a dict of arrays, after the
    calls that build the source and the target (SOURCE, TARGET) as data: {"callee", "args",
    "kwargs"} per call, nested calls alike. The recipe holds only for networks built so."""
    assert p.target is not None
    lines = [
        "import numpy as np",
        "",
        f"# The {p.source.framework} network the recipe reads, as built:",
        *(f"#   {c.text()}" for c in p.source_calls),
        f"# The {p.target.framework} network it fills: build it with every argument stated here.",
        *(f"#   {c.text()}" for c in p.target_calls),
        f"SOURCE = {_data(p.source_calls)}",
        f"TARGET = {_data(p.target_calls)}",
        "",
        "",
        "def _take(a, out_axis):",
        "    return np.moveaxis(a, out_axis, 0).reshape(a.shape[out_axis], -1)",
        "",
        "",
        "def _put(dst, index, out_axis, block):",
        "    view = dst[index]",
        "    dst[index] = np.moveaxis(block.reshape(np.moveaxis(view, out_axis, 0).shape), 0, out_axis)",
        "",
        "",
        f"def {name}(src):",
        f'    """{p.source.framework} -> {p.target.framework}: a dict of arrays by name, to a new one."""',
        "    dtype = next(iter(src.values())).dtype",
        "    dst = {}",
    ]
    for t in inventory(p.target):
        lines.append(f"    dst[{t.name!r}] = np.zeros({t.shape!r}, dtype)")
    for m in p.moves:
        taken: str | None = " + ".join(f"_take(src[{s!r}][{_index(b)[1:-1]}], {b.out_axis})" for s, b in m.sources)
        if m.constant:
            taken = f"{taken} + {m.constant!r}" if taken else None
        if taken:
            lines.append(f"    _put(dst[{m.target!r}], np.s_{_index(m.target_block)}, {m.target_block.out_axis}, {taken})")
        elif m.constant:
            lines.append(f"    dst[{m.target!r}][{_index(m.target_block)[1:-1]}] = {m.constant!r}")
    lines.append("    return dst")
    return "\n".join(lines) + "\n"

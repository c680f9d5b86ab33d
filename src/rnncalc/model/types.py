"""The value types every other module shares. A leaf: it imports nothing of rnncalc.

A convention *produces* ``Tensor``s (with their blocks) and ``Returns``; everything else
(totals, formulas, explain's per-gate rows, layouts, diagrams) is derived from them. Keeping
the types here, apart from the modules that produce or consume them, is what keeps the
dependency graph a tree: spec -> frameworks -> types, tensors -> frameworks -> types.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from math import prod
from collections.abc import Iterable
from typing import Any, Literal, NamedTuple

__all__ = ["BIAS_ROLES", "DIRECTIONS", "Arg", "Block", "Call", "Dim", "Extent", "Named", "Returns", "Role", "Sym", "Tensor", "index",
           "shape_of", "shape_str"]

DIRECTIONS = ("forward", "backward")

#: What a tensor (or a block of one) holds. "kernel" is a fused [x, h] weight (TF1): its
#: blocks say which rows are input and which recurrent weights.
Role = Literal["input_weights", "recurrent_weights", "kernel", "bias", "input_bias", "recurrent_bias", "peephole",
               "projection"]
#: A bias split in two, input and recurrent (PyTorch, cuDNN, a reset_after GRU), in that order.
BIAS_ROLES: tuple[Role, Role] = ("input_bias", "recurrent_bias")

#: A dimension of an activation: an int when known, else the symbol the framework writes (B, T,
#: Keras's None).
Dim = int | str | None

#: The symbol of a tensor axis that runs over directions (ONNX packs both into one tensor). A
#: per-direction formula drops this factor.
DIRECTION_AXIS = "num_directions"


class Sym(NamedTuple):
    """A size with the name a formula gives it: Sym(3, "units"); a plain number is Sym(4, "4").

    A named tuple, not a dataclass: every formula and every cut of a deep stack hashes and
    compares thousands of these, and a tuple does both in C.
    """

    value: int
    symbol: str

    @staticmethod
    def of(value: int) -> Sym:
        return Sym(value, str(value))


#: One axis of a tensor, as a sum of products: ((Sym(4), Sym(u, "units")),) is 4·units, and
#: ((inp,), (units,)) is inp + units (TF1's fused kernel rows). Formulas are read off these.
Extent = tuple[tuple[Sym, ...], ...]


@dataclass(frozen=True)
class Block:
    """A region of a tensor that belongs to one gate (or none) of one direction, in one role.

    ``spans`` gives a (start, stop) index range per axis. A tensor's blocks partition it:
    every element belongs to exactly one block (a law the contract tests check).
    """

    spans: tuple[tuple[int, int], ...]
    role: Role
    direction: str
    gate: str | None = None  # a canonical gate of the cell (model/cells.py), None for projection
    #: The axis that runs over the block's outputs (the gate's units). Moving it first and
    #: flattening the rest gives every framework's block as the same [out, in] matrix (or
    #: [out] vector): what tells a port whether to transpose.
    out_axis: int = 0

    @cached_property  # blocks are shared by every layer that cuts a tensor the same way
    def size(self) -> int:
        return prod(stop - start for start, stop in self.spans)


@dataclass(frozen=True)
class Tensor:
    """One trainable tensor, named and shaped as its framework does, with what sits where in it."""

    name: str
    dims: tuple[Extent, ...]
    layer: int
    role: Role
    blocks: tuple[Block, ...]

    @property
    def shape(self) -> tuple[int, ...]:
        return shape_of(self.dims)

    @property
    def params(self) -> int:
        return prod(self.shape)

    @property
    def directions(self) -> tuple[str, ...]:
        """The directions this tensor holds weights of, in order (two for ONNX's packed W)."""
        return tuple(dict.fromkeys(b.direction for b in self.blocks))

    @property
    def gates(self) -> tuple[str, ...]:
        """The canonical gates packed in this tensor, in packing order."""
        return tuple(dict.fromkeys(b.gate for b in self.blocks if b.gate is not None))


@dataclass(frozen=True)
class Named:
    """An activation: a name, its shape, and a note on what it is."""

    name: str
    shape: tuple[Dim, ...]
    note: str = ""


@dataclass(frozen=True)
class Returns:
    """What a framework's layer call takes and returns, in its return order.

    ``every_step``: the output holds every step (False: only the last, Keras's default).
    ``final``: how the diagram names where the last step's states go ("h_n, c_n", "Y_h").
    ``notes``: lines a picture of the run should carry (a default that surprises people).
    """

    input: Named
    outputs: tuple[Named, ...]
    every_step: bool
    final: str
    notes: tuple[str, ...] = ()


class Arg(NamedTuple):
    """One argument of a Call: its name in the framework (None: positional), its value (a
    plain value, a Call, or a tuple of them), and the spec fields it states, comma-separated
    ("" for sizes and run-time constants), so that a refusal can name the argument in its way."""

    name: str | None
    value: Any
    field: str = ""

    def states(self, field: str) -> bool:
        return field in self.field.split(",")


@dataclass(frozen=True)
class Call:
    """A constructor, function or operator as the framework's user writes it, with every
    argument that rnncalc's tensors, layouts and port recipes assume: what must be typed to
    get the network rnncalc describes. Framework defaults that nothing depends on are left out;
    inputs and outputs (the wiring) are the caller's."""

    callee: str  # importable: "torch.nn.GRU", "onnx.helper.make_node"
    args: tuple[Arg, ...] = ()

    def text(self) -> str:
        """As Python source: torch.nn.GRU(input_size=3, hidden_size=4)."""
        return f"{self.callee}({', '.join(_arg_text(a) for a in self.args)})"

    def data(self) -> dict[str, Any]:
        """As JSON: {"callee": ..., "args": [positional], "kwargs": {name: value}}, nested calls alike."""
        return {"callee": self.callee, "args": [_value_data(a.value) for a in self.args if a.name is None],
                "kwargs": {a.name: _value_data(a.value) for a in self.args if a.name is not None}}

    def arguments(self) -> tuple[tuple[Call, Arg], ...]:
        """Every argument of this call and of the calls nested in it, with the call it belongs to."""
        found: list[tuple[Call, Arg]] = []
        for a in self.args:
            found.append((self, a))
            for inner in (a.value if isinstance(a.value, tuple) else (a.value,)):
                if isinstance(inner, Call):
                    found.extend(inner.arguments())
        return tuple(found)


def _value_text(value: Any) -> str:
    if isinstance(value, Call):
        return value.text()
    if isinstance(value, tuple):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    return repr(value)


def _arg_text(a: Arg) -> str:
    return _value_text(a.value) if a.name is None else f"{a.name}={_value_text(a.value)}"


def _value_data(value: Any) -> Any:
    if isinstance(value, Call):
        return value.data()
    if isinstance(value, tuple):
        return [_value_data(v) for v in value]
    return value


def index(spans: Iterable[Iterable[int]]) -> str:
    """Spans as a NumPy index, half-open as the JSON spans are: '[0:3, 2:4]'."""
    return "[" + ", ".join(f"{s}:{e}" for s, e in spans) + "]"


def shape_of(dims: tuple[Extent, ...]) -> tuple[int, ...]:
    """The sizes of the axes ``dims`` describe."""
    return tuple(sum(prod(s.value for s in term) for term in extent) for extent in dims)


def shape_str(shape: tuple[Dim, ...]) -> str:
    """(4, 3), (None, 3) or (T, B, 3): a shape as the frameworks print it."""
    text = ", ".join("None" if d is None else str(d) for d in shape)
    return f"({text},)" if len(shape) == 1 else f"({text})"  # as Python prints a 1-tuple

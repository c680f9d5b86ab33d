"""What a framework convention provides, and helpers to build tensors with their blocks.

A convention *produces*: its tensors (names, shapes, and which gate of which direction sits
where in each), what a layer call returns, its options and defaults, its words for things,
and the readings of a printed summary row. It computes no totals, formulas or explanations:
those are derived from the tensors once, for every convention (model/tensors.py, explain.py, ...).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rnncalc.model.cells import CELLS
from rnncalc.model.knobs import Refusal
from rnncalc.model.types import Block, Extent, Role, Sym, shape_of

if TYPE_CHECKING:
    from rnncalc.model.spec import Run, Spec
    from rnncalc.model.types import Call, Dim, Returns, Tensor

__all__ = ["Convention", "Reading", "Row", "packed", "per_gate", "split", "sym", "times"]


@dataclass(frozen=True)
class Reading:
    """One configuration that a printed summary row may stand for: spec fields, and the cause
    it stands for ("" for the framework's defaults). Without "inp", check solves the width."""

    fields: dict[str, Any]
    why: str = ""
    #: What the summary does not show beyond the input width, for check to solve from the
    #: count: "layers" (a stack whose depth is not printed), "units" (behind a projection).
    solve: tuple[str, ...] = ()


class Row:
    """What a convention reads of a summary row (structural: summaries.Row satisfies it)."""

    kind: str
    shape: str
    params: int | None
    args: dict[str, object]
    input_shape: str


class Convention:
    """A framework's way of naming, shaping, packing and returning a recurrent network."""

    name: ClassVar[str]
    title: ClassVar[str]
    #: Where the rules come from: source files and the version they were read at.
    source: ClassVar[str]
    #: This framework's words for explain's glossary, by term (see explain.TERMS).
    vocabulary: ClassVar[dict[str, str]]
    #: Per cell, the packing order of the gates: (canonical gate, this framework's letter).
    letters: ClassVar[dict[str, tuple[tuple[str, str], ...]]]
    #: Per cell, the layer class a user writes, and the class of one time step.
    class_names: ClassVar[dict[str, str]]
    cell_classes: ClassVar[dict[str, str]]
    #: Optional spec fields this framework has (proj, peepholes, merge_mode beyond concat).
    options: ClassVar[frozenset[str]] = frozenset()
    #: Run options it has (batch_first, unbatched, return_sequences, return_state).
    run_options: ClassVar[frozenset[str]] = frozenset()
    #: The summary formats whose rows this framework prints (summaries.Summary.format), and where
    #: its readings rank among those of other frameworks printing the same format (lower first).
    summary_formats: ClassVar[tuple[str, ...]] = ()
    reading_rank: ClassVar[int] = 0
    default_reset_after: ClassVar[bool] = True
    #: The values of spec fields it cannot build, as data (knobs.Refusal): the spec refuses them
    #: without importing a convention, and the spec's JSON Schema says so.
    refusals: ClassVar[tuple[Refusal, ...]] = ()
    #: Other names users type for it (-F torch), taken as its name everywhere a name is read.
    aliases: ClassVar[tuple[str, ...]] = ()
    #: Constants the framework adds to a gate's pre-activation at run time, by cell and gate
    #: (TF1's LSTMCell forget_bias=1.0): not weights, but a port must fold them into a bias.
    constant_biases: ClassVar[dict[str, dict[str, float]]] = {}
    #: How the framework writes a batch or sequence length it does not know yet.
    unknown_batch: ClassVar[Dim] = "B"
    unknown_steps: ClassVar[Dim] = "T"

    # The network.


    def tensors(self, spec: Spec) -> Iterable[Tensor]:
        """Every trainable tensor, in the framework's own order, with its blocks."""
        raise NotImplementedError

    def layout(self, spec: Spec) -> Hashable:
        """What of the sizes decides the tensors' names, blocks and order, beyond the numbers
        they are written with: nothing for most frameworks. Specs of one structure and layout
        get answers that differ only in their numbers, each a polynomial in the sizes, so a
        batch writes them from one template (features/templates.py); tests/test_templates.py holds every
        convention to this for sizes equal and unequal, small and large."""
        return None

    def returns(self, spec: Spec, run: Run) -> Returns:
        """The input, and what the layer call returns for it, in the framework's return order."""
        raise NotImplementedError

    def calls(self, spec: Spec) -> tuple[Call, ...]:
        """What the user writes to build ``spec``: each top-level call in the order the network
        runs them (a layer each, a module each, or one for the whole network), stating every
        argument that the tensors, and so layout and port, assume (types.Call). The
        cross-checks build the real network from these and nothing else."""
        raise NotImplementedError

    def variant(self, spec: Spec) -> str:
        """Which GRU ``spec`` is, in this framework's own words: the argument that chooses where
        the reset gate acts (reset_after=True, linear_before_reset=1), or, where the framework
        has no such argument, its one behaviour. Empty for the other cells."""
        if spec.cell != "gru":
            return ""
        for _, arg in self.calls(spec)[0].arguments():
            if arg.states("reset_after"):
                return f"{arg.name}={arg.value!r}"
        return f"reset gate {'after' if spec.reset_after else 'before'} the matmul"

    def why(self, spec: Spec) -> str:
        """One line on what sets this convention's count apart, for --framework all."""
        raise NotImplementedError

    def variants(self, fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """The versions of ``fields`` worth comparing in this convention, each labelled in the
        framework's own words: its title, and the argument that makes a version ('Keras 3
        (reset_after=False)')."""
        return [(self.title, {**fields, "framework": self.name})]

    def lowest(self, fields: dict[str, Any], unknown: str) -> int:
        """The smallest value of ``unknown`` (units or inp) this framework can build."""
        return 1

    # The inverse: what a printed summary row may stand for.

    def readings(self, row: Row, era: str = "") -> list[Reading]:
        """Configurations of this framework that print ``row``, the defaults of the printing
        version (``era``, read from the summary's text: "keras<2.3") first."""
        return []

    def contrasts(self, fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """Counts people expect instead of this one: (sentence with {count}, fields) pairs."""
        return []

    def describe(self, fields: dict[str, Any]) -> str:
        """One reading in a few words, as this framework's user would write the layer:
        'bidirectional GRU(16, reset_after=False) on 7 features'."""
        options = [f"{fields['layers']} layers"] if fields.get("layers", 1) > 1 else []
        if fields["cell"] == "gru" and fields.get("reset_after") is False:
            options.append("reset_after=False")
        if fields.get("proj"):
            options.append(f"proj {fields['proj']}")
        if fields.get("bias") is False:
            options.append("no bias")
        if fields.get("framework", self.name) != self.name:
            options.append("two biases per gate")
        if "merge_mode" in self.options and fields.get("bidirectional"):
            options.append(f"merge {fields['merge_mode']}")
        inner = ", ".join([str(fields["units"]), *options])
        features = "feature" if fields["inp"] == 1 else "features"
        both = "bidirectional " if fields.get("bidirectional") else ""
        return f"{both}{self.class_names[fields['cell']]}({inner}) on {fields['inp']} {features}"

    # Derived helpers, shared by every convention.

    def gate_letters(self, cell: str) -> tuple[str, ...]:
        return tuple(letter for _, letter in self.letters[cell])

    def gate_order(self, cell: str) -> tuple[str, ...]:
        """The canonical gates in this framework's packing order."""
        return tuple(gate for gate, _ in self.letters[cell])


def per_gate(spec: Spec) -> str:
    """' per gate' where the cell has gates to count by; '' for a SimpleRNN, which has none."""
    return " per gate" if len(spec.kind.gates) > 1 else ""


def sym(value: int, symbol: str) -> Extent:
    """An axis of one named size: sym(3, "units")."""
    return ((Sym(value, symbol),),)


def packed(cell: str, units: int) -> Extent:
    """The axis that packs every gate of ``cell``: G·units (just units for a one-gate cell)."""
    gates = len(CELLS[cell].gates)
    u = Sym(units, "units")
    return ((u,),) if gates == 1 else ((Sym.of(gates), u),)


def times(n: int, extent: Extent) -> Extent:
    """n copies of an axis side by side: a bias of 2·G·units holds input biases, then recurrent ones."""
    return tuple((Sym.of(n), *term) for term in extent)


#: One block of a split: its length, role, direction and gate (None for a projection).
Piece = tuple[int, Role, str, str | None]


def split(dims: tuple[Extent, ...], axis: int, pieces: Iterable[Piece],
          fixed: dict[int, tuple[int, int]] | None = None) -> tuple[Block, ...]:
    """Cut ``axis`` of a tensor of ``dims`` into consecutive blocks of (length, role, direction,
    gate), each whole along the other axes except those ``fixed`` to a range (ONNX: one
    direction's slice of axis 0)."""
    fixed = fixed or {}
    shape = shape_of(dims)
    blocks, start = [], 0
    for length, role, direction, gate in pieces:
        spans = tuple((start, start + length) if a == axis else fixed.get(a, (0, n)) for a, n in enumerate(shape))
        blocks.append(Block(spans, role, direction, gate, out_axis=axis))
        start += length
    return tuple(blocks)

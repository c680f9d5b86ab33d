"""The cell/unit/gate breakdown of a spec, in words and numbers: the page a student reads.

Pure data, derived from the tensor inventory: each gate's W, U, biases and peepholes are the
blocks of the tensors that belong to that gate, so the breakdown is right for any packing
(Keras's columns, PyTorch's rows, ONNX's direction slices). The glossary is built from every
convention's own vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnncalc import frameworks
from rnncalc.model.tensors import count
from rnncalc.features._words import a, listed, verb

if TYPE_CHECKING:
    from rnncalc.frameworks.base import Convention
    from rnncalc.model.spec import Spec
    from rnncalc.model.types import Tensor

__all__ = ["TERMS", "Explanation", "GateRow", "LayerBreakdown", "explain", "glossary"]

_BIASES = ("bias", "input_bias", "recurrent_bias")


@dataclass(frozen=True)
class GateRow:
    gate: str  # the framework's letter
    role: str
    input_weights: tuple[int, int]  # W: units × input width
    recurrent_weights: tuple[int, int]  # U: units × (units or proj)
    biases: int  # bias vectors of length units
    peepholes: int  # peephole vectors of length units (one weight per unit), 0 without
    params: int


@dataclass(frozen=True)
class LayerBreakdown:
    layer: int
    input_width: int
    units: int
    recurrent_width: int
    gates: tuple[GateRow, ...]
    projection: int  # projection weights (PyTorch proj_size), else 0
    per_unit: int
    per_unit_formula: str
    per_direction: int
    directions: int

    @property
    def params(self) -> int:
        return self.per_direction * self.directions


@dataclass(frozen=True)
class Explanation:
    spec: Spec
    terms: tuple[tuple[str, str], ...]
    layers: tuple[LayerBreakdown, ...]
    bias_rule: str
    total: int
    formula: str
    #: The same things in every framework: a header (term, then each framework's title), then rows.
    glossary: tuple[tuple[str, ...], ...]
    #: The framework names of the glossary's columns, in order (the JSON keys).
    glossary_keys: tuple[str, ...]


#: What the glossary lines up across frameworks: each convention's ``vocabulary`` key, and the
#: two gate orders, which come from each convention's letters.
TERMS = ("hidden size", "one time step", "the layer over time", "input weights", "recurrent weights",
         "biases per gate", "LSTM gate order", "GRU gate order", "stacking", "both directions", "final states")


def glossary() -> tuple[tuple[str, ...], ...]:
    conventions = frameworks.all_conventions()

    def word(c: Convention, term: str) -> str:
        if term.endswith("gate order"):
            return " ".join(c.gate_letters(term.split()[0].lower()))
        return c.vocabulary.get(term, "")

    return (("term", *(c.title for c in conventions)), *((term, *(word(c, term) for c in conventions)) for term in TERMS))


def _first_up(text: str) -> str:
    return text[:1].upper() + text[1:]


def _terms(spec: Spec) -> tuple[tuple[str, str], ...]:
    conventions = frameworks.all_conventions()
    u = spec.units[0]
    cell = spec.kind.title
    states = " and ".join(f"{s}_t" for s in spec.kind.states)
    inputs = ", ".join(["x_t", *(f"{s}_(t-1)" for s in spec.kind.states)])
    sizes = f"{u} units" if len(set(spec.units)) == 1 else "units " + ", ".join(map(str, spec.units))
    hidden = " = ".join(f"{c.title}'s {c.vocabulary['hidden size']}" for c in conventions)
    # A convention whose step is no class of its own (cuDNN runs whole layers) writes "(inside cuDNN)".
    classes = [f"{c.cell_classes[spec.cell]} in {c.title}" for c in conventions
               if not c.cell_classes[spec.cell].startswith("(")]
    none = [c.title for c in conventions if c.cell_classes[spec.cell].startswith("(")]
    steps = f"{listed(classes)}" + (f"; {listed(none)} {verb(none, 'has', 'have')} no cell class" if none else "")
    return (
        ("unit", f"One coordinate of h_t. With {sizes}, h_t holds {u} numbers per example"
                 f"{' in the first layer' if len(set(spec.units)) > 1 else ''}. units = hidden size = "
                 f"{hidden}. A unit is not a cell and not a layer."),
        ("cell", f"One time step's function over all units at once: {inputs} in, {states} out. "
                 f"{_first_up(a(cell + ' cell'))} is the whole layer's step, not a neuron. Its class: {steps}."),
        ("layer", f"The cell applied at every time step with the same weights. Unrolling over T steps adds "
                  f"no parameters: {cell}({u}) is one cell with {u} units run T times, not {u} "
                  f"{cell}s chained in time."),
        ("connections", f"Every unit sees every unit's previous output: U is {u} × {u}, so the units of a "
                        "layer are fully interconnected through h_(t-1)." if not spec.proj else
                        f"Every unit sees all {spec.proj} coordinates of the projected h_(t-1): U is {u} × "
                        f"{spec.proj}, and the projection ({spec.proj} × {u}) maps the {u} units down to "
                        f"{spec.proj}."),
        ("stack", ("One layer." if spec.layers == 1 else
                   f"{spec.layers} layers; layer k > 0 reads the previous layer's h_t at every step.")
                  + (" Both directions run over the sequence; their outputs are "
                     f"{'concatenated' if spec.merge_mode == 'concat' else 'merged by ' + str(spec.merge_mode)}."
                     if spec.bidirectional else "")),
    )


def _per_unit(rows: tuple[GateRow, ...], projection: int, units: int) -> str:
    def sums(g: GateRow) -> str:
        return " + ".join(str(n) for n in (g.input_weights[1], g.recurrent_weights[1], g.biases, g.peepholes) if n)

    alike = {sums(g) for g in rows}
    if len(alike) == 1:
        (one,) = alike
        formula = f"{len(rows)} · ({one})" if len(rows) > 1 else one
    else:
        formula = " + ".join(f"({sums(g)})" for g in rows)
    return formula + (f" + {projection // units}" if projection else "")


def _breakdown(spec: Spec, layer: int, tensors: list[Tensor]) -> LayerBreakdown:
    convention = frameworks.get(spec.framework)
    units = spec.units[layer]
    direction = tensors[0].directions[0]
    blocks = [b for t in tensors for b in t.blocks if b.direction == direction]

    def size(gate: str | None, *roles: str) -> int:
        return sum(b.size for b in blocks if b.gate == gate and (not roles or b.role in roles))

    rows = tuple(
        GateRow(letter, spec.kind.roles[gate], (units, size(gate, "input_weights") // units),
                (units, size(gate, "recurrent_weights") // units), size(gate, *_BIASES) // units,
                size(gate, "peephole") // units, size(gate))
        for gate, letter in convention.letters[spec.cell]
    )
    projection = size(None)
    per_direction = sum(b.size for b in blocks)
    per_unit = per_direction // units
    return LayerBreakdown(layer, spec.input_width(layer), units, spec.state_width(layer), rows, projection, per_unit,
                          f"{_per_unit(rows, projection, units)} = {per_unit}", per_direction, spec.directions)


def explain(spec: Spec) -> Explanation:
    """The gate-by-gate and unit-by-unit breakdown of ``spec``'s parameter count."""
    c = count(spec)
    by_layer: dict[int, list[Tensor]] = {}
    for t in c.tensors:
        by_layer.setdefault(t.layer, []).append(t)
    layers = tuple(_breakdown(spec, layer, by_layer[layer]) for layer in range(spec.layers))
    return Explanation(spec, _terms(spec), layers, frameworks.get(spec.framework).why(spec), c.total, c.formula,
                       glossary(), frameworks.NAMES)

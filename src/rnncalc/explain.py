"""The cell/unit/gate breakdown of a spec, in words and numbers: the page a student reads.

Pure data: the terms with the user's numbers, one row per gate, the per-unit and per-layer
derivation, and a glossary across frameworks. Renderers turn it into panels or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnncalc import frameworks
from rnncalc.tensors import count

if TYPE_CHECKING:
    from rnncalc.spec import Spec

__all__ = ["GLOSSARY", "Explanation", "GateRow", "LayerBreakdown", "explain"]


@dataclass(frozen=True)
class GateRow:
    gate: str
    role: str
    input_weights: tuple[int, int]  # W: units × input width
    recurrent_weights: tuple[int, int]  # U: units × (units or proj)
    biases: int  # bias vectors of length units
    params: int


@dataclass(frozen=True)
class LayerBreakdown:
    layer: int
    input_width: int
    units: int
    recurrent_width: int
    gates: tuple[GateRow, ...]
    projection: int  # W_hr parameters (PyTorch proj_size), else 0
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


# term, Keras 3, PyTorch, TF1 (tf.nn.rnn_cell), ONNX. Sources: the frameworks' docs and code
# (TF1 LSTMCell splits concat([x, h])·kernel as i, j, f, o; ONNX documents W[iofc], W[zrh]).
GLOSSARY: tuple[tuple[str, str, str, str, str], ...] = (
    ("term", "Keras 3", "PyTorch", "TF1", "ONNX"),
    ("hidden size", "units", "hidden_size", "num_units", "hidden_size"),
    ("one time step", "LSTMCell / GRUCell", "nn.LSTMCell / nn.GRUCell", "rnn_cell.LSTMCell", "(inside the op)"),
    ("the layer over time", "LSTM / GRU / SimpleRNN", "nn.LSTM / nn.GRU / nn.RNN", "dynamic_rnn(cell, x)",
     "LSTM / GRU / RNN op"),
    ("input weights", "kernel [inp, G·u]", "weight_ih_l0 [G·u, inp]", "kernel [inp+u, G·u] (with U)",
     "W [D, G·u, inp]"),
    ("recurrent weights", "recurrent_kernel [u, G·u]", "weight_hh_l0 [G·u, u]", "(rows inp.. of kernel)",
     "R [D, G·u, u]"),
    ("biases per gate", "1 (GRU reset_after: 2)", "2 (bias_ih, bias_hh)", "1", "2 (B = [Wb, Rb])"),
    ("LSTM gate order", "i f c o", "i f g o", "i j f o", "i o f c"),
    ("GRU gate order", "z r h", "r z n", "r u, then candidate", "z r h"),
    ("stacking", "Sequential of layers", "num_layers=N", "MultiRNNCell", "one op per layer"),
    ("both directions", "Bidirectional(layer)", "bidirectional=True", "bidirectional_dynamic_rnn",
     "direction='bidirectional'"),
    ("final states", "return_state=True", "h_n (, c_n)", "state tuple (c, h)", "Y_h (, Y_c)"),
)


def _terms(spec: Spec) -> tuple[tuple[str, str], ...]:
    u = spec.units[0]
    cell = spec.kind.title
    states = "h_t and c_t" if spec.cell == "lstm" else "h_t"
    inputs = "x_t, h_(t-1) and c_(t-1)" if spec.cell == "lstm" else "x_t and h_(t-1)"
    sizes = f"{u} units" if len(set(spec.units)) == 1 else "units " + ", ".join(map(str, spec.units))
    return (
        ("unit", f"One coordinate of h_t. With {sizes}, h_t holds {u} numbers per example"
                 f"{' in the first layer' if len(set(spec.units)) > 1 else ''}. units = hidden size = "
                 "TF's num_units = PyTorch's hidden_size. A unit is not a cell and not a layer."),
        ("cell", f"One time step's function over all units at once: {inputs} in, {states} out. "
                 f"An {cell} cell is the whole layer's step, not a neuron: Keras {cell}Cell, PyTorch "
                 f"nn.{cell}Cell, TF1's {cell}Cell(num_units)." if spec.cell != "rnn" else
                 f"One time step's function over all units at once: {inputs} in, {states} out "
                 "(Keras SimpleRNNCell, PyTorch nn.RNNCell, TF1 BasicRNNCell)."),
        ("layer", f"The cell applied at every time step with the same weights. Unrolling over T steps adds "
                  f"no parameters: {cell}({u}) is one cell with {u} units run T times, not {u} "
                  f"{cell}s chained in time."),
        ("connections", f"Every unit sees every unit's previous output: U is {u} × {u}, so the units of a "
                        "layer are fully interconnected through h_(t-1)." if not spec.proj else
                        f"Every unit sees all {spec.proj} coordinates of the projected h_(t-1): U is {u} × "
                        f"{spec.proj}, and W_hr ({spec.proj} × {u}) projects the {u} units down to {spec.proj}."),
        ("stack", ("One layer." if spec.layers == 1 else
                   f"{spec.layers} layers; layer k > 0 reads the previous layer's h_t at every step.")
                  + (" Both directions run over the sequence; their outputs are "
                     f"{'concatenated' if spec.merge_mode == 'concat' else 'merged by ' + str(spec.merge_mode)}."
                     if spec.bidirectional else "")),
    )


def explain(spec: Spec) -> Explanation:
    """The gate-by-gate and unit-by-unit breakdown of ``spec``'s parameter count."""
    convention = frameworks.get(spec.framework)
    biases = convention.bias_vectors(spec)
    gates = convention.gate_order[spec.cell]
    layers = []
    for layer in range(spec.layers):
        units, width, recurrent = spec.units[layer], spec.input_width(layer), spec.state_width(layer)
        rows = tuple(
            GateRow(g, spec.kind.gate_roles[g], (units, width), (units, recurrent), biases,
                    units * (width + recurrent + biases))
            for g in gates
        )
        projection = (spec.proj or 0) * units
        per_unit = len(gates) * (width + recurrent + biases) + (spec.proj or 0)
        sums = " + ".join(str(n) for n in (width, recurrent, biases) if n)
        formula = f"{len(gates)} · ({sums})" if len(gates) > 1 else f"{sums}"
        if spec.proj:
            formula += f" + {spec.proj}"
        layers.append(LayerBreakdown(layer, width, units, recurrent, rows, projection, per_unit,
                                     f"{formula} = {per_unit}", units * per_unit, spec.directions))
    c = count(spec)
    return Explanation(spec, _terms(spec), tuple(layers), convention.why(spec), c.total, c.formula)

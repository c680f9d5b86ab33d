"""Flax NNX: ``nnx.RNN(cell)`` over ``nnx.LSTMCell`` / ``nnx.GRUCell`` / ``nnx.SimpleCell``.

Source: flax/nnx/nn/recurrent.py (LSTMCell, GRUCell, SimpleCell, RNN, Bidirectional) and
flax/nnx/nn/linear.py (Linear: kernel [in_features, out_features], bias [out_features]),
flax 0.12.8. The cells are built eagerly from ``nnx.Linear`` attributes:

- LSTMCell: ii, if_, ig, io (input side, use_bias=False) and hi, hf, hg, ho (hidden side,
  use_bias=True), one Linear per gate as in Linen (``if`` is a Python keyword, hence if_).
  ``nnx.OptimizedLSTMCell`` is another layout (dense_i, dense_h packing i|f|g|o), not
  counted here: its count is the same, its names are not.
- GRUCell: unlike Linen's, two packed Linears: dense_i [inp, 3·units] with bias and
  dense_h [units, 3·units] without, gates r|z|n along the output axis (``jnp.split(.., 3)``).
  n = tanh(xi_n + r * hh_n): the reset gate acts after the matmul (reset_after), and there
  is no b_hn, so NNX's GRU has 3 bias vectors where Linen's has 4 (the class docstring's
  formula still writes b_hn; the code has none).
- SimpleCell: dense_i (with bias) and dense_h (no bias).

None of these cells has a use_bias switch, so a spec without biases is refused.

Tensor names are the paths of ``nnx.to_flat_state(nnx.state(model, nnx.Param))`` joined with "/":

- one layer: ``nnx.RNN(cell)`` -> ``cell/ii/kernel``;
- bidirectional: ``nnx.Bidirectional(nnx.RNN(cell), nnx.RNN(cell))`` -> ``forward_rnn/cell/...``
  and ``backward_rnn/cell/...``;
- a stack (layers > 1): ``nnx.Sequential(layer_0, layer_1, ...)`` -> ``layers/0/...``.

Only ``nnx.Param`` counts: nnx.RNN and nnx.Bidirectional also hold an RNG stream (rngs/key,
rngs/count), which is state but not a parameter. Order: as that flat state lists them
(flax/nnx/statelib.py, ``FlatState(..., sort=True)``): sorted by path, Sequential's layer
indices being ints (layers/2 before layers/10), backward_rnn before forward_rnn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnncalc.frameworks.base import packed, sym
from rnncalc.frameworks.flax_linen import ONE, FlaxLinen, dense
from rnncalc.model.knobs import Refusal
from rnncalc.model.types import Arg, Call, Extent, Role, Tensor

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rnncalc.model.spec import Spec

# LSTMCell's Linear attributes per gate: (input side, hidden side). ``if`` is a keyword: if_.
_LSTM_ATTRIBUTES = {"input": ("ii", "hi"), "forget": ("if_", "hf"), "candidate": ("ig", "hg"),
                    "output": ("io", "ho")}


class FlaxNnx(FlaxLinen):
    """Linen's returns, refusals and gate letters; NNX's own names, packing and order."""

    name = "flax-nnx"
    title = "Flax NNX"
    aliases = ("nnx",)
    source = "flax/nnx/nn/recurrent.py (LSTMCell, GRUCell, SimpleCell, RNN, Bidirectional), flax 0.12.8"
    vocabulary = {
        "hidden size": "hidden_features",
        "one time step": "nnx.LSTMCell / nnx.GRUCell / nnx.SimpleCell",
        "the layer over time": "nnx.RNN(cell)",
        "input weights": "ii/kernel … [inp, u] per gate (GRU: dense_i/kernel [inp, 3·u])",
        "recurrent weights": "hi/kernel … [u, u] per gate (GRU: dense_h/kernel [u, 3·u])",
        "biases per gate": "1",
        "stacking": "nnx.Sequential(nnx.RNN(...), ...)",
        "both directions": "nnx.Bidirectional(fwd_rnn, bwd_rnn)",
        "final states": "return_carry=True",
    }
    # LSTM: the gate letters of ii, if_, ig, io; GRU: the comment "# r, z, n" on dense_i and
    # the split xi_r, xi_z, xi_n. SimpleCell's one gate is written h, as PyTorch and Keras do.
    letters = {
        "rnn": (("hidden", "h"),),
        "lstm": (("input", "i"), ("forget", "f"), ("candidate", "g"), ("output", "o")),
        "gru": (("reset", "r"), ("update", "z"), ("new", "n")),
    }
    class_names = {"rnn": "nnx.RNN(nnx.SimpleCell)", "lstm": "nnx.RNN(nnx.LSTMCell)", "gru": "nnx.RNN(nnx.GRUCell)"}
    cell_classes = {"rnn": "nnx.SimpleCell", "lstm": "nnx.LSTMCell", "gru": "nnx.GRUCell"}
    module = "nnx"
    default_reset_after = True  # GRUCell: n = tanh(xi_n + r * hh_n), the reset gate after the matmul.
    refusals = (
        Refusal("bias", (True,), "Flax NNX's cells have no use_bias switch: their biases are always there"),
        Refusal("reset_after", (None, True), "Flax NNX's GRUCell always applies the reset gate after the matmul"),
    )

    def why(self, spec: Spec) -> str:
        return {"lstm": "one bias per gate, on the hidden side (hi, hf, hg, ho)",
                "gru": "one bias per gate, all in dense_i: no b_hn, 3 vectors for 3 gates",
                "rnn": "one bias, on the input side (dense_i)"}[spec.cell]

    package = "flax.nnx"

    def cell_call(self, spec: Spec, layer: int) -> Call:
        """NNX's cells take their input width too, and an RNG source for their initial weights."""
        return Call(f"{self.package}.{self.cell_classes[spec.cell].removeprefix('nnx.')}", (
            Arg("in_features", spec.input_width(layer)), Arg("hidden_features", spec.units[layer]),
            Arg("rngs", Call(f"{self.package}.Rngs", (Arg(None, 0),)))))

    def sequential(self, layers: tuple[Call, ...]) -> Call:
        # nnx.Sequential(*fns): the layers are positional.
        return Call(f"{self.package}.Sequential", tuple(Arg(None, layer, "layers") for layer in layers))

    def layer_path(self, spec: Spec, layer: int, direction: str) -> str:
        # nnx.Sequential keeps its modules in an nnx.List attribute named layers.
        stem = f"layers/{layer}/" if spec.layers > 1 else ""
        wrapper = f"{self.directions_path[direction]}/" if spec.bidirectional else ""
        return f"{stem}{wrapper}{self.cell_path}"

    def cell_tensors(self, spec: Spec, layer: int, direction: str, path: str) -> Iterator[Tensor]:
        u = spec.units[layer]
        inp = sym(spec.input_width(layer), "inp")
        units = sym(u, "units")
        gates = self.gate_order(spec.cell)

        def linear(name: str, dims: tuple[Extent, ...], role: Role, order: tuple[str, ...]) -> Tensor:
            return dense(f"{path}/{name}", dims, layer, role, [(u, role, direction, g) for g in order])

        if spec.cell == "lstm":
            for gate in gates:
                x_side, h_side = _LSTM_ATTRIBUTES[gate]
                yield linear(f"{x_side}/kernel", (inp, units), "input_weights", (gate,))
                yield linear(f"{h_side}/kernel", (units, units), "recurrent_weights", (gate,))
                yield linear(f"{h_side}/bias", (units,), ONE, (gate,))
            return
        # SimpleCell and GRUCell: dense_i and dense_h, every gate packed along the output axis.
        out = packed(spec.cell, u)
        yield linear("dense_i/kernel", (inp, out), "input_weights", gates)
        # The one bias of every gate, new included: it is added to xi_n, outside r * hh_n.
        yield linear("dense_i/bias", (out,), ONE, gates)
        yield linear("dense_h/kernel", (units, out), "recurrent_weights", gates)

    def order(self, name: str) -> tuple[Any, ...]:
        # nnx flattens the graph with every node's keys sorted; Sequential's indices are ints.
        return tuple((0, int(part)) if part.isdigit() else (1, part) for part in name.split("/"))


CONVENTION = FlaxNnx()

"""PyTorch: ``torch.nn.RNN/LSTM/GRU`` as ``named_parameters()`` lists them.

Source: torch/nn/modules/rnn.py (RNNBase.__init__, torch 2.13): per layer and direction,
w_ih [G·hidden, layer_input], w_hh [G·hidden, real_hidden], b_ih, b_hh [G·hidden], and with
proj_size > 0, w_hr [proj_size, hidden]; real_hidden = proj_size or hidden, and a layer k > 0
takes num_directions · real_hidden inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rnncalc.errors import SpecError
from rnncalc.frameworks.base import Convention
from rnncalc.tensors import Tensor

if TYPE_CHECKING:
    from rnncalc.shapes import Named, Run
    from rnncalc.spec import Spec


class PyTorch(Convention):
    name = "pytorch"
    title = "PyTorch"
    default_reset_after = True  # torch.nn.GRU computes n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).
    # Gates are packed along the first axis: weight_ih_l0 is (W_ii|W_if|W_ig|W_io) for LSTM and
    # (W_ir|W_iz|W_in) for GRU, per the nn.LSTM / nn.GRU docstrings.
    gate_order = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}

    def validate(self, spec: Spec) -> None:
        if spec.reset_after is False:
            raise SpecError(
                "reset_after", "PyTorch's GRU always applies the reset gate after the matmul", False
            )
        if spec.merge_mode not in (None, "concat"):
            raise SpecError("merge_mode", "PyTorch always concatenates the two directions", spec.merge_mode)
        if spec.proj is not None:
            if spec.cell != "lstm":
                raise SpecError("proj", f"PyTorch's proj_size exists for LSTM only, not {spec.cell}", spec.proj)
            for layer, units in enumerate(spec.units):
                if spec.proj >= units:
                    field = "proj" if len(set(spec.units)) == 1 else f"proj (layer {layer} has {units} units)"
                    raise SpecError(field, f"must be smaller than units ({units})", spec.proj)

    # The nn.LSTM docstring writes N (batch) and L (length); B and T read better in a table.
    unknown_batch = "B"
    unknown_steps = "T"

    def validate_run(self, spec: Spec, run: Run) -> None:
        for field in ("return_sequences", "return_state"):
            if getattr(run, field):
                raise SpecError(field, "is Keras's; a PyTorch RNN always returns every step's output and h_n", True)

    def sequence(self, spec: Spec, run: Run) -> tuple[Named, list[Named]]:
        """nn.RNN/GRU return (output, h_n); nn.LSTM returns (output, (h_n, c_n)).

        output is (T, B, D·H_out), or (B, T, D·H_out) with batch_first; h_n and c_n are
        (D·num_layers, B, H) whatever batch_first says (the nn.LSTM docstring: batch_first
        "does not apply to hidden or cell states"). H_out is proj_size if set, else hidden_size.
        A stack of unequal sizes is separate modules, so the last module's states come out.
        """
        from rnncalc.shapes import Named

        b = run.batch if run.batch is not None else self.unknown_batch
        t = run.steps if run.steps is not None else self.unknown_steps
        last = spec.layers - 1
        d = spec.directions
        stacked = spec.layers if len(set(spec.units)) == 1 else 1

        def seq(width: int) -> tuple:
            if run.unbatched:
                return (t, width)
            return (b, t, width) if run.batch_first else (t, b, width)

        def state(width: int) -> tuple:
            return (d * stacked, width) if run.unbatched else (d * stacked, b, width)

        layout = ("one sequence, no batch dimension" if run.unbatched else
                  "batch-first" if run.batch_first else "time-major: set batch_first=True for (B, T, …)")
        inp = Named("input", seq(spec.inp), layout)
        out = [
            Named("output", seq(d * spec.state_width(last)), "h_t of the last layer at every step"
                  + (", both directions concatenated" if d == 2 else "")),
            Named("h_n", state(spec.state_width(last)),
                  "final hidden state of every layer and direction; batch_first does not apply"),
        ]
        if spec.cell == "lstm":
            out.append(Named("c_n", state(spec.units[last]),
                             "final cell state of every layer and direction; batch_first does not apply"))
        return inp, out

    def why(self, spec: Spec) -> str:
        return "two biases per gate: b_ih and b_hh" if spec.bias else "no bias"

    def bias_vectors(self, spec: Spec) -> int:
        return 2 if spec.bias else 0

    def prefix(self, spec: Spec, layer: int) -> tuple[str, int]:
        """Module prefix and layer index within it.

        One nn.LSTM(num_layers=N) holds equal-size layers; a stack whose sizes vary must be N
        single-layer modules, named here as in an nn.ModuleList: 0.weight_ih_l0, 1.weight_ih_l0.
        """
        if len(set(spec.units)) == 1:
            return "", layer
        return f"{layer}.", 0

    def layer_tensors(self, spec: Spec, layer: int, direction: str) -> list[Tensor]:
        gates = self.gate_order[spec.cell]
        units = spec.units[layer]
        packed = spec.kind.gates * units
        prefix, k = self.prefix(spec, layer)
        suffix = "_reverse" if direction == "backward" else ""

        def tensor(stem: str, shape: tuple[int, ...], role: str, gated: bool = True) -> Tensor:
            return Tensor(f"{prefix}{stem}_l{k}{suffix}", shape, layer, direction, role,  # type: ignore[arg-type]
                          gates if gated else (), 0 if gated else None)

        tensors = [
            tensor("weight_ih", (packed, spec.input_width(layer)), "input_weights"),
            tensor("weight_hh", (packed, spec.state_width(layer)), "recurrent_weights"),
        ]
        if spec.bias:
            tensors += [tensor("bias_ih", (packed,), "input_bias"), tensor("bias_hh", (packed,), "recurrent_bias")]
        if spec.proj:
            tensors.append(tensor("weight_hr", (spec.proj, units), "projection", gated=False))
        return tensors


CONVENTION = PyTorch()

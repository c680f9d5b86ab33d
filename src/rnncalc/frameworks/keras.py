"""Keras 3: ``kernel`` [inp, G·units], ``recurrent_kernel`` [units, G·units], ``bias``.

Source: keras/src/layers/rnn/{simple_rnn,lstm,gru,bidirectional}.py (Keras 3.15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnncalc.errors import SpecError
from rnncalc.frameworks.base import Convention
from rnncalc.tensors import Tensor

if TYPE_CHECKING:
    from rnncalc.shapes import Named, Run
    from rnncalc.spec import Spec

# The layer class Keras builds for each cell, as its auto-generated names spell it.
_LAYER_NAME = {"rnn": "simple_rnn", "lstm": "lstm", "gru": "gru"}


class Keras(Convention):
    name = "keras"
    title = "Keras 3"
    default_reset_after = True  # GRU(reset_after=True) since TF 2.0 / Keras 2.3; Keras 3 keeps it.
    # Gates are packed along the last axis: LSTMCell splits kernel into k_i, k_f, k_c, k_o;
    # GRUCell slices kernel[:, :units] as z, then r, then h.
    gate_order = {"rnn": ("h",), "lstm": ("i", "f", "c", "o"), "gru": ("z", "r", "h")}

    def validate(self, spec: Spec) -> None:
        if spec.proj is not None:
            raise SpecError("proj", "Keras LSTM has no projection (that is PyTorch's proj_size)", spec.proj)

    # model.summary() and output_shape print an unknown batch or length as None.
    unknown_batch = None
    unknown_steps = None

    def validate_run(self, spec: Spec, run: Run) -> None:
        for field in ("batch_first", "unbatched"):
            if getattr(run, field):
                raise SpecError(field, "is PyTorch's; Keras is always (batch, steps, features)", True)

    def sequence(self, spec: Spec, run: Run) -> tuple[Named, list[Named]]:
        """What the last layer of a Sequential stack returns (earlier layers return sequences).

        Layer: output, then with return_state its states [h] (GRU, SimpleRNN) or [h, c] (LSTM).
        Bidirectional: the merged output (two outputs with merge_mode=None), then the forward
        layer's states, then the backward layer's (keras/src/layers/rnn/bidirectional.py).
        """
        from rnncalc.shapes import Named

        b, t = run.batch, run.steps  # None where unknown, as Keras prints it
        last = spec.layers - 1
        units = spec.units[last]

        def out(width: int) -> tuple:
            return (b, t, width) if run.return_sequences else (b, width)

        every = "at every step" if run.return_sequences else "at the last step (return_sequences=False)"
        if spec.merge_mode == "none":
            outputs = [Named("output (forward)", out(units), f"forward h_t {every}"),
                       Named("output (backward)", out(units), f"backward h_t {every}")]
        else:
            merged = {"concat": "both directions concatenated", "sum": "forward + backward",
                      "mul": "forward × backward", "ave": "mean of both directions"}
            note = f"h_t {every}" + (f", {merged[spec.merge_mode]}" if spec.merge_mode else "")
            outputs = [Named("output", out(spec.output_width(last)), note)]
        if run.return_state:
            states = ["h", "c"] if spec.cell == "lstm" else ["h"]
            for direction in ("forward", "backward")[: spec.directions]:
                prefix = f"{direction}_" if spec.bidirectional else "state_"
                outputs += [Named(f"{prefix}{s}", (b, units), f"final {s} of the {direction} layer") for s in states]
        return Named("input", (b, t, spec.inp), "batch-major, always"), outputs

    def why(self, spec: Spec) -> str:
        if not spec.bias:
            return "no bias"
        if spec.cell == "gru":
            if spec.reset_after:
                return "reset_after=True (default): input and recurrent bias per gate"
            return "reset_after=False (TF1, Keras < 2.3): one bias per gate"
        return "one bias vector per gate"

    def variants(self, fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        # A GRU's count changed with Keras's default (reset_after=False before Keras 2.3 / TF 2.0):
        # the classic "why did my GRU count change between versions?". Show both unless told.
        if str(fields.get("cell", "")).lower() != "gru" or fields.get("reset_after") is not None:
            return super().variants(fields)
        return [
            (f"{self.name} (reset_after=true)", {**fields, "framework": self.name, "reset_after": True}),
            (f"{self.name} (reset_after=false)", {**fields, "framework": self.name, "reset_after": False}),
        ]

    def bias_vectors(self, spec: Spec) -> int:
        if not spec.bias:
            return 0
        # reset_after keeps separate input and recurrent biases: bias has shape (2, 3·units).
        return 2 if spec.cell == "gru" and spec.reset_after else 1

    def layer_path(self, spec: Spec, layer: int, direction: str) -> str:
        """The weight path prefix a fresh Keras session gives this layer in a Sequential stack.

        Keras numbers layers per class (lstm, lstm_1, ...); Bidirectional copies the wrapped
        layer as forward_<name> and backward_<name>, which count as that class too.
        """
        suffix = f"_{layer}" if layer else ""
        cls = _LAYER_NAME[spec.cell]
        cell = f"{cls}_cell"
        if spec.bidirectional:
            return f"bidirectional{suffix}/{direction}_{cls}{suffix}/{cell}"
        return f"{cls}{suffix}/{cell}"

    def layer_tensors(self, spec: Spec, layer: int, direction: str) -> list[Tensor]:
        gates = self.gate_order[spec.cell]
        packed = spec.kind.gates * spec.units[layer]
        path = self.layer_path(spec, layer, direction)
        tensors = [
            Tensor(f"{path}/kernel", (spec.input_width(layer), packed), layer, direction,
                   "input_weights", gates, 1),
            Tensor(f"{path}/recurrent_kernel", (spec.units[layer], packed), layer, direction,
                   "recurrent_weights", gates, 1),
        ]
        biases = self.bias_vectors(spec)
        if biases:
            shape = (packed,) if biases == 1 else (2, packed)
            tensors.append(Tensor(f"{path}/bias", shape, layer, direction, "bias", gates, len(shape) - 1))
        return tensors


CONVENTION = Keras()

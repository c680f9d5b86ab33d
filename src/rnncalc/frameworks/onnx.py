"""ONNX: the ``LSTM``, ``GRU`` and ``RNN`` operators (opset 22), one operator per layer.

Source: the operator schemas (onnx/defs/rnn/defs.cc, onnx 1.23): W [num_directions, G·H, I],
R [num_directions, G·H, H], B [num_directions, 2·G·H] = [Wb, Rb] (optional), P
[num_directions, 3H] = P[iof] (LSTM, optional); gates packed i,o,f,c (LSTM), z,r,h (GRU).
Both directions live in one tensor, slice 0 forward and slice 1 reverse. Y is
[seq_length, num_directions, batch_size, H] (layout=0) or [batch_size, seq_length,
num_directions, H] (layout=1); a stacked layer reads Y reshaped to D·H features.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rnncalc.frameworks.base import Convention, packed, split, sym, times
from rnncalc.types import DIRECTION_AXIS, DIRECTIONS, Extent, Named, Returns, Sym, Tensor

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rnncalc.flow import Run
    from rnncalc.spec import Spec


class Onnx(Convention):
    name = "onnx"
    title = "ONNX"
    source = "onnx/defs/rnn/defs.cc (LSTM, GRU, RNN, opset 22), onnx 1.23"
    vocabulary = {
        "hidden size": "hidden_size",
        "one time step": "(inside the operator)",
        "the layer over time": "LSTM / GRU / RNN operator",
        "input weights": "W [D, G·u, inp]",
        "recurrent weights": "R [D, G·u, u]",
        "biases per gate": "2 (B = [Wb, Rb])",
        "stacking": "one operator per layer",
        "both directions": "direction='bidirectional'",
        "final states": "Y_h (, Y_c)",
    }
    # The schemas' W[iofc], W[zrh] and Wi.
    letters = {
        "rnn": (("hidden", "i"),),
        "lstm": (("input", "i"), ("output", "o"), ("forget", "f"), ("candidate", "c")),
        "gru": (("update", "z"), ("reset", "r"), ("new", "h")),
    }
    class_names = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
    cell_classes = {"rnn": "RNN operator", "lstm": "LSTM operator", "gru": "GRU operator"}
    options = frozenset({"peepholes"})
    # batch_first is the operator's layout=1.
    run_options = frozenset({"batch_first"})
    # linear_before_reset defaults to 0: the reset gate multiplies h before R (reset_after=False).
    default_reset_after = False
    unknown_batch = "batch_size"
    unknown_steps = "seq_length"

    def why(self, spec: Spec) -> str:
        parts = ["two biases per gate: B = [Wb, Rb]" if spec.bias else "no bias"]
        if spec.peepholes:
            parts.append("peepholes P on i, o, f")
        if spec.cell == "gru":
            parts.append(f"linear_before_reset={int(bool(spec.reset_after))}")
        return "; ".join(parts)

    def tensors(self, spec: Spec) -> Iterator[Tensor]:
        gates = self.gate_order(spec.cell)
        d = spec.directions
        directions = DIRECTIONS[:d]
        for layer in range(spec.layers):
            u = spec.units[layer]
            stem = "" if spec.layers == 1 else f"layer{layer}/"
            axis0 = sym(d, DIRECTION_AXIS)

            def tensor(name: str, dims: tuple[Extent, ...], role: str,
                       pieces: list[list[tuple]]) -> Tensor:
                # Direction i is slice i of axis 0; the gates run along axis 1 within it.
                blocks = tuple(block for i, direction_pieces in enumerate(pieces)
                               for block in split(dims, 1, direction_pieces, fixed={0: (i, i + 1)}))
                return Tensor(f"{stem}{name}", dims, layer, role, blocks)  # type: ignore[arg-type]

            def per_gate(role: str, direction: str, order: tuple[str, ...] = gates) -> list[tuple]:
                return [(u, role, direction, g) for g in order]

            inp = spec.input_width(layer)
            yield tensor("W", (axis0, packed(spec.cell, u), sym(inp, "inp")), "input_weights",
                         [per_gate("input_weights", x) for x in directions])
            yield tensor("R", (axis0, packed(spec.cell, u), sym(u, "units")), "recurrent_weights",
                         [per_gate("recurrent_weights", x) for x in directions])
            if spec.bias:
                yield tensor("B", (axis0, times(2, packed(spec.cell, u))), "bias",
                             [per_gate("input_bias", x) + per_gate("recurrent_bias", x) for x in directions])
            if spec.peepholes:
                # P[iof]: the candidate has no peephole.
                yield tensor("P", (axis0, ((Sym.of(3), Sym(u, "units")),)), "peephole",
                             [per_gate("peephole", x, ("input", "output", "forget")) for x in directions])

    def returns(self, spec: Spec, run: Run) -> Returns:
        """Y, Y_h (, Y_c) of the last operator; layout=1 (--batch-first) puts the batch first."""
        b = run.batch if run.batch is not None else self.unknown_batch
        t = run.steps if run.steps is not None else self.unknown_steps
        d, h = spec.directions, spec.units[-1]
        major = run.batch_first
        index = "; index 0 forward, 1 reverse" if d == 2 else ""
        layout = "layout=1: batch first" if major else "layout=0: time-major (layout=1 for batch first)"
        outputs = [Named("Y", (b, t, d, h) if major else (t, d, b, h),
                         "h_t at every step, directions on their own axis" + index
                         + ("; reshape to D·H features before the next operator" if spec.layers > 1 and d == 2 else ""))]
        states = [("Y_h", "final hidden state")] + ([("Y_c", "final cell state")] if spec.kind.has_cell_state else [])
        outputs += [Named(name, (b, d, h) if major else (d, b, h), f"{what} of the last operator" + index)
                    for name, what in states]
        return Returns(Named("X", (b, t, spec.inp) if major else (t, b, spec.inp), layout), tuple(outputs),
                       every_step=True, final=", ".join(name for name, _ in states))


CONVENTION = Onnx()

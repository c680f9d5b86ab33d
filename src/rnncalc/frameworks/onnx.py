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

from rnncalc.frameworks.base import Convention, Piece, packed, per_gate, split, sym, times
from rnncalc.model.types import DIRECTION_AXIS, DIRECTIONS, Arg, Call, Extent, Named, Returns, Role, Sym, Tensor

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rnncalc.model.spec import Run, Spec


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
        parts = [f"two biases{per_gate(spec)}: B = [Wb, Rb]" if spec.bias else "no bias"]
        if spec.peepholes:
            parts.append("peepholes P on i, o, f")
        if spec.cell == "gru":
            parts.append(f"linear_before_reset={int(bool(spec.reset_after))}")
        return "; ".join(parts)

    def calls(self, spec: Spec) -> tuple[Call, ...]:
        """One operator per layer, with its inputs and outputs by name: the slots say which
        tensor is which (B 4th, P 8th; "" for an optional one left out, as a network without
        biases leaves out B). X is the network's input and Y, Y_h (, Y_c) the last operator's
        outputs, as ``returns`` names them; layer k of a stack reads Xk (the layer before's Yk-1,
        its directions reshaped into features) and writes Yk, Y_hk; the initializers are named
        as the tensors.
        hidden_size and direction always; a GRU's linear_before_reset always, as it defaults
        to 0 while Keras's and PyTorch's GRU need 1 (the schema: "When computing the output of
        the hidden gate, apply the linear transformation before multiplying by the output of
        the reset gate"). Activations, clip and layout keep their defaults (sigmoid and tanh,
        as every other framework computes; layout=0 is the time-major X)."""
        names = [[t.name for t in self.tensors(spec) if t.layer == k] for k in range(spec.layers)]

        def node(layer: int) -> Call:
            mine = {name.rsplit("/", 1)[-1]: name for name in names[layer]}
            inputs = [f"X{layer or ''}", mine["W"], mine["R"], mine.get("B", "")]
            if spec.peepholes:  # sequence_lens, initial_h, initial_c left out, then P
                inputs += ["", "", "", mine["P"]]
            out = "" if layer == spec.layers - 1 else str(layer)
            outputs = [f"Y{out}", f"Y_h{out}"] + ([f"Y_c{out}"] if spec.kind.has_cell_state else [])
            args = [Arg("op_type", self.class_names[spec.cell]), Arg("inputs", tuple(inputs), "bias,peepholes"),
                    Arg("outputs", tuple(outputs)), Arg("hidden_size", spec.units[layer]),
                    Arg("direction", "bidirectional" if spec.bidirectional else "forward", "bidirectional")]
            if spec.cell == "gru":
                args.append(Arg("linear_before_reset", int(bool(spec.reset_after)), "reset_after"))
            return Call("onnx.helper.make_node", tuple(args))

        return tuple(node(k) for k in range(spec.layers))

    def tensors(self, spec: Spec) -> Iterator[Tensor]:
        gates = self.gate_order(spec.cell)
        d = spec.directions
        directions = DIRECTIONS[:d]
        for layer in range(spec.layers):
            u = spec.units[layer]
            stem = "" if spec.layers == 1 else f"layer{layer}/"
            axis0 = sym(d, DIRECTION_AXIS)

            def tensor(name: str, dims: tuple[Extent, ...], role: Role, pieces: list[list[Piece]]) -> Tensor:
                # Direction i is slice i of axis 0; the gates run along axis 1 within it.
                blocks = tuple(block for i, direction_pieces in enumerate(pieces)
                               for block in split(dims, 1, direction_pieces, fixed={0: (i, i + 1)}))
                return Tensor(f"{stem}{name}", dims, layer, role, blocks)

            def per_gate(role: Role, direction: str, order: tuple[str, ...] = gates) -> list[Piece]:
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
                         "h_t at every step" + (", directions on their own axis" if d == 2 else ", num_directions = 1 on axis "
                                                + ("2" if major else "1")) + index
                         + ("; reshape to D·H features before the next operator" if spec.layers > 1 and d == 2 else ""))]
        states = [("Y_h", "final hidden state")] + ([("Y_c", "final cell state")] if spec.kind.has_cell_state else [])
        outputs += [Named(name, (b, d, h) if major else (d, b, h), f"{what} of the last operator" + index)
                    for name, what in states]
        return Returns(Named("X", (b, t, spec.inp) if major else (t, b, spec.inp), layout), tuple(outputs),
                       every_step=True, final=", ".join(name for name, _ in states))


CONVENTION = Onnx()

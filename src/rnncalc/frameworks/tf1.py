"""TF1: ``tf.compat.v1.nn.rnn_cell`` cells run by ``dynamic_rnn``.

Source: tensorflow/python/keras/layers/legacy_rnn/rnn_cell_impl.py (tensorflow 2.21).
Each cell keeps one ``kernel`` over the concatenation [x, h]: rows 0..inp-1 are the input
weights, the rest the recurrent ones.
- ``BasicRNNCell``: kernel [inp+u, u], bias [u].
- ``GRUCell``: gates/kernel [inp+u, 2u] (r, u), gates/bias [2u], candidate/kernel
  [inp+u, u] over [x, r·h] (the reset gate before the matmul: reset_after=False), candidate/bias.
- ``LSTMCell``: kernel [inp+h, 4u] split i, j, f, o, bias [4u]; with use_peepholes w_f_diag,
  w_i_diag, w_o_diag [u]; with num_proj projection/kernel [u, num_proj], where h is num_proj
  wide (TF1 allows num_proj ≥ num_units, PyTorch does not). ``forget_bias`` (default 1.0) is
  added to the forget gate at run time: a constant, not a weight, that a port must fold in.
Names are the variables' as ``dynamic_rnn(cell, x)`` creates them (``rnn/lstm_cell/kernel``),
under ``rnn/multi_rnn_cell/cell_k/`` for a MultiRNNCell stack and ``bidirectional_rnn/fw|bw/``
for ``bidirectional_dynamic_rnn``. Stacked bidirectional layers had only tf.contrib's
``stack_bidirectional_dynamic_rnn``, which TF2's compat.v1 does not have.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rnncalc.frameworks.base import Convention, Reading, per_gate, split, sym
from rnncalc.model.knobs import Refusal
from rnncalc.model.types import DIRECTIONS, Arg, Call, Extent, Named, Returns, Role, Sym, Tensor

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rnncalc.frameworks.base import Row
    from rnncalc.model.spec import Run, Spec

_SCOPE = {"rnn": "basic_rnn_cell", "lstm": "lstm_cell", "gru": "gru_cell"}


class Tf1(Convention):
    name = "tf1"
    title = "TF1"
    aliases = ("tf", "tensorflow")  # tf.keras, its CuDNN layers, or tf.compat.v1: ambiguous, so refused naming each
    source = "tensorflow/python/keras/layers/legacy_rnn/rnn_cell_impl.py, tensorflow 2.21"
    vocabulary = {
        "hidden size": "num_units",
        "one time step": "rnn_cell.LSTMCell / GRUCell / BasicRNNCell",
        "the layer over time": "dynamic_rnn(cell, x)",
        "input weights": "kernel [inp+u, G·u] (rows 0..inp-1)",
        "recurrent weights": "kernel (rows inp..)",
        "biases per gate": "1 (+ forget_bias 1.0 at run time)",
        "stacking": "MultiRNNCell",
        "both directions": "bidirectional_dynamic_rnn",
        "final states": "state: LSTMStateTuple(c, h)",
    }
    # LSTMCell: "i = input_gate, j = new_input, f = forget_gate, o = output_gate"; GRUCell splits
    # its gates into r, u and computes the candidate c apart.
    letters = {
        "rnn": (("hidden", "h"),),
        "lstm": (("input", "i"), ("candidate", "j"), ("forget", "f"), ("output", "o")),
        "gru": (("reset", "r"), ("update", "u"), ("new", "c")),
    }
    class_names = {"rnn": "BasicRNNCell", "lstm": "LSTMCell", "gru": "GRUCell"}
    cell_classes = {"rnn": "rnn_cell.BasicRNNCell", "lstm": "rnn_cell.LSTMCell", "gru": "rnn_cell.GRUCell"}
    options = frozenset({"proj", "peepholes"})
    run_options = frozenset({"time_major"})
    constant_biases = {"lstm": {"forget": 1.0}}  # LSTMCell(forget_bias=1.0)
    default_reset_after = False
    unknown_batch = "batch_size"
    unknown_steps = "max_time"
    # tf.keras 2's experimental PeepholeLSTMCell builds LSTMCell's kernel, recurrent kernel and bias,
    # then three peephole vectors of units (tensorflow/python/keras/layers/recurrent.py): the weights
    # of this LSTMCell(use_peepholes=True). A Keras 2 summary's row of it, or of the RNN around it.
    summary_formats = ("keras2",)
    reading_rank = 2  # after Keras's own cells

    refusals = (
        Refusal("bias", (True,), "TF1's rnn_cell cells have no use_bias: they always keep a bias"),
        Refusal("reset_after", (None, False), "TF1's GRUCell applies the reset gate before the matmul"),
        Refusal("proj", (None,), "num_proj exists for LSTMCell only", when=(("cell", ("rnn", "gru")),)),
        Refusal("layers", (1,), "stacked bidirectional layers need tf.contrib's stack_bidirectional_dynamic_rnn, "
                "which TF2's compat.v1 does not have", when=(("bidirectional", (True,)),)),
    )

    def readings(self, row: Row, era: str = "") -> list[Reading]:
        from rnncalc.summaries.rows import last_dim

        units = last_dim(row.shape) if row.kind in ("PeepholeLSTMCell", "RNN") else None
        if units is None:
            return []
        return [Reading({"framework": self.name, "cell": "lstm", "units": units, "peepholes": True},
                        "PeepholeLSTMCell: LSTMCell's weights and 3 peephole vectors of units")]

    def calls(self, spec: Spec) -> tuple[Call, ...]:
        """dynamic_rnn over one cell or a MultiRNNCell of them; bidirectional_dynamic_rnn over a
        forward and a backward cell. An LSTMCell states forget_bias=1.0 (its default): a port
        folds that run-time constant into or out of the bias, so the recipe depends on it."""
        v1 = "tensorflow.compat.v1.nn"

        def cell(layer: int) -> Call:
            args = [Arg("num_units", spec.units[layer])]
            if spec.cell == "lstm":
                if spec.peepholes:
                    args.append(Arg("use_peepholes", True, "peepholes"))
                if spec.proj:
                    args.append(Arg("num_proj", spec.proj, "proj"))
                args.append(Arg("forget_bias", self.constant_biases["lstm"]["forget"]))
            return Call(f"{v1}.{self.cell_classes[spec.cell]}", tuple(args))

        if spec.bidirectional:
            return (Call(f"{v1}.bidirectional_dynamic_rnn", (Arg("cell_fw", cell(0), "bidirectional"),
                                                                  Arg("cell_bw", cell(0), "bidirectional"))),)
        if spec.layers > 1:
            stack = Call(f"{v1}.rnn_cell.MultiRNNCell", (Arg("cells", tuple(cell(k) for k in range(spec.layers)),
                                                               "layers"),))
            return (Call(f"{v1}.dynamic_rnn", (Arg("cell", stack),)),)
        return (Call(f"{v1}.dynamic_rnn", (Arg("cell", cell(0)),)),)

    def why(self, spec: Spec) -> str:
        parts = [f"one kernel over [x, h], one bias{per_gate(spec)}"]
        if spec.cell == "lstm":
            parts.append("forget_bias=1.0 added at run time")
        if spec.peepholes:
            parts.append("peepholes w_i_diag, w_f_diag, w_o_diag")
        return "; ".join(parts)

    def path(self, spec: Spec, layer: int, direction: str) -> str:
        scope = _SCOPE[spec.cell]
        if spec.bidirectional:
            return f"bidirectional_rnn/{'fw' if direction == 'forward' else 'bw'}/{scope}"
        if spec.layers > 1:
            return f"rnn/multi_rnn_cell/cell_{layer}/{scope}"
        return f"rnn/{scope}"

    def tensors(self, spec: Spec) -> Iterator[Tensor]:
        for layer in range(spec.layers):
            u, inp = spec.units[layer], spec.input_width(layer)
            h = spec.state_width(layer)
            rows: Extent = ((Sym(inp, "inp"),), (Sym(h, "proj" if spec.proj else "units"),))
            for direction in DIRECTIONS[: spec.directions]:
                path = self.path(spec, layer, direction)

                def kernel(name: str, gates: tuple[str, ...], _path: str = path, _direction: str = direction) -> Tensor:
                    # Rows 0..inp-1 multiply x, the rest h; the gates sit side by side in the columns.
                    columns: Extent = ((Sym(u, "units"),),) if len(gates) == 1 else ((Sym.of(len(gates)), Sym(u, "units")),)
                    dims = (rows, columns)
                    halves: tuple[tuple[Role, tuple[int, int]], ...] = (("input_weights", (0, inp)),
                                                                         ("recurrent_weights", (inp, inp + h)))
                    blocks = tuple(block for role, span in halves
                                   for block in split(dims, 1, [(u, role, _direction, g) for g in gates], fixed={0: span}))
                    return Tensor(f"{_path}/{name}", dims, layer, "kernel", blocks)

                def bias(name: str, gates: tuple[str, ...], _path: str = path, _direction: str = direction) -> Tensor:
                    dims = (((Sym(u, "units"),),) if len(gates) == 1 else ((Sym.of(len(gates)), Sym(u, "units")),),)
                    return Tensor(f"{_path}/{name}", dims, layer, "bias", split(dims, 0, [(u, "bias", _direction, g)
                                                                                         for g in gates]))

                if spec.cell == "gru":
                    yield kernel("gates/kernel", ("reset", "update"))
                    yield bias("gates/bias", ("reset", "update"))
                    yield kernel("candidate/kernel", ("new",))
                    yield bias("candidate/bias", ("new",))
                    continue
                gates = self.gate_order(spec.cell)
                yield kernel("kernel", gates)
                yield bias("bias", gates)
                if spec.peepholes:
                    for gate in ("forget", "input", "output"):  # the order LSTMCell.build creates them
                        dims: tuple[Extent, ...] = (sym(u, "units"),)
                        yield Tensor(f"{path}/w_{gate[0]}_diag", dims, layer, "peephole",
                                     split(dims, 0, [(u, "peephole", direction, gate)]))
                if spec.proj:
                    # [num_units, num_proj]: the outputs run along the columns.
                    dims = (sym(u, "units"), sym(spec.proj, "proj"))
                    role: Role = "projection"
                    yield Tensor(f"{path}/projection/kernel", dims, layer, role,
                                 split(dims, 1, [(spec.proj, role, direction, None)]))

    def returns(self, spec: Spec, run: Run) -> Returns:
        """dynamic_rnn returns (outputs, state); bidirectional_dynamic_rnn ((fw, bw), (state_fw, state_bw)).

        outputs are [batch_size, max_time, h] unless time_major; a state is LSTMStateTuple(c, h)
        (c first) for LSTMCell, h otherwise, and a MultiRNNCell's state is a tuple of them.
        """
        b = run.batch if run.batch is not None else self.unknown_batch
        t = run.steps if run.steps is not None else self.unknown_steps
        last = spec.layers - 1
        width = spec.state_width(last)

        def seq(n: int) -> tuple[int | str | None, ...]:
            return (t, b, n) if run.time_major else (b, t, n)

        layout = "time_major=True: (max_time, batch_size, …)" if run.time_major else "batch-major (time_major=False)"
        lstm = spec.kind.has_cell_state

        def states(prefix: str, layers: range) -> list[Named]:
            out = []
            for k in layers:
                name = prefix + (f"[{k}]" if spec.layers > 1 else "")
                if lstm:
                    out += [Named(f"{name}.c", (b, spec.units[k]), f"final cell state (c comes first){self._of(k)}"),
                            Named(f"{name}.h", (b, spec.state_width(k)), f"final output h{self._of(k)}")]
                else:
                    out.append(Named(name, (b, spec.units[k]), f"final state{self._of(k)}"))
            return out

        if spec.bidirectional:
            outputs = [Named("outputs_fw", seq(width), "forward h_t at every step"),
                       Named("outputs_bw", seq(width), "backward h_t at every step (not concatenated)")]
            outputs += states("state_fw", range(1)) + states("state_bw", range(1))
        else:
            outputs = [Named("outputs", seq(width), "h_t of the last cell at every step"
                             + (f", projected to num_proj={spec.proj}" if spec.proj else ""))]
            outputs += states("state", range(spec.layers))
        final = "state (c, h)" if lstm else "state"
        return Returns(Named("inputs", seq(spec.inp), layout), tuple(outputs), every_step=True, final=final)

    @staticmethod
    def _of(layer: int) -> str:
        return f" of cell {layer}" if layer else ""


CONVENTION = Tf1()

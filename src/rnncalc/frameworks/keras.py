"""Keras 3: ``kernel`` [inp, G·units], ``recurrent_kernel`` [units, G·units], ``bias``.

Source: keras/src/layers/rnn/{simple_rnn,lstm,gru,bidirectional}.py (Keras 3.15).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rnncalc.frameworks.base import Convention, Reading, Row, packed, per_gate, split, sym
from rnncalc.model.knobs import Refusal
from rnncalc.model.types import BIAS_ROLES, DIRECTIONS, Arg, Call, Extent, Named, Returns, Role, Tensor

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rnncalc.model.spec import Run, Spec

_MERGED = {"concat": "both directions concatenated", "sum": "forward + backward",
           "mul": "forward × backward", "ave": "mean of both directions"}


class Keras(Convention):
    name = "keras"
    title = "Keras 3"
    aliases = ("tf", "tensorflow")  # tf.keras, its CuDNN layers, or tf.compat.v1: ambiguous, so refused naming each
    source = "keras/src/layers/rnn/{simple_rnn,lstm,gru,bidirectional}.py, Keras 3.15"
    vocabulary = {
        "hidden size": "units",
        "one time step": "LSTMCell / GRUCell / SimpleRNNCell",
        "the layer over time": "LSTM / GRU / SimpleRNN",
        "input weights": "kernel [inp, G·u]",
        "recurrent weights": "recurrent_kernel [u, G·u]",
        "biases per gate": "1 (GRU reset_after: 2)",
        "stacking": "Sequential of layers",
        "both directions": "Bidirectional(layer)",
        "final states": "return_state=True",
    }
    # Gates are packed along the last axis: LSTMCell splits kernel into k_i, k_f, k_c, k_o;
    # GRUCell slices kernel[:, :units] as z, then r, then h.
    letters = {
        "rnn": (("hidden", "h"),),
        "lstm": (("input", "i"), ("forget", "f"), ("candidate", "c"), ("output", "o")),
        "gru": (("update", "z"), ("reset", "r"), ("new", "h")),
    }
    class_names = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}
    #: The layer class's auto-generated name (to_snake_case of the class), and whether its
    #: weights sit under a <name>_cell scope (Keras 3 layers wrap a cell; CuDNN layers do not).
    layer_names = {"rnn": "simple_rnn", "lstm": "lstm", "gru": "gru"}
    cell_scope = True
    cell_classes = {"rnn": "SimpleRNNCell", "lstm": "LSTMCell", "gru": "GRUCell"}
    #: Where the classes are imported from, as a user writes it.
    package = "keras.layers"
    options = frozenset({"merge_mode", "api"})
    run_options = frozenset({"return_sequences", "return_state"})
    summary_formats: ClassVar[tuple[str, ...]] = ("keras3", "keras2")
    default_reset_after = True  # GRU(reset_after=True) since TF 2.0 / Keras 2.3; Keras 3 keeps it.
    # model.summary() and output_shape print an unknown batch or length as None.
    unknown_batch = None
    unknown_steps = None

    # Bidirectional(RNN([cell, cell])) stacks each direction apart: layer 1 reads one
    # direction's output, not both concatenated, which is another network.
    refusals: ClassVar[tuple[Refusal, ...]] = (
        Refusal("layers", (1,), "Bidirectional(RNN([cells])) stacks each direction on its own; use --api layer for "
                "stacked bidirectional layers", when=(("api", ("cell",)), ("bidirectional", (True,)))),
    )

    def returns(self, spec: Spec, run: Run) -> Returns:
        """What the last layer of a Sequential stack returns (earlier layers return sequences).

        Layer: output, then with return_state its states [h] (GRU, SimpleRNN) or [h, c] (LSTM).
        Bidirectional: the merged output (two outputs with merge_mode=None), then the forward
        layer's states, then the backward layer's (keras/src/layers/rnn/bidirectional.py).
        """
        b, t = run.batch, run.steps  # None where unknown, as Keras prints it
        last = spec.layers - 1
        units = spec.units[last]

        def out(width: int) -> tuple[int | str | None, ...]:
            return (b, t, width) if run.return_sequences else (b, width)

        every = "at every step" if run.return_sequences else "at the last step (return_sequences=False)"
        if spec.merge_mode == "none":
            outputs = [Named("output (forward)", out(units), f"forward h_t {every}"),
                       Named("output (backward)", out(units), f"backward h_t {every}")]
        else:
            note = f"h_t {every}" + (f", {_MERGED[spec.merge_mode]}" if spec.merge_mode else "")
            outputs = [Named("output", out(spec.output_width(last)), note)]
        if run.return_state and spec.api == "cell" and spec.layers > 1:
            # RNN(StackedRNNCells) returns every cell's final states, cell by cell.
            outputs += [Named(f"state_{k}_{s}", (b, spec.units[k]), f"final {s} of cell {k}")
                        for k in range(spec.layers) for s in spec.kind.states]
        elif run.return_state:
            for direction in DIRECTIONS[: spec.directions]:
                prefix = f"{direction}_" if spec.bidirectional else "state_"
                whose = f"the {direction} layer" if spec.bidirectional else "the last layer" if spec.layers > 1 else "the layer"
                outputs += [Named(f"{prefix}{s}", (b, units), f"final {s} of {whose}")
                            for s in spec.kind.states]
        notes = () if run.return_sequences else ("return_sequences=False: only the last step's output is returned.",)
        return Returns(Named("input", (b, t, spec.inp), "batch-major, always"), tuple(outputs),
                       every_step=run.return_sequences, final=", ".join(f"state_{s}" for s in spec.kind.states), notes=notes)

    def arguments(self, spec: Spec, layer: int) -> tuple[Arg, ...]:
        """One layer's (or cell's) arguments: units, and use_bias and reset_after where they matter.
        A GRU always states reset_after: the one argument whose default changed (Keras 2.3)."""
        args = [Arg("units", spec.units[layer])]
        if not spec.bias:
            args.append(Arg("use_bias", False, "bias"))
        if spec.cell == "gru":
            args.append(Arg("reset_after", spec.reset_after, "reset_after"))
        return tuple(args)

    def calls(self, spec: Spec) -> tuple[Call, ...]:
        """A Sequential stack: one layer per layer, in Bidirectional where both ways (merge_mode
        stated unless concat); with --api cell, RNN(cell) or RNN([cells]) around the cells."""
        def wrap(layer: Call) -> Call:
            if not spec.bidirectional:
                return layer
            merge = () if spec.merge_mode == "concat" else (
                Arg("merge_mode", None if spec.merge_mode == "none" else spec.merge_mode, "merge_mode"),)
            return Call(f"{self.package}.Bidirectional", (Arg("layer", layer, "bidirectional"), *merge))

        if spec.api == "cell":
            cells = tuple(Call(f"{self.package}.{self.cell_classes[spec.cell]}", self.arguments(spec, k))
                          for k in range(spec.layers))
            return (wrap(Call(f"{self.package}.RNN", (Arg("cell", cells if spec.layers > 1 else cells[0], "layers"),))),)
        return tuple(wrap(Call(f"{self.package}.{self.class_names[spec.cell]}", self.arguments(spec, k)))
                     for k in range(spec.layers))

    def why(self, spec: Spec) -> str:
        if not spec.bias:
            return "no bias"
        if spec.cell == "gru":
            if spec.reset_after:
                return "reset_after=True (default): input and recurrent bias per gate"
            return "reset_after=False (TF1, Keras < 2.3): one bias per gate"
        return f"one bias vector{per_gate(spec)}"

    def variants(self, fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        # A GRU's count changed with Keras's default (reset_after=False before Keras 2.3 / TF 2.0):
        # the classic "why did my GRU count change between versions?". Show both unless told.
        if str(fields.get("cell", "")).lower() != "gru" or fields.get("reset_after") is not None:
            return super().variants(fields)
        return [
            (f"{self.title} (reset_after=True)", {**fields, "framework": self.name, "reset_after": True}),
            (f"{self.title} (reset_after=False)", {**fields, "framework": self.name, "reset_after": False}),
        ]

    def layer_path(self, spec: Spec, layer: int, direction: str) -> str:
        """The weight path prefix a fresh Keras session gives this layer in a Sequential stack.

        Keras numbers layers per class (lstm, lstm_1, ...); Bidirectional copies the wrapped
        layer as forward_<name> and backward_<name>, which count as that class too.
        """
        suffix = f"_{layer}" if layer else ""
        cls = self.layer_names[spec.cell]
        if spec.api == "cell":
            # RNN(LSTMCell(u)) is named rnn, its cell lstm_cell; RNN([cell, cell]) wraps the cells in
            # a StackedRNNCells, each cell numbered per class (lstm_cell, lstm_cell_1).
            if spec.bidirectional:
                return f"bidirectional/{direction}_rnn/{cls}_cell"
            if spec.layers > 1:
                return f"rnn/stacked_rnn_cells/{cls}_cell{suffix}"
            return f"rnn/{cls}_cell"
        cell = f"/{cls}_cell" if self.cell_scope else ""
        if spec.bidirectional:
            return f"bidirectional{suffix}/{direction}_{cls}{suffix}{cell}"
        return f"{cls}{suffix}{cell}"

    def tensors(self, spec: Spec) -> Iterator[Tensor]:
        gates = self.gate_order(spec.cell)
        for layer in range(spec.layers):
            u = spec.units[layer]
            for direction in DIRECTIONS[: spec.directions]:
                path = self.layer_path(spec, layer, direction)

                def gated(name: str, role: Role, dims: tuple[Extent, ...], _direction: str = direction) -> Tensor:
                    # Gates sit side by side along the last axis of every tensor.
                    return Tensor(f"{path}/{name}", dims, layer, role, split(
                        dims, len(dims) - 1, [(u, role, _direction, g) for g in gates]))

                yield gated("kernel", "input_weights", (sym(spec.input_width(layer), "inp"), packed(spec.cell, u)))
                yield gated("recurrent_kernel", "recurrent_weights", (sym(u, "units"), packed(spec.cell, u)))
                if spec.bias:
                    yield self.bias(spec, path, layer, direction)

    def bias(self, spec: Spec, path: str, layer: int, direction: str) -> Tensor:
        gates, u = self.gate_order(spec.cell), spec.units[layer]
        if spec.cell == "gru" and spec.reset_after:
            # bias has shape (2, 3·units): row 0 the input bias, row 1 the recurrent one
            # (GRUCell.call unstacks it into input_bias, recurrent_bias).
            dims: tuple[Extent, ...] = (sym(2, "2"), packed(spec.cell, u))
            blocks = tuple(
                block for row, role in enumerate(BIAS_ROLES)
                for block in split(dims, 1, [(u, role, direction, g) for g in gates], fixed={0: (row, row + 1)})
            )
            return Tensor(f"{path}/bias", dims, layer, "bias", blocks)
        dims = (packed(spec.cell, u),)
        return Tensor(f"{path}/bias", dims, layer, "bias", split(dims, 0, [(u, "bias", direction, g) for g in gates]))

    # The inverse: Keras prints each layer's class and output shape, and its own count.

    def readings(self, row: Row, era: str = "") -> list[Reading]:
        from rnncalc.summaries.rows import shapes_in

        shapes = shapes_in(row.shape)
        if not shapes or not shapes[0] or shapes[0][-1] is None:
            return []
        last = shapes[0][-1]
        cells = {name: cell for cell, name in self.class_names.items()}
        solve: tuple[str, ...] = ()
        if row.kind == "Bidirectional":
            # Keras does not print what Bidirectional wraps: try each cell, and each merge the
            # width allows (concat doubles it; sum, mul, ave and None keep it).
            merges = ([(last // 2, "concat")] if last % 2 == 0 else []) + [(last, "sum")]
            bases = [dict(cell=c, units=u, bidirectional=True, merge_mode=m)
                     for c in ("lstm", "gru", "rnn") if c in self.class_names for u, m in merges]
        elif row.kind == "RNN" and "api" in self.options:
            # RNN(cell) or RNN([cells]): the cell is not printed, nor how many are stacked; the
            # output is the last cell's. Read as equal cells, as many as the count allows.
            bases = [dict(cell=c, units=last, api="cell") for c in ("lstm", "gru", "rnn")]
            solve = ("layers",)
        elif row.kind in cells:
            bases = [dict(cell=cells[row.kind], units=last)]
        else:
            return []
        old = era == "keras<2.3"  # Keras < 2.3 built GRU(reset_after=False) by default
        tries = []
        for base in bases:
            default = {**base, "framework": self.name}
            plain = Reading(default, "", solve)
            if base["cell"] == "gru":
                before = Reading({**default, "reset_after": False},
                                 "reset_after=False: the GRU of TF1 and Keras < 2.3, one bias per gate", solve)
                tries.extend([before, plain] if old else [plain, before])
            else:
                tries.append(plain)
            # Readings this framework cannot build (a CuDNN layer has no use_bias) are dropped by
            # check when their spec is refused. Without biases reset_after changes no weight.
            tries.append(Reading({**default, "bias": False}, "use_bias=False: no bias vectors", solve))
        return tries

    def contrasts(self, fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """The classic 'why not the other number': the count under the rule people expect instead."""
        if fields.get("framework") != self.name or not fields.get("bias", True):
            return []
        if fields["cell"] == "gru":
            after = not fields.get("reset_after", True)
            era = "TF1 / Keras < 2.3" if not after else "Keras ≥ 2.3 and 3"
            return [(f"with reset_after={after} ({era}) it would be {{count:,}}", {**fields, "reset_after": after})]
        return [("PyTorch would count {count:,}: two biases per gate", {**fields, "framework": "pytorch"})]


CONVENTION = Keras()

"""PyTorch: ``torch.nn.RNN/LSTM/GRU`` as ``named_parameters()`` lists them.

Source: torch/nn/modules/rnn.py (RNNBase.__init__, torch 2.13): per layer and direction,
w_ih [G·hidden, layer_input], w_hh [G·hidden, real_hidden], b_ih, b_hh [G·hidden], and with
proj_size > 0, w_hr [proj_size, hidden]; real_hidden = proj_size or hidden, and a layer k > 0
takes num_directions · real_hidden inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnncalc.frameworks.base import Convention, Reading, Row, packed, per_gate, split, sym
from rnncalc.model.knobs import Refusal
from rnncalc.model.types import DIRECTIONS, Arg, Call, Extent, Named, Returns, Role, Tensor

if TYPE_CHECKING:
    from collections.abc import Hashable, Iterator

    from rnncalc.model.spec import Run, Spec


class PyTorch(Convention):
    name = "pytorch"
    title = "PyTorch"
    aliases = ("torch",)  # the package's name
    source = "torch/nn/modules/rnn.py (RNNBase, LSTM, GRU), torch 2.13"
    vocabulary = {
        "hidden size": "hidden_size",
        "one time step": "nn.LSTMCell / nn.GRUCell / nn.RNNCell",
        "the layer over time": "nn.LSTM / nn.GRU / nn.RNN",
        "input weights": "weight_ih_l0 [G·u, inp]",
        "recurrent weights": "weight_hh_l0 [G·u, u]",
        "biases per gate": "2 (bias_ih, bias_hh)",
        "stacking": "num_layers=N",
        "both directions": "bidirectional=True",
        "final states": "h_n (, c_n)",
    }
    # Gates are packed along the first axis: weight_ih_l0 is (W_ii|W_if|W_ig|W_io) for LSTM and
    # (W_ir|W_iz|W_in) for GRU, per the nn.LSTM / nn.GRU docstrings.
    letters = {
        "rnn": (("hidden", "h"),),
        "lstm": (("input", "i"), ("forget", "f"), ("candidate", "g"), ("output", "o")),
        "gru": (("reset", "r"), ("update", "z"), ("new", "n")),
    }
    class_names = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
    cell_classes = {"rnn": "nn.RNNCell", "lstm": "nn.LSTMCell", "gru": "nn.GRUCell"}
    options = frozenset({"proj", "api"})
    run_options = frozenset({"batch_first", "unbatched"})
    summary_formats = ("torchinfo", "torch_print")
    default_reset_after = True  # torch.nn.GRU computes n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).
    # The nn.LSTM docstring writes N (batch) and L (length); B and T read better in a table.
    unknown_batch = "B"
    unknown_steps = "T"

    refusals = (
        # nn.RNNCell/LSTMCell/GRUCell: one step of one layer in one direction, no proj_size.
        *(Refusal(field, (neutral,), "PyTorch's nn.RNNCell, nn.LSTMCell and nn.GRUCell are one layer, one "
                  "direction, no projection", when=(("api", ("cell",)),))
          for field, neutral in (("layers", 1), ("bidirectional", False), ("proj", None))),
        Refusal("reset_after", (None, True), "PyTorch's GRU always applies the reset gate after the matmul"),
        Refusal("proj", (None,), "PyTorch's proj_size exists for LSTM only", when=(("cell", ("rnn", "gru")),)),
        Refusal("proj", (), "must be smaller than units", below="units"),  # proj_size < hidden_size
    )

    def lowest(self, fields: dict[str, Any], unknown: str) -> int:
        # proj_size must be smaller than hidden_size, so units start above proj.
        proj = fields.get("proj")  # not validated yet: a bad one is reported once the spec is
        return proj + 1 if unknown == "units" and type(proj) is int and proj > 0 else 1

    def returns(self, spec: Spec, run: Run) -> Returns:
        if spec.api == "cell":
            return self._cell_returns(spec, run)
        return self._layer_returns(spec, run)

    def _cell_returns(self, spec: Spec, run: Run) -> Returns:
        """nn.RNNCell/GRUCell(input, hx) return h'; nn.LSTMCell(input, (h, c)) returns (h', c').
        One time step: the input is (N, input_size), or (input_size) unbatched."""
        b = run.batch if run.batch is not None else self.unknown_batch
        lead = () if run.unbatched else (b,)
        u = spec.units[0]
        out = [Named("h'", (*lead, u), "the next hidden state: one step; loop over time yourself")]
        if spec.kind.has_cell_state:
            out.append(Named("c'", (*lead, u), "the next cell state"))
        return Returns(Named("input", (*lead, spec.inp), "one time step, no time axis"), tuple(out),
                       every_step=True, final=", ".join(n.name for n in out))

    def _layer_returns(self, spec: Spec, run: Run) -> Returns:
        """nn.RNN/GRU return (output, h_n); nn.LSTM returns (output, (h_n, c_n)).

        output is (T, B, D·H_out), or (B, T, D·H_out) with batch_first; h_n and c_n are
        (D·num_layers, B, H) whatever batch_first says (the nn.LSTM docstring: batch_first
        "does not apply to hidden or cell states"). H_out is proj_size if set, else hidden_size.
        A stack of unequal sizes is separate modules, so the last module's states come out.
        """
        b = run.batch if run.batch is not None else self.unknown_batch
        t = run.steps if run.steps is not None else self.unknown_steps
        last = spec.layers - 1
        d = spec.directions
        stacked = spec.layers if len(set(spec.units)) == 1 else 1

        def seq(width: int) -> tuple[int | str | None, ...]:
            if run.unbatched:
                return (t, width)
            return (b, t, width) if run.batch_first else (t, b, width)

        def state(width: int) -> tuple[int | str | None, ...]:
            return (d * stacked, width) if run.unbatched else (d * stacked, b, width)

        layout = ("one sequence, no batch dimension" if run.unbatched else
                  "batch-first" if run.batch_first else "time-major: set batch_first=True for (B, T, …)")
        index = ("; index layer·2 + direction (0 forward, 1 backward)" if d == 2 and stacked > 1 else
                 "; index 0 forward, 1 backward" if d == 2 else "; index = layer" if stacked > 1 else "")
        each = "layer and direction" if d == 2 else "layer"
        out = [
            Named("output", seq(d * spec.state_width(last)), "h_t of the last layer at every step"
                  + (", both directions concatenated" if d == 2 else "")),
            Named("h_n", state(spec.state_width(last)),
                  f"final hidden state of every {each}; batch_first does not apply" + index),
        ]
        if spec.kind.has_cell_state:
            out.append(Named("c_n", state(spec.units[last]),
                             f"final cell state of every {each}; batch_first does not apply" + index))
        return Returns(Named("input", seq(spec.inp), layout), tuple(out), every_step=True,
                       final=", ".join(n.name for n in out[1:]))

    def why(self, spec: Spec) -> str:
        return f"two biases{per_gate(spec)}: b_ih and b_hh" if spec.bias else "no bias"

    def calls(self, spec: Spec) -> tuple[Call, ...]:
        """One nn.LSTM(num_layers=N) for equal layers, else one single-layer module per layer
        (an nn.ModuleList, run in turn); nn.LSTMCell for --api cell. bias, bidirectional and
        proj_size where they are not the defaults."""
        if spec.api == "cell":
            return (Call(f"torch.{self.cell_classes[spec.cell]}", (
                Arg("input_size", spec.inp), Arg("hidden_size", spec.units[0]),
                *([] if spec.bias else [Arg("bias", False, "bias")]))),)

        def module(layer: int, layers: int) -> Call:
            args = [Arg("input_size", spec.input_width(layer)), Arg("hidden_size", spec.units[layer])]
            if layers > 1:
                args.append(Arg("num_layers", layers, "layers"))
            if not spec.bias:
                args.append(Arg("bias", False, "bias"))
            if spec.bidirectional:
                args.append(Arg("bidirectional", True, "bidirectional"))
            if spec.proj:
                args.append(Arg("proj_size", spec.proj, "proj"))
            return Call(f"torch.nn.{self.class_names[spec.cell]}", tuple(args))

        if self.modules(spec):
            return tuple(module(k, 1) for k in range(spec.layers))
        return (module(0, spec.layers),)

    @staticmethod
    def modules(spec: Spec) -> bool:
        """Whether the stack is one module per layer. One nn.LSTM(num_layers=N) holds equal-size
        layers; a stack whose sizes vary must be N single-layer modules, named as in an
        nn.ModuleList: 0.weight_ih_l0, 1.weight_ih_l0."""
        return len(set(spec.units)) > 1

    def layout(self, spec: Spec) -> Hashable:
        return self.modules(spec)  # equal layers are one module; unequal ones, a module each

    def tensor_name(self, spec: Spec, stem: str, layer: int, direction: str, modules: bool = False) -> str:
        """weight_ih_l0, weight_hh_l1_reverse, 1.bias_ih_l0; a cell's are plain weight_ih."""
        if spec.api == "cell":
            return stem
        prefix, k = (f"{layer}.", 0) if modules else ("", layer)
        return f"{prefix}{stem}_l{k}" + ("_reverse" if direction == "backward" else "")

    def tensors(self, spec: Spec) -> Iterator[Tensor]:
        gates = self.gate_order(spec.cell)
        modules = self.modules(spec)  # once, not per tensor: that made deep stacks quadratic
        for layer in range(spec.layers):
            u = spec.units[layer]
            for direction in DIRECTIONS[: spec.directions]:

                def gated(stem: str, role: Role, dims: tuple[Extent, ...], _direction: str = direction) -> Tensor:
                    # Gates are stacked along axis 0, units rows each.
                    return Tensor(self.tensor_name(spec, stem, layer, _direction, modules), dims, layer, role,
                                  split(dims, 0, [(u, role, _direction, g) for g in gates]))

                state = spec.state_width(layer)
                yield gated("weight_ih", "input_weights", (packed(spec.cell, u), sym(spec.input_width(layer), "inp")))
                yield gated("weight_hh", "recurrent_weights",
                            (packed(spec.cell, u), sym(state, "proj" if spec.proj else "units")))
                if spec.bias:
                    yield gated("bias_ih", "input_bias", (packed(spec.cell, u),))
                    yield gated("bias_hh", "recurrent_bias", (packed(spec.cell, u),))
                if spec.proj:
                    dims = (sym(spec.proj, "proj"), sym(u, "units"))
                    name = self.tensor_name(spec, "weight_hr", layer, direction, modules)
                    yield Tensor(name, dims, layer, "projection", split(dims, 0, [(spec.proj, "projection", direction, None)]))

    # The inverse: torchinfo prints the class and output shape; a printed module its arguments.

    def readings(self, row: Row, era: str = "") -> list[Reading]:
        from rnncalc.summaries.rows import last_dim

        cells = {name: cell for cell, name in self.class_names.items()}
        steps = {name.removeprefix("nn."): cell for cell, name in self.cell_classes.items()}
        sizes = (row.args.get("input_size"), row.args.get("hidden_size"))
        if row.args and (row.kind in cells or row.kind in steps):
            if not all(isinstance(n, int) and not isinstance(n, bool) for n in sizes):
                return []  # a print that lost its sizes: nothing to count
            # print(model): the constructor says everything.
            a = row.args
            if row.kind in steps:
                fields = dict(cell=steps[row.kind], inp=a["input_size"], units=a["hidden_size"],
                              bias=a.get("bias", True), api="cell", framework=self.name)
            else:
                fields = dict(cell=cells[row.kind], inp=a["input_size"], units=a["hidden_size"],
                              layers=a.get("num_layers", 1), bias=a.get("bias", True),
                              bidirectional=a.get("bidirectional", False), framework=self.name)
                if a.get("proj_size"):
                    fields["proj"] = a["proj_size"]
            return [Reading(fields)]
        width = last_dim(row.shape)
        if width is None:
            return []
        if row.kind in steps:  # torchinfo's row of an nn.LSTMCell: one layer, one direction
            inp = {"inp": n} if (n := last_dim(row.input_shape)) else {}
            return [Reading(dict(cell=steps[row.kind], units=width, bias=bias, api="cell", framework=self.name, **inp))
                    for bias in (True, False)]
        if row.kind not in cells:
            return []
        # torchinfo prints neither num_layers, bidirectional, bias nor proj_size, and the input
        # size only in its Input Shape column: check solves what is missing from the count.
        inp = {"inp": n} if (n := last_dim(row.input_shape)) else {}
        cell = cells[row.kind]
        tries = []
        for directions in (1, 2):
            if width % directions:
                continue
            for bias in (True, False):
                base = dict(cell=cell, bidirectional=directions == 2, bias=bias, framework=self.name, **inp)
                tries.append(Reading({**base, "units": width // directions}, "", ("layers",)))
                if cell == "lstm":  # with proj_size the output is proj wide, and units are wider
                    tries.append(Reading({**base, "proj": width // directions}, "proj_size: the output is projected",
                                         ("layers", "units")))
        return tries


CONVENTION = PyTorch()

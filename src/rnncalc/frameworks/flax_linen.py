"""Flax Linen: ``nn.RNN(cell)`` over ``nn.LSTMCell`` / ``nn.GRUCell`` / ``nn.SimpleCell``.

Source: flax/linen/recurrent.py (LSTMCell, GRUCell, SimpleCell, RNN, Bidirectional) and
flax/linen/combinators.py (Sequential), flax 0.12.8. Every gate has its own ``nn.Dense``
per side, named by side then gate letter, each a kernel [in, features] and maybe a bias
[features]:

- LSTMCell: ii, if, ig, io (input side, use_bias=False) and hi, hf, hg, ho (hidden side,
  use_bias=True): one bias per gate. ``nn.OptimizedLSTMCell`` creates the same parameters
  (same names and shapes, "compatible with LSTMCell"), so this convention counts it too.
- GRUCell: ir, iz, in (input side, with bias) and hr, hz (hidden side, no bias), plus hn
  with a bias because r multiplies it: n = tanh(W_in x + b_in + r * (W_hn h + b_hn)).
  Four bias vectors for three gates; the reset gate acts after the matmul (reset_after).
- SimpleCell: i (input side, with bias) and h (hidden side, no bias).

None of these cells has a use_bias switch, so a spec without biases is refused.
``nn.MGUCell`` and ``nn.ConvLSTMCell`` are other cells (rnncalc's cells are RNN, LSTM, GRU).

Tensor names are the paths of ``variables["params"]`` flattened with "/", for the code a
user writes:

- one layer: ``nn.RNN(cell)`` -> ``cell/ii/kernel``;
- bidirectional: ``nn.Bidirectional(nn.RNN(cell), nn.RNN(cell))`` -> ``forward_rnn/cell/...``
  and ``backward_rnn/cell/...``;
- a stack (layers > 1): ``nn.Sequential([layer_0, layer_1, ...])`` of those -> ``layers_0/...``.

Order: JAX's pytree order, every level of the tree sorted by key, as
``jax.tree_util.tree_leaves`` / ``tree_map``, ``jax.jit(model.init)``, ``jax.eval_shape``
and ``flatten_dict`` of any of them list the params: hf, hg, hi, ho, if, ig, ii, io in a
cell, backward_rnn before forward_rnn, and, the keys being strings, layers_10 before
layers_2. (A plain, unjitted ``model.init`` returns the dicts outside the scanned cell in
creation order instead, forward_rnn first: the same names and shapes, listed otherwise.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnncalc.frameworks.base import Convention, split, sym
from rnncalc.model.knobs import Refusal
from rnncalc.model.types import DIRECTIONS, Arg, Call, Extent, Named, Returns, Role, Tensor

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from rnncalc.model.spec import Run, Spec

# The bias of a gate that has one bias: added to both matmuls' sum, outside any product, so
# it is "the" bias (a port adds the input and recurrent biases of a two-bias framework into it).
ONE: Role = "bias"


def dense(name: str, dims: tuple[Extent, ...], layer: int, role: Role,
          pieces: Sequence[tuple[int, Role, str, str | None]]) -> Tensor:
    """A Dense's kernel [in, out] or bias [out]: its gates run along the output (last) axis."""
    return Tensor(name, dims, layer, role, split(dims, len(dims) - 1, pieces))


class FlaxLinen(Convention):
    name = "flax-linen"
    title = "Flax Linen"
    aliases = ("linen",)
    source = "flax/linen/recurrent.py (LSTMCell, GRUCell, SimpleCell, RNN, Bidirectional), flax 0.12.8"
    vocabulary = {
        "hidden size": "features",
        "one time step": "nn.LSTMCell / nn.GRUCell / nn.SimpleCell",
        "the layer over time": "nn.RNN(cell)",
        "input weights": "ii/kernel … [inp, u] per gate",
        "recurrent weights": "hi/kernel … [u, u] per gate",
        "biases per gate": "1 (GRU n: 2, in and hn)",
        "stacking": "nn.Sequential([nn.RNN(...), ...])",
        "both directions": "nn.Bidirectional(fwd_rnn, bwd_rnn)",
        "final states": "return_carry=True",
    }
    # The gate letters of the Dense names (ii, if, ig, io; ir, iz, in), in the order the cell
    # computes them. SimpleCell's Denses "i" and "h" name the sides, not a gate: its one gate
    # is written h, as PyTorch and Keras write it.
    letters = {
        "rnn": (("hidden", "h"),),
        "lstm": (("input", "i"), ("forget", "f"), ("candidate", "g"), ("output", "o")),
        "gru": (("reset", "r"), ("update", "z"), ("new", "n")),
    }
    class_names = {"rnn": "nn.RNN(nn.SimpleCell)", "lstm": "nn.RNN(nn.LSTMCell)", "gru": "nn.RNN(nn.GRUCell)"}
    cell_classes = {"rnn": "nn.SimpleCell", "lstm": "nn.LSTMCell", "gru": "nn.GRUCell"}
    # nn.RNN(cell, time_major=True) takes and returns (time, batch, features). return_carry is
    # not declared: returns are those of the default call (outputs only).
    run_options = frozenset({"time_major"})
    default_reset_after = True  # GRUCell: r * (W_hn h + b_hn), the reset gate after the matmul.
    # The nn.RNN docstring writes shapes as (batch, time, features).
    unknown_batch = "batch"
    unknown_steps = "time"
    #: The package's module as users import it (flax.linen as nn), the module a cell's Denses
    #: live in, and how the directions are named.
    module = "nn"
    cell_path = "cell"
    directions_path = {"forward": "forward_rnn", "backward": "backward_rnn"}

    refusals = (
        Refusal("bias", (True,), "Flax Linen's cells have no use_bias switch: their biases are always there"),
        Refusal("reset_after", (None, True), "Flax Linen's GRUCell always applies the reset gate after the matmul"),
    )

    def why(self, spec: Spec) -> str:
        return {"lstm": "one bias per gate, on the hidden side (hi, hf, hg, ho)",
                "gru": "biases on ir, iz, in and hn: 4 vectors for 3 gates",
                "rnn": "one bias, on the input side (i)"}[spec.cell]

    #: The package as users import it, fully: flax.linen (imported as nn).
    package = "flax.linen"

    def cell_call(self, spec: Spec, layer: int) -> Call:
        """One cell: Linen's cells take their width alone and infer the input's."""
        return Call(f"{self.package}.{self.cell_classes[spec.cell].removeprefix(self.module + '.')}",
                    (Arg("features", spec.units[layer]),))

    def calls(self, spec: Spec) -> tuple[Call, ...]:
        """nn.RNN(cell), in nn.Bidirectional(forward_rnn, backward_rnn) where both ways, in
        nn.Sequential where stacked: one call for the whole network, whose nesting gives the
        parameter paths (layers_0/forward_rnn/cell/...)."""
        def layer(k: int) -> Call:
            def rnn() -> Call:
                return Call(f"{self.package}.RNN", (Arg("cell", self.cell_call(spec, k)),))

            if spec.bidirectional:
                return Call(f"{self.package}.Bidirectional", (Arg("forward_rnn", rnn(), "bidirectional"),
                                                              Arg("backward_rnn", rnn(), "bidirectional")))
            return rnn()

        if spec.layers == 1:
            return (layer(0),)
        return (self.sequential(tuple(layer(k) for k in range(spec.layers))),)

    def sequential(self, layers: tuple[Call, ...]) -> Call:
        return Call(f"{self.package}.Sequential", (Arg("layers", layers, "layers"),))

    def layer_path(self, spec: Spec, layer: int, direction: str) -> str:
        """Where one layer and direction's cell sits in the params tree."""
        stem = f"layers_{layer}/" if spec.layers > 1 else ""
        wrapper = f"{self.directions_path[direction]}/" if spec.bidirectional else ""
        return f"{stem}{wrapper}{self.cell_path}"

    def cell_tensors(self, spec: Spec, layer: int, direction: str, path: str) -> Iterator[Tensor]:
        """One cell's Denses, in the order the cell creates them."""
        u = spec.units[layer]
        inp = sym(spec.input_width(layer), "inp")
        units = sym(u, "units")

        def one(name: str, dims: tuple[Extent, ...], role: Role, gate: str) -> Tensor:
            return dense(f"{path}/{name}", dims, layer, role, [(u, role, direction, gate)])

        if spec.cell == "rnn":
            yield one("i/kernel", (inp, units), "input_weights", "hidden")
            yield one("i/bias", (units,), ONE, "hidden")
            yield one("h/kernel", (units, units), "recurrent_weights", "hidden")
            return
        for gate, letter in self.letters[spec.cell]:
            yield one(f"i{letter}/kernel", (inp, units), "input_weights", gate)
            if spec.cell == "gru":
                # ir, iz: the gate's one bias; in: the input half of n's two (hn has the other).
                yield one(f"i{letter}/bias", (units,), "input_bias" if gate == "new" else ONE, gate)
            yield one(f"h{letter}/kernel", (units, units), "recurrent_weights", gate)
            if spec.cell == "lstm":
                yield one(f"h{letter}/bias", (units,), ONE, gate)
            elif gate == "new":
                yield one(f"h{letter}/bias", (units,), "recurrent_bias", gate)

    def order(self, name: str) -> tuple[Any, ...]:
        """The sort key of a tensor name: a pytree sorts a dict's (string) keys."""
        return tuple(name.split("/"))

    def tensors(self, spec: Spec) -> Iterator[Tensor]:
        found = [t for layer in range(spec.layers) for direction in DIRECTIONS[: spec.directions]
                 for t in self.cell_tensors(spec, layer, direction, self.layer_path(spec, layer, direction))]
        yield from sorted(found, key=lambda t: self.order(t.name))

    def returns(self, spec: Spec, run: Run) -> Returns:
        """``nn.RNN(cell)(inputs)`` returns the outputs only, batch-major unless time_major.

        (NNX's nnx.RNN and nnx.Bidirectional return the same, and take the same flags.)
        With return_carry=True it returns (carry, outputs): the carry is (c, h) for LSTMCell and
        h for GRUCell and SimpleCell; nn.Bidirectional's is (forward carry, backward carry),
        and its outputs are the two directions concatenated (merge_fn's default). A stack in
        nn.Sequential returns what its last layer returns.
        """
        b = run.batch if run.batch is not None else self.unknown_batch
        t = run.steps if run.steps is not None else self.unknown_steps
        last = spec.layers - 1

        def seq(width: int) -> tuple[int | str | None, ...]:
            return (t, b, width) if run.time_major else (b, t, width)

        note = "h_t of the last layer at every step" + (", forward and backward concatenated"
                                                       if spec.bidirectional else "")
        carry = "(c, h)" if spec.kind.has_cell_state else "h"
        both = "(forward, backward) of " if spec.bidirectional else ""
        layer = self.vocabulary["the layer over time"]
        notes = [f"{layer} returns only the outputs; return_carry=True returns (carry, outputs), the carry "
                 f"{both}{carry}."]
        if run.time_major and spec.bidirectional:
            # Bidirectional.__call__ passes its own time_major (default False) to both RNNs,
            # overriding theirs.
            notes.append(f"time_major=True goes on {self.module}.Bidirectional itself: it overrides the "
                         "time_major of the RNNs it wraps.")
        layout = ("time_major=True: (time, batch, features)" if run.time_major
                  else "batch-major (time_major=False, the default)")
        return Returns(Named("inputs", seq(spec.inp), layout), (Named("outputs", seq(spec.output_width(last)), note),),
                       every_step=True, final=f"carry {carry}", notes=tuple(notes))


CONVENTION = FlaxLinen()

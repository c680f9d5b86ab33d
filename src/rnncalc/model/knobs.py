"""Every choice a user makes about a network or a run, declared once, as plain data.

One semantic knob per choice (``batch_first`` is PyTorch's ``batch_first`` and ONNX's
``layout=1``; ``reset_after`` is ONNX's ``linear_before_reset``): the conventions spell each in
their own words. From these declarations come the typer options (cli/app.py, and from the app the
fast path's table and the completion scripts), the fields a command line gives the spec
(cli/commands.py), the run flags (model/flow.py), the descriptions of negative flags at a TAB, and which
choices model/spec.py and model/flow.py refuse for a framework that lacks them.

A knob only some frameworks have is ``framework_specific``: each convention lists the ones it
has (``Convention.options`` and ``run_options``), and model/_conventions.py, generated from the
conventions (``python -m rnncalc.generate``), says which have which, so help and errors can name
them without importing every convention.

Light on purpose: the CLI reads this to build its options, so it imports nothing of rnncalc.
"""

from __future__ import annotations

from typing import Any, NamedTuple

__all__ = ["RUN", "SPEC", "Knob", "Refusal", "by_name"]


class Knob(NamedTuple):
    name: str  # the field of the spec, or of the run
    flag: str  # its long option; a flag pair's positive name
    help: str
    short: str | None = None
    negative: str | None = None  # a flag pair's negative name ("--no-bias")
    negative_help: str | None = None  # what the negative name does, for a TAB's description
    metavar: str | None = None  # a value option's placeholder; None for a flag
    choices: tuple[str, ...] = ()  # the values a TAB offers
    default: bool = False  # a flag's value when not given
    framework_specific: bool = False  # only the frameworks that list it have it
    neutral: tuple[object, ...] = (None, False)  # values that choose nothing (no framework is refused them)

    @property
    def is_flag(self) -> bool:
        return self.metavar is None


#: The network: the fields of a spec a command line can give.
SPEC = (
    Knob("cell", "--cell", "rnn (alias simplernn, elman), lstm or gru.", short="-c", metavar="CELL"),
    Knob("inp", "--inp", "Input features of the first layer.", short="-i", metavar="N"),
    Knob("units", "--units", "Hidden size; one per layer as 64,32.", short="-u", metavar="N[,N...]"),
    Knob("layers", "--layers", "Stacked layers [default: 1, or one per --units size].", short="-l", metavar="N"),
    Knob("bidirectional", "--bidirectional", "Run each layer both ways.", short="-b", negative="--unidirectional",
         negative_help="Run each layer one way only."),
    Knob("merge_mode", "--merge-mode", "Bidirectional merge: concat, sum, mul, ave, none [default: concat].",
         metavar="MODE", choices=("concat", "sum", "mul", "ave", "none"), framework_specific=True,
         neutral=(None, "concat")),  # concatenating is what every bidirectional layer does
    Knob("bias", "--bias", "Use bias vectors.", negative="--no-bias", negative_help="No bias vectors.", default=True),
    Knob("framework", "--framework", "The framework's convention.", short="-F", metavar="NAME"),
    Knob("reset_after", "--reset-after", "GRU: reset gate after the recurrent matmul.", negative="--no-reset-after",
         negative_help="GRU: reset gate before the recurrent matmul.", default=True),
    Knob("proj", "--proj", "LSTM projection size.", metavar="P", framework_specific=True),
    Knob("peepholes", "--peepholes", "LSTM: the gates also see the cell state.", negative="--no-peepholes",
         negative_help="LSTM: no peepholes; the gates do not see the cell state.", framework_specific=True),
    Knob("api", "--api", "layer, or cell: the one-step cell classes [default: layer].", metavar="API",
         choices=("layer", "cell"), framework_specific=True, neutral=(None, "layer")),
)

#: The run: the data's sizes and what a layer call returns.
RUN = (
    Knob("batch", "--batch", "Batch size [default: the symbol B, or Keras's None].", short="-B", metavar="B"),
    Knob("steps", "--steps", "Time steps [default: the symbol T, or Keras's None].", short="-T", metavar="T"),
    Knob("batch_first", "--batch-first", "Input and output as (B, T, …).", framework_specific=True),
    Knob("unbatched", "--unbatched", "One sequence (T, features), no batch.", framework_specific=True),
    Knob("return_sequences", "--return-sequences", "The last layer returns every step's output.",
         framework_specific=True),
    Knob("return_state", "--return-state", "The last layer also returns its final states.", framework_specific=True),
    Knob("time_major", "--time-major", "Input and outputs as (T, B, …).", framework_specific=True),
)


def by_name(name: str) -> Knob:
    return next(knob for knob in (*SPEC, *RUN) if knob.name == name)


class Refusal(NamedTuple):
    """A value of a spec's field that a convention cannot build, declared as data so that the
    spec (which imports no convention) refuses it, and the spec's JSON Schema says so.

    The field's value must be one of ``allowed`` whenever every field named in ``when`` holds
    one of the values listed for it; with ``below``, each of that field's sizes must instead
    exceed the value (PyTorch's proj_size < hidden_size)."""

    field: str
    allowed: tuple[object, ...]
    why: str
    when: tuple[tuple[str, tuple[object, ...]], ...] = ()
    below: str | None = None

    def refuses(self, values: dict[str, object]) -> bool:
        """Whether a spec with ``values`` (its fields, before defaults are filled in) breaks this."""
        if any(values.get(field) not in among for field, among in self.when):
            return False
        value: Any = values.get(self.field)
        if self.below is not None:
            sizes: Any = values.get(self.below)
            return value is not None and any(value >= size for size in sizes)
        return value not in self.allowed

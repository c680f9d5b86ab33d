"""Every command of the command line, declared once, as plain data: its help, examples, options and formats.

From this table come the typer app (cli/app.py builds it at run time), the fast path's grammar
(cli/fast.py reads it at run time) and the static completion scripts in completions/ (written by
``python -m rnncalc.generate``, cli/completion.py). The spec's and the run's options are the
knobs (model/knobs.py), which also declare the spec's fields; a command lists them as a group. Which formats a command offers is the parts its results give (``Command.parts``; a
format writes one part, render/formats/).

Light on purpose: the CLI reads it on every start, so it imports only declarations.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rnncalc.features.figures import COST_FIGURES, FIGURES
from rnncalc.model import knobs
from rnncalc.model._conventions import DEFAULT, HAVING, NAMES
from rnncalc.model.cells import ALIASES, CELLS

__all__ = ["APP_HELP", "COMMANDS", "Command", "Option", "PROG", "SCHEMA_NAMES"]

PROG = "rnncalc"


class Option(NamedTuple):
    """One option (or, without a flag, one positional argument) of a command."""

    name: str  # the parameter a command's body reads (commands.Call.params)
    flag: str | None  # the long option; None for a positional argument
    help: str
    short: str | None = None
    negative: str | None = None  # a switch pair's negative name ("--no-bias")
    metavar: str | None = None  # a value's placeholder; None for a switch
    choices: tuple[str, ...] = ()  # the values a TAB offers (checked by the command, in one line)
    default: Any = None
    required: bool = False
    show_default: bool | str = False  # the default is written in the help itself where it helps

    @property
    def is_switch(self) -> bool:
        return self.metavar is None


class Command(NamedTuple):
    name: str
    help: str  # the first line is the short help
    options: tuple[Option, ...]  # in the order --help lists them, --format and --json last
    parts: tuple[str, ...]  # what its results give (render/results.py), so which formats it offers


def _in(names: tuple[str, ...]) -> str:
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else list(names))


def _knob(knob: knobs.Knob, choices: tuple[str, ...] = (), help: str | None = None) -> Option:
    """The option of a knob: a spec's or a run's field (model/knobs.py)."""
    text = help or knob.help
    if knob.framework_specific:  # name the frameworks that have it (model/_conventions.py, generated)
        text += f" In {_in(HAVING[knob.name])}."
    return Option(knob.name, knob.flag, text, short=knob.short, negative=knob.negative, metavar=knob.metavar,
                  choices=choices or knob.choices, default=knob.default if knob.is_flag else None,
                  show_default=knob.is_flag)


_CELL = _knob(knobs.by_name("cell"), choices=(*CELLS, *ALIASES))
_FRAMEWORKS = _knob(knobs.by_name("framework"), choices=(*NAMES, "all"),
                    help=f"{', '.join(NAMES)}, or all to compare them [default: {DEFAULT}].")
_ONE_FRAMEWORK = _knob(knobs.by_name("framework"), choices=NAMES,  # commands that answer one framework at a time
                       help=f"{', '.join(NAMES)} [default: {DEFAULT}].")
_SPEC_FILE = Option(
    "spec", "--spec", "Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field "
    "whole; --units keeps the file's depth (--units 32 over units [128, 64]: two layers of 32) unless it lists "
    "sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, "
    "shapes, explain, layout, diagram and cost answer each.", metavar="FILE")
_RUN = {knob.name: _knob(knob) for knob in knobs.RUN}

#: The spec's fields as options, and --spec; then the same for commands that answer one framework.
SPEC = (*(_CELL if k.name == "cell" else _FRAMEWORKS if k.name == "framework" else _knob(k) for k in knobs.SPEC),
        _SPEC_FILE)
ONE_FRAMEWORK_SPEC = tuple(_ONE_FRAMEWORK if option.name == "framework" else option for option in SPEC)
RUN = tuple(_RUN.values())

_SWEPT_SAYS = {  # where a knob's own help speaks of one spec's syntax
    "units": "Hidden sizes: 64..1024:x2 or 32,64; a stack per point as 256/128 (a size per layer).",
    "layers": "Stacked layers: 1..4 [default: 1]; a stack of --units states its own.",
    "framework": f"Conventions: {', '.join(NAMES)}; a list, or all [default: {DEFAULT}].",
    "cell": "Cells: lstm,gru,rnn.",
}


def _swept(knob: knobs.Knob) -> Option:
    """A spec field as sweep takes it: a list of values, sizes also as ranges."""
    if knob.is_flag:
        says, metavar = f"{knob.help.rstrip('.')}: true, false or true,false.", "BOOL[,BOOL]"
    elif knob.choices:
        says, metavar = f"{knob.help} A list: {','.join(knob.choices[:2])}.", f"{knob.metavar}[,{knob.metavar}]"
    else:
        says = _SWEPT_SAYS.get(knob.name, knob.help + " A list: a,b; a size also a range LOW..HIGH, LOW..HIGH:+N or "
                               "LOW..HIGH:xN.")
        metavar = f"{knob.metavar}[,...]" if knob.name != "units" else "N[,...]"
    return Option(knob.name, knob.flag, says, short=knob.short, metavar=metavar)


#: Every option of sweep but the output's: every spec field takes a list.
SWEEP = (
    *(_swept(knob) for knob in knobs.SPEC),
    Option("directions", "--directions", "1, 2 or 1,2 (2: bidirectional); the same as --bidirectional false,true.",
           metavar="D[,D]"),
    Option("max_params", "--max-params", "Keep points with at most this many parameters (5M, 250k).", metavar="N"),
    Option("min_params", "--min-params", "Keep points with at least this many parameters.", metavar="N"),
    Option("max_macs", "--max-macs", "Keep points with at most this many MACs (rnncalc cost's count, for --batch and "
           "--steps).", metavar="N"),
    Option("max_flops", "--max-flops", "Keep points with at most this many FLOPs (2 × MACs + the element-wise work, "
           "as rnncalc cost counts).", metavar="N"),
    Option("max_bytes", "--max-bytes", "Keep points whose weights take at most this many bytes (in --dtype: 4 per "
           "weight in fp32; 64MB, 1.5GB, 512KiB).", metavar="SIZE"),
    Option("batch", "--batch", "Batch size of the cost figures [default: one sample].", short="-B", metavar="B"),
    Option("steps", "--steps", "Time steps of the cost figures [default: one step].", short="-T", metavar="T"),
    Option("dtype", "--dtype", "Bytes per weight for the byte figures: fp32, bf16, fp16 or int8 [default: fp32].",
           metavar="DTYPE", choices=("fp32", "bf16", "fp16", "int8")),
    Option("sort", "--sort", "Sort by a column (total, inp, ...; -total for descending) or a cost figure: "
           + ", ".join(COST_FIGURES) + ". Holds every row first, as table, text and markdown do; csv, tsv, json and "
           "jsonl stream.", metavar="KEY"),
)

#: --format and --json. --format's choices are the formats that write one of the command's parts
#: (render/formats/); not given, the first of them (commands.format_name).
OUTPUT = (
    Option("fmt", "--format", "", short="-f", metavar="FORMAT"),
    Option("as_json", "--json", "Same as --format json.", default=False, show_default=True),
)

#: The parts of a result a command can give (render/results.py). A batch of specs (--spec with JSON
#: Lines) gives rows and lines even where one answer is a picture.
ANSWER = ("page", "rows", "lines", "json")

SCHEMA_NAMES = ("spec", "params", "compare", "shapes", "explain", "layout", "lineup", "port", "diagram", "check",
                "solve", "summary", "sweep", "cost")  # rnncalc.render.schemas.NAMES; a test keeps the two equal

_BATCH_NOTE = """
    A --spec input of several JSON values (JSON Lines) is a batch: one answer per spec, in
    order, each with its line; a bad line gives an error record and the rest go on (exit 1).
"""

APP_HELP = """Exact sizes of recurrent networks (RNN, LSTM, GRU), named and shaped as each framework does.

    \b
    Examples:
      rnncalc params --cell lstm --inp 2 --units 3
      rnncalc params --cell gru --inp 300 --units 128,64 --framework all
      rnncalc explain --cell lstm --inp 2 --units 3
      rnncalc shapes --cell rnn --inp 2 --units 3 --steps 4 -F pytorch --unbatched

    \b
    Exit codes:
      0  the answer (every check passed, a solution found, a recipe given)
      1  an answer of "no": a summary row that does not match, no size that
         solves, no exact recipe, a batch line or sweep point that failed
      2  bad input: one line on stderr naming the flag and the value
    """

COMMANDS = (
    Command("params", """Count the parameters, with the formula written out.

    Layer by layer, or tensor by tensor: every count is a sum over the framework's own tensors (--tensors lists them, named as
    named_parameters() or a Keras layer's weights name them).

    \b
    Examples:
      rnncalc params --cell lstm --inp 2 --units 3            # Keras: 72
      rnncalc params --cell lstm --inp 2 --units 3 -F pytorch # 84: two biases per gate
      rnncalc params --cell gru --inp 8 --units 16 -F all     # every convention side by side
      rnncalc params --cell lstm --inp 300 --units 64,32 --bidirectional --tensors
      rnncalc params --spec net.json --json | jq .total
      rnncalc params --spec specs.jsonl --format jsonl --fields total   # one answer per line
      rnncalc params --cell lstm --inp 2 --units 3 --steps 100      # and a forward pass's MACs
    """ + _BATCH_NOTE, (
        Option("tensors", "--tensors", "List every weight tensor.", short="-t", default=False, show_default=True),
        Option("fields_", "--fields", "JSON output: keep only these keys (total,spec,formula,...); a batch's "
               "records keep their line.", metavar="KEY[,KEY...]"),
        _RUN["batch"]._replace(help="Batch size: with --steps, also what a forward pass costs [default: one "
                               "sequence]."),
        _RUN["steps"]._replace(help="Time steps: also what a forward pass costs (MACs and FLOPs; rnncalc cost "
                               "itemises them)."),
        *SPEC, *OUTPUT), ANSWER),

    Command("shapes", """Show what flows through the network, step and sequence.

    One step: x_t, h_(t-1), c_(t-1), the packed gates and each gate, h_t, c_t. The sequence:
    the input and what the layer call returns, in the framework's order (PyTorch: output,
    h_n, c_n, time-major unless --batch-first; Keras: output, then states with --return-state).

    \b
    Examples:
      rnncalc shapes --cell rnn --inp 2 --units 3 --batch 1 --steps 4
      rnncalc shapes --cell rnn --inp 2 --units 3 --steps 4 -F pytorch --unbatched
      rnncalc shapes --cell lstm --inp 10 --units 20 --layers 2 -F pytorch --batch-first
      rnncalc shapes --cell gru --inp 8 --units 16 --bidirectional --return-state --json
    """, (*ONE_FRAMEWORK_SPEC, *RUN, *OUTPUT), ANSWER),

    Command("explain", """Explain units, cells, layers and gates, gate by gate.

    What a unit is (one coordinate of h_t), what a cell is (one step over all units), why
    unrolling adds no parameters, each gate's W, U and biases, the count per unit and per
    layer, and the same terms in Keras, PyTorch, TF1 and ONNX. --brief keeps only each
    gate's W, U and biases and the count (the JSON is the same either way).

    \b
    Examples:
      rnncalc explain --cell lstm --inp 2 --units 3
      rnncalc explain --cell lstm --inp 2 --units 3 --brief   # the gate table and the total
      rnncalc explain --cell gru --inp 8 --units 16 --framework pytorch --json
    """, (
        Option("brief", "--brief", "Only the gate-by-gate count: leave out what is what and the other frameworks' "
               "words.", default=False, show_default=True),
        *ONE_FRAMEWORK_SPEC, *OUTPUT), ANSWER),

    Command("layout", """Show where each gate sits in every tensor.

    Rows, columns or slices, gate by gate: each block of each weight tensor with its index range (Python slices, the end excluded),
    the framework's letter and the gate's name, the direction it belongs to, and whether it is
    stored [in, out] (Keras's kernels) or [out, in] (PyTorch, ONNX): what to slice and
    transpose to move weights. The header states the call that builds the network, with every
    argument the layout depends on. -F all (or a list, -F keras,pytorch) lines the frameworks
    up gate by gate.

    \b
    Examples:
      rnncalc layout --cell lstm --inp 2 --units 3 -F pytorch
      rnncalc layout --cell lstm --inp 2 --units 3 -F keras,pytorch,onnx
      rnncalc layout --cell gru --inp 4 --units 8 --bidirectional -F onnx
      rnncalc layout --cell lstm --inp 2 --units 3 --json | jq '.regions[] | select(.gate == "forget")'
    """, (*SPEC, *OUTPUT), ANSWER),

    Command("port", """Move trained weights from one framework into another.

    The recipe: for every target tensor: which source tensor and slice fills each gate's block, whether
    it is transposed, and how biases merge (one bias = input + recurrent) or split (input =
    the bias, recurrent = 0). Every argument the target must be built with is stated (ONNX's
    linear_before_reset=1 for a Keras or PyTorch GRU, Keras's use_bias=False), and the source's
    arguments the recipe assumes. --format python prints a dependency-free NumPy function that
    performs it on a dict of arrays, with those calls as SOURCE and TARGET data. Where no exact
    mapping exists (a reset_after=False GRU into PyTorch, peepholes or a projection into a
    framework without them) it says why, naming the source's argument, and exits 1 instead of
    printing a wrong recipe.

    \b
    Examples:
      rnncalc port --cell lstm --inp 2 --units 3 --from keras --to pytorch
      rnncalc port --cell gru --inp 8 --units 16 --bidirectional --from pytorch --to onnx --json
      rnncalc port --cell lstm --inp 2 --units 3 --from keras --to pytorch --format python > port.py
    """, (
        Option("to", "--to", "The framework to move them into.", metavar="NAME", choices=NAMES, required=True),
        Option("from_", "--from", "The framework the weights come from (same as --framework).", metavar="NAME",
               choices=NAMES),
        *ONE_FRAMEWORK_SPEC, *OUTPUT), (*ANSWER, "recipe")),

    Command("diagram", """Draw the network unrolled in time, layers × steps.

    With the shape on each arrow. Up to six steps are drawn; beyond that the middle is elided (…). --format text gives
    plain text for pasting.

    \b
    Examples:
      rnncalc diagram --cell rnn --inp 2 --units 3 --batch 1 --steps 4
      rnncalc diagram --cell lstm --inp 2 --units 3 --layers 2 --bidirectional -F pytorch
      rnncalc diagram --cell gru --inp 8 --units 16 --steps 12 --format text
    """, (*ONE_FRAMEWORK_SPEC, *RUN, *OUTPUT), ("page", "lines", "json")),

    Command("check", """Check a pasted model summary, every row and total.

    Every row and every footer total, by itself. Reads Keras 3 and Keras 2 model.summary() tables (box, ASCII, or as a markdown table),
    torchinfo tables and printed PyTorch modules, quoted or inside a log; every summary in
    the paste is checked. Each row is pinned (✓: one configuration gives its count),
    consistent (≈: several do; all are listed, with what would decide), a mismatch (✗) or not
    checked (a layer without a counting rule). Exit 0 when nothing is a mismatch, 1 when
    something is (or, with --strict, when a row was not checked), 2 when nothing can be read.

    \b
    Examples:
      rnncalc check summary.txt
      pbpaste | rnncalc check -
      python train.py --summary-only | rnncalc check --json
      rnncalc check --strict summary.txt
    """, (
        Option("source", None, "The summary: a FILE, or - for stdin.", metavar="[FILE|-]", default="-"),
        Option("strict", "--strict", "Exit 1 also when a row or printed total was not checked (for CI).",
               default=False, show_default=True),
        *OUTPUT), ANSWER),

    Command("summary", """Print the summary a framework prints for this network.

    Character for character. Keras 3 and Keras 2: model.summary() of Sequential([Input((steps, inp)), <the layers>]) in a
    fresh session. Keras 3 draws its table min(88, columns - 4) wide for the terminal it runs
    in (COLUMNS, else the terminal, else 80): 88 on a wide terminal, 76 in Colab, Jupyter or a
    pipe; rnncalc applies the same rule where it runs, or --line-length as Keras takes it.
    torchinfo: summary(nn.LSTM(...), input_size=(batch, steps, inp)) with its default columns;
    it needs --batch and --steps. Hold it against yours, or feed it to rnncalc check.

    \b
    Examples:
      rnncalc summary --cell lstm --inp 2 --units 3
      rnncalc summary --cell gru --inp 8 --units 16 --layers 2 --style keras2
      rnncalc summary --cell lstm --inp 2 --units 3 --line-length 76
      rnncalc summary --cell lstm --inp 10 --units 20 --layers 2 -F pytorch --batch 1 --steps 5
    """, (
        Option("style", "--style", "keras3, keras2 or torchinfo [default: the framework's own: keras3 for Keras, "
               "torchinfo for PyTorch].", short="-s", metavar="STYLE", choices=("keras3", "keras2", "torchinfo")),
        _RUN["batch"], _RUN["steps"],
        Option("line_length", "--line-length", "Keras's line_length: the table's width [default: Keras 3 min(88, "
               "terminal columns - 4), 76 in a notebook or a pipe; Keras 2 65].", metavar="N"),
        Option("col_width", "--col-width", "torchinfo's col_width: each column's width in a torchinfo summary "
               "[default: 25].", metavar="N"),
        *ONE_FRAMEWORK_SPEC, *OUTPUT), ("page", "json")),

    Command("sweep", """Count every combination of sizes and choices.

    Every spec field takes a list (lstm,gru; --bias true,false; --merge-mode concat,sum), and
    sizes take ranges: LOW..HIGH, stepping by one, by :+N or by :xN; one row per point. --cell,
    --inp and --units are required. Bounds leave points out: --max-params and --min-params on the
    count, --max-macs, --max-flops and --max-bytes on rnncalc cost's figures for --batch
    sequences of --steps steps (one sample and one step unless given); the cost columns (macs,
    flops, bytes) appear when a cost bound, --batch, --steps, --dtype or a cost --sort is given.
    --sort takes any column or cost figure. Without --sort, csv, tsv, json and jsonl stream in
    constant memory. A sweep counts at most 1,000,000 points and 10,000,000 layers in all (with
    cost figures 100,000 and 1,000,000); a sort or a table holds at most 250,000 points and
    2,500,000 layers. When the bounds leave no
    point, stderr says "no point passed the filter" and the exit status is 1 (csv and tsv still
    write their header). A long sweep shows its progress on stderr when stderr is a terminal.

    \b
    Examples:
      rnncalc sweep --cell lstm,gru --inp 300 --units 64..1024:x2 --layers 1..4 -f csv
      rnncalc sweep --cell lstm --inp 128 --units 32..512:+32 -F all --max-params 1M --sort total
      rnncalc sweep --cell gru --inp 80 --units 256/128,512/256 --directions 1,2 -f jsonl
      rnncalc sweep --cell gru --inp 80 --units 64..512:x2 --bias true,false --reset-after true,false
      rnncalc sweep --cell lstm --inp 300 --units 64..1024:x2 --steps 100 --batch 32 --sort macs --max-macs 5G
    """, (*SWEEP, *OUTPUT), ANSWER),

    Command("solve", """Solve backwards: the units (or inp) for a count.

    Which units (or inp) give this many parameters, or fit a budget. Leave out what you want found: --units, --inp, or both (then --units LOW..HIGH is the range
    searched, 1..4096 unless given). Counts in are human-friendly (1M, 250k, 1.5e6); answers
    are exact. With no integer solution it says so and gives the nearest sizes either side.
    Exit 0 when there is an answer, 1 when there is none.

    \b
    Examples:
      rnncalc solve --params 72 --cell lstm --inp 2
      rnncalc solve --params 72 --cell lstm --inp 2 --framework pytorch
      rnncalc solve --max-params 1M --cell gru --inp 300 --layers 2
      rnncalc solve --params 72 --cell lstm --units 1..4096
    """, (
        Option("params", "--params", "Exact parameter count to reach: 72, 250k, 1.5M, 1.5e6.", short="-p",
               metavar="N"),
        Option("max_params", "--max-params", "Budget: the largest size whose count fits.", metavar="N"),
        *ONE_FRAMEWORK_SPEC, *OUTPUT), ANSWER),

    Command("cost", """Count MACs, FLOPs and bytes: itemised per layer, direction and time step, then in total.

    Per sample and step: the MACs of the input and recurrent matmuls and the projection (one per
    weight), bias additions, and the cell's element-wise work (gate sums, sigmoids and tanhs,
    products and sums). FLOPs = 2 × MACs + 1 per bias addition and element-wise operation.
    Totals multiply by --batch and --steps (or the sum of --lengths, a packed batch); without
    them the answer is per sample and step, with the formula in B and T. Training is taken as
    3 × forward. Memory: weights in --dtype, gradients, the --optimizer's state, the activations
    autograd keeps for backpropagation through time, and the state streaming inference carries.
    --compat gives the figure ptflops 0.7.5, thop 0.1.1, torchinfo 1.8.0 or torch's
    FlopCounterMode prints for the same nn.RNN/LSTM/GRU and input, and what it counts.

    \b
    Examples:
      rnncalc cost --cell lstm --inp 3 --units 4 -F pytorch --batch 1 --steps 100
      rnncalc cost --cell lstm --inp 3 --units 4 -F pytorch --batch 1 --steps 100 --compat ptflops --batch-first
      rnncalc cost --cell gru --inp 80 --units 256 --layers 2 -F pytorch --lengths 7,3,1 --compat all
      rnncalc cost --cell gru --inp 8 --units 16 --dtype bf16 --optimizer adamw --json
      rnncalc cost --spec specs.jsonl --steps 50 --batch 32 --fields macs,flops,bytes -f jsonl
    """ + _BATCH_NOTE, (
        _RUN["batch"], _RUN["steps"],
        Option("lengths", "--lengths", "A packed batch: each sequence's length, 7,3,1 (sets --batch and --steps).",
               metavar="N[,N...]"),
        _RUN["batch_first"],
        Option("dtype", "--dtype", "Bytes per weight: fp32, bf16, fp16 or int8.", metavar="DTYPE",
               choices=("fp32", "bf16", "fp16", "int8"), default="fp32", show_default=True),
        Option("optimizer", "--optimizer", "The optimizer whose state to count: sgd, momentum, adam or adamw.",
               metavar="NAME", choices=("sgd", "momentum", "adam", "adamw"), default="adam", show_default=True),
        Option("compat", "--compat", "Also give the figure this tool prints for the same PyTorch module and input: "
               "ptflops, thop, torchinfo or torch (FlopCounterMode); a list, or all.", metavar="TOOL[,TOOL...]",
               choices=("ptflops", "thop", "torchinfo", "torch", "all")),
        Option("fields_", "--fields", f"JSON output: only these figures, flat ({','.join(FIGURES)}); a batch's "
               "records keep their line.", metavar="KEY[,KEY...]"),
        *ONE_FRAMEWORK_SPEC, *OUTPUT), ANSWER),

    Command("schema", """Print the JSON Schema of a spec or of an output.

    Of a spec (what --spec FILE accepts), or of a command's JSON output. NAME is spec (the
    default) or one of params, compare (params -F all), shapes, explain, layout, lineup (layout
    -F a,b), port, diagram, check, solve, summary, sweep, cost. Each output's
    "schema" key names its version; the schemas are generated from pydantic models that only
    this command and the tests load.

    \b
    Examples:
      rnncalc schema > rnncalc-spec.schema.json
      rnncalc schema check | jq .properties.summaries
      rnncalc schema spec | jq .properties.cell
    """, (
        Option("name", None, "spec, or a command whose JSON output to describe.", metavar="[NAME]",
               choices=SCHEMA_NAMES, default="spec"),
        *OUTPUT), ("json",)),
)


def command(name: str) -> Command:
    return next(c for c in COMMANDS if c.name == name)

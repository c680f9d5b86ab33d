"""The typer app: every command, option and help text, declared once.

typer parses the command line and answers help and errors; the commands' bodies live in
commands.py, which also serves the fast path (fast.py, a parser generated from this app for
the common invocations). Start-up is TAB latency and answer latency, so this module imports
only typer and rnncalc's light modules; the library and rich load inside the commands.
"""

from __future__ import annotations

import inspect  # already loaded by typer; used to declare shared option groups once
import os
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer._click.core import ParameterSource  # not re-exported by typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from rnncalc import __version__, knobs
from rnncalc._conventions import HAVING
from rnncalc.cells import ALIASES, CELLS
from rnncalc.commands import PARTS, PROG, SCHEMA_NAMES, Call, execute, fail
from rnncalc.frameworks import DEFAULT, NAMES
from rnncalc.knobs import Knob

__all__ = ["app", "run"]


class Group(TyperGroup):
    """Runs the app with click's own error display off, so every error is one line."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        if os.environ.get("_RNNCALC_COMPLETE"):  # a TAB: zsh and fish get rnncalc's descriptions
            from rnncalc.completion import register

            register()
        try:
            rv = super().main(args=args, prog_name=prog_name or PROG, complete_var=complete_var,
                              standalone_mode=False, **extra)
        except NoArgsIsHelpError:  # bare rnncalc: a short usage, not the whole help
            print(f"Usage: {PROG} COMMAND [OPTIONS]\n\nCommands: {', '.join(self.commands)}\n\n"
                  f"Try '{PROG} --help' for examples, or '{PROG} COMMAND --help'.", file=sys.stderr)
            sys.exit(2)
        except UsageError as err:
            fail(_switch_hint(err.format_message(), list(sys.argv[1:] if args is None else args)))
        except typer.Abort:
            print("Aborted!", file=sys.stderr)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


def _switch_hint(message: str, args: list[str]) -> str:
    """click's "unexpected extra argument (false)" after a switch (--reset-after false), said as
    what it is: the switch takes no value, and its pair is the other way to write it."""
    prefix = "Got unexpected extra argument"
    if not message.startswith(prefix):
        return message
    for i, word in enumerate(args[1:], 1):
        if word.lower() in ("true", "false", "yes", "no", "on", "off", "1", "0"):
            knob = next((k for k in (*knobs.SPEC, *knobs.RUN) if k.negative and args[i - 1] in (k.flag, k.negative)), None)
            if knob is not None:
                return (f"{args[i - 1]}: is a switch and takes no value: write {knob.flag} or {knob.negative} "
                        f"(got {word!r})")
    return message


def run_command(name: str, ctx: typer.Context) -> int:
    """Hand the parsed command line to the command's body (commands.py)."""
    given = frozenset(p for p in ctx.params if ctx.get_parameter_source(p) is not ParameterSource.DEFAULT)
    return execute(name, Call(dict(ctx.params), given))


app = typer.Typer(
    cls=Group,
    name=PROG,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rich's help renderer would triple --help's start-up time
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _complete(choices: list[str]):  # noqa: ANN202
    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete.lower())]

    return complete


def _in(names: tuple[str, ...]) -> str:
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else list(names))


def _knob(knob: Knob, choices: tuple[str, ...] = (), help: str | None = None) -> tuple[Any, Any]:
    """The typer option of a knob (rnncalc/knobs.py), and its default."""
    text = help or knob.help
    if knob.framework_specific:  # name the frameworks that have it (_conventions.py, generated)
        text += f" In {_in(HAVING[knob.name])}."
    names = [f"{knob.flag}/{knob.negative}" if knob.negative else knob.flag, *([knob.short] if knob.short else [])]
    if knob.is_flag:
        return Annotated[bool, typer.Option(*names, help=text)], knob.default
    completion = _complete(list(choices or knob.choices)) if choices or knob.choices else None
    return Annotated[str | None, typer.Option(*names, help=text, metavar=knob.metavar, autocompletion=completion,
                                              show_default=False)], None


KNOBS = {knob.name: _knob(knob) for knob in (*knobs.SPEC, *knobs.RUN)}
KNOBS["cell"] = _knob(knobs.by_name("cell"), choices=(*CELLS, *ALIASES))
KNOBS["framework"] = _knob(knobs.by_name("framework"), choices=(*NAMES, "all"),
                           help=f"{', '.join(NAMES)}, or all to compare them [default: {DEFAULT}].")
ONE_FRAMEWORK = _knob(knobs.by_name("framework"), choices=NAMES,  # commands that answer one framework at a time
                      help=f"{', '.join(NAMES)} [default: {DEFAULT}].")
SpecOpt = Annotated[str | None, typer.Option(
    "--spec", help="Read the spec as JSON from FILE (- for stdin). A flag given beside it replaces that field "
    "whole; --units keeps the file's depth (--units 32 over units [128, 64]: two layers of 32) unless it lists "
    "sizes (--units 64,32: two layers) or --layers is given. Several JSON values (JSON Lines) are a batch: params, "
    "shapes, explain, layout, diagram and cost answer each.", metavar="FILE", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


BatchOpt, _ = KNOBS["batch"]
StepsOpt, _ = KNOBS["steps"]
TensorsOpt = Annotated[bool, typer.Option("--tensors", "-t", help="List every weight tensor.")]
BriefOpt = Annotated[bool, typer.Option(
    "--brief", help="Only the gate-by-gate count: leave out what is what and the other frameworks' words.")]


def _group(**options: tuple[Any, Any]) -> list[inspect.Parameter]:
    return [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for name, (annotation, default) in options.items()]


# Option groups shared by commands, declared once (sqlite-utils' output_options, for typer).
SPEC_OPTIONS = _group(**{knob.name: KNOBS[knob.name] for knob in knobs.SPEC}, spec=(SpecOpt, None))
RUN_OPTIONS = _group(**{knob.name: KNOBS[knob.name] for knob in knobs.RUN})
def output_options(command: str) -> list[inspect.Parameter]:
    """--format and --json: the choices are the formats that write what the command's results
    give (render/formats/), checked when the result is written."""
    from rnncalc.render import formats

    offered = formats.formats(PARTS[command])
    default = offered[0].name
    help = ", ".join(f.help for f in offered) + "."
    option = Annotated[str, typer.Option("--format", "-f", help=help, metavar="FORMAT",
                                         autocompletion=_complete([f.name for f in offered]))]
    return _group(fmt=(option, default), as_json=(JsonOpt, False))


def options(*groups: list[inspect.Parameter]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command these option groups; it reads them from ctx.params.

    typer takes a command's options from its signature, so the groups go into __signature__
    after ``ctx`` (the function itself takes them as **kwargs).
    """

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        # eval_str: this module's annotations are strings (PEP 563); typer needs the Option objects.
        own = [p for p in inspect.signature(command, eval_str=True).parameters.values()
               if p.kind is not p.VAR_KEYWORD]
        command.__signature__ = inspect.Signature(own + [p for group in groups for p in group])  # type: ignore[attr-defined]
        return command

    return decorate


ONE_FRAMEWORK_SPEC_OPTIONS = [p.replace(annotation=ONE_FRAMEWORK[0]) if p.name == "framework" else p
                              for p in SPEC_OPTIONS]


def version_callback(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", "-V", callback=version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Exact sizes of recurrent networks (RNN, LSTM, GRU), named and shaped as each framework does.

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


FieldsOpt = Annotated[str | None, typer.Option(
    "--fields", help="JSON output: keep only these keys (total,spec,formula,...); a batch's records keep their line.",
    metavar="KEY[,KEY...]", show_default=False)]


@app.command()
@options(SPEC_OPTIONS, output_options("params"))
def params(ctx: typer.Context, tensors: TensorsOpt = False, fields_: FieldsOpt = None, **_: Any) -> int:
    """Count the parameters, with the formula written out.

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

    A --spec input of several JSON values (JSON Lines) is a batch: one answer per spec, in
    order, each with its line; a bad line gives an error record and the rest go on (exit 1).
    """
    return run_command("params", ctx)


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, RUN_OPTIONS, output_options("shapes"))
def shapes(ctx: typer.Context, **_: Any) -> int:
    """Show what flows through the network, step and sequence.

    One step: x_t, h_(t-1), c_(t-1), the packed gates and each gate, h_t, c_t. The sequence:
    the input and what the layer call returns, in the framework's order (PyTorch: output,
    h_n, c_n, time-major unless --batch-first; Keras: output, then states with --return-state).

    \b
    Examples:
      rnncalc shapes --cell rnn --inp 2 --units 3 --batch 1 --steps 4
      rnncalc shapes --cell rnn --inp 2 --units 3 --steps 4 -F pytorch --unbatched
      rnncalc shapes --cell lstm --inp 10 --units 20 --layers 2 -F pytorch --batch-first
      rnncalc shapes --cell gru --inp 8 --units 16 --bidirectional --return-state --json
    """
    return run_command("shapes", ctx)


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, output_options("explain"))
def explain(ctx: typer.Context, brief: BriefOpt = False, **_: Any) -> int:
    """Explain units, cells, layers and gates, gate by gate.

    What a unit is (one coordinate of h_t), what a cell is (one step over all units), why
    unrolling adds no parameters, each gate's W, U and biases, the count per unit and per
    layer, and the same terms in Keras, PyTorch, TF1 and ONNX. --brief keeps only each
    gate's W, U and biases and the count (the JSON is the same either way).

    \b
    Examples:
      rnncalc explain --cell lstm --inp 2 --units 3
      rnncalc explain --cell lstm --inp 2 --units 3 --brief   # the gate table and the total
      rnncalc explain --cell gru --inp 8 --units 16 --framework pytorch --json
    """
    return run_command("explain", ctx)


@app.command()
@options(SPEC_OPTIONS, output_options("layout"))
def layout(ctx: typer.Context, **_: Any) -> int:
    """Show where each gate sits in every tensor.

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
    """
    return run_command("layout", ctx)


FromOpt = Annotated[str | None, typer.Option(
    "--from", help="The framework the weights come from (same as --framework).", metavar="NAME",
    autocompletion=_complete(list(NAMES)), show_default=False)]
ToOpt = Annotated[str, typer.Option(
    "--to", help="The framework to move them into.", metavar="NAME", autocompletion=_complete(list(NAMES)),
    show_default=False)]


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, output_options("port"))
def port(ctx: typer.Context, to: ToOpt, from_: FromOpt = None, **_: Any) -> int:
    """Move trained weights from one framework into another.

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
    """
    return run_command("port", ctx)


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, RUN_OPTIONS, output_options("diagram"))
def diagram(ctx: typer.Context, **_: Any) -> int:
    """Draw the network unrolled in time, layers × steps.

    With the shape on each arrow. Up to six steps are drawn; beyond that the middle is elided (…). --format text gives
    plain text for pasting.

    \b
    Examples:
      rnncalc diagram --cell rnn --inp 2 --units 3 --batch 1 --steps 4
      rnncalc diagram --cell lstm --inp 2 --units 3 --layers 2 --bidirectional -F pytorch
      rnncalc diagram --cell gru --inp 8 --units 16 --steps 12 --format text
    """
    return run_command("diagram", ctx)


@app.command()
@options(output_options("check"))
def check(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="The summary: a FILE, or - for stdin.", metavar="[FILE|-]",
                                          show_default=False)] = "-",
    strict: Annotated[bool, typer.Option("--strict", help="Exit 1 also when a row or printed total was not "
                                         "checked (for CI).")] = False,
    **_: Any,
) -> int:
    """Check a pasted model summary, every row and total.

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
    """
    return run_command("check", ctx)


StyleOpt = Annotated[str | None, typer.Option(
    "--style", "-s", help="keras3, keras2 or torchinfo [default: the framework's own: keras3 for Keras, torchinfo "
    "for PyTorch].", metavar="STYLE", autocompletion=_complete(["keras3", "keras2", "torchinfo"]), show_default=False)]


LineLengthOpt = Annotated[str | None, typer.Option(
    "--line-length", help="Keras's line_length: the table's width [default: Keras 3 min(88, terminal columns - 4), "
    "76 in a notebook or a pipe; Keras 2 65].", metavar="N", show_default=False)]


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, output_options("summary"))
def summary(ctx: typer.Context, style: StyleOpt = None, batch: BatchOpt = None, steps: StepsOpt = None,
            line_length: LineLengthOpt = None, **_: Any) -> int:
    """Print the summary a framework prints for this network.

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
    """
    return run_command("summary", ctx)


def _sweep_options() -> list[inspect.Parameter]:
    """sweep's options, declared as data in sweeping.OPTIONS: every spec field takes a list."""
    from rnncalc.sweeping import OPTIONS

    return _group(**{o.name: (Annotated[str | None, typer.Option(*o.flags, help=o.help, metavar=o.metavar,
                                                                 show_default=False)], None) for o in OPTIONS})


@app.command()
@options(_sweep_options(), output_options("sweep"))
def sweep(ctx: typer.Context, **_: Any) -> int:
    """Count every combination of sizes and choices.

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
    """
    return run_command("sweep", ctx)


ParamsOpt = Annotated[str | None, typer.Option(
    "--params", "-p", help="Exact parameter count to reach: 72, 250k, 1.5M, 1.5e6.", metavar="N", show_default=False)]
MaxParamsOpt = Annotated[str | None, typer.Option(
    "--max-params", help="Budget: the largest size whose count fits.", metavar="N", show_default=False)]


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, output_options("solve"))
def solve(ctx: typer.Context, params: ParamsOpt = None, max_params: MaxParamsOpt = None, **_: Any) -> int:
    """Solve backwards: the units (or inp) for a count.

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
    """
    return run_command("solve", ctx)


LengthsOpt = Annotated[str | None, typer.Option(
    "--lengths", help="A packed batch: each sequence's length, 7,3,1 (sets --batch and --steps).", metavar="N[,N...]",
    show_default=False)]
DtypeOpt = Annotated[str, typer.Option("--dtype", help="Bytes per weight: fp32, bf16, fp16 or int8.", metavar="DTYPE",
                                       autocompletion=_complete(["fp32", "bf16", "fp16", "int8"]))]
OptimizerOpt = Annotated[str, typer.Option(
    "--optimizer", help="The optimizer whose state to count: sgd, momentum, adam or adamw.", metavar="NAME",
    autocompletion=_complete(["sgd", "momentum", "adam", "adamw"]))]
CompatOpt = Annotated[str | None, typer.Option(
    "--compat", help="Also give the figure this tool prints for the same PyTorch module and input: ptflops, thop, "
    "torchinfo or torch (FlopCounterMode); a list, or all.", metavar="TOOL[,TOOL...]",
    autocompletion=_complete(["ptflops", "thop", "torchinfo", "torch", "all"]), show_default=False)]
BatchFirstOpt, _ = KNOBS["batch_first"]
CostFieldsOpt = Annotated[str | None, typer.Option(
    "--fields", help="JSON output: only these figures, flat (macs,flops,training_flops,step_macs,step_flops,params,"
    "bytes,gradient_bytes,optimizer_bytes,activation_bytes,stream_bytes); a batch's records keep their line.",
    metavar="KEY[,KEY...]", show_default=False)]


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, output_options("cost"))
def cost(ctx: typer.Context, batch: BatchOpt = None, steps: StepsOpt = None, lengths: LengthsOpt = None,
         batch_first: BatchFirstOpt = False, dtype: DtypeOpt = "fp32", optimizer: OptimizerOpt = "adam",
         compat: CompatOpt = None, fields_: CostFieldsOpt = None, **_: Any) -> int:
    """Count MACs, FLOPs and bytes: itemised per layer, direction and time step, then in total.

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

    A --spec input of several JSON values (JSON Lines) is a batch: one answer per spec, in
    order, each with its line; a bad line gives an error record and the rest go on (exit 1).
    """
    return run_command("cost", ctx)


@app.command()
@options(output_options("schema"))
def schema(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="spec, or a command whose JSON output to describe.", metavar="[NAME]",
                                        autocompletion=_complete(SCHEMA_NAMES), show_default=False)] = "spec",
    **_: Any,
) -> int:
    """Print the JSON Schema of a spec or of an output.

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
    """
    return run_command("schema", ctx)


def run(argv: list[str] | None = None) -> int | None:
    """Run the app on ``argv``; it ends in SystemExit (Group.main), which carries the code."""
    app(args=argv, prog_name=PROG)
    return None

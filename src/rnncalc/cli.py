"""The typer app: arguments -> spec -> library -> render -> print. No arithmetic here.

Start-up is TAB latency (completion scripts re-run this program on every TAB), so this module
imports only typer and rnncalc's light modules. The pydantic model, the conventions and rich
are imported inside the commands, after the arguments are parsed.
"""

from __future__ import annotations

import inspect  # already loaded by typer; used to declare shared option groups once
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click.core import ParameterSource  # not re-exported by typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from rnncalc import __version__
from rnncalc.cells import ALIASES, CELLS
from rnncalc.errors import SpecError
from rnncalc.frameworks import DEFAULT, NAMES
from rnncalc.options import merge_fields, parse_size, parse_sizes, read_paste, read_spec

if TYPE_CHECKING:
    from rnncalc.api import Result

__all__ = ["app", "run"]

PROG = "rnncalc"


def fail(message: str) -> NoReturn:
    """One line on stderr, exit code 2: how rnncalc reports every kind of bad input."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    sys.exit(2)


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
        except NoArgsIsHelpError as err:
            print(err.format_message(), file=sys.stderr)
            sys.exit(2)
        except UsageError as err:
            fail(err.format_message())
        except SpecError as err:
            fail(str(_flagged(err)))
        except typer.Abort:
            print("Aborted!", file=sys.stderr)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


def _flagged(err: SpecError) -> SpecError:
    """A missing spec field, named as the flag the user types (and the key of a --spec file)."""
    if err.message not in ("is required", "are required"):
        return err
    keys = [k.strip() for k in err.field.split(",")]
    flags = ", ".join(f"--{k.replace('_', '-')}" for k in keys if k.isidentifier())
    word = "key" if len(keys) == 1 else "keys"
    return SpecError(flags or err.field, f"{err.message} (as {word} {', '.join(keys)} in a --spec file)")


app = typer.Typer(
    cls=Group,
    name=PROG,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rich's help renderer would triple --help's start-up time
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"  # rich, for people at a terminal
    text = "text"  # the same content as plain text: no boxes, nothing cut or wrapped; safe to grep
    markdown = "markdown"  # GitHub tables, for pasting into an issue
    csv = "csv"  # the command's rows (see render/rows.py)
    tsv = "tsv"
    json = "json"  # one object, keys versioned by "schema"
    jsonl = "jsonl"  # the command's rows, one compact object per line
    python = "python"  # port only: the recipe as a NumPy function


ROW_FORMATS = (Format.csv, Format.tsv, Format.jsonl)


def _complete(choices: list[str]):  # noqa: ANN202
    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete.lower())]

    return complete


CellOpt = Annotated[str | None, typer.Option(
    "--cell", "-c", help="rnn (alias simplernn, elman), lstm or gru.", metavar="CELL",
    autocompletion=_complete([*CELLS, *ALIASES]), show_default=False)]
InpOpt = Annotated[str | None, typer.Option(
    "--inp", "-i", help="Input features of the first layer.", metavar="N", show_default=False)]
UnitsOpt = Annotated[str | None, typer.Option(
    "--units", "-u", help="Hidden size; one per layer as 64,32.", metavar="N[,N...]", show_default=False)]
LayersOpt = Annotated[str | None, typer.Option(
    "--layers", "-l", help="Stacked layers [default: 1, or one per --units size].", metavar="N",
    show_default=False)]
BidirectionalOpt = Annotated[bool, typer.Option(
    "--bidirectional/--unidirectional", "-b", help="Run each layer both ways.")]
MergeOpt = Annotated[str | None, typer.Option(
    "--merge-mode", help="Keras Bidirectional merge: concat, sum, mul, ave, none [default: concat].",
    autocompletion=_complete(["concat", "sum", "mul", "ave", "none"]), metavar="MODE", show_default=False)]
BiasOpt = Annotated[bool, typer.Option("--bias/--no-bias", help="Use bias vectors.")]
FrameworkOpt = Annotated[str | None, typer.Option(
    "--framework", "-F", help=f"{', '.join(NAMES)}, or all to compare them [default: keras].",
    autocompletion=_complete([*NAMES, "all"]), metavar="NAME", show_default=False)]
OneFrameworkOpt = Annotated[str | None, typer.Option(  # commands that answer one framework at a time
    "--framework", "-F", help=f"{', '.join(NAMES)} [default: keras].",
    autocompletion=_complete(list(NAMES)), metavar="NAME", show_default=False)]
ResetAfterOpt = Annotated[bool, typer.Option(
    "--reset-after/--no-reset-after", help="GRU: reset gate after the recurrent matmul.")]
ProjOpt = Annotated[str | None, typer.Option(
    "--proj", help="LSTM projection size (PyTorch proj_size).", metavar="P", show_default=False)]
ApiOpt = Annotated[str | None, typer.Option(
    "--api", help="layer, or cell: PyTorch nn.LSTMCell, Keras RNN(LSTMCell) [default: layer].", metavar="API",
    autocompletion=_complete(["layer", "cell"]), show_default=False)]
PeepholesOpt = Annotated[bool, typer.Option(
    "--peepholes/--no-peepholes", help="LSTM: the gates also see the cell state (ONNX P).")]
SpecOpt = Annotated[str | None, typer.Option(
    "--spec", help="Read the spec as JSON from FILE (- for stdin); flags override it.", metavar="FILE",
    show_default=False)]
FormatOpt = Annotated[Format, typer.Option(
    "--format", "-f", help="table (for people), text (plain, for grep), markdown, csv, tsv (rows), json (one object), "
    "jsonl (rows, one per line).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


BatchOpt = Annotated[str | None, typer.Option(
    "--batch", "-B", help="Batch size [default: the symbol B, or Keras's None].", metavar="B", show_default=False)]
StepsOpt = Annotated[str | None, typer.Option(
    "--steps", "-T", help="Time steps [default: the symbol T, or Keras's None].", metavar="T", show_default=False)]
BatchFirstOpt = Annotated[bool, typer.Option("--batch-first", help="PyTorch: input and output as (B, T, …).")]
UnbatchedOpt = Annotated[bool, typer.Option("--unbatched", help="PyTorch: one sequence (T, features), no batch.")]
ReturnSequencesOpt = Annotated[bool, typer.Option(
    "--return-sequences", help="Keras: the last layer returns every step's output.")]
ReturnStateOpt = Annotated[bool, typer.Option("--return-state", help="Keras: the last layer also returns its final states.")]
TimeMajorOpt = Annotated[bool, typer.Option("--time-major", help="TF1 dynamic_rnn: input and outputs as (T, B, …).")]
TensorsOpt = Annotated[bool, typer.Option("--tensors", "-t", help="List every weight tensor.")]


def _group(**options: tuple[Any, Any]) -> list[inspect.Parameter]:
    return [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
            for name, (annotation, default) in options.items()]


# Option groups shared by commands, declared once (sqlite-utils' output_options, for typer).
SPEC_OPTIONS = _group(cell=(CellOpt, None), inp=(InpOpt, None), units=(UnitsOpt, None), layers=(LayersOpt, None),
                      bidirectional=(BidirectionalOpt, False), merge_mode=(MergeOpt, None), bias=(BiasOpt, True),
                      framework=(FrameworkOpt, None), reset_after=(ResetAfterOpt, True), proj=(ProjOpt, None),
                      peepholes=(PeepholesOpt, False), api=(ApiOpt, None), spec=(SpecOpt, None))
RUN_OPTIONS = _group(batch=(BatchOpt, None), steps=(StepsOpt, None), batch_first=(BatchFirstOpt, False),
                     unbatched=(UnbatchedOpt, False), return_sequences=(ReturnSequencesOpt, False),
                     return_state=(ReturnStateOpt, False), time_major=(TimeMajorOpt, False))
OUTPUT_OPTIONS = _group(fmt=(FormatOpt, Format.table), as_json=(JsonOpt, False))


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


ONE_FRAMEWORK_SPEC_OPTIONS = [p.replace(annotation=OneFrameworkOpt) if p.name == "framework" else p
                              for p in SPEC_OPTIONS]
SPEC_FIELDS = tuple(p.name for p in SPEC_OPTIONS if p.name != "spec")


def spec_fields(ctx: typer.Context, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The user's spec fields: the --spec file, then the flags they typed, with numbers parsed.

    Only flags given on the command line count (click records where each value came from), so
    a default never overrides the file, and flags need no None default, which typer would
    otherwise validate with a pydantic adapter of its own on every run.
    """
    flags = flag_fields(ctx, leave_out)
    spec = ctx.params["spec"]
    return merge_fields(read_spec(spec) if spec else {}, flags)


def flag_fields(ctx: typer.Context, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The spec fields typed as flags, with numbers parsed."""
    flags = {name: ctx.params[name] for name in SPEC_FIELDS
             if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT and name not in leave_out}
    for name in ("inp", "layers", "proj"):
        if name in flags:
            flags[name] = parse_size(f"--{name}", flags[name])
    if "units" in flags:
        flags["units"] = parse_sizes("--units", flags["units"])
    return flags


def output_format(ctx: typer.Context) -> Format:
    return Format.json if ctx.params["as_json"] else ctx.params["fmt"]


def out(text: str) -> None:
    """Write ``text`` to stdout in any encoding: characters it cannot encode get ASCII spellings."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        from rnncalc.render.ascii import spelled

        text = spelled(text).encode(encoding, errors="replace").decode(encoding)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        closed_stdout()


def closed_stdout() -> NoReturn:
    """The reader went away (``| head``): stop quietly, as ``yes | head`` does, by SIGPIPE (a
    shell shows 141); where there is no SIGPIPE, exit 1 without a word."""
    import signal

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # nothing left to flush into the closed pipe at exit
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    sys.exit(1)


#: More rows than this are written as plain text even in the table format.
TABLE_ROWS = 2000
#: The width of a table written anywhere but a terminal: fixed, so a pipe, a file or the README
#: get the same table whatever COLUMNS says (--format text never wraps or cuts at all).
PIPE_WIDTH = 100


def _terminal() -> tuple[bool, int]:
    """Whether stdout is a terminal, and the width to draw tables at."""
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        return False, PIPE_WIDTH
    import shutil

    return True, max(shutil.get_terminal_size().columns, 20)


def emit(ctx: typer.Context, result: Result) -> None:
    """Print a result in the chosen format; each renderer is imported only when it is used."""
    fmt = output_format(ctx)
    if fmt is Format.python:
        raise SpecError("--format", "python is the format of port's recipe only", "python")
    if fmt is Format.json:
        from rnncalc.render.json import dumps

        out(dumps(result.to_dict()) + "\n")
    elif fmt in ROW_FORMATS:
        from rnncalc.render import plain

        found = result.rows()
        out(plain.jsonl_text(found) if fmt is Format.jsonl else
            plain.csv_text(found, delimiter="," if fmt is Format.csv else "\t"))
    elif fmt in (Format.text, Format.markdown):
        from rnncalc.render import plain

        out(plain.text(result.page()) if fmt is Format.text else plain.markdown(result.page()))
    else:
        show(result.page())


def show(page: Any) -> None:
    """A page in the table format: drawn by rich, or as plain rows when it is too long to draw."""
    if sum(len(b.rows) for b in page.blocks if hasattr(b, "rows")) > TABLE_ROWS:
        # Nobody reads a box of 20,000 rows, and rich takes seconds to draw one: plain rows.
        from rnncalc.render import plain

        out(plain.text(page))
        return
    from rnncalc.render.rich_page import draw

    tty, width = _terminal()
    out(draw(page, width, color=tty and "NO_COLOR" not in os.environ))


def api() -> Any:
    """The library the commands call (rnncalc/api.py), imported once the arguments are parsed."""
    from rnncalc import api as library

    return library


def run_keywords(ctx: typer.Context) -> dict[str, Any]:
    """--batch, --steps and the return flags, as the API's keywords."""
    from rnncalc.flow import FLAGS

    sizes = {name: parse_size(f"--{name}", ctx.params[name]) for name in ("batch", "steps")
             if ctx.params[name] is not None}
    return {**sizes, **{name: True for name in FLAGS if ctx.params[name]}}


def version_callback(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", "-V", callback=version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Exact sizes of recurrent networks (RNN, LSTM, GRU) in Keras and PyTorch conventions.

    \b
    Examples:
      rnncalc params --cell lstm --inp 2 --units 3
      rnncalc params --cell gru --inp 300 --units 128,64 --framework all
      rnncalc explain --cell lstm --inp 2 --units 3
      rnncalc shapes --cell rnn --inp 2 --units 3 --steps 4 -F pytorch --unbatched
    """


FieldsOpt = Annotated[str | None, typer.Option(
    "--fields", help="JSON output: keep only these keys (total,spec,formula,...); a batch's records keep their line.",
    metavar="KEY[,KEY...]", show_default=False)]


@app.command()
@options(SPEC_OPTIONS, OUTPUT_OPTIONS)
def params(ctx: typer.Context, tensors: TensorsOpt = False, fields_: FieldsOpt = None, **_: Any) -> None:
    """Count the parameters, layer by layer, with the formula written out.

    Every count is a sum over the framework's own tensors (--tensors lists them, named as
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
    keep = tuple(k.strip() for k in fields_.split(",") if k.strip()) if fields_ else None
    source = ctx.params["spec"]
    if source:
        from rnncalc.options import read_text

        text = read_text(source, "--spec")
        if several_values(text):
            if tensors:
                raise SpecError("--tensors", "a batch answers one row per spec; leave --tensors out", True)
            raise typer.Exit(batch(ctx, text, keep))
        from rnncalc.options import spec_object

        fields = merge_fields(spec_object(text, "stdin" if source == "-" else source), flag_fields(ctx))
    else:
        fields = spec_fields(ctx)
    if tensors and str(fields.get("framework", "")).lower() == "all":
        raise SpecError("--tensors", "lists one framework's tensors; name it with -F, or see every framework's "
                        "gate by gate with: rnncalc layout -F all", True)
    result = api().params(fields, tensors=tensors)
    if keep is not None:
        if output_format(ctx) is not Format.json:
            raise SpecError("--fields", "keeps keys of JSON output: add --json, or --format jsonl for a batch", fields_)
        from rnncalc.render.json import dumps

        data = result.to_dict()
        unknown = [k for k in keep if k not in data]
        if unknown:
            raise SpecError("--fields", "unknown key; the keys are " + ", ".join(data), ",".join(unknown))
        out(dumps({k: data[k] for k in keep}) + "\n")
        return
    emit(ctx, result)


def several_values(text: str) -> bool:
    """Whether a --spec input is a batch: more than one JSON value (JSON Lines, or objects one
    after another). One object stays one spec, however many lines it is printed over."""
    import json

    try:
        json.loads(text)
        return False
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            return True
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        return len(lines) > 1 and all(line.startswith("{") and line.endswith("}") for line in lines[1:])
    except ValueError:
        return False


def batch(ctx: typer.Context, text: str, keep: tuple[str, ...] | None) -> int:
    """Answer every spec of a batch in order; 0 if all answered, 1 if any failed, 2 if none could be read."""
    from rnncalc.batch import answers, record, row, values

    fmt = output_format(ctx)
    if fmt is Format.python:
        raise SpecError("--format", "python is the format of port's recipe only", "python")
    # The whole object where asked for: every key, or any key beyond the total and the spec.
    full = fmt in (Format.json, Format.jsonl) and (keep is None or any(k not in ("total", "spec") for k in keep))
    read = failed = 0
    chunk: list[str] = []
    rows: list[dict[str, Any]] = []
    if fmt is Format.json:
        out("[\n")
    first = True
    import json

    encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode  # one encoder, not one per line
    wanted = keep if fmt in (Format.json, Format.jsonl) else (None if keep is None else (*keep, "spec"))
    for answer in answers(values(text), flag_fields(ctx), full, wanted):
        read += answer.fields is not None
        failed += answer.data is None
        if fmt in (Format.json, Format.jsonl):
            line = encode(record(answer, keep))
            chunk.append(line if fmt is Format.jsonl or first else "," + line)
            first = False
            if len(chunk) >= 1000:
                out("\n".join(chunk) + "\n")
                chunk = []
        else:
            data = row(answer)
            rows.append({k: v for k, v in data.items() if k in ("line", *keep, "error")} if keep else data)
    if chunk:
        out("\n".join(chunk) + "\n")
    if fmt is Format.json:
        out("]\n")
    elif fmt not in (Format.jsonl,):
        _emit_rows(fmt, rows)
    if not read:
        return 2
    return 1 if failed else 0


def _emit_rows(fmt: Format, rows: list[dict[str, Any]]) -> None:
    """One row per spec, in a row format or as a table."""
    from rnncalc.render import plain

    if fmt in (Format.csv, Format.tsv):
        out(plain.csv_text(rows, delimiter="," if fmt is Format.csv else "\t"))
        return
    from rnncalc.render.doc import Page, Table

    table = Table()
    headers = [h for h in dict.fromkeys(k for r in rows for k in r)
               if h != "error" or any(r.get("error") for r in rows)]  # no column of blanks for people
    for h in headers:
        table.add_column(h, justify="right" if h in ("line", "point", "inp", "layers", "total") else "left")
    for r in rows:
        table.add_row(*("" if r.get(h) is None else r.get(h) for h in headers))
    page = Page([table])
    if fmt is Format.markdown:
        out(plain.markdown(page))
    elif fmt is Format.text:
        out(plain.text(page))
    else:
        show(page)


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, RUN_OPTIONS, OUTPUT_OPTIONS)
def shapes(ctx: typer.Context, **_: Any) -> None:
    """Show what flows through the network: one time step, and the whole sequence.

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
    emit(ctx, api().shapes(spec_fields(ctx), **run_keywords(ctx)))


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, OUTPUT_OPTIONS)
def explain(ctx: typer.Context, **_: Any) -> None:
    """Explain units, cells, layers and gates, and derive the count gate by gate.

    What a unit is (one coordinate of h_t), what a cell is (one step over all units), why
    unrolling adds no parameters, each gate's W, U and biases, the count per unit and per
    layer, and the same terms in Keras, PyTorch, TF1 and ONNX.

    \b
    Examples:
      rnncalc explain --cell lstm --inp 2 --units 3
      rnncalc explain --cell gru --inp 8 --units 16 --framework pytorch --json
    """
    emit(ctx, api().explain(spec_fields(ctx)))


@app.command()
@options(SPEC_OPTIONS, OUTPUT_OPTIONS)
def layout(ctx: typer.Context, **_: Any) -> None:
    """Show where each gate sits: every tensor's rows, columns or slices, gate by gate.

    Each block of each weight tensor with its index range, the framework's letter and the
    gate's name, the direction it belongs to, and whether it is stored [in, out] (Keras's
    kernels) or [out, in] (PyTorch, ONNX): what to slice and transpose to move weights.
    -F all (or a list, -F keras,pytorch) lines the frameworks up gate by gate.

    \b
    Examples:
      rnncalc layout --cell lstm --inp 2 --units 3 -F pytorch
      rnncalc layout --cell lstm --inp 2 --units 3 -F keras,pytorch,onnx
      rnncalc layout --cell gru --inp 4 --units 8 --bidirectional -F onnx
      rnncalc layout --cell lstm --inp 2 --units 3 --json | jq '.regions[] | select(.gate == "forget")'
    """
    emit(ctx, api().layout(spec_fields(ctx)))


FromOpt = Annotated[str | None, typer.Option(
    "--from", help="The framework the weights come from (same as --framework).", metavar="NAME",
    autocompletion=_complete(list(NAMES)), show_default=False)]
ToOpt = Annotated[str, typer.Option(
    "--to", help="The framework to move them into.", metavar="NAME", autocompletion=_complete(list(NAMES)),
    show_default=False)]


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, OUTPUT_OPTIONS)
def port(ctx: typer.Context, to: ToOpt, from_: FromOpt = None, **_: Any) -> None:
    """Give the recipe that moves trained weights from one framework into another.

    For every target tensor: which source tensor and slice fills each gate's block, whether
    it is transposed, and how biases merge (one bias = input + recurrent) or split (input =
    the bias, recurrent = 0). --format python prints a dependency-free NumPy function that
    performs it on a dict of arrays. Where no exact mapping exists (a reset_after=False GRU
    into PyTorch, peepholes or a projection into a framework without them) it says why and
    exits 1 instead of printing a wrong recipe.

    \b
    Examples:
      rnncalc port --cell lstm --inp 2 --units 3 --from keras --to pytorch
      rnncalc port --cell gru --inp 8 --units 16 --bidirectional --from pytorch --to onnx --json
      rnncalc port --cell lstm --inp 2 --units 3 --from keras --to pytorch --format python > port.py
    """
    fields = spec_fields(ctx)
    if from_ is not None:
        fields["framework"] = from_
    result = api().port(fields, to=to)
    if output_format(ctx) is Format.python:
        if not result.ok:
            fail(f"--to: no exact recipe: {result['reason']}")
        from rnncalc.porting import python

        out(python(result.port))
        return
    emit(ctx, result)
    raise typer.Exit(0 if result.ok else 1)


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, RUN_OPTIONS, OUTPUT_OPTIONS)
def diagram(ctx: typer.Context, **_: Any) -> None:
    """Draw the network unrolled in time: layers × steps, with the shape on each arrow.

    Up to six steps are drawn; beyond that the middle is elided (…). --format text gives
    plain text for pasting.

    \b
    Examples:
      rnncalc diagram --cell rnn --inp 2 --units 3 --batch 1 --steps 4
      rnncalc diagram --cell lstm --inp 2 --units 3 --layers 2 --bidirectional -F pytorch
      rnncalc diagram --cell gru --inp 8 --units 16 --steps 12 --format text
    """
    emit(ctx, api().diagram(spec_fields(ctx), **run_keywords(ctx)))


@app.command()
@options(OUTPUT_OPTIONS)
def check(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="The summary: a FILE, or - for stdin.", metavar="[FILE|-]",
                                          show_default=False)] = "-",
    **_: Any,
) -> None:
    """Check a pasted model summary by itself: every row and every footer total.

    Reads Keras 3 and Keras 2 model.summary() tables (box, ASCII, or as a markdown table),
    torchinfo tables and printed PyTorch modules, quoted or inside a log; every summary in
    the paste is checked. Each row is pinned (✓: one configuration gives its count),
    consistent (≈: several do; all are listed, with what would decide), a mismatch (✗) or not
    checked (a layer without a counting rule). Exit 0 when nothing is a mismatch, 1 when
    something is, 2 when nothing can be read.

    \b
    Examples:
      rnncalc check summary.txt
      pbpaste | rnncalc check -
      python train.py --summary-only | rnncalc check --json
    """
    from rnncalc.summaries import MAX_BYTES

    text, cut = read_paste(source, MAX_BYTES)
    result = api().check(text, cut=cut)
    emit(ctx, result)
    raise typer.Exit(0 if result.ok else 1)


StyleOpt = Annotated[str | None, typer.Option(
    "--style", "-s", help="keras3, keras2 or torchinfo [default: the framework's own: keras3 for Keras, torchinfo "
    "for PyTorch].", metavar="STYLE", autocompletion=_complete(["keras3", "keras2", "torchinfo"]), show_default=False)]


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, OUTPUT_OPTIONS)
def summary(ctx: typer.Context, style: StyleOpt = None, batch: BatchOpt = None, steps: StepsOpt = None,
            **_: Any) -> None:
    """Print the summary a framework prints for this network, character for character.

    Keras 3 and Keras 2: model.summary() of Sequential([Input((steps, inp)), <the layers>]) in a
    fresh session, default line_length (Keras 3 on a terminal at least 92 columns wide).
    torchinfo: summary(nn.LSTM(...), input_size=(batch, steps, inp)) with its default columns;
    it needs --batch and --steps. Hold it against yours, or feed it to rnncalc check.

    \b
    Examples:
      rnncalc summary --cell lstm --inp 2 --units 3
      rnncalc summary --cell gru --inp 8 --units 16 --layers 2 --style keras2
      rnncalc summary --cell lstm --inp 10 --units 20 --layers 2 -F pytorch --batch 1 --steps 5
    """
    sizes = {name: parse_size(f"--{name}", value) for name, value in (("batch", batch), ("steps", steps))
             if value is not None}
    try:
        result = api().summary(spec_fields(ctx), style=style, **sizes)
    except SpecError as err:  # name the flag the user types
        flag = f"--{err.field}" if err.field in ("batch", "steps", "style") else err.field
        raise SpecError(flag, err.message, err.value) from None
    emit(ctx, result)


SweepOpt = Annotated[str | None, typer.Option(show_default=False)]


@app.command()
@options(OUTPUT_OPTIONS)
def sweep(
    ctx: typer.Context,
    cell: Annotated[str, typer.Option("--cell", "-c", help="Cells: lstm,gru,rnn.", metavar="CELL[,CELL]")],
    inp: Annotated[str, typer.Option("--inp", "-i", help="Input widths: 300, 32,64 or 16..512:x2.", metavar="N")],
    units: Annotated[str, typer.Option("--units", "-u", help="Units: 64..1024:x2, 32,64; a stack per point as "
                                       "64/32.", metavar="N")],
    layers: Annotated[str, typer.Option("--layers", "-l", help="Layers: 1..4.", metavar="N")] = "1",
    framework: Annotated[str, typer.Option("--framework", "-F", help="Frameworks: keras,pytorch or all.",
                                           metavar="NAME")] = DEFAULT,
    directions: Annotated[str, typer.Option("--directions", help="1, 2 or 1,2 (2: bidirectional).",
                                            metavar="D")] = "1",
    max_params: Annotated[str | None, typer.Option("--max-params", help="Keep points with at most this many "
                                                   "parameters (5M, 250k).", metavar="N", show_default=False)] = None,
    min_params: Annotated[str | None, typer.Option("--min-params", help="Keep points with at least this many.",
                                                   metavar="N", show_default=False)] = None,
    sort: Annotated[str | None, typer.Option("--sort", help="Sort by a column (total, inp, ...; -total for "
                                             "descending). Needs every row first, as table, text and markdown do; "
                                             "csv, tsv and jsonl stream.", metavar="KEY", show_default=False)] = None,
    **_: Any,
) -> None:
    """Count every combination of lists and ranges of sizes and choices, one row per point.

    A range is LOW..HIGH, stepping by one, by :+N or by :xN; lists are comma-separated. Without
    --sort, csv, tsv and jsonl rows stream as they are counted, in constant memory.

    \b
    Examples:
      rnncalc sweep --cell lstm,gru --inp 300 --units 64..1024:x2 --layers 1..4 -f csv
      rnncalc sweep --cell lstm --inp 128 --units 32..512:+32 -F all --max-params 1M --sort total
      rnncalc sweep --cell gru --inp 80 --units 256/128,512/256 --directions 1,2 -f jsonl
    """
    from rnncalc.batch import answers, parse_values, points, row
    from rnncalc.frameworks import NAMES
    from rnncalc.solving import parse_amount

    stacks = []
    for part in units.split(","):
        sizes = [parse_values("--units", p) for p in part.split("/")]
        stacks += [list(s) for s in __import__("itertools").product(*sizes)] if len(sizes) > 1 else [[v] for v in sizes[0]]
    chosen = NAMES if framework.strip().lower() == "all" else [n.strip() for n in framework.split(",")]
    axes: dict[str, list[Any]] = {
        "cell": [c.strip() for c in cell.split(",")], "framework": list(chosen),
        "inp": parse_values("--inp", inp), "units": stacks, "layers": parse_values("--layers", layers),
        "bidirectional": [{1: False, 2: True}.get(d) for d in parse_values("--directions", directions)],
    }
    if None in axes["bidirectional"]:
        raise SpecError("--directions", "is 1, 2 or 1,2", directions)
    top = parse_amount("--max-params", max_params) if max_params else None
    bottom = parse_amount("--min-params", min_params) if min_params else None

    def fields() -> Any:
        for index, point in points(axes):
            if len(point["units"]) > 1:  # a stack states its own depth
                if point["layers"] != axes["layers"][0]:
                    continue
                point = {**point, "layers": len(point["units"])}
            else:  # one size, every layer
                point = {**point, "units": point["units"][0]}
            yield index, point

    fmt = output_format(ctx)
    if fmt is Format.python:
        raise SpecError("--format", "python is the format of port's recipe only", "python")
    streaming = sort is None and fmt in (Format.csv, Format.tsv, Format.jsonl)
    failed = 0
    kept: list[dict[str, Any]] = []
    pending: list[str] = []
    header = True
    import json

    encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
    for answer in answers(fields(), {}, False, None):
        total = answer.data["total"] if answer.data else None
        failed += answer.data is None
        if total is not None and (top is not None and total > top or bottom is not None and total < bottom):
            continue
        data = row(answer)
        data = {"point": data.pop("line"), **data}
        if not streaming:
            kept.append(data)
            continue
        if fmt is Format.jsonl:
            pending.append(encode(data) + "\n")
        else:
            from rnncalc.render import plain

            text = plain.csv_text([data], delimiter="," if fmt is Format.csv else "\t")
            pending.append(text if header else text.split("\n", 1)[1])
            header = False
        if len(pending) >= 1000:  # stream in chunks: the first rows appear at once
            out("".join(pending))
            pending.clear()
    if streaming:
        out("".join(pending))
        raise typer.Exit(1 if failed else 0)
    if sort:
        key, reverse = sort.lstrip("-"), sort.startswith("-")
        if kept and key not in kept[0]:
            raise SpecError("--sort", "sorts by a column: " + ", ".join(kept[0]), sort)
        kept.sort(key=lambda r: (r[key] is None, r[key] if r[key] is not None else 0), reverse=reverse)
    if fmt is Format.json:
        from rnncalc.render.json import dumps

        out(dumps({"schema": "rnncalc.sweep/1", "points": kept}) + "\n")
    elif fmt is Format.jsonl:
        out("".join(encode(r) + "\n" for r in kept))
    else:
        _emit_rows(fmt, kept)
    raise typer.Exit(1 if failed else 0)


ParamsOpt = Annotated[str | None, typer.Option(
    "--params", "-p", help="Exact parameter count to reach: 72, 250k, 1.5M, 1.5e6.", metavar="N", show_default=False)]
MaxParamsOpt = Annotated[str | None, typer.Option(
    "--max-params", help="Budget: the largest size whose count fits.", metavar="N", show_default=False)]


@app.command()
@options(ONE_FRAMEWORK_SPEC_OPTIONS, OUTPUT_OPTIONS)
def solve(ctx: typer.Context, params: ParamsOpt = None, max_params: MaxParamsOpt = None, **_: Any) -> None:
    """Solve backwards: which units (or inp) give this many parameters, or fit a budget.

    Leave out what you want found: --units, --inp, or both (then --units LOW..HIGH is the range
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
    from rnncalc.solving import parse_range

    if (params is None) == (max_params is None):
        raise SpecError("--params", "give exactly one of --params N and --max-params N")
    units = ctx.params["units"]
    units_range = parse_range("--units", units) if units and ".." in units else None
    fields = spec_fields(ctx, leave_out=("units",) if units_range else ())
    try:
        result = api().solve(fields, params=params, max_params=max_params, units_range=units_range)
    except SpecError as err:
        flag = {"params": "--params", "max_params": "--max-params", "framework": "--framework"}.get(err.field, err.field)
        raise SpecError(flag, err.message, err.value) from None
    emit(ctx, result)
    raise typer.Exit(0 if result.ok else 1)


SCHEMA_NAMES = ["spec", "params", "compare", "shapes", "explain", "layout", "lineup", "port", "diagram", "check",
                "solve", "summary", "sweep"]  # rnncalc.schemas.NAMES; a test keeps the two equal


@app.command()
@options(OUTPUT_OPTIONS)
def schema(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="spec, or a command whose JSON output to describe.", metavar="[NAME]",
                                        autocompletion=_complete(SCHEMA_NAMES), show_default=False)] = "spec",
    **_: Any,
) -> None:
    """Print a JSON Schema: of a spec (what --spec FILE accepts), or of a command's JSON output.

    NAME is spec (the default) or one of params, compare (params -F all), shapes, explain,
    layout, lineup (layout -F a,b), port, diagram, check, solve, summary, sweep. Each output's
    "schema" key names its version; the schemas are generated from pydantic models that only
    this command and the tests load.

    \b
    Examples:
      rnncalc schema > rnncalc-spec.schema.json
      rnncalc schema check | jq .properties.summaries
      rnncalc schema spec | jq .properties.cell
    """
    from rnncalc.render.json import dumps
    from rnncalc.schemas import schema as describe

    if output_format(ctx) not in (Format.table, Format.json):
        raise SpecError("--format", "a schema is JSON: use json", output_format(ctx).value)
    out(dumps(describe(name)) + "\n")


def run(argv: list[str] | None = None) -> Any:
    return app(args=argv, prog_name=PROG)

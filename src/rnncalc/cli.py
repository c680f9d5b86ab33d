"""The typer app: arguments -> spec -> library -> render -> print. No arithmetic here.

Start-up is TAB latency (completion scripts re-run this program on every TAB), so this module
imports only typer and rnncalc's light modules. The pydantic model, the conventions and rich
are imported inside the commands, after the arguments are parsed.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated, Any, NoReturn

import typer
from typer._click.core import ParameterSource  # not re-exported by typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from rnncalc import __version__
from rnncalc.cells import ALIASES, CELLS
from rnncalc.errors import SpecError
from rnncalc.frameworks import NAMES
from rnncalc.options import merge_fields, parse_size, parse_sizes, read_spec

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
        try:
            rv = super().main(args=args, prog_name=prog_name or PROG, complete_var=complete_var,
                              standalone_mode=False, **extra)
        except NoArgsIsHelpError as err:
            print(err.format_message(), file=sys.stderr)
            sys.exit(2)
        except UsageError as err:
            fail(err.format_message())
        except SpecError as err:
            fail(str(err))
        except typer.Abort:
            print("Aborted!", file=sys.stderr)
            sys.exit(1)
        sys.exit(rv if isinstance(rv, int) else 0)


app = typer.Typer(
    cls=Group,
    name=PROG,
    no_args_is_help=True,
    rich_markup_mode=None,  # plain help: rich's help renderer would triple --help's start-up time
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):
    table = "table"
    json = "json"


def _complete(choices: list[str]):  # noqa: ANN202
    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete.lower())]

    return complete


CellOpt = Annotated[str | None, typer.Option(
    "--cell", "-c", help="rnn (alias simplernn, elman), lstm or gru.",
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
ResetAfterOpt = Annotated[bool, typer.Option(
    "--reset-after/--no-reset-after", help="GRU: reset gate after the recurrent matmul.")]
ProjOpt = Annotated[str | None, typer.Option(
    "--proj", help="LSTM projection size (PyTorch proj_size).", metavar="P", show_default=False)]
SpecOpt = Annotated[str | None, typer.Option(
    "--spec", help="Read the spec as JSON from FILE (- for stdin); flags override it.", metavar="FILE",
    show_default=False)]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Same as --format json.")]


SPEC_FIELDS = ("cell", "inp", "units", "layers", "bidirectional", "merge_mode", "bias", "framework",
               "reset_after", "proj")


def spec_fields(ctx: typer.Context) -> dict[str, Any]:
    """The user's spec fields: the --spec file, then the flags they typed, with numbers parsed.

    Only flags given on the command line count (click records where each value came from), so
    a default never overrides the file, and flags need no None default, which typer would
    otherwise validate with a pydantic adapter of its own on every run.
    """
    flags = {name: ctx.params[name] for name in SPEC_FIELDS
             if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT}
    for name in ("inp", "layers", "proj"):
        if name in flags:
            flags[name] = parse_size(f"--{name}", flags[name])
    if "units" in flags:
        flags["units"] = parse_sizes("--units", flags["units"])
    spec = ctx.params["spec"]
    return merge_fields(read_spec(spec) if spec else {}, flags)


def output(fmt: Format, as_json: bool) -> Format:
    return Format.json if as_json else fmt


def show(renderable: Any) -> None:
    """Draw a rich renderable on stdout. rich honours NO_COLOR and plain pipes by itself.

    Cells are data, not markup: markup and emoji parsing off keeps a '[...]' value literal and
    skips loading rich's emoji table (a third of the time it takes to draw a small table).
    """
    from rich.console import Console

    Console(highlight=False, markup=False, emoji=False).print(renderable)


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
    """


@app.command()
def params(
    ctx: typer.Context,
    cell: CellOpt = None,
    inp: InpOpt = None,
    units: UnitsOpt = None,
    layers: LayersOpt = None,
    bidirectional: BidirectionalOpt = False,
    merge_mode: MergeOpt = None,
    bias: BiasOpt = True,
    framework: FrameworkOpt = None,
    reset_after: ResetAfterOpt = True,
    proj: ProjOpt = None,
    spec: SpecOpt = None,
    tensors: Annotated[bool, typer.Option("--tensors", "-t", help="List every weight tensor.")] = False,
    fmt: FormatOpt = Format.table,
    as_json: JsonOpt = False,
) -> None:
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
    """
    fields = spec_fields(ctx)
    fmt = output(fmt, as_json)
    if str(fields.get("framework", "")).lower() == "all":
        from rnncalc.compare import compare

        del fields["framework"]
        rows = compare(fields)
        if fmt is Format.json:
            from rnncalc.render.json import comparison_dict, dumps

            print(dumps(comparison_dict(rows)))
        else:
            from rnncalc.render.table import comparison_view

            show(comparison_view(rows))
        return

    from rnncalc.spec import parse_spec
    from rnncalc.tensors import count

    result = count(parse_spec(fields))
    if fmt is Format.json:
        from rnncalc.render.json import count_dict, dumps

        print(dumps(count_dict(result)))
    else:
        from rnncalc.render.table import count_view

        show(count_view(result, tensors=tensors))


@app.command()
def schema() -> None:
    """Print the JSON Schema of a spec: what --spec FILE accepts.

    The same fields as the flags; "spec" in every command's JSON output follows it too.

    \b
    Examples:
      rnncalc schema > rnncalc-spec.schema.json
      rnncalc schema | jq .properties.cell
    """
    from rnncalc.render.json import dumps
    from rnncalc.spec import Spec

    print(dumps(Spec.model_json_schema()))


def run(argv: list[str] | None = None) -> Any:
    return app(args=argv, prog_name=PROG)

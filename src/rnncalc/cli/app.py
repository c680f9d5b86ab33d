"""The typer app, built from the command table (cli/table.py): every command, option and help text is declared there.

typer parses the command line and answers help and errors; the commands' bodies live in
cli/commands.py, which also serves the fast path (cli/fast.py, a parser generated from this app for
the common invocations). Start-up is TAB latency and answer latency, so this module imports
only typer and rnncalc's light modules; the library and rich load inside the commands.
"""

from __future__ import annotations

import inspect  # already loaded by typer: a command's options are its signature
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer
from typer._click.core import ParameterSource  # not re-exported by typer
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from rnncalc import __version__
from rnncalc.model import knobs
from rnncalc.cli.commands import Call, execute, fail
from rnncalc.cli.table import APP_HELP, COMMANDS, PROG, Command, Option

__all__ = ["app", "run"]


class Group(TyperGroup):
    """Runs the app with click's own error display off, so every error is one line."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, windows_expand_args: bool = True, **extra: Any) -> Any:
        try:
            rv = super().main(args=args, prog_name=prog_name or PROG, complete_var=complete_var,
                              standalone_mode=False, windows_expand_args=windows_expand_args, **extra)
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
    """Hand the parsed command line to the command's body (cli/commands.py)."""
    given = frozenset(p for p in ctx.params if ctx.get_parameter_source(p) is not ParameterSource.DEFAULT)
    return execute(name, Call(dict(ctx.params), given))


def _complete(choices: tuple[str, ...]) -> Callable[[str], list[str]]:
    def complete(incomplete: str) -> list[str]:
        return [choice for choice in choices if choice.startswith(incomplete.lower())]

    return complete


def _parameter(option: Option) -> inspect.Parameter:
    """The typer parameter of one option of the table: its annotation carries typer's Option."""
    completion = _complete(option.choices) if option.choices else None
    kind: Any
    if option.flag is None:
        declared: Any = typer.Argument(help=option.help, metavar=option.metavar, autocompletion=completion,
                                       show_default=False)
        kind = str
    else:
        names = [f"{option.flag}/{option.negative}" if option.negative else option.flag,
                 *([option.short] if option.short else [])]
        declared = typer.Option(*names, help=option.help or None, metavar=option.metavar, autocompletion=completion,
                                show_default=option.show_default)
        kind = bool if option.is_switch else str if option.required or option.default is not None else str | None
    default = inspect.Parameter.empty if option.required else option.default
    return inspect.Parameter(option.name, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[kind, declared],
                             default=default)


def _output(command: Command, option: Option) -> Option:
    """--format: the formats that write one of the command's parts (render/formats/), checked
    when the result is written; its default, the first of them, as commands.format_name takes it
    where the fast path gives none."""
    from rnncalc.render import formats

    offered = formats.formats(command.parts)
    return option._replace(help=", ".join(f.help for f in offered) + ".", default=offered[0].name,
                           show_default=True, choices=tuple(f.name for f in offered))


def _body(command: Command) -> Callable[..., int]:
    """A function typer reads the command from: its options as the signature, its help as the doc."""

    def body(ctx: typer.Context, **_: Any) -> int:
        return run_command(command.name, ctx)

    options = [_output(command, o) if o.name == "fmt" else o for o in command.options]
    context = inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)
    body.__signature__ = inspect.Signature([context, *map(_parameter, options)])  # type: ignore[attr-defined]
    body.__name__ = command.name
    body.__doc__ = command.help
    return body


def version_callback(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


def main_options(
    version: Annotated[bool, typer.Option("--version", "-V", callback=version_callback, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """The options before the command."""


def build() -> typer.Typer:
    """The typer app of the command table."""
    built = typer.Typer(
        cls=Group,
        name=PROG,
        no_args_is_help=True,
        rich_markup_mode=None,  # plain help: rich's help renderer would triple --help's start-up time
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    built.callback(help=APP_HELP)(main_options)
    for command in COMMANDS:
        built.command(command.name)(_body(command))
    return built


app = build()


def run(argv: list[str] | None = None) -> int | None:
    """Run the app on ``argv``; it ends in SystemExit (Group.main), which carries the code."""
    app(args=argv, prog_name=PROG)
    return None

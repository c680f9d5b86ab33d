"""What each command does once its command line is parsed: spec -> library -> render -> print.

Two parsers reach these bodies: the typer app (cli/app.py, built from the command table in
cli/table.py, which answers help, errors and anything unusual) and the fast path (cli/fast.py, whose
table is generated from that app, for the common invocations). Both hand over a ``Call``, so a command behaves the same
whichever parser read it. Nothing here imports typer, pydantic or rich: the library and the
renderers are imported inside the commands, after the arguments are parsed. No arithmetic here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NoReturn

from rnncalc.model import knobs
from rnncalc.cli import table
from rnncalc.errors import SpecError
from rnncalc.cli.options import merge_fields, read_paste
from rnncalc.model.sizes import parse_size, parse_sizes
from rnncalc.cli.table import PROG

if TYPE_CHECKING:
    from rnncalc.api import Result

#: The spec fields a command line can give as flags (--spec gives them as a file).
SPEC_FIELDS = tuple(knob.name for knob in knobs.SPEC)


@dataclass(frozen=True)
class Call:
    """A parsed command line: every parameter's value (its default where not typed), which the
    user typed (so that a default never overrides a --spec file), and the command's name."""

    params: dict[str, Any]
    given: frozenset[str]
    command: str = ""


def fail(message: str) -> NoReturn:
    """One line on stderr, exit code 2: how rnncalc reports every kind of bad input."""
    print(f"{PROG}: error: {message}", file=sys.stderr)
    sys.exit(2)


def flagged(err: SpecError) -> SpecError:
    """The library's error, its field named as the flag the user types where it has one: the one
    place the CLI maps fields ("max_params", "units[1]", "proj (layer 1 …)") to flags. A missing
    spec field also names the key of a --spec file."""
    import re

    flags = {option.flag for command in table.COMMANDS for option in command.options}

    def flag(field: str) -> str:
        head = re.match(r"[a-z][a-z_]*", field)
        name = "--" + head.group().replace("_", "-") if head else ""
        return name + field[head.end():] if head and name in flags else field

    if err.message not in ("is required", "are required"):
        return err if err.field.startswith("-") else SpecError(flag(err.field), err.message, err.value)
    keys = [k.strip() for k in err.field.split(",")]
    word = "key" if len(keys) == 1 else "keys"
    return SpecError(", ".join(flag(k) for k in keys), f"{err.message} (as {word} {', '.join(keys)} in a --spec file)")


def execute(name: str, call: Call) -> int:
    """Run command ``name``: its exit code; bad input is one line on stderr and exit 2."""
    if not call.command:
        call = Call(call.params, call.given, name)
    try:
        return BODIES[name](call) or 0
    except SpecError as err:
        fail(str(flagged(err)))
    except BrokenPipeError:
        closed_stdout()
    except (EOFError, KeyboardInterrupt):  # as click reports them
        print(file=sys.stderr)
        print("Aborted!", file=sys.stderr)
        return 1


# Reading the command line.


def spec_fields(call: Call, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The user's spec fields: the --spec file, then the flags they typed, with numbers parsed."""
    fields, several = spec_input(call, leave_out)
    if several is not None:
        raise SpecError("--spec", "holds several specs (JSON Lines); this command answers one at a time",
                        call.params["spec"])
    return fields


def spec_input(call: Call, leave_out: tuple[str, ...] = ()) -> tuple[dict[str, Any], str | None]:
    """(the spec's fields, None); or, when --spec holds several JSON values (a batch), (the
    flags' fields, the input's text)."""
    flags = flag_fields(call, leave_out)
    source = call.params["spec"]
    if not source:
        return flags, None
    from rnncalc.cli.options import read_text, spec_object

    text = read_text(source, "--spec")
    if several_values(text):
        return flags, text
    return merge_fields(spec_object(text, "stdin" if source == "-" else source), flags), None


def flag_fields(call: Call, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The spec fields typed as flags, with numbers parsed."""
    flags = {name: call.params[name] for name in SPEC_FIELDS if name in call.given and name not in leave_out}
    for name in ("inp", "layers", "proj"):
        if name in flags:
            flags[name] = parse_size(f"--{name}", flags[name])
    if "units" in flags:
        flags["units"] = parse_sizes("--units", flags["units"])
    return flags


def format_name(call: Call) -> str:
    """The format asked for: --json, else --format (checked against the registry when written),
    else the first of the formats the command offers."""
    if call.params["as_json"]:
        return "json"
    if call.params["fmt"] is None:
        from rnncalc.render import formats

        return formats.offered(table.command(call.command).parts)[0]
    return str(call.params["fmt"]).strip().lower()


def sizes(call: Call, *names: str) -> dict[str, int]:
    """The size options among ``names`` the user gave (--batch, --steps by default), as numbers."""
    return {name: parse_size(f"--{name.replace('_', '-')}", call.params[name]) for name in names or ("batch", "steps")
            if call.params[name] is not None}


def run_keywords(call: Call) -> dict[str, Any]:
    """--batch, --steps and the return flags, as the API's keywords."""
    from rnncalc.model.flow import FLAGS

    return {**sizes(call), **{name: True for name in FLAGS if call.params[name]}}


def api() -> Any:
    """The library the commands call (rnncalc/api.py), imported once the arguments are parsed."""
    from rnncalc import api as library

    return library


def long_run(work: int) -> None:
    """A command about to loop over much input (``work`` bytes or points) collects garbage again:
    __main__ switches the collector off for start-up, which is all a short answer is."""
    if work > LONG_RUN:
        import gc

        if not gc.isenabled():  # a real process (__main__): what start-up made lives to the end,
            gc.freeze()  # and no collection need walk it again; a caller's objects are its own
        gc.enable()


#: Input (bytes, or sweep points) beyond which a command collects garbage as it goes.
LONG_RUN = 100_000


# Printing.


def out(text: str) -> None:
    """Write ``text`` to stdout in any encoding: characters it cannot encode get ASCII spellings."""
    if sys.stdout is None:  # started with stdout closed (>&-): nowhere to write, as print() does
        return
    encoding = stdout_encoding()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        from rnncalc.render.ascii import spelled

        data = spelled(text).encode(encoding, errors="replace")
    out_bytes(data)


def stdout_encoding() -> str:
    return getattr(sys.stdout, "encoding", None) or "utf-8"


#: Encodings whose text can be written a piece at a time as bytes: no byte order mark, no state.
_PIECEWISE = frozenset({"utf-8", "ascii", "iso8859-1"})


def out_bytes(data: bytes) -> None:
    """Write ``data``, in stdout's encoding. As bytes where stdout has a buffer, a piecewise
    encoding and no newline translation (the text layer would encode it all again: for a
    batch, a third of its time); else as text, where the layer writes a byte order mark once."""
    if sys.stdout is None:
        return
    from codecs import lookup

    encoding = stdout_encoding()
    buffer = getattr(sys.stdout, "buffer", None)
    try:
        sys.stdout.flush()
        if buffer is not None and os.linesep == "\n" and lookup(encoding).name in _PIECEWISE:
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode(encoding))
            sys.stdout.flush()
    except BrokenPipeError:  # the reader went away: execute() ends the process, once what is open closes
        raise
    except OSError as err:  # a full disk (> /dev/full), an I/O error
        unwritable_stdout(err)


def unwritable_stdout(err: OSError) -> NoReturn:
    """stdout refuses what is written (a full disk): one line, and exit 1, as cat does."""
    sys.exit(unwritable(err))


def unwritable(err: OSError) -> int:
    """Say that stdout refused a write, send what is left unflushed nowhere, and give the status."""
    print(f"{PROG}: error: stdout: {err.strerror or err}", file=sys.stderr)
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):  # a stdout without a file descriptor
        pass
    return 1


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


#: Work of fewer points than this shows no progress bar: it ends before one would help.
PROGRESS_FROM = 20_000
#: The width of a table written anywhere but a terminal, where COLUMNS is not set (--format text
#: never wraps or cuts at all).
PIPE_WIDTH = 100


def _terminal() -> tuple[bool, int]:
    """Whether stdout is a terminal, and the width to draw tables at: the one width rule,
    as rich reads it: COLUMNS where it is set (at a terminal or in a pipe), else the
    terminal's width, else PIPE_WIDTH."""
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and len(columns) < 6:
        return tty, max(int(columns), 20)
    if not tty:
        return False, PIPE_WIDTH
    import shutil

    return True, max(shutil.get_terminal_size().columns, 20)


class Stdout:
    """Where the formats write (render/formats.Out): stdout in its encoding, as out() writes."""

    def __init__(self) -> None:
        self.encoding = stdout_encoding()

    def text(self, text: str) -> None:
        out(text)

    def data(self, data: bytes) -> None:
        out_bytes(data)

    def terminal(self) -> tuple[bool, int, bool]:
        tty, width = _terminal()
        return tty, width, tty and "NO_COLOR" not in os.environ


def emit(call: Call, result: Any) -> int:
    """Write a result in the chosen format, through the one registry of formats; its exit code."""
    from rnncalc.render import formats

    formats.write(format_name(call), result, Stdout(), call.command or "this command")
    return int(result.status())


@contextmanager
def _progress(total: int, what: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when stderr is a terminal and stdout is not (rows written to
    the same terminal would run into the bar), and the work is long; else nothing."""
    try:
        tty = sys.stderr.isatty() and not sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty or total < PROGRESS_FROM:
        yield lambda done: None
        return
    from rnncalc.render.rich_page import progress

    # A closed stdout raises BrokenPipeError through here: the bar gives the terminal back
    # before execute() ends the process.
    with progress(total, what) as (tick, _):
        yield tick


# The commands; cli/app.py holds their help and options.


def params(call: Call) -> int:
    fields_ = call.params["fields_"]
    keep = tuple(k.strip() for k in fields_.split(",") if k.strip()) if fields_ else None
    tensors = call.params["tensors"]
    fields, several = spec_input(call)
    if several is not None:
        if tensors:
            raise SpecError("--tensors", "a batch answers one row per spec; leave --tensors out", True)
        for name in ("steps", "batch"):
            if call.params[name] is not None:
                raise SpecError(f"--{name}", "a batch of params answers counts: its cost is rnncalc cost --spec "
                                "FILE --steps T", call.params[name])
        if keep is not None:
            from rnncalc.render.json import PARAMS_KEYS

            unknown = [k for k in keep if k not in (*PARAMS_KEYS, "line", "error")]
            if unknown:
                raise SpecError("--fields", "unknown key; the keys are " + ", ".join((*PARAMS_KEYS, "line", "error")),
                                ",".join(unknown))
            keep = tuple(k for k in keep if k not in ("line", "error"))  # every record has its line, and any error
        return batch(call, several, keep)
    from rnncalc.model.spec import selection

    if tensors and len(selection(fields.get("framework"))) > 1:
        raise SpecError("--tensors", "lists one framework's tensors; name it with -F, or see every framework's "
                        "gate by gate with: rnncalc layout -F all", True)
    result = api().params(fields, tensors=tensors, **sizes(call))
    if keep is not None:
        if format_name(call) != "json":
            raise SpecError("--fields", "keeps keys of JSON output: add --json, or --format jsonl for a batch", fields_)
        data = result.to_dict()
        unknown = [k for k in keep if k not in data]
        if unknown:
            raise SpecError("--fields", "unknown key; the keys are " + ", ".join(data), ",".join(unknown))
        from rnncalc.render.results import Result

        result = Result(lambda: {k: data[k] for k in keep}, None, rows=False)
    return emit(call, result)


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
        # Not JSON from its first line: a batch where another line holds a spec of its own (that
        # line is a spec and this one an error record, wherever it stands); else one broken spec.
        lines = (line.strip() for line in text.splitlines()[1:])
        return any(line.startswith("{") and line.endswith("}") and _object(line) for line in lines)
    except (ValueError, RecursionError):  # not JSON at all: reading it as one spec says why
        return False


def _object(line: str) -> bool:
    import json

    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def batch(call: Call, text: str, keep: tuple[str, ...] | None) -> int:
    """Answer every spec of a batch in order; 0 if all answered, 1 if any failed, 2 if none could be read."""
    from rnncalc.features.batch import spec_batch

    long_run(len(text))
    stream = spec_batch(text, flag_fields(call), keep)
    emit(call, stream)
    return _batch_status(stream.tally.read, stream.tally.failed)


def answer_each(call: Call, answer: Callable[[dict[str, Any]], Result],
                read: tuple[dict[str, Any], str | None] | None = None) -> int:
    """Answer the spec the command line gives; or, when --spec holds several JSON values (JSON
    Lines), each of them, one JSON object per spec, as params answers a batch. ``read``: the
    input as spec_input read it already (stdin can be read once)."""
    fields, several = read or spec_input(call)
    if several is None:
        return emit(call, answer(fields))
    from rnncalc.features.batch import each_spec

    long_run(len(several))
    stream = each_spec(several, flag_fields(call), answer)
    emit(call, stream)
    return _batch_status(stream.tally.read, stream.tally.failed)


def _batch_status(read: int, failed: int) -> int:
    """0 if every spec was answered, 1 if any failed, 2 (with its one line) if none could be read."""
    if not read:
        print(f"{PROG}: error: --spec: no line holds a spec (a JSON object)", file=sys.stderr)
        return 2
    return 1 if failed else 0


def shapes(call: Call) -> int:
    run = run_keywords(call)  # once: a bad --steps is one error, not one per spec of a batch
    return answer_each(call, lambda fields: api().shapes(fields, **run))


def explain(call: Call) -> int:
    brief = bool(call.params.get("brief"))
    return answer_each(call, lambda fields: api().explain(fields, brief=brief))


def layout(call: Call) -> int:
    return answer_each(call, api().layout)


def port(call: Call) -> int:
    fields = spec_fields(call)
    if call.params["from_"] is not None:
        fields["framework"] = call.params["from_"]
    result = api().port(fields, to=call.params["to"])
    if format_name(call) == "python" and not result.ok:
        fail(f"--to: no exact recipe: {result['reason']}")
    return emit(call, result)


def diagram(call: Call) -> int:
    run = run_keywords(call)  # once: a bad --steps is one error, not one per spec of a batch
    return answer_each(call, lambda fields: api().diagram(fields, **run))


def check(call: Call) -> int:
    from rnncalc.summaries import MAX_BYTES

    text, cut = read_paste(call.params["source"], MAX_BYTES)
    long_run(len(text))
    return emit(call, api().check(text, cut=cut, strict=call.params["strict"]))


def summary(call: Call) -> int:
    return emit(call, api().summary(spec_fields(call), style=call.params["style"], **sizes(call),
                                    **sizes(call, "line_length", "col_width")))


def sweep(call: Call) -> int:
    from rnncalc.render import formats
    from rnncalc.features.sweep import check_held

    p = call.params
    given = {o.name: p[o.name] for o in table.SWEEP if p.get(o.name) is not None}
    fmt = format_name(call)
    needs = formats.get(fmt).needs  # a bad --format is one line before any point is counted
    stream = api().sweep(**given)
    if needs == "page":  # one table holds every row (a sort holds them in the library, which bounds it)
        check_held(stream.size, stream.layers, "--format", fmt)
    long_run(stream.size)
    with _progress(stream.size, "sweep") as tick:
        stream.tally.tick = tick
        emit(call, stream)
    if stream.size and not stream.kept:
        bounds = " ".join(f"--{name.replace('_', '-')} {p[name]}" for name in given if name.startswith(("max_", "min_")))
        print(f"{PROG}: sweep: no point passed the filter ({bounds}) of {stream.size:,} points", file=sys.stderr)
        return 1
    return 1 if stream.tally.failed else 0


def solve(call: Call) -> int:
    from rnncalc.features.solve import parse_range

    p = call.params
    if (p["params"] is None) == (p["max_params"] is None):
        raise SpecError("--params", "give exactly one of --params N and --max-params N")
    units = p["units"]
    units_range = parse_range("--units", units) if units and ".." in units else None
    fields = spec_fields(call, leave_out=("units",) if units_range else ())
    return emit(call, api().solve(fields, params=p["params"], max_params=p["max_params"], units_range=units_range))


def cost(call: Call) -> int:
    p = call.params
    run = sizes(call)
    keep = tuple(k.strip() for k in p["fields_"].split(",") if k.strip()) if p["fields_"] else None
    if keep is not None:
        from rnncalc.features.figures import FIGURES

        unknown = [k for k in keep if k not in FIGURES]
        if unknown or not keep:
            raise SpecError("--fields", "unknown key; the keys are " + ", ".join(FIGURES), p["fields_"])
    flags = {"batch_first": "--batch-first", "batch": "--batch", "steps": "--steps", "lengths": "--lengths",
             "dtype": "--dtype", "optimizer": "--optimizer", "compat": "--compat"}

    options = {**run, "lengths": p["lengths"], "batch_first": p["batch_first"], "dtype": p["dtype"],
               "optimizer": p["optimizer"], "compat": p["compat"]}

    def answer(fields: dict[str, Any]) -> Result:
        try:
            result: Result = api().cost(fields, **options, only=keep)
        except SpecError as err:  # name the flag the user types
            raise SpecError(flags.get(err.field, err.field), err.message, err.value) from None
        return result

    fields, several = spec_input(call)
    if several is None:
        if keep is not None and format_name(call) != "json":
            raise SpecError("--fields", "keeps keys of JSON output: add --json, or --format jsonl for a batch",
                            p["fields_"])
        return emit(call, answer(fields))
    from rnncalc.features.batch import cost_batch

    long_run(len(several))  # a batch as answer_each answers one, each structure's cost worked out once
    stream = cost_batch(several, flag_fields(call), answer, options, keep)
    emit(call, stream)
    return _batch_status(stream.tally.read, stream.tally.failed)


def schema(call: Call) -> int:
    from rnncalc.render.results import Result
    from rnncalc.render.schemas import schema as describe

    if format_name(call) not in ("table", "json"):
        raise SpecError("--format", "a schema is JSON: use json", format_name(call))
    found = describe(call.params["name"])
    return emit(Call({**call.params, "as_json": True}, call.given, call.command), Result(lambda: found, None, rows=False))


#: Each command of the table (cli/table.py) and its body.
BODIES: dict[str, Callable[[Call], int]] = {
    "params": params, "shapes": shapes, "explain": explain, "layout": layout, "port": port, "diagram": diagram,
    "check": check, "summary": summary, "sweep": sweep, "solve": solve, "cost": cost, "schema": schema,
}

"""``rnncalc`` and ``python -m rnncalc``.

Start-up is most of what a calculator's answer costs, so the entry point takes the shortest
road to it (benchmarks/startup.py measures each step):

- ``--version`` is answered here, before anything is imported;
- a TAB never gets here: the scripts in completions/ answer it without starting Python;
- the common command lines are read by the fast path (cli/fast.py, from the command table);
  typer reads the rest: help, errors, anything unusual;
- a real process (``argv`` not given) runs without garbage collection during start-up and
  without pydantic's plugin scan, and ends with ``os._exit`` once its output is flushed.
  Tests and callers that pass ``argv`` get none of this: an ordinary return or SystemExit.
"""

from __future__ import annotations

import os
import sys

from rnncalc import __version__

# Not even typing is imported on the way to --version: it alone costs a third of Python's start.
VERSION = (["--version"], ["-V"])


def main(argv: list[str] | None = None) -> int | None:
    """The program: with ``argv``, the exit code of that command line (for tests); without,
    the process's own command line, and the process ends here (_exit)."""
    if argv is not None:
        return _answer(argv)
    if sys.argv[1:] not in VERSION:
        import gc

        # Imports build many objects and no cycles worth collecting: the collector's passes
        # over them are pure start-up cost. Commands that loop over much input turn it back on.
        gc.disable()
        _without_pydantic_plugins()
    code: object
    try:
        code = _answer(sys.argv[1:])
    except SystemExit as stop:
        code = stop.code
    except OSError as err:  # a write that stdout refused, from outside commands.out (--help, --version)
        import errno

        if err.errno not in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):  # a full disk: > /dev/full
            raise
        from rnncalc.cli.commands import unwritable

        code = unwritable(err)
    _exit(code)
    return None  # not reached: _exit ends the process


def _without_pydantic_plugins() -> None:
    """Keep pydantic's plugin loader out of this process.

    The first model pydantic builds asks its plugin loader for plugins, and the loader imports
    importlib.metadata (and with it email, zipfile, ...) to scan every installed package's entry
    points: a tenth of a short run. Plugins watch validation (logging, tracing); none changes
    what rnncalc answers. pydantic.plugin._loader is private, so tests/test_imports.py pins the
    one call this replaces (create_schema_validator's get_plugins) and fails on an upgrade that
    moves it.
    """
    from types import ModuleType

    loader = ModuleType("pydantic.plugin._loader")
    loader.get_plugins = tuple  # type: ignore[attr-defined]  # no plugins: ()
    sys.modules.setdefault("pydantic.plugin._loader", loader)


def _answer(args: list[str]) -> int | None:
    try:
        if os.environ.get("_RNNCALC_COMPLETE"):  # not a command line: a TAB from a script typer wrote
            return _typer(args)  # (--show-completion); completions/ answer TABs without rnncalc
        if args in VERSION:
            print(f"rnncalc {__version__}", flush=True)
            return 0
    except BrokenPipeError:  # the reader went away: as commands.out ends then
        from rnncalc.cli.commands import closed_stdout

        closed_stdout()
    from rnncalc.cli.fast import run as fast

    code = fast(args)
    if code is not None:
        return code
    return _typer(args)


def _typer(args: list[str]) -> int | None:
    from rnncalc.cli.app import run

    return run(args)


def _exit(code: object) -> None:
    """Exit with ``code`` as SystemExit would, without tearing the interpreter down.

    Python's shutdown frees every module and object one by one: a quarter of a short run's
    time, spent on memory the operating system takes back at once. rnncalc holds no files,
    threads or atexit work that needs it, so once stdout and stderr are flushed the process
    can end here. (A closed pipe was already handled where it was written: commands.out, and
    _answer for --version.)
    """
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"), as SystemExit prints it
        print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:  # None: the stream was closed when the process started (>&-)
                stream.flush()
        except (OSError, ValueError):  # closed, or gone: leave it to Python's own exit
            sys.exit(status)
    os._exit(status & 0xFF)


if __name__ == "__main__":
    main()

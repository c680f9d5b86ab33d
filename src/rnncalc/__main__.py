"""``rnncalc`` and ``python -m rnncalc``.

``--version`` is answered here, before typer and pydantic are imported: it is the one question
that needs no argument parser, and importing typer alone costs six times Python's own start-up.
"""

from __future__ import annotations

import sys
from typing import Any

from rnncalc import __version__


def main(argv: list[str] | None = None) -> Any:
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):
        print(f"rnncalc {__version__}")
        return 0
    from rnncalc.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())

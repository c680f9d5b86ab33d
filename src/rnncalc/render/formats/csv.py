"""csv: the result's rows, comma-separated, a header line first."""

from __future__ import annotations

from typing import Any

from rnncalc.render.formats._types import Format, Out


def write(result: Any, out: Out) -> None:
    from rnncalc.render.formats._rows import delimited

    delimited(result, out, ",")


FORMAT = Format("csv", "rows", "csv (rows)", 3, write)

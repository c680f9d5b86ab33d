"""tsv: the result's rows, tab-separated, a header line first."""

from __future__ import annotations

from typing import Any

from rnncalc.render.formats._types import Format, Out


def write(result: Any, out: Out) -> None:
    from rnncalc.render.formats._rows import delimited

    delimited(result, out, "\t")


FORMAT = Format("tsv", "rows", "tsv", 4, write)

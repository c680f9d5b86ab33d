"""jsonl: JSON Lines: a result's rows, or a batch's objects, one compact value per line."""

from __future__ import annotations

from typing import Any

from rnncalc.render.formats._types import Format, Out


def write(result: Any, out: Out) -> None:
    from rnncalc.render.formats._lines import write_lines

    write_lines(result.marked_lines(), out, array=False)


FORMAT = Format("jsonl", "lines", "jsonl (rows, one per line)", 6, write)

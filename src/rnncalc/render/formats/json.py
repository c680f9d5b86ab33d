"""json: one JSON document: a result's object, or a batch's or a sweep's records as one array."""

from __future__ import annotations

from typing import Any

from rnncalc.render.formats._types import Format, Out


def write(result: Any, out: Out) -> None:
    if result.streamed:  # many answers: an array, written as they come
        from rnncalc.render.formats._lines import write_lines

        write_lines(result.marked_lines(), out, array=True)
        return
    from rnncalc.render.json import dumps

    out.text(dumps(result.to_dict()) + "\n")


FORMAT = Format("json", "json", "json (one object)", 5, write)

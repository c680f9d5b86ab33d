"""Rows as CSV or TSV, written as they come: a header line of the result's columns (declared
by a batch or a sweep, else every key its rows have), then a line per row. Plain values, as
sqlite-utils writes them: null as an empty cell, booleans as true and false (as JSON writes
them, not Python's True), nested values as compact JSON. CSV quotes as RFC 4180 says; TSV
never quotes (IANA's text/tab-separated-values): a tab, newline, carriage return or backslash
in a value is written \\t, \\n, \\r, \\\\, as PostgreSQL's COPY and pandas read them."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rnncalc.render.formats._types import Out


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class _Tsv:
    """csv.writer's interface for TSV: cells joined by tabs, nothing quoted, specials escaped."""

    def __init__(self, buffer: io.StringIO) -> None:
        self.buffer = buffer

    def writerow(self, cells: list[Any]) -> None:
        self.buffer.write("\t".join(str(c).translate(_TSV_ESCAPES) for c in cells) + "\n")


def delimited(result: Any, out: Out, delimiter: str) -> None:
    rows = result.records()
    columns = result.columns
    if columns is None:  # one answer's rows: every key any of them has, in order of appearance
        rows = list(rows)
        columns = list(dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer: Any = _Tsv(buffer) if delimiter == "\t" else csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for n, row in enumerate(rows, 1):
        writer.writerow([_scalar(row.get(c)) for c in columns])
        if n % 1000 == 0:  # stream in chunks: the first rows appear at once
            out.text(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.text(buffer.getvalue())

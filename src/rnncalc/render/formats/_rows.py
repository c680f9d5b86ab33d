"""Rows as CSV or TSV, written as they come: a header line of the result's columns (declared
by a batch or a sweep, else every key its rows have), then a line per row; null as an empty
cell, nested values as compact JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from rnncalc.render.formats import Out


def _scalar(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return "" if value is None else value


def delimited(result: Any, out: Out, delimiter: str) -> None:
    rows = result.records()
    columns = result.columns
    if columns is None:  # one answer's rows: every key any of them has, in order of appearance
        rows = list(rows)
        columns = list(dict.fromkeys(k for row in rows for k in row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for n, row in enumerate(rows, 1):
        writer.writerow([_scalar(row.get(c)) for c in columns])
        if n % 1000 == 0:  # stream in chunks: the first rows appear at once
            out.text(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()
    out.text(buffer.getvalue())

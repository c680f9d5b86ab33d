"""torchinfo's ``summary()`` table: any column set, with or without depth and var_names.

Source: torchinfo/formatting.py (torchinfo 1.8): every column, the header included, is
left-aligned at a fixed width, so a row is cut at the header's column starts; a paste whose
spaces were collapsed is split at runs of two spaces instead. The first column is a tree
("├─", "│    └─") before "Kind: depth-idx", "Kind (var_name): depth-idx" or "Kind (var_name)".
"""

from __future__ import annotations

import re

from rnncalc.summaries.keras3 import no_params
from rnncalc.summaries.rows import Row, number

_TREE = "│├└─|`-+ "  # torchinfo's ASCII tree (a non-UTF-8 stdout) draws "+ " and "|    "
_GAP = re.compile(r" {2,}")  # linear: a run of spaces, no nested quantifier


def looks_like(lines: list[str], header: int, end: int) -> bool:
    """A header without depth-idx is torchinfo's when its rows carry no Keras (Type)."""
    for line in lines[header + 1: min(end, header + 12)]:
        text = line.strip()
        if not text or set(text) <= set("=_-"):
            continue
        if text[0] in "├└│":
            return True
        if "None" in text or "multiple" in text:  # Keras prints the batch as None; torchinfo never does
            return False
        first = _GAP.split(text)[0]
        return "(" not in first or first.endswith(")") and ":" not in first and first[0].isupper()
    return False


def _columns(header: str) -> list[tuple[str, int]]:
    columns, at = [], 0
    for name in _GAP.split(header.strip()):
        at = header.index(name, at)
        columns.append((name, at))
        at += len(name)
    return columns


def read(lines: list[str], header: int, end: int) -> tuple[Row, ...]:
    columns = _columns(lines[header])
    if not any(name.startswith("Param") for name, _ in columns):
        raise no_params(header)
    rows = []
    for i in range(header + 1, end):
        line = lines[i]
        text = line.strip()
        if not text or set(text) <= set("=-_"):
            continue
        if text.startswith(("Total params", "Trainable params", "Non-trainable params", "Total mult-adds")):
            break
        values = _values(line, columns)
        row = _row(values, columns, i + 1)
        if row is not None:
            rows.append(row)
    return tuple(rows)


def _values(line: str, columns: list[tuple[str, int]]) -> list[str]:
    starts = [at for _, at in columns]
    aligned = len(line) > starts[-1] and all(line[at - 1] == " " for at in starts[1:])
    if aligned:
        return [line[a:b].strip() for a, b in zip(starts, [*starts[1:], len(line)])]
    return [v.strip() for v in _GAP.split(line.strip())]


def _row(values: list[str], columns: list[tuple[str, int]], line: int) -> Row | None:
    first = values[0].lstrip(_TREE).strip()
    if not first or not first[0].isalpha():
        return None
    label, _, index = first.partition(":")
    depth_text = index.strip().partition("-")[0]
    depth = int(depth_text) if depth_text.isascii() and depth_text.isdigit() and len(depth_text) < 4 else 0
    kind, paren, var = label.partition(" (")
    kind = kind.strip()
    if not kind.isidentifier() or not kind[0].isupper():  # verbose=2's parameter rows: weight_ih_l0
        return None
    name = var.rstrip(")").strip() if paren else kind
    by_name = {column: value for (column, _), value in zip(columns[1:], values[1:])}
    count_text = next((v for c, v in by_name.items() if c.startswith("Param")), "")
    params = number(count_text.strip("()"))  # torchinfo writes a frozen layer's count in parentheses
    frozen = count_text.startswith("(") and params is not None
    problem = "" if params is not None or count_text in ("--", "(recursive)", "") else \
        f"the count {count_text!r} is not a number"[:120]
    return Row(line, name, kind, by_name.get("Output Shape", ""), params, depth=depth,
               trainable="False" if frozen else by_name.get("Trainable", ""), input_shape=by_name.get("Input Shape", ""), problem=problem)

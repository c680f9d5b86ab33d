"""Keras 2 and tf.keras ``model.summary()``: columns of text under rules of ``_`` and ``=``.

Source: tf_keras/src/utils/layer_utils.py (print_summary, tf_keras 2.21) and Keras 2.2's
keras/utils/layer_utils.py. Columns are positioned, but pastes collapse spaces and the
printer itself lets a long cell push the next one right or cuts it short ("(Bidirection",
a multi-output shape cut before its last bracket), so a row is read by what it looks like:
a name, a (Type), a shape, a count, then the inbound layers. The read is one pass over the
characters of each line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnncalc.errors import SpecError
from rnncalc.summaries.keras3 import layer_rows, no_params, readable_size
from rnncalc.summaries.rows import Row, connected_names, full_kind, number


_RULE = set("_=-¯ ")


def _columns(header: str) -> list[int]:
    """Where each column of the header starts."""
    starts, at = [], 0
    for name in (n for n in header.strip().split("  ") if n.strip()):
        at = header.index(name.strip(), at)
        starts.append(at)
        at += len(name.strip())
    return starts


if TYPE_CHECKING:
    from rnncalc.frameworks.base import Convention
    from rnncalc.model.spec import Spec

#: The convention whose model this format prints (see summaries/writers.py).
BUILDS = "keras"
_FLOAT32 = 4


def read(lines: list[str], header: int, end: int) -> tuple[Row, ...]:
    """Rows of the table whose header is ``lines[header]``, up to ``end``.

    A line aligned with the header is cut at its column starts, and a row continues over the
    lines that leave its count empty (tf.keras wraps long names, types and multi-output shapes
    over several lines); a line whose spaces a paste collapsed is read by what it looks like."""
    if "Param" not in lines[header]:
        raise no_params(header)
    starts = _columns(lines[header])
    names = [n.strip() for n in lines[header].strip().split("  ") if n.strip()]
    param = next((k for k, n in enumerate(names) if n.startswith("Param")), len(names) - 1)
    rows: list[Row] = []
    cells: list[list[str]] | None = None
    at, depth = 0, 0

    def flush() -> None:
        nonlocal cells
        if cells is not None:
            row = _from_cells(names, cells, param, at, depth)
            if row is not None:
                rows.append(row)
        cells = None

    for i in range(header + 1, end):
        line = lines[i]
        text = line.strip()
        if text.startswith(("Total params", "Trainable params", "Non-trainable params")):
            break
        level = 0
        while line.startswith("|"):  # expand_nested draws nested models inside |...| boxes
            line, level = " " + line[1:].rstrip().removesuffix("|"), level + 1
        if not line.strip() or set(line) <= _RULE:
            flush()
            continue
        if _aligned(line, starts, cells is not None):
            parts = [line[a:b] for a, b in zip(starts, [*starts[1:], len(line)])]
            if parts[param].strip() or cells is None:
                flush()
                cells, at, depth = [[] for _ in names], i + 1, level
            for k, part in enumerate(parts[: len(names)]):
                if part.strip():
                    cells[k].append(part.strip())
            continue
        flush()
        row = _row(line.strip(), i + 1)
        if row is not None:
            rows.append(row)
        elif rows and rows[-1].line >= i - 2:
            rows[-1] = _continued(rows[-1], line, line.strip())
    flush()
    return tuple(rows)


def _aligned(line: str, starts: list[int], open_row: bool) -> bool:
    """Whether ``line`` has a cell boundary at every column start of the header it reaches: a
    row's first line reaches its count, a continuation may stop anywhere."""
    inside = [a for a in starts[1:] if a < len(line)]
    if not all(line[a - 1] == " " for a in inside):
        return False
    return open_row or (len(inside) >= 2 and bool(line[: starts[1]].strip()))


def _from_cells(names: list[str], cells: list[list[str]], param: int, line: int, depth: int) -> Row | None:
    layer = "".join(cells[0])  # a name and type wrapped mid-word
    name, paren, rest = layer.partition("(")
    kind = rest.rstrip(")").strip()
    if not rest.endswith(")") or not kind:
        kind = full_kind(kind, name.strip())
    if not name.strip() or not paren or kind and not kind.isidentifier():  # "(" alone: a type cut to nothing
        return None
    by_name = {n: " ".join(c) for n, c in zip(names, cells)}
    count_text = by_name.get(names[param], "")
    params = number(count_text)
    if params is None:
        return None
    shape = by_name.get("Output Shape", "")
    trainable = by_name.get("Trainable", "").strip()
    connected = _rejoined(cells[names.index("Connected to")]) if "Connected to" in names else ""
    return Row(line, name.strip(), kind, shape, params, connected_names(connected), depth=depth, trainable=trainable)


def _rejoined(pieces: list[str]) -> str:
    """A Connected to cell over several lines. Keras < 2.9 puts one inbound layer on each line
    ('s0[0][0]', then 'lstm_1[0][0]'); tf.keras 2.9+ prints the list's str() cut to the column
    width wherever the width falls (tf_keras/src/utils/layer_utils.py print_row), so a piece
    that ends inside a name ("['token_char_positional_embedding", then "[0][0]']") continues it."""
    text = ""
    for piece in pieces:
        text += (" " if text and text[-1] in ",]'\"" else "") + piece
    return text


def _continued(last: Row, line: str, text: str) -> Row:
    """A collapsed paste wraps too: a type cut at the line end ('(Bidirection' then 'al)'), a
    Connected to list on lines of its own."""
    name, kind, connected = last.name, last.kind, last.connected
    if "[" in text:
        connected += connected_names(text)
    elif " " not in text and not set(text) <= _RULE:
        head, paren, tail = text.partition("(")
        if paren and tail.endswith(")"):
            name, kind = name + head, tail[:-1]
        elif text.endswith(")") and kind.isidentifier():
            kind = kind + text[:-1] if not any(k.startswith(kind + text[:-1]) for k in [kind]) else kind
        else:
            name += text
    return Row(last.line, name, kind, last.shape, last.params, connected, depth=last.depth,
               trainable=last.trainable, problem=last.problem)


def _row(text: str, line: int) -> Row | None:
    name, _, rest = text.partition(" ")
    rest = rest.lstrip()
    if not name or not rest.startswith("(") or name.startswith(("(", "[")):
        return None
    j = 1
    while j < len(rest) and (rest[j].isalnum() or rest[j] == "_"):
        j += 1
    kind = rest[1:j]
    if kind and (not kind.isascii() or not kind[0].isalpha()) or not kind and rest[1:2] != " ":
        return None
    if j < len(rest) and rest[j] == ")":
        j += 1
        kind = kind or full_kind(kind, name)  # '()': a type cut to nothing, its name may tell it
    elif j < len(rest) and not rest[j].isspace():
        return None
    else:
        kind = full_kind(kind, name)
    rest = rest[j:].lstrip()
    shape, rest, cut = _shape(rest)
    if shape is None:
        return None
    count_text, _, rest = rest.lstrip().partition(" ")
    params = number(count_text)
    if params is None and not cut:
        return None
    trainable = rest.split()[-1] if rest.split() and rest.split()[-1] in ("Y", "N") else ""
    return Row(line, name, kind, shape, params, connected_names(rest), trainable=trainable,
               problem="the output shape is cut short" if cut else "")


def _shape(text: str) -> tuple[str | None, str, bool]:
    """The shape at the start of ``text`` and what follows it; cut is True when the printer cut
    the shape before its closing bracket (the count then follows the last complete dimension)."""
    if text.startswith("multiple"):
        return "multiple", text[8:], False
    if not text.startswith(("(", "[")):
        return None, text, False
    depth = 0
    for j, c in enumerate(text):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth == 0:
                return text[: j + 1], text[j + 1:], False
    # Never closed: the count is the first bare number, one not followed by a comma or bracket.
    tokens = text.split(" ")
    for k, token in enumerate(tokens):
        if k and number(token) is not None and not token.endswith(","):
            return " ".join(tokens[:k]).strip(), " ".join(tokens[k:]), True
    return None, text, False


# The other direction: what tf.keras prints for a spec (summaries/writers.py).

#: tf_keras's default line_length for a Sequential model (print_summary).
LINE_LENGTH = 65


def check_line_length(line_length: int) -> None:
    """tf_keras cuts each column to positions[col] - start - 3 (2 for the last) characters and loops
    until every cell is printed: a column cut to nothing never empties, and print_summary never
    returns. Such a width is refused here."""
    positions = [int(line_length * p) for p in (0.45, 0.85, 1.0)]
    cutoffs = [positions[0] - 3, positions[1] - positions[0] - 3, positions[2] - positions[1]]
    if line_length > 10_000 or min(cutoffs) < 1:
        raise SpecError("line_length", "tf.keras cannot print its columns at this width (each needs a character; "
                        "print_summary would never return); give 10 to 10000", line_length)


def write(spec: Spec, convention: Convention, steps: int | None, batch: int | None,
          line_length: int | None = None) -> str:
    """tf_keras/src/utils/layer_utils.py print_summary, Sequential branch, at ``line_length`` (default 65)."""
    if spec.merge_mode == "none":
        raise SpecError("merge_mode", "tf.keras's Sequential refuses a layer with two outputs (\"All layers in a "
                                      "Sequential model should have a single output tensor\"); a Keras 2 summary "
                                      "cannot show merge_mode=none", "none")
    line_length = line_length or LINE_LENGTH  # print_summary: "line_length or 65", so 0 is the default too
    check_line_length(line_length)
    rows = layer_rows(spec, convention, steps, batch)
    total = sum(row[-1] for row in rows)
    positions = [int(line_length * p) for p in (0.45, 0.85, 1.0)]
    lines = ['Model: "sequential"', "_" * line_length]

    def print_row(fields: list[Any]) -> None:
        # Verbatim print_row at nested_level 0: each column cut to its width, at the end of a
        # tuple where one ends inside the cut, the rest carried to the next line.
        left = [str(x) for x in fields]
        while any(left):
            line = ""
            for col in range(len(left)):
                start = positions[col - 1] if col > 0 else 0
                space = 2 if col != len(positions) - 1 else 0
                cutoff = positions[col] - start - space
                if col != len(positions) - 1:
                    cutoff -= 1
                fit = left[col][:cutoff]
                breaks = [fit.find(x) + len(x) for x in ("),", "},", "],", "',") if fit.find(x) >= 0]
                if breaks:
                    cutoff = min(breaks)
                    fit = fit[:cutoff]
                if col == 0:
                    line += " "
                line += fit + (" " * space if space else "")
                left[col] = left[col][cutoff:]
                line += " " * (positions[col] - len(line))
            lines.append(line)

    print_row(["Layer (type)", "Output Shape", "Param #"])
    lines.append("=" * line_length)
    for name, kind, shapes, params in rows:
        print_row([f"{name} ({kind})", shapes[0] if len(shapes) == 1 else shapes, params])
        lines.append(" " * line_length)
    lines.append("=" * line_length)
    size = _size(total * _FLOAT32)
    lines += [f"Total params: {total} ({size})", f"Trainable params: {total} ({size})",
              f"Non-trainable params: 0 ({_size(0)})", "_" * line_length]
    return "\n".join(lines) + "\n"


def _size(size: float) -> str:
    return readable_size(size, "Byte")



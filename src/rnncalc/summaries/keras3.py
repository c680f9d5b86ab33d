"""Keras 3 ``model.summary()``: a rich table, box-drawn, or in ASCII where the output cannot
encode box characters; and any summary pasted as a pipe (markdown) table.

Source: keras/src/utils/summary_utils.py (Keras 3.15): one row per layer, cells wrapped onto
continuation lines, a line between rows; ``expand_nested`` prefixes nested layers with
"└ " after three spaces per level; ``show_trainable`` adds a Y/N column; the footer's
Total params include the optimizer's variables once it is built ("Optimizer params").
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from rnncalc.errors import SpecError
from rnncalc.summaries.rows import Row, closed, connected_names, name_and_kind, number

if TYPE_CHECKING:
    from rich.console import JustifyMethod

    from rnncalc.frameworks.base import Convention
    from rnncalc.model.spec import Spec

#: The convention whose model this format prints (see summaries/writers.py).
BUILDS = "keras"
#: Keras 3's default line_length for a Sequential model (print_summary); the table is drawn
#: min(88, terminal columns - 4) wide, the terminal's columns as shutil.get_terminal_size() reads
#: them: COLUMNS, else the terminal, else 80 (a notebook, a pipe, a log): so Colab, Jupyter and
#: ``python train.py > log`` print 76-wide tables.
LINE_LENGTH = 88


def terminal_columns() -> int:
    """The columns Keras 3 sees: shutil.get_terminal_size(), with its 80-column fallback."""
    import shutil

    return shutil.get_terminal_size().columns


def column_widths(line_length: int) -> list[int]:
    """print_summary's columns at ``line_length``; SpecError where Keras raises "Insufficient console
    width to print summary." (a column under 4 characters)."""
    widths, current = [], 0
    for position in (0.45, 0.80, 1.0):
        width = int(position * line_length) - current
        if width < 4 or line_length > 10_000:
            raise SpecError("line_length", "Keras 3 refuses this width (\"Insufficient console width to print "
                            "summary.\": every column needs 4 characters); give 16 to 10000", line_length)
        widths.append(width)
        current += width
    return widths


#: The narrowest line_length at which print_summary gives every column its 4 characters.
_NARROWEST = 16
_FLOAT32 = 4

_SEPARATORS = "┃│|"
_BORDER = set("─━┄┈-=+|├┤┼┡┩╇└┘┴┬┌┐┏┓┗┛╋┃│:╞╡╪═ ")


def _cells(line: str) -> list[str] | None:
    text = line.strip()
    if text and text[0] not in _SEPARATORS and "|" in text:
        text = "|" + text  # a markdown table written without its leading pipe: "lstm (LSTM) | (None, 8) | 352 |"
    if not text or text[0] not in _SEPARATORS:
        return None
    for sep in _SEPARATORS[1:]:
        text = text.replace(sep, _SEPARATORS[0])
    return text.strip(_SEPARATORS[0]).split(_SEPARATORS[0])


def no_params(header: int) -> SpecError:
    return SpecError(
        f"line {header + 1}",
        "the table has no Param # column: Keras leaves it out when line_length is wider than the "
        "terminal; re-run with model.summary(line_length=80), or a wider terminal",
    )


def read(lines: list[str], header: int, end: int) -> tuple[str, tuple[Row, ...]]:
    """Rows of the boxed table whose header is ``lines[header]``, up to ``end``."""
    columns = [c.strip() for c in (_cells(lines[header]) or [])]
    # A header rich wrapped over lines (a narrow line_length): its cells joined, "Pa…" + "#".
    while header + 1 < end and lines[header + 1].lstrip().startswith("┃"):
        more = _cells(lines[header + 1]) or []
        columns = [f"{c} {m.strip()}".strip() for c, m in zip(columns, [*more, *[""] * len(columns)])]
        header += 1
    # Box characters are Keras 3's; its ASCII fallback draws "+----+" borders. A plain pipe
    # table is a summary someone pasted as markdown: its era is read from the text around it.
    ascii_box = any(lines[i].strip().startswith("+-") for i in range(max(0, header - 2), min(end, header + 3)))
    fmt = "keras3" if "┃" in lines[header] or "│" in lines[header] or ascii_box else "keras2"
    param = next((j for j, c in enumerate(columns) if c.startswith("Param") or c.startswith(("Pa…", "P…"))), None)
    if param is None:
        raise no_params(header)
    rows: list[Row] = []
    cells: list[list[str]] | None = None
    start = 0

    def flush() -> None:
        if cells:
            rows.append(_row(columns, cells, start, param))

    for i in range(header + 1, end):
        line = lines[i]
        if not line.strip():
            if rows or cells:
                if fmt == "keras2":  # a blank line ends a markdown table
                    break
            continue
        if "params" in line.lower() and line.strip(" │|*#").startswith(("Total", "Trainable", "Non-trainable",
                                                                           "Optimizer")):
            break
        if set(line) <= _BORDER:
            flush()
            cells = None
            continue
        parts = _cells(line)
        if parts is None:
            if rows or cells:
                break
            continue
        # A row starts where the count is printed; continuation lines leave it empty.
        if cells is not None and param < len(parts) and parts[param].strip() and cells[param]:
            flush()
            cells = None
        if cells is None:
            cells, start = [[] for _ in columns], i + 1
        for j, part in enumerate(parts[: len(columns)]):
            if part.strip():
                cells[j].append(part)
    flush()
    return fmt, tuple(rows)


def _row(columns: list[str], cells: list[list[str]], line: int, param: int) -> Row:
    by_name = {c: " ".join(p.strip() for p in v) for c, v in zip(columns, cells)}
    first = cells[0][0] if cells[0] else ""
    # expand_nested: "   └ lstm (LSTM)", three spaces a level (the cell has rich's one space of padding).
    depth = 0
    mark = first.find("└")
    if mark >= 0 and not first[:mark].strip():
        depth = max(1, (mark - 1) // 3 + 1)
    layer = by_name.get(columns[0], "").replace("└", "").strip()
    name, kind = name_and_kind(layer)
    count_text = by_name.get(columns[param], "")
    params = number(count_text.split("(")[0])
    problem = "" if params is not None else f"the count {count_text.strip()!r} is not a number"[:120]
    if count_text.strip().endswith("(unbuilt)"):
        # keras/src/utils/summary_utils.py print_layer: a layer not yet built prints "0 (unbuilt)"
        # and a shape of "?": it has no weights to count until the model sees its input shape.
        params, problem = None, ("not built yet: Keras 3 prints '0 (unbuilt)' until the model knows its input "
                                 "shape (give it keras.Input(...) or call build) and has no count to check")
    trainable = next((v for c, v in by_name.items() if c.startswith("Train")), "").strip("* ")
    return Row(line, name, kind, closed(by_name.get("Output Shape", "")), params,
               connected_names(by_name.get("Connected to", "")), depth=depth, trainable=trainable, problem=problem)


# The other direction: what Keras 3 prints for a spec (summaries/writers.py).

def layer_rows(spec: Spec, convention: Convention, steps: int | None,
               batch: int | None) -> list[tuple[str, str, list[tuple[int | None, ...]], int]]:
    """(name, class, output shapes, params) per row of Sequential([Input((steps, inp)), <layers>]) in a
    fresh session; two shapes for merge_mode=None. Keras 2 prints the same rows."""
    from rnncalc.summaries.writers import params_by_layer

    per_layer = params_by_layer(spec)
    last = spec.layers - 1
    # The conventions that build Keras layers name them (layer_names); no other is written as Keras.
    layer_names: dict[str, str] = getattr(convention, "layer_names")  # noqa: B009

    def shapes(layer: int, sequences: bool) -> list[tuple[int | None, ...]]:
        width = spec.output_width(layer)
        one: tuple[int | None, ...] = (batch, steps, width) if sequences else (batch, width)
        return [one, one] if spec.merge_mode == "none" else [one]

    if spec.api == "cell":
        # RNN(cell) or RNN([cell, cell, ...]): one row, the last cell's output.
        name, kind = ("bidirectional", "Bidirectional") if spec.bidirectional else ("rnn", "RNN")
        return [(name, kind, shapes(last, False), sum(per_layer))]
    rows = []
    for layer in range(spec.layers):
        suffix = f"_{layer}" if layer else ""
        if spec.bidirectional:
            name, kind = f"bidirectional{suffix}", "Bidirectional"
        else:
            name, kind = layer_names[spec.cell] + suffix, convention.class_names[spec.cell]
        rows.append((name, kind, shapes(layer, layer < last), per_layer[layer]))
    return rows


def write(spec: Spec, convention: Convention, steps: int | None, batch: int | None,
          line_length: int | None = None, columns: int | None = None) -> str:
    """keras/src/utils/summary_utils.py print_summary, Sequential branch, drawn by rich as Keras draws
    it on a terminal ``columns`` wide (default: this process's, as Keras reads it): ``line_length``
    given, or min(88, columns - 4). A line_length wider than the terminal loses columns, as in Keras."""
    import rich.console
    import rich.markup
    import rich.table

    rows = layer_rows(spec, convention, steps, batch)
    total = sum(row[-1] for row in rows)

    def number(x: Any) -> str:
        return f"[color(45)]{x}[/]" if x is None else f"[color(34)]{x}[/]"

    def shape(dims: tuple[int | None, ...]) -> str:
        return f"({', '.join(number(x) for x in dims)})"

    terminal = terminal_columns() if columns is None else columns
    # print_summary: "line_length or min(88, columns - 4)": a line_length of 0 is the default too.
    if not line_length and terminal - 4 < _NARROWEST:
        raise SpecError("COLUMNS", f"Keras 3 draws its table min(88, columns - 4) = {terminal - 4} wide on a terminal "
                        f"of {terminal} columns and refuses that (\"Insufficient console width to print summary.\"); "
                        f"widen the terminal or give a line_length of {_NARROWEST} to 10000", terminal)
    line_length = line_length or min(LINE_LENGTH, terminal - 4)
    widths = column_widths(line_length)
    justify: tuple[JustifyMethod, ...] = ("left", "left", "right")
    cells = [rich.table.Column(header, justify=how, width=width) for header, how, width in
             zip(("Layer (type)", "Output Shape", "Param #"), justify, widths, strict=True)]
    table = rich.table.Table(*cells, width=line_length, show_lines=True)
    for name, kind, shapes, params in rows:
        # format_layer_shape: one output as its shape; several as str() of their list, quotes dropped.
        printed = shape(shapes[0]) if len(shapes) == 1 else str([shape(s) for s in shapes]).replace("'", "")
        table.add_row(f"{rich.markup.escape(name)} ([color(33)]{rich.markup.escape(kind)}[/])", printed,
                      number(f"{params:,}"))
    # Keras's console, on a UTF-8 terminal COLUMNS wide (a StringIO reports UTF-8; no legacy Windows boxes).
    console = rich.console.Console(highlight=False, force_terminal=False, color_system=None, width=terminal,
                                   file=io.StringIO(), legacy_windows=False)
    console.begin_capture()
    console.print('[bold]Model: "sequential"[/]')
    console.print(table)
    size = _size(total * _FLOAT32 * 8 / 8)  # weight_memory_size: bits / 8, a float
    console.print(f"[bold] Total params: [/]{number(f'{total:,}')} ({size})")
    console.print(f"[bold] Trainable params: [/]{number(f'{total:,}')} ({size})")
    console.print(f"[bold] Non-trainable params: [/]{number(0)} ({_size(0)})")
    return console.end_capture().rstrip("\n") + "\n"


def _size(size: float) -> str:
    return readable_size(size, "B")


def readable_size(size: float, byte: str) -> str:
    """readable_memory_size of keras/src/utils/summary_utils.py (tf.keras calls a byte "Byte")."""
    for unit in (byte, "KB", "MB", "GB", "TB", "PB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"



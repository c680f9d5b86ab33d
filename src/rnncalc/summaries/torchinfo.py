"""torchinfo's ``summary()`` table: any column set, with or without depth and var_names.

Source: torchinfo/formatting.py (torchinfo 1.8): every column, the header included, is
left-aligned at a fixed width, so a row is cut at the header's column starts; a paste whose
spaces were collapsed is split at runs of two spaces instead. The first column is a tree
("├─", "│    └─") before "Kind: depth-idx", "Kind (var_name): depth-idx" or "Kind (var_name)".
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from rnncalc.errors import SpecError
from rnncalc.summaries.keras3 import no_params
from rnncalc.summaries.rows import Row, number

if TYPE_CHECKING:
    from rnncalc.frameworks.base import Convention
    from rnncalc.model.spec import Spec

#: The convention whose model this format prints (see summaries/writers.py).
BUILDS = "pytorch"
#: sys.getsizeof(tensor.untyped_storage()) - nbytes: the Python object's own size (torch 2.x, CPython 3.11).
STORAGE_OVERHEAD = 64
_FLOAT32 = 4
#: torchinfo's ASCII tree (a non-UTF-8 stdout) draws "+ " and "|    "; a paste through a codepage or
#: a retyping turns "├─"/"└─" into "|--"/"'--" or "`--".
_TREE = "│├└─|`'-+ "
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
    rows: list[Row] = []
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
            rows.append(_recursive(row, rows))
    return tuple(rows)


def _recursive(row: Row, above: list[Row]) -> Row:
    """torchinfo 1.8 layer_info.num_params_to_str: a module called again (an LSTMCell in a loop)
    prints "(recursive)"; its weights are counted once, at its first row."""
    if row.problem != _RECURSIVE:
        return row
    first = next((r for r in above if (r.kind, r.name, r.depth) == (row.kind, row.name, row.depth)
                  and r.params is not None), None)
    where = f"at line {first.line}" if first else "at its first call"
    return replace(row, problem=f"(recursive): {row.kind} called again; torchinfo counts its weights once, {where}")


#: How a recursive row's count is marked until _recursive names the row that counts it.
_RECURSIVE = "(recursive)"
#: torchinfo's size units: 1.8's "(MB)" lines (to_megabytes: bytes / 1e6), and later versions'
#: to_readable, which picks k/M/G/T (powers of 1000) or, under 1,000 bytes, no unit at all.
_SIZE_LINE = re.compile(r"(Input size|Forward/backward pass size|Params size|Estimated Total Size)"
                        r"(?: \(([kMGT])B\))?: ([0-9][0-9,]{0,20}(?:\.[0-9]{1,6})?)")
_SIZE_KEYS = {"Input size": "input", "Forward/backward pass size": "forward", "Params size": "params",
              "Estimated Total Size": "estimated"}
_SIZE_UNITS = {"": 1.0, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12}


#: 'Total mult-adds (M): 3.78' (format_output_num: to_readable's M, G or T, printed as "(M)" or, by
#: torchinfo 1.6-1.7's enum, "(Units.MEGABYTES)"), or 'Total mult-adds: 896' under a million.
_MULT_ADDS = re.compile(r"Total mult-adds(?: \((?:Units\.)?([A-Z]+)\))?: ([0-9][0-9,]{0,20}(?:\.[0-9]{1,6})?)")
_MULT_ADDS_UNITS = {None: 1.0, "M": 1e6, "MEGABYTES": 1e6, "G": 1e9, "GIGABYTES": 1e9, "T": 1e12, "TERABYTES": 1e12}


def size_line(text: str) -> tuple[str, float, float] | None:
    """A footer's byte size line: (key, bytes, how far the printed rounding lets the true size be);
    torchinfo's Total mult-adds likewise, as a count (key mult_adds)."""
    adds = _MULT_ADDS.fullmatch(text)
    if adds is not None and adds.group(1) in _MULT_ADDS_UNITS:
        scale, figure = _MULT_ADDS_UNITS[adds.group(1)], adds.group(2)
        places = len(figure.partition(".")[2])
        return "mult_adds", float(figure.replace(",", "")) * scale, (0.5 * 10**-places * scale if places else 0.0)
    match = _SIZE_LINE.fullmatch(text)
    if match is None:
        return None
    label, unit, value = match.groups()
    factor = _SIZE_UNITS[unit or ""]
    decimals = len(value.partition(".")[2])
    # format_output_num prints a whole converted number without decimals: it is exact.
    return _SIZE_KEYS[label], float(value.replace(",", "")) * factor, (0.5 * 10**-decimals * factor if decimals else 0.0)


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
    if not index:  # no depth-idx: the tree's indent tells it ("├─" is 1, "│    └─" is 2)
        tree = len(values[0]) - len(values[0].lstrip(_TREE))
        depth = 1 + (tree - 2) // 5 if tree >= 2 else 0
    kind, paren, var = label.partition(" (")
    kind = kind.strip()
    if not kind.isidentifier() or not kind[0].isupper():  # verbose=2's parameter rows: weight_ih_l0
        return None
    name = var.rstrip(")").strip() if paren else kind
    by_name = {column: value for (column, _), value in zip(columns[1:], values[1:])}
    count_text = next((v for c, v in by_name.items() if c.startswith("Param")), "")
    params = number(count_text.strip("()"))  # torchinfo writes a frozen layer's count in parentheses
    frozen = count_text.startswith("(") and params is not None
    problem = _RECURSIVE if count_text == _RECURSIVE else "" if params is not None or count_text in ("--", "") else \
        f"the count {count_text!r} is not a number"[:120]
    # torch-summary (torchinfo before 2021) printed an unknown batch as -1, as torchsummary does: unknown.
    shape = re.sub(r"^\[-1,", "[None,", by_name.get("Output Shape", ""))
    return Row(line, name, kind, shape, params, depth=depth,
               trainable="False" if frozen else by_name.get("Trainable", ""), input_shape=by_name.get("Input Shape", ""),
               problem=problem, macs=number(by_name.get("Mult-Adds", "")))


# The other direction: what torchinfo prints for a spec (summaries/writers.py).

#: torchinfo.summary's default col_width.
COL_WIDTH = 25


def write(spec: Spec, convention: Convention, steps: int | None, batch: int | None,
          col_width: int | None = None) -> str:
    """str(torchinfo.summary(module, input_size=..., col_width=...)): one row at depth 0, then the footer."""
    from rnncalc.summaries.writers import params_by_layer

    col_width = COL_WIDTH if col_width is None else col_width
    if col_width <= 0 or col_width > 10_000:  # torchinfo.validate_user_params refuses the first
        raise SpecError("col_width", f"torchinfo refuses it (\"Column width must be greater than 0: col_width="
                        f"{col_width}\"); give 1 to 10000", col_width)

    if batch is None:
        raise SpecError("batch", "torchinfo runs the module on an input of size (batch, steps, inp); give the batch")
    cell = spec.api == "cell"
    if len(set(spec.units)) > 1:
        raise SpecError("units", "one nn.LSTM/GRU/RNN has one hidden_size for every layer; a torchinfo summary "
                                 "cannot show a stack of unequal sizes", list(spec.units))
    if steps is None and not cell:
        raise SpecError("steps", "torchinfo runs the module on an input of size (batch, steps, inp); give the steps")
    kind = convention.class_names[spec.cell] + ("Cell" if cell else "")
    total = sum(params_by_layer(spec))
    width = spec.output_width(spec.layers - 1)
    # The first output's size: the sequence (batch, steps, D·h) of a layer, h (batch, units) of a cell.
    assert steps is not None or cell  # refused above
    output = [batch, width] if cell else [batch, steps or 1, width]
    inputs = [batch, spec.inp] if cell else [batch, steps or 1, spec.inp]
    macs = output[0] * output[1] * total  # every weight_*/bias_* parameter, times prod(output_size[:2])
    output_bytes = 2 * _FLOAT32 * _prod(output)  # x2 for gradients
    input_bytes = _FLOAT32 * _prod(inputs) + STORAGE_OVERHEAD
    param_bytes = _FLOAT32 * total

    # set_layer_name_width keeps 40 unless a row's name (+ 1 at depth 0) reaches it; "LSTMCell" does not.
    name_width = 40

    def row(name: str, *values: str) -> str:
        line = f"{name:<{name_width}} " + "".join(f"{v:<{col_width}} " for v in values)
        return line.rstrip() + "\n"

    divider = "=" * (2 * col_width + name_width)
    text = (f"{divider}\n"
            + row("Layer (type:depth-idx)", "Output Shape", "Param #")
            + f"{divider}\n"
            + row(kind, str(output), f"{total:,}")
            + f"{divider}\n"
            f"Total params{_torchinfo_number(total, 'none')}\n"
            f"Trainable params{_torchinfo_number(total, 'none')}\n"
            f"Non-trainable params{_torchinfo_number(0, 'none')}\n"
            f"Total mult-adds{_torchinfo_number(macs, 'auto')}\n{divider}\n"
            f"Input size (MB): {input_bytes / 1e6:0.2f}\n"
            f"Forward/backward pass size (MB): {output_bytes / 1e6:0.2f}\n"
            f"Params size (MB): {param_bytes / 1e6:0.2f}\n"
            f"Estimated Total Size (MB): {(input_bytes + output_bytes + param_bytes) / 1e6:0.2f}\n"
            f"{divider}")
    return text + "\n"


def _prod(values: list[int]) -> int:
    out = 1
    for v in values:
        out *= v
    return out


def _torchinfo_number(num: int, units: str) -> str:
    """ModelStatistics.format_output_num: params as they are, mult-adds in millions and up."""
    if units == "none":
        shown, label = num / 1, ""
    elif num >= 1e12:
        shown, label = num / 1e12, " (Units.TERABYTES)"
    elif num >= 1e9:
        shown, label = num / 1e9, " (Units.GIGABYTES)"
    else:
        shown, label = num / 1e6, " (Units.MEGABYTES)"
    if shown.is_integer():
        return f"{label}: {int(shown):,d}"
    return f"{label}: {shown:,.2f}"

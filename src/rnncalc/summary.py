"""Read pasted model summaries: Keras 3 and Keras 2 model.summary(), torchinfo, PyTorch prints.

Real pastes are messy: columns wrapped onto continuation lines, type names cut short
("(Bidirection"), runs of spaces collapsed by a forum. So rows are found by what they look
like (a name, a (Type), a shape, a count), not by fixed column positions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rnncalc.errors import SpecError

__all__ = ["Row", "Summary", "last_dim", "parse_summary", "shapes_in"]

RECURRENT = {"LSTM", "GRU", "SimpleRNN", "RNN", "CuDNNLSTM", "CuDNNGRU", "Bidirectional"}


@dataclass(frozen=True)
class Row:
    line: int  # 1-based line of the input where the row starts
    name: str
    kind: str  # the layer class as printed: LSTM, Bidirectional, Dense, InputLayer, ...
    shape: str  # the output shape as printed
    params: int | None  # None where the summary prints none (torchinfo "--", a PyTorch print)
    connected: tuple[str, ...] = ()  # Keras "Connected to": names of the inbound layers
    args: dict[str, object] = field(default_factory=dict)  # a PyTorch print's constructor arguments
    depth: int = 0  # torchinfo nesting

    @property
    def recurrent(self) -> bool:
        return self.kind in RECURRENT


@dataclass(frozen=True)
class Summary:
    format: str  # keras3 | keras2 | torchinfo | torch_print
    rows: tuple[Row, ...]
    total: int | None
    total_line: int | None


_INT = re.compile(r"^[\d,]+$")
_TOTAL = re.compile(r"^\s*Total params:\s*([\d,]+)")
_NAME_KIND = re.compile(r"^(?P<name>\S+)\s*\((?P<kind>[A-Za-z_][\w]*)\)?\s*$")
_KERAS2_ROW = re.compile(
    r"^\s*(?P<name>[\w./:-]+)\s+\((?P<kind>[A-Za-z_][\w]*)\)?\s+"
    r"(?P<shape>\[[^\]]*\]|\([^)]*\)|multiple)\s+(?P<params>[\d,]+)\s*(?P<rest>.*)$"
)
_CONNECTED = re.compile(r"([\w./-]+)\[\d+\]\[\d+\]")
_TORCH = re.compile(r"(?:\((?P<name>[\w.]+)\):\s*)?(?:nn\.)?(?P<kind>RNN|LSTM|GRU)\((?P<args>[^()]*)\)")


def _number(text: str) -> int | None:
    text = text.strip()
    return int(text.replace(",", "")) if _INT.match(text) else None


def _total(lines: list[str]) -> tuple[int | None, int | None]:
    for i, line in enumerate(lines):
        if m := _TOTAL.match(line):
            return int(m.group(1).replace(",", "")), i + 1
    return None, None


def shapes_in(text: str) -> list[list[int | None]]:
    """Every shape in an output-shape cell: '(None, 5, 8)' or '[(None, 4), (None, 4)]'."""
    found = []
    for group in re.findall(r"[\(\[]([^()\[\]]*)[\)\]]", text):
        dims = [d.strip() for d in group.split(",") if d.strip()]
        if dims and all(d == "None" or d.lstrip("-").isdigit() for d in dims):
            found.append([None if d == "None" else int(d) for d in dims])
    return found


def last_dim(text: str) -> int | None:
    shapes = shapes_in(text)
    return shapes[0][-1] if shapes and shapes[0] else None


def _keras3(lines: list[str], header: int) -> list[Row]:
    columns = [c.strip() for c in lines[header].strip().strip("┃").split("┃")]
    if not any(c.startswith("Param") for c in columns):
        raise _no_params(header)
    rows, cells, start = [], None, 0

    def flush() -> None:
        if cells:
            rows.append(_keras3_row(columns, cells, start))

    for i in range(header + 1, len(lines)):
        line = lines[i].strip()
        if line.startswith(("├", "└", "┡")):
            flush()
            cells = None
            if line.startswith("└"):
                break
            continue
        if not line.startswith("│"):
            continue
        parts = [p.strip() for p in line.strip("│").split("│")]
        param_col = next(j for j, c in enumerate(columns) if c.startswith("Param"))
        # A row starts where the count is printed; continuation lines leave it empty.
        if cells is not None and param_col < len(parts) and parts[param_col] and cells[param_col]:
            flush()
            cells = None
        if cells is None:
            cells, start = [[] for _ in columns], i + 1
        for j, part in enumerate(parts[: len(columns)]):
            if part:
                cells[j].append(part)
    flush()
    return rows


def _keras3_row(columns: list[str], cells: list[list[str]], line: int) -> Row:
    by_name = {c: " ".join(v) for c, v in zip(columns, cells)}
    layer = by_name.get("Layer (type)", "")
    m = _NAME_KIND.match(layer)
    name, kind = (m.group("name"), m.group("kind")) if m else (layer, "")
    connected = tuple(_CONNECTED.findall(by_name.get("Connected to", "")))
    params = next((_number(v) for c, v in by_name.items() if c.startswith("Param")), None)
    return Row(line, name, _full_kind(kind), by_name.get("Output Shape", ""), params, connected)


def _full_kind(kind: str) -> str:
    """Keras 2 cuts long type names to the column: (Bidirection, (SimpleRN."""
    for full in ("Bidirectional", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "InputLayer", "Embedding"):
        if len(kind) >= 6 and full.startswith(kind):
            return full
    return kind


def _keras2(lines: list[str], header: int) -> list[Row]:
    if "Param" not in lines[header]:
        raise _no_params(header)
    rows = []
    for i in range(header + 1, len(lines)):
        if _TOTAL.match(lines[i]):
            break
        if m := _KERAS2_ROW.match(lines[i]):
            rows.append(Row(i + 1, m.group("name"), _full_kind(m.group("kind")), m.group("shape"),
                            _number(m.group("params")), tuple(_CONNECTED.findall(m.group("rest")))))
    return rows


def _torchinfo(lines: list[str], header: int) -> list[Row]:
    columns = re.split(r"\s{2,}", lines[header].strip())
    if not any(c.startswith("Param") for c in columns):
        raise _no_params(header)
    rows = []
    for i in range(header + 1, len(lines)):
        line = lines[i]
        if _TOTAL.match(line):
            break
        m = re.match(r"^(?P<tree>[│├└─\s|`-]*)(?P<kind>[A-Za-z_][\w]*)(?::\s*(?P<depth>\d+)-\d+)?\s{2,}(?P<rest>.*)$",
                     line)
        if not m or set(line.strip()) <= set("=-"):
            continue
        values = re.split(r"\s{2,}", m.group("rest").strip())
        by_name = dict(zip(columns[1:], values))
        params = next((_number(v) for c, v in by_name.items() if c.startswith("Param")), None)
        depth = int(m.group("depth")) if m.group("depth") else 0
        shape = by_name.get("Output Shape", "")
        args = {"input_shape": by_name["Input Shape"]} if "Input Shape" in by_name else {}
        rows.append(Row(i + 1, m.group("kind"), m.group("kind"), shape, params, (), args, depth))
    return rows


def _torch_args(text: str, line: int) -> dict[str, object]:
    positional, args = ["input_size", "hidden_size"], {}
    for i, part in enumerate(p.strip() for p in text.split(",") if p.strip()):
        key, _, value = part.partition("=")
        if not _:
            key, value = (positional[i] if i < 2 else f"arg{i}"), key
        value = value.strip().strip("'\"")
        args[key.strip()] = int(value) if value.isdigit() else {"True": True, "False": False}.get(value, value)
    if not isinstance(args.get("input_size"), int) or not isinstance(args.get("hidden_size"), int):
        raise SpecError(f"line {line}", "a PyTorch RNN/LSTM/GRU needs input_size and hidden_size", text)
    return args


def _pytorch(lines: list[str]) -> list[Row]:
    rows = []
    for i, line in enumerate(lines):
        for m in _TORCH.finditer(line):
            args = _torch_args(m.group("args"), i + 1)
            rows.append(Row(i + 1, m.group("name") or m.group("kind").lower(), m.group("kind"), "", None, (), args))
    return rows


def _no_params(header: int) -> SpecError:
    return SpecError(
        f"line {header + 1}",
        "the table has no Param # column: Keras leaves it out when line_length is wider than the "
        "terminal; re-run with model.summary(line_length=80), or a wider terminal",
    )


def parse_summary(text: str) -> Summary:
    """Find the summary in ``text`` and read its rows; SpecError if there is none to read."""
    lines = text.splitlines()
    total, total_line = _total(lines)
    for i, line in enumerate(lines):
        if "Layer (type:depth-idx)" in line:
            return Summary("torchinfo", tuple(_torchinfo(lines, i)), total, total_line)
        if "Layer (type)" in line:
            fmt, rows = ("keras3", _keras3(lines, i)) if "┃" in line else ("keras2", _keras2(lines, i))
            if not rows:
                raise SpecError(f"line {i + 1}", "found the table header but no layer rows under it")
            return Summary(fmt, tuple(rows), total, total_line)
    rows = _pytorch(lines)
    if rows:
        return Summary("torch_print", tuple(rows), total, total_line)
    raise SpecError(
        "input", "no model summary found: paste a Keras model.summary(), a torchinfo table, or a "
        "printed PyTorch module with RNN/LSTM/GRU layers", text[:40] if text.strip() else "",
    )

"""Sweeps: every combination of lists and ranges of a spec's fields, counted a point at a time.

Every field a command line gives a spec (knobs.SPEC) is an axis of the sweep, read as its kind
in the spec's own model (spec.Spec) says: a size takes lists and ranges (32,64; 64..1024:x2;
8..64:+8), units also a stack per point (256/128), a switch true and false, a choice its names,
cell and framework their names (framework also all). So a field added to the spec is sweepable
with no edit here.

Every option is read and every axis counted before any value is listed, and the limits are
checked on the counts: a sweep is at most MAX_POINTS points and MAX_LAYERS layers in all (a point
of L layers counts L: its work and its row grow with its depth); one that holds every row (a sort,
a table) at most MAX_HELD points and MAX_HELD_LAYERS layers. Axes are lazy sequences (a range of
a million sizes is a ``range``, never a list), and points are made one at a time.

Cost figures (macs, flops, bytes, ...) come from features/cost.py's own count, per point; a sweep
bounds and sorts by them as by the total.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rnncalc.errors import SpecError
from rnncalc.render.results import MAX_PAGE_ROWS, Stream
from rnncalc.features.figures import COST_FIGURES

if TYPE_CHECKING:
    from rnncalc.render.results import Tally
    from rnncalc.model.spec import Spec

__all__ = ["BASE_COLUMNS", "COSTED", "FIGURES", "MAX_COSTED_LAYERS", "MAX_COSTED_POINTS", "MAX_HELD",
           "MAX_HELD_LAYERS", "MAX_LAYERS", "MAX_POINTS", "Sweep", "check_held", "parse_values", "points", "sweep"]

#: The most points a sweep counts, streamed or not: about a minute here, in flat memory.
MAX_POINTS = 1_000_000
#: The most layers a sweep counts, over all its points (a point of L layers counts L).
MAX_LAYERS = 10_000_000
#: The most points a sweep holds in memory, to sort them or to draw one table: about 6 s and 300 MB.
MAX_HELD = MAX_PAGE_ROWS
#: The most layers the held rows may have in all: each layer is a size in its row's units.
MAX_HELD_LAYERS = 2_500_000
#: A sweep with cost figures costs each point (costing.cost: its inventory, itemised), about six
#: times a count: it counts at most a tenth as much, about half a minute here.
MAX_COSTED_POINTS = 100_000
MAX_COSTED_LAYERS = 1_000_000
#: The most values one field may take.
_MAX_VALUES = 1_000_000

#: A sweep's row: the point's number, the fields every row shows, then the fields swept beyond
#: them, the cost figures where asked for, the total and the error.
BASE_COLUMNS = ("point", "cell", "inp", "units", "layers", "bidirectional", "bias", "framework")
#: The cost figures a sweep can show, bound and sort by (costing.figures): the columns a costed
#: sweep shows first, then the rest, each only where sorted on.
FIGURES = COST_FIGURES
COSTED = FIGURES[:3]
_NUMBERS = ("point", "inp", "layers", "proj", "total", *FIGURES)  # aligned right in the table


# Values: lazy sequences of one field's values.

class _Chain(Sequence[Any]):
    """Parts one after another, each a sequence (a range, a list), indexed without joining them."""

    def __init__(self, parts: list[Sequence[Any]]) -> None:
        self.parts = parts
        self.starts: list[int] = []
        total = 0
        for part in parts:
            self.starts.append(total)
            total += len(part)
        self.total = total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, int):
            raise TypeError("a sweep's values are indexed one at a time")
        if not 0 <= index < self.total:
            raise IndexError(index)
        part = bisect.bisect_right(self.starts, index) - 1
        return self.parts[part][index - self.starts[part]]


class _Mapped(Sequence[Any]):
    """A sequence's values, each passed through ``function`` as it is read."""

    def __init__(self, values: Sequence[Any], function: Callable[[Any], Any]) -> None:
        self.values, self.function = values, function

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, index: Any) -> Any:
        return self.function(self.values[index])


class _Stacks(Sequence[tuple[int, ...]]):
    """Every stack of a/b/c: one size per layer, each layer's sizes a sequence, the last fastest."""

    def __init__(self, layers: list[Sequence[Any]]) -> None:
        self.layers = layers
        self.total = math.prod(len(sizes) for sizes in layers)

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: Any) -> Any:
        if not isinstance(index, int) or not 0 <= index < self.total:
            raise IndexError(index)
        stack = []
        for sizes in reversed(self.layers):
            index, at = divmod(index, len(sizes))
            stack.append(sizes[at])
        return tuple(reversed(stack))


def _parts(field: str, text: str, what: str = "values") -> list[str]:
    if text.count(",") >= _MAX_VALUES:  # counted before split: the list is never made
        raise SpecError(field, f"takes at most {_MAX_VALUES:,} {what}", text)
    parts = [p.strip() for p in text.split(",")]
    if not all(parts):
        raise SpecError(field, "has an empty value in its list", text)
    return parts


def parse_values(field: str, text: str) -> Sequence[int]:
    """'32,64,128' or '64..1024:x2' (doubling) or '1..4' or '8..64:+8', mixed with commas: a
    lazy sequence, counted without listing a range."""
    found: list[Sequence[int]] = []
    count = 0
    for part in _parts(field, text):
        found.append(_range(field, part))
        count += len(found[-1])
        if count > _MAX_VALUES:
            raise SpecError(field, f"takes more than {_MAX_VALUES:,} values", text)
    return _Chain(found)


def _range(field: str, part: str) -> Sequence[int]:
    if ".." not in part:
        return (_whole(field, part),)
    span, _, step = part.partition(":")
    low, high = (_whole(field, p) for p in span.split("..", 1))
    if low > high:
        raise SpecError(field, "runs from a lower to a higher value", part)
    kind, amount = (step[0], _whole(field, step[1:])) if step else ("+", 1)
    if kind not in "x+" or amount < (2 if kind == "x" else 1) or low < 1:
        raise SpecError(field, "steps as :+N (add N) or :xN (multiply by N ≥ 2), from 1 up", part)
    if kind == "+":
        return range(low, high + 1, amount)
    found = [low]  # at most 40 values: sizes have at most 12 digits
    while found[-1] * amount <= high:
        found.append(found[-1] * amount)
    return found


def _whole(field: str, text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise SpecError(field, "must be whole numbers, lists (a,b) and ranges (a..b, a..b:x2, a..b:+8)", text)
    return int(text)


def _stacks(field: str, text: str) -> Sequence[Any]:
    """units: sizes (one per point, every layer that size) and stacks a/b (one size per layer)."""
    found: list[Sequence[Any]] = []
    count = 0
    for part in _parts(field, text, "sizes or stacks"):
        layers = [_Chain([_range(field, p.strip())]) if p.strip() else _empty(field, text) for p in part.split("/")]
        found.append(_Stacks(layers) if len(layers) > 1 else layers[0])
        count += len(found[-1])
        if count > _MAX_VALUES:
            raise SpecError(field, f"gives more than {_MAX_VALUES:,} sizes or stacks", text)
    return _Chain(found)


def _empty(field: str, text: str) -> Any:
    raise SpecError(field, "has an empty size in a stack (a/b)", text)


_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


def _switches(field: str, text: str) -> Sequence[bool]:
    found = []
    for part in dict.fromkeys(p.lower() for p in _parts(field, text)):
        if part not in (*_TRUE, *_FALSE):
            raise SpecError(field, "is true, false or true,false", text)
        found.append(part in _TRUE)
    return found


def _choices(field: str, text: str, among: tuple[str, ...]) -> Sequence[str]:
    found = list(dict.fromkeys(p.lower() for p in _parts(field, text)))
    unknown = [p for p in found if p not in among]
    if unknown:
        raise SpecError(field, "choose " + ", ".join(among) + ", or a list of them", ",".join(unknown))
    return found


def _kind(name: str) -> tuple[str, tuple[Any, ...]]:
    """What values a spec field takes, as the spec's model declares it: ("size", ()),
    ("stacks", ()) for a size per layer, ("switch", ()), ("choice", the names), ("name", ())."""
    import types
    import typing

    from rnncalc.model.spec import Spec

    annotation: Any = Spec.model_fields[name].annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):  # Optional: what it is when given
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    origin = typing.get_origin(annotation)
    if annotation is bool:
        return "switch", ()
    if annotation is int:
        return "size", ()
    if origin is tuple:
        return "stacks", ()
    if origin is typing.Literal:
        return "choice", typing.get_args(annotation)
    return "name", ()


def _axis(name: str, text: str) -> Sequence[Any]:
    """The values of spec field ``name`` in a sweep, from the command line's text."""
    from rnncalc.model.spec import cell_of, selection

    if name == "cell":  # names the spec reads its own way (spec._known_name): aliases, any case
        return list(dict.fromkeys(cell_of(p) for p in _parts(name, text)))
    if name == "framework":  # "all", and each name once, as every command reads a choice of them
        return selection(text)
    kind, among = _kind(name)
    if kind == "size":
        return parse_values(name, text)
    if kind == "stacks":
        return _stacks(name, text)
    if kind == "switch":
        return _switches(name, text)
    if kind == "choice":
        return _choices(name, text, among)
    return list(dict.fromkeys(_parts(name, text)))


def _text(name: str, value: Any) -> str:
    """A value as the command line writes it: 3, "3..5", True, [3, 4] (a list), [[8, 4]] (a stack)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, (list, tuple)) and value and len(value) <= _MAX_VALUES:
        return ",".join("/".join(_text(name, v) for v in item) if isinstance(item, (list, tuple)) and item
                        else _text(name, item) for item in value)
    raise SpecError(name, "takes a value, a list of values, or the command line's text (1..4, a,b)",
                    type(value).__name__)


# Points.

def points(axes: dict[str, Sequence[Any]]) -> Iterator[dict[str, Any]]:
    """The fields of every combination of the axes' values, in order, the last axis fastest,
    without holding them (itertools.product would copy each axis into a tuple first)."""
    names = list(axes)
    values = [axes[n] for n in names]
    at = [0] * len(names)
    current = [v[0] for v in values]
    while True:
        yield dict(zip(names, current))
        k = len(names) - 1
        while k >= 0:
            at[k] += 1
            if at[k] < len(values[k]):
                current[k] = values[k][at[k]]
                break
            at[k] = 0
            current[k] = values[k][0]
            k -= 1
        else:
            return


def check_held(size: int, layers: int, field: str, value: Any) -> None:
    """SpecError where a sweep of ``size`` points and ``layers`` layers in all is too big to hold."""
    if size > MAX_HELD or layers > MAX_HELD_LAYERS:
        raise SpecError(field, f"holds every row first: at most {MAX_HELD:,} points and {MAX_HELD_LAYERS:,} layers "
                        f"in all, not {size:,} points of {layers:,} layers; stream them with -f csv, tsv, json or "
                        "jsonl and no --sort", value)


def _amount(field: str, value: Any) -> int | None:
    from rnncalc.features.solve import parse_amount

    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise SpecError(field, "is a count: 5M, 250k, 1.5e6", type(value).__name__)
    return parse_amount(field, str(int(value)) if isinstance(value, int) else value)


_BYTE_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
               "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def _bytes(field: str, value: Any) -> int | None:
    """A byte count: 1000000, 64MB, 1.5GB, 512KiB (as costing's figures are counted: bytes)."""
    import re
    from decimal import Decimal, InvalidOperation

    if value is None or isinstance(value, int) and not isinstance(value, bool):
        return _amount(field, value)
    text = str(value).strip() if isinstance(value, str) else ""
    found = re.fullmatch(r"(\d{1,15}(?:\.\d{1,6})?)\s*([kmgt]i?b|b)?", text, re.I)
    if not found:
        raise SpecError(field, "is a size in bytes: 1000000, 64MB, 1.5GB, 512KiB", value)
    try:
        amount = Decimal(found.group(1)) * _BYTE_UNITS[(found.group(2) or "").lower()]
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        raise SpecError(field, "is a size in bytes: 1000000, 64MB, 1.5GB, 512KiB", value) from None
    if amount != amount.to_integral_value():
        raise SpecError(field, "is a whole number of bytes", value)
    return int(amount)


class Sweep(Stream):
    """A sweep's rows, made as they are written; ``size`` points of ``layers`` layers in all,
    counted before the first; ``kept``: the rows written so far (points within the bounds, and
    points that failed)."""

    schema = "rnncalc.sweep/4"  # its JSON: an array of these rows (render/outputs.SweepPoint)
    layers = 0
    kept = 0


def sweep(fields: dict[str, Any], *, max_params: Any = None, min_params: Any = None, max_macs: Any = None,
          max_flops: Any = None, max_bytes: Any = None, batch: Any = None, steps: Any = None, dtype: Any = None,
          sort: str | None = None, directions: Any = None) -> Sweep:
    """Count every combination of the values ``fields`` gives each spec field (see rnncalc.sweep)."""
    from rnncalc.model.spec import MAX_LAYERS as DEEPEST
    from rnncalc.model.spec import Spec

    known = tuple(Spec.model_fields)
    unknown = [name for name in fields if name not in known]
    if unknown:
        from difflib import get_close_matches

        near = get_close_matches(str(unknown[0]), known, n=1)
        hint = f"did you mean {near[0]}? " if near else ""
        raise SpecError(str(unknown[0])[:100], f"unknown field; {hint}the fields are {', '.join(known)}")
    given = {name: value for name, value in fields.items() if value is not None}
    if directions is not None:
        if "bidirectional" in given:
            raise SpecError("directions", "says what bidirectional says: give one of them", directions)
        text = _text("directions", directions)
        chosen = _choices("directions", text, ("1", "2"))
        given["bidirectional"] = [d == "2" for d in chosen]
    # Every option is read, and every axis counted, before any value is listed. The cell varies
    # slowest, then the convention, then the fields in the spec's order.
    order = ("cell", "framework", *(name for name in known if name not in ("cell", "framework")))
    axes = {name: _axis(name, _text(name, given[name])) for name in order if name in given}
    missing = [name for name in known if Spec.model_fields[name].is_required() and name not in axes]
    if missing:
        raise SpecError(", ".join(missing), "is required" if len(missing) == 1 else "are required")
    bounds = {"max_params": _amount("max_params", max_params), "min_params": _amount("min_params", min_params),
              "max_macs": _amount("max_macs", max_macs), "max_flops": _amount("max_flops", max_flops),
              "max_bytes": _bytes("max_bytes", max_bytes)}
    run = _run(batch, steps, dtype)
    extra = [name for name in axes if name not in BASE_COLUMNS]
    key = sort.strip().lstrip("-") if isinstance(sort, str) else None
    if sort is not None and (key is None or key not in (*BASE_COLUMNS, *extra, "total", *FIGURES)):
        raise SpecError("sort", "sorts by a column or a cost figure: "
                        + ", ".join((*BASE_COLUMNS, *extra, "total", *FIGURES)), sort)
    costed = (any(v is not None for v in (batch, steps, dtype, bounds["max_macs"], bounds["max_flops"],
                                          bounds["max_bytes"])) or key in FIGURES)
    figures = (*COSTED, *((key,) if key in FIGURES and key not in COSTED else ())) if costed else ()
    columns = [*BASE_COLUMNS, *extra, *figures, "total", "error"]

    # The size: a stack states its own depth (the layers axis is not crossed with it).
    units = axes["units"]
    layers: Sequence[int | None] = axes.get("layers", (None,))  # None: the spec's default, one layer
    parts = units.parts if isinstance(units, _Chain) else [units]
    others = math.prod(len(values) for name, values in axes.items() if name not in ("units", "layers"))
    sizes = sum(len(p) for p in parts if not isinstance(p, _Stacks))
    stacked = [p for p in parts if isinstance(p, _Stacks)]
    size = others * (sizes * len(layers) + sum(len(p) for p in stacked))
    most, deepest, what = ((MAX_COSTED_POINTS, MAX_COSTED_LAYERS, "a sweep with cost figures") if costed else
                           (MAX_POINTS, MAX_LAYERS, "a sweep"))
    if size > most:
        raise SpecError("units", f"and the other lists make {size:,} points; {what} counts at most {most:,}: "
                        "narrow a range, or step it (LOW..HIGH:x2)", _text("units", given["units"]))
    depth = sum(min(n or 1, DEEPEST) for n in layers)  # a deeper stack is refused at once, as one point's error
    deep = others * (sizes * depth + sum(len(p) * min(len(p.layers), DEEPEST) for p in stacked))
    if deep > deepest:
        raise SpecError("layers", f"and the other lists make {deep:,} layers in all; {what} counts at most "
                        f"{deepest:,} (a point of L layers counts L)", _text("layers", given.get("layers", 1)))
    if sort is not None:
        check_held(size, deep, "sort", sort)

    # units and layers as one axis of (units, layers) where units stands: a size crossed with
    # every layers value, a stack with its own depth.
    depths = _Chain([_Mapped(p, lambda stack: (list(stack), len(stack))) if isinstance(p, _Stacks)
                     else _Stacks([p, layers]) for p in parts])
    crossed = {name: depths if name == "units" else values for name, values in axes.items() if name != "layers"}

    def fields_() -> Iterator[dict[str, Any]]:
        for point in points(crossed):
            point["units"], depth = point["units"]
            if depth is not None:
                point["layers"] = depth
            yield point

    stream = _stream(fields_(), bounds, run if costed else None, columns, figures, sort)
    stream.size, stream.layers = size, deep
    return stream


def _run(batch: Any, steps: Any, dtype: Any) -> tuple[int | None, int | None, str]:
    from rnncalc.features.cost import DTYPES
    from rnncalc.model.spec import MAX_SIZE

    sizes = []
    for name, value in (("batch", batch), ("steps", steps)):
        if isinstance(value, str):
            from rnncalc.model.sizes import parse_size

            value = parse_size(name, value)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_SIZE):
            raise SpecError(name, f"must be a whole number from 1 to {MAX_SIZE}", value)
        sizes.append(None if value is None else int(value))
    chosen = "fp32" if dtype is None else str(dtype).strip().lower() if isinstance(dtype, str) else None
    if chosen not in DTYPES:
        raise SpecError("dtype", "choose " + ", ".join(DTYPES), dtype)
    return sizes[0], sizes[1], chosen


def _stream(points_: Iterable[dict[str, Any]], bounds: dict[str, int | None],
            run: tuple[int | None, int | None, str] | None, columns: list[str], figures: tuple[str, ...],
            sort: str | None) -> Sweep:
    """Every point counted, one row each, those outside the bounds left out; sorted by a column
    when ``sort`` names one ("-total": descending)."""
    import json

    from rnncalc.features.batch import Specs

    shown = [c for c in columns if c not in ("point", "total", "error", *figures)]
    top, bottom = bounds["max_params"], bounds["min_params"]
    limits = [(name, limit) for name in ("macs", "flops", "bytes") if (limit := bounds[f"max_{name}"]) is not None]

    def counted(tally: Tally) -> Iterator[dict[str, Any]]:
        specs = Specs()
        for index, fields in enumerate(points_, 1):
            if index % 1000 == 0:
                tally.tick(index)
            tally.read += 1
            try:
                spec = specs.parse(fields)
                total = specs.total(fields)
                costs = _figures(spec, run) if run is not None else {}
            except SpecError as err:
                tally.failed += 1
                stream.kept += 1
                yield {"point": index, "total": None, "error": str(err)}
                continue
            if top is not None and total > top or bottom is not None and total < bottom:
                continue
            if any((costs[name] or 0) > limit for name, limit in limits):
                continue
            stream.kept += 1
            row = {"point": index, **{c: _value(spec, c) for c in shown}}
            row.update((f, costs[f]) for f in figures)
            row["total"], row["error"] = total, None
            yield row

    def rows(tally: Tally) -> Iterator[dict[str, Any]]:
        if sort is None:
            return counted(tally)
        key, reverse = sort.strip().lstrip("-"), sort.strip().startswith("-")
        # An error row has no spec columns: it sorts last, as a blank does.
        return iter(sorted(counted(tally), key=lambda r: (r.get(key) is None, r.get(key) if r.get(key) is not None
                                                          else 0), reverse=reverse))

    def lines(tally: Tally) -> Iterator[tuple[str, bool]]:
        encode = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
        return ((encode(r), False) for r in rows(tally))

    stream = Sweep(rows=rows, lines=lines, columns=columns, right=_NUMBERS)
    return stream


def _value(spec: Spec, column: str) -> Any:
    value = getattr(spec, column)
    return list(value) if column == "units" else value


def _figures(spec: Spec, run: tuple[int | None, int | None, str]) -> dict[str, int | None]:
    from rnncalc.features.cost import cost, figures

    batch, steps, dtype = run
    return figures(cost(spec, batch=batch, steps=steps, dtype=dtype))


"""Many specs in one run: JSON Lines (or several JSON values) on --spec, and sweeps.

Each JSON value is one spec, answered in order as it is read, so a long input streams; a
value that is not a spec gives an error record with its line number and the rest go on.
Totals come from tensors.total (a quadratic per structure, read off the inventory), so a
batch costs about as much as validating its specs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from rnncalc.errors import SpecError

__all__ = ["Answer", "answers", "values"]

_WHITESPACE = " \t\r\n"


def values(text: str) -> Iterator[tuple[int, Any]]:
    """(line, value) for every JSON value in ``text``, or (line, SpecError) for one that is not
    JSON; after an error, reading goes on at the next line."""
    decoder = json.JSONDecoder()
    pos, line, end = 0, 1, len(text)
    while True:
        while pos < end and text[pos] in _WHITESPACE:
            if text[pos] == "\n":
                line += 1
            pos += 1
        if pos >= end:
            return
        try:
            value, stop = decoder.raw_decode(text, pos)
        except (json.JSONDecodeError, ValueError, RecursionError) as err:
            message = err.msg if isinstance(err, json.JSONDecodeError) else str(err)
            yield line, SpecError("--spec", f"line {line} is not JSON: {message}")
            stop = text.find("\n", pos)
            stop = end if stop < 0 else stop
        else:
            yield line, value
        line += text.count("\n", pos, stop)
        pos = stop


@dataclass(frozen=True)
class Answer:
    line: int
    fields: dict[str, Any] | None  # the spec as given, merged with the command line's flags
    data: dict[str, Any] | None  # the answer's keys, or None for an error
    error: str = ""


def answers(items: Iterable[tuple[int, Any]], flags: dict[str, Any], full: bool,
            keep: tuple[str, ...] | None = None) -> Iterator[Answer]:
    """params for every spec: the total (and the whole JSON object when ``full``; only the keys
    in ``keep`` when given, so a batch asking for totals pays for nothing else)."""
    dump = keep is None or "spec" in keep
    from rnncalc.spec import parse_spec
    from rnncalc.tensors import count, total

    for line, value in items:
        if isinstance(value, SpecError):
            yield Answer(line, None, None, str(value))
            continue
        if not isinstance(value, dict):
            yield Answer(line, None, None, f"--spec: line {line} must hold a JSON object, not {type(value).__name__}")
            continue
        fields = {**value, **flags}
        try:
            spec = parse_spec(fields)
            if full:
                from rnncalc.render.json import count_dict

                data = count_dict(count(spec))
            else:
                data = {"total": total(spec)}
                if dump:
                    data["spec"] = spec.model_dump(mode="json")
        except SpecError as err:
            yield Answer(line, fields, None, str(err))
            continue
        yield Answer(line, fields, data)


def record(answer: Answer, keep: tuple[str, ...] | None) -> dict[str, Any]:
    """One answer as the object a JSON Lines reader gets: its line first, then its keys (only
    those in ``keep``, when given), or its error."""
    if answer.data is None:
        return {"line": answer.line, "error": answer.error}
    data = answer.data if keep is None else {k: answer.data.get(k) for k in keep}
    return {"line": answer.line, **data}


def row(answer: Answer) -> dict[str, Any]:
    """One answer as a flat row (csv, tsv, the table): the spec's fields, the total, the error."""
    if answer.data is None:
        return {"line": answer.line, "total": None, "error": answer.error}
    if "spec" not in answer.data:
        return {"line": answer.line, "total": answer.data["total"], "error": None}
    spec = answer.data["spec"]
    return {"line": answer.line, "cell": spec["cell"], "inp": spec["inp"],
            "units": "/".join(str(u) for u in spec["units"]), "layers": spec["layers"],
            "bidirectional": spec["bidirectional"], "bias": spec["bias"], "framework": spec["framework"],
            "total": answer.data["total"], "error": None}


# Sweeps: lists and ranges of values for any numeric field and for the choices.

_MAX_VALUES = 1_000_000  # values one field may take in a sweep


def parse_values(field: str, text: str) -> list[int]:
    """'32,64,128' or '64..1024:x2' (doubling) or '1..4' or '8..64:+8', mixed with commas."""
    found: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            raise SpecError(field, "has an empty value in its list", text)
        if ".." not in part:
            found.append(_whole(field, part))
            continue
        span, _, step = part.partition(":")
        low, high = (_whole(field, p) for p in span.split("..", 1))
        if low > high:
            raise SpecError(field, "runs from a lower to a higher value", part)
        kind, amount = (step[0], _whole(field, step[1:])) if step else ("+", 1)
        if kind not in "x+" or amount < (2 if kind == "x" else 1) or low < 1:
            raise SpecError(field, "steps as :+N (add N) or :xN (multiply by N ≥ 2), from 1 up", part)
        value = low
        while value <= high:
            found.append(value)
            if len(found) > _MAX_VALUES:
                raise SpecError(field, f"takes more than {_MAX_VALUES:,} values", part)
            value = value * amount if kind == "x" else value + amount
    return found


def _whole(field: str, text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 12:
        raise SpecError(field, "must be whole numbers, lists (a,b) and ranges (a..b, a..b:x2, a..b:+8)", text)
    return int(text)


def points(axes: dict[str, list[Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, fields) for every combination of the axes' values, in order, without holding them."""
    from itertools import product

    names = list(axes)
    for index, combination in enumerate(product(*(axes[n] for n in names)), start=1):
        yield index, dict(zip(names, combination))

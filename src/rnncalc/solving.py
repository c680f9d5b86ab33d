"""Inverse questions: which size gives this many parameters, or the most that fit a budget.

Every answer is checked by counting forward with the same inventory ``params`` uses, so solve
and params cannot disagree. A count grows strictly with units and with inp, which makes
bisection exact; with inp unknown as well, the count is linear in inp for each units value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from rnncalc import frameworks
from rnncalc.errors import SpecError
from rnncalc.spec import MAX_SIZE, framework_of, parse_spec
from rnncalc.tensors import count

__all__ = ["Answer", "Pair", "Solution", "answer", "budget", "parse_amount", "parse_range", "solve", "solve_pairs",
           "total"]

_SUFFIX = {"": 1, "k": 10**3, "K": 10**3, "m": 10**6, "M": 10**6, "g": 10**9, "G": 10**9, "b": 10**9, "B": 10**9}
_AMOUNT = re.compile(r"([0-9][0-9_,]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)\s*([kKmMgGbB]?)")
# The largest count any spec can have is about 4 · 2 · 1024 layers · MAX_SIZE²: far below this.
_MAX_AMOUNT = 10**30
# Each size in a range costs two counts (about 50 µs); this many answers within seconds.
MAX_RANGE = 100_000


def parse_amount(field: str, text: str) -> int:
    """'72', '1M', '250k', '1.5e6', '1_000_000', '1,000,000' -> an exact positive integer."""
    match = _AMOUNT.fullmatch(text.strip())
    if not match:
        raise SpecError(field, "must be a count like 72, 250k, 1M or 1.5e6", text)
    digits, suffix = match.groups()
    try:
        value = Decimal(digits.replace("_", "").replace(",", "")) * _SUFFIX[suffix]
    except InvalidOperation:
        raise SpecError(field, "must be a count like 72, 250k, 1M or 1.5e6", text) from None
    if value != value.to_integral_value():
        raise SpecError(field, "is not a whole number of parameters", text)
    if not 1 <= value <= _MAX_AMOUNT:
        raise SpecError(field, "must be at least 1 and at most 10**30", text)
    return int(value)


def parse_range(field: str, text: str) -> tuple[int, int]:
    """'1..4096' -> (1, 4096)."""
    match = re.fullmatch(r"\s*(\d+)\s*\.\.\s*(\d+)\s*", text)
    if not match:
        raise SpecError(field, "must be a range like 1..4096", text)
    lo, hi = int(match.group(1)), int(match.group(2))
    if not 1 <= lo <= hi <= MAX_SIZE:
        raise SpecError(field, f"must run from at least 1 up to at most {MAX_SIZE}, low to high", text)
    if hi - lo >= MAX_RANGE:
        raise SpecError(field, f"spans more than {MAX_RANGE:,} sizes; search a narrower range", text)
    return lo, hi


def total(fields: dict[str, Any], **sizes: int) -> int:
    """The parameter count of ``fields`` with ``sizes`` filled in (e.g. units=3)."""
    return count(parse_spec({**fields, **sizes})).total


@dataclass(frozen=True)
class Solution:
    """The value of ``unknown`` whose count is ``target``, or the nearest ones either side."""

    unknown: str
    target: int
    value: int | None
    below: tuple[int, int] | None  # (value, count) just under the target
    above: tuple[int, int] | None  # (value, count) just over it


def _lowest(fields: dict[str, Any], unknown: str) -> int:
    # The framework knows its floor (a projection must be narrower than the units it projects).
    return frameworks.get(framework_of(fields)).lowest(fields, unknown)


def _largest_within(fields: dict[str, Any], unknown: str, limit: int, lo: int, hi: int) -> int | None:
    """The largest value in [lo, hi] whose count is <= limit (counts grow with the value)."""
    if total(fields, **{unknown: lo}) > limit:
        return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if total(fields, **{unknown: mid}) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return lo


def solve(fields: dict[str, Any], unknown: str, target: int) -> Solution:
    """The ``unknown`` ('units' or 'inp') that gives exactly ``target`` parameters."""
    lo = _lowest(fields, unknown)
    best = _largest_within(fields, unknown, target, lo, MAX_SIZE)
    below = (best, total(fields, **{unknown: best})) if best is not None else None
    if below and below[1] == target:
        return Solution(unknown, target, best, None, None)
    nxt = lo if best is None else best + 1
    above = (nxt, total(fields, **{unknown: nxt})) if nxt <= MAX_SIZE else None
    return Solution(unknown, target, None, below, above)


def budget(fields: dict[str, Any], unknown: str, limit: int) -> tuple[int, int] | None:
    """The largest ``unknown`` whose count fits in ``limit``, with that count."""
    best = _largest_within(fields, unknown, limit, _lowest(fields, unknown), MAX_SIZE)
    return None if best is None else (best, total(fields, **{unknown: best}))


@dataclass(frozen=True)
class Pair:
    inp: int
    units: int


def solve_pairs(fields: dict[str, Any], target: int, units: tuple[int, int]) -> list[Pair]:
    """Every (inp, units) with units in the range whose count is exactly ``target``.

    For fixed units the count is a·inp + b (only layer 0's input weights depend on inp).
    """
    pairs = []
    for u in range(max(units[0], _lowest(fields, "units")), units[1] + 1):
        one, two = total(fields, inp=1, units=u), total(fields, inp=2, units=u)
        slope, base = two - one, one - (two - one)
        if target > base and (target - base) % slope == 0 and (inp := (target - base) // slope) <= MAX_SIZE:
            pairs.append(Pair(inp, u))
    return pairs


@dataclass(frozen=True)
class Answer:
    """What `rnncalc solve` found, for the renderers: one of exact / budget / pairs is set."""

    fields: dict[str, Any]
    unknown: str  # "units", "inp", or "inp,units"
    target: int | None = None
    limit: int | None = None
    solution: Solution | None = None
    fit: tuple[int, int] | None = None
    pairs: tuple[Pair, ...] = ()
    searched: tuple[int, int] | None = None

    @property
    def found(self) -> bool:
        return bool(self.pairs) or self.fit is not None or (self.solution is not None and self.solution.value is not None)

    def formula(self, **sizes: int) -> str:
        return count(parse_spec({**self.fields, **sizes})).formula


def answer(fields: dict[str, Any], target: int | None, limit: int | None,
           units_range: tuple[int, int] | None) -> Answer:
    """Work out what is unknown in ``fields`` (units, inp or both) and solve for it."""
    unknown = [name for name in ("inp", "units") if name not in fields]
    if not unknown:
        raise SpecError("--params", "needs an unknown: leave out --units or --inp (or give --units LOW..HIGH)")
    if len(unknown) == 2:
        if target is None:
            raise SpecError("--max-params", "with both --inp and --units unknown, give --params and a --units range")
        searched = units_range or (1, 4096)
        return Answer(fields, "inp,units", target=target, pairs=tuple(solve_pairs(fields, target, searched)),
                      searched=searched)
    (name,) = unknown
    if units_range is not None:  # honoured only where it is searched; never silently dropped
        raise SpecError("--units", "a range LOW..HIGH is searched when --inp is unknown too; with --inp given, "
                        "leave --units out to solve for it", f"{units_range[0]}..{units_range[1]}")
    if target is not None:
        return Answer(fields, name, target=target, solution=solve(fields, name, target))
    assert limit is not None
    return Answer(fields, name, limit=limit, fit=budget(fields, name, limit))

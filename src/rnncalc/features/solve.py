"""Inverse questions: which size gives this many parameters, or the most that fit a budget.

Every answer is checked by counting forward with the same inventory ``params`` uses, so solve
and params cannot disagree. A count grows strictly with units and with inp, and for a fixed
stack it is a quadratic in the units and linear in inp: its law (tensors.law), exact, with
the other sizes filled in. The answer is found on that curve, then confirmed by counting the real spec at it and beside it
(a handful of counts, whatever the range or the depth). Should a confirmation ever fail, the
search falls back to bisecting real counts, so a wrong curve costs time, never an answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException
from typing import Any

from rnncalc import frameworks
from rnncalc.errors import SpecError
from rnncalc.model.spec import MAX_SIZE, framework_of, parse_spec
from rnncalc.model.tensors import law, sizes_of, total_and_formula

__all__ = ["Answer", "Counts", "Pair", "Solution", "answer", "budget", "parse_amount", "parse_range", "solve",
           "solve_pairs"]

_SUFFIX = {"": 1, "k": 10**3, "K": 10**3, "m": 10**6, "M": 10**6, "g": 10**9, "G": 10**9, "b": 10**9, "B": 10**9}
_AMOUNT = re.compile(r"([0-9][0-9_,]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)\s*([kKmMgGbB]?)")
# The largest count any spec can have is about 4 · 2 · 1024 layers · MAX_SIZE²: far below this.
_MAX_AMOUNT = 10**30
# Each size in a range costs a few additions on the fitted curve; this many answers in milliseconds.
MAX_RANGE = 100_000


def parse_amount(field: str, text: str) -> int:
    """'72', '1M', '250k', '1.5e6', '1_000_000', '1,000,000' -> an exact positive integer."""
    match = _AMOUNT.fullmatch(text.strip())
    if not match:
        raise SpecError(field, "must be a count like 72, 250k, 1M or 1.5e6", text)
    digits, suffix = match.groups()
    try:
        value = Decimal(digits.replace("_", "").replace(",", "")) * _SUFFIX[suffix]
        whole = value == value.to_integral_value()
    except DecimalException:  # an exponent beyond Decimal's range (1e1000000) overflows
        raise SpecError(field, "must be a count like 72, 250k, 1M or 1.5e6", text) from None
    if not whole:
        raise SpecError(field, "is not a whole number of parameters", text)
    if not 1 <= value <= _MAX_AMOUNT:
        raise SpecError(field, "must be at least 1 and at most 10**30", text)
    return int(value)


def parse_range(field: str, text: str) -> tuple[int, int]:
    """'1..4096' -> (1, 4096)."""
    match = re.fullmatch(r"\s*([0-9]+)\s*\.\.\s*([0-9]+)\s*", text)
    if not match:
        raise SpecError(field, "must be a range like 1..4096", text)
    if max(len(match.group(1)), len(match.group(2))) > 12:  # beyond any size, and int() of 5,000 digits fails
        raise SpecError(field, f"must run from at least 1 up to at most {MAX_SIZE}, low to high", text)
    lo, hi = int(match.group(1)), int(match.group(2))
    if not 1 <= lo <= hi <= MAX_SIZE:
        raise SpecError(field, f"must run from at least 1 up to at most {MAX_SIZE}, low to high", text)
    if hi - lo >= MAX_RANGE:
        raise SpecError(field, f"spans more than {MAX_RANGE:,} sizes; search a narrower range", text)
    return lo, hi


class Counts:
    """Exact counts of ``fields`` with sizes filled in, each worked out once: confirming an
    answer and printing its formula need the same count, and for a deep stack that count is
    most of what a solve costs. Totals and formulas are kept, not the inventories."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self.fields = fields
        self._seen: dict[tuple[tuple[str, int], ...], tuple[int, str]] = {}

    def _counted(self, sizes: dict[str, int]) -> tuple[int, str]:
        key = tuple(sorted(sizes.items()))
        if key not in self._seen:
            self._seen[key] = total_and_formula(parse_spec({**self.fields, **sizes}))
        return self._seen[key]

    def total(self, **sizes: int) -> int:
        return self._counted(sizes)[0]

    def formula(self, **sizes: int) -> str:
        return self._counted(sizes)[1]


# The count as a polynomial of the unknown: the structure's law (tensors.law, read off its
# inventory symbolically) with every size but the unknown filled in. Each answer the polynomial
# gives is then confirmed by counting the real spec, so a wrong curve would cost time, never an
# answer.


@dataclass(frozen=True)
class Quadratic:
    """a + b·t + c·t(t-1)/2 with t = v - origin (Newton's form: exact in integers)."""

    origin: int
    a: int
    b: int
    c: int

    @classmethod
    def through(cls, origin: int, values: tuple[int, int, int]) -> Quadratic:
        """The quadratic with these values at origin, origin + 1 and origin + 2."""
        f0, f1, f2 = values
        return cls(origin, f0, f1 - f0, f2 - 2 * f1 + f0)

    def __call__(self, v: int) -> int:
        t = v - self.origin
        return self.a + self.b * t + self.c * (t * (t - 1) // 2)

    def __sub__(self, other: Quadratic) -> Quadratic:
        return Quadratic(self.origin, self.a - other.a, self.b - other.b, self.c - other.c)

    def values(self) -> Iterator[int]:
        """Its values at origin, origin + 1, ... by adding differences (no multiplications)."""
        value, step = self.a, self.b
        while True:
            yield value
            value, step = value + step, step + self.c


def _curve(fields: dict[str, Any], unknown: str, lo: int) -> Quadratic | None:
    """The count of ``fields`` as a quadratic of ``unknown`` from ``lo`` on: the structure's
    law with the other sizes filled in (None where a symbol does not name its size)."""
    spec = parse_spec({**fields, unknown: lo})  # the real spec's error, as its first count would give
    try:
        the = law(spec)
    except (ValueError, SpecError):  # a symbol that is not the size it names: the real counts will do
        return None
    free = (0,) if unknown == "inp" else tuple(range(1, spec.layers + 1))
    a, b, c = the.along(sizes_of(spec), free)
    return Quadratic.through(lo, tuple(a + b * v + c * v * v for v in (lo, lo + 1, lo + 2)))  # type: ignore[arg-type]


def _largest(f: Callable[[int], int], limit: int, lo: int, hi: int) -> int | None:
    """The largest value in [lo, hi] whose f is <= limit (f grows with the value)."""
    if f(lo) > limit:
        return None
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if f(mid) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _largest_within(counts: Counts, unknown: str, limit: int, lo: int) -> int | None:
    """The largest ``unknown`` from ``lo`` on whose count is <= limit: found on the curve, then
    confirmed by real counts at it and just past it (or bisected on real counts, should the
    curve ever be wrong)."""
    def real(value: int) -> int:
        return counts.total(**{unknown: value})

    curve = _curve(counts.fields, unknown, lo)
    if curve is not None:
        best = _largest(curve, limit, lo, MAX_SIZE)
        if best is None:
            if real(lo) > limit:
                return None
        elif real(best) <= limit and (real(best) == limit or best == MAX_SIZE or real(best + 1) > limit):
            return best  # counts grow strictly: nothing larger fits
    return _largest(real, limit, lo, MAX_SIZE)


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


def solve(fields: dict[str, Any], unknown: str, target: int, counts: Counts | None = None) -> Solution:
    """The ``unknown`` ('units' or 'inp') that gives exactly ``target`` parameters."""
    counts = counts or Counts(fields)
    lo = _lowest(fields, unknown)
    best = _largest_within(counts, unknown, target, lo)
    below = (best, counts.total(**{unknown: best})) if best is not None else None
    if below and below[1] == target:
        return Solution(unknown, target, best, None, None)
    nxt = lo if best is None else best + 1
    above = (nxt, counts.total(**{unknown: nxt})) if nxt <= MAX_SIZE else None
    return Solution(unknown, target, None, below, above)


def budget(fields: dict[str, Any], unknown: str, limit: int, counts: Counts | None = None) -> tuple[int, int] | None:
    """The largest ``unknown`` whose count fits in ``limit``, with that count."""
    counts = counts or Counts(fields)
    best = _largest_within(counts, unknown, limit, _lowest(fields, unknown))
    return None if best is None else (best, counts.total(**{unknown: best}))


@dataclass(frozen=True)
class Pair:
    inp: int
    units: int


def solve_pairs(fields: dict[str, Any], target: int, units: tuple[int, int],
                counts: Counts | None = None) -> list[Pair]:
    """Every (inp, units) with units in the range whose count is exactly ``target``.

    For fixed units the count is a·inp + b (only layer 0's input weights depend on inp): a and b
    are quadratics in the units, read off the counts at inp = 1 and 2 (and checked at 3), so each
    units value costs a few additions; every pair found is confirmed by a real count.
    """
    counts = counts or Counts(fields)
    start, stop = max(units[0], _lowest(fields, "units")), units[1]
    if start > stop:
        return []
    curves = [_curve({**fields, "inp": inp}, "units", start) for inp in (1, 2, 3)]
    one, two, three = curves
    if one is not None and two is not None and three is not None:
        slope = two - one
        if three - two == slope:  # linear in inp
            pairs = []
            for u, low, a in zip(range(start, stop + 1), one.values(), slope.values()):
                if low > target:
                    break  # counts grow with units: no wider layer comes down to the target
                base = low - a
                if target > base and (target - base) % a == 0 and (inp := (target - base) // a) <= MAX_SIZE:
                    pairs.append(Pair(inp, u))
            if all(counts.total(inp=p.inp, units=p.units) == target for p in pairs):
                return pairs
    # The curves could not be read (or were wrong): count every units value for real.
    pairs = []
    for u in range(start, stop + 1):
        one_, two_ = counts.total(inp=1, units=u), counts.total(inp=2, units=u)
        a, base = two_ - one_, one_ - (two_ - one_)
        if target > base and (target - base) % a == 0 and (inp := (target - base) // a) <= MAX_SIZE:
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
    #: The counts the solve confirmed its answer with, for their formulas.
    counts: Counts | None = field(default=None, compare=False, repr=False)

    @property
    def found(self) -> bool:
        return bool(self.pairs) or self.fit is not None or (self.solution is not None and self.solution.value is not None)

    def formula(self, **sizes: int) -> str:
        return (self.counts or Counts(self.fields)).formula(**sizes)


def answer(fields: dict[str, Any], target: int | None, limit: int | None,
           units_range: tuple[int, int] | None) -> Answer:
    """Work out what is unknown in ``fields`` (units, inp or both) and solve for it."""
    counts = Counts(fields)
    unknown = [name for name in ("inp", "units") if name not in fields]
    if not unknown:
        raise SpecError("params", "needs an unknown: leave out units or inp (or give units as a range LOW..HIGH)")
    if len(unknown) == 2:
        if target is None:
            raise SpecError("max_params", "with both inp and units unknown, give params and a units range")
        searched = units_range or (1, 4096)
        return Answer(fields, "inp,units", target=target, pairs=tuple(solve_pairs(fields, target, searched, counts)),
                      searched=searched, counts=counts)
    (name,) = unknown
    if units_range is not None:  # honoured only where it is searched; never silently dropped
        raise SpecError("units", "a range LOW..HIGH is searched when inp is unknown too; with inp given, "
                        "leave units out to solve for it", f"{units_range[0]}..{units_range[1]}")
    if target is not None:
        return Answer(fields, name, target=target, solution=solve(fields, name, target, counts), counts=counts)
    assert limit is not None
    return Answer(fields, name, limit=limit, fit=budget(fields, name, limit, counts), counts=counts)

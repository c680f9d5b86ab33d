"""A batch's whole answers written from one template per structure: the JSON text with holes for the sizes.

Specs that share a structure (every field but the sizes) and a layout (Convention.layout:
how the framework names and orders the tensors of these sizes) get answers that differ only
in their numbers. So the answer is worked out once with *symbolic* sizes: each size of the
spec is a ``Size``, an int that also carries which polynomial of the spec's sizes it is, and
the arithmetic a convention does on it (a gate's span, a tensor's shape, the count: the law
of tensors.law, term by term) carries the polynomial along. Every number in the answer is
then either a plain constant of the structure or a Size that says which polynomial it is,
and a Size written into text (a formula) writes a marker naming its polynomial. The encoded
answer, cut at those numbers and markers, is the template: its text, and one hole per
number, filled in by evaluating the hole's polynomial at a spec's sizes.

The template of a structure is made from the second spec seen of it and must write the
first one's direct answer character for character, or the structure stays with the direct
way: a number the arithmetic did not carry (a constant where a size should be) shows there.
tests/test_templates.py holds templates to the direct answer for every convention, cell and
option, with sizes equal and unequal, small and large.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import accumulate
from operator import itemgetter, mul, sub
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rnncalc.model.spec import Spec

__all__ = ["Size", "Template", "Templates", "restore", "restore_text", "symbolic"]

Monomial = tuple[int, ...]  # the variables multiplied together, sorted; () for the constant
Polynomial = tuple[tuple[Monomial, int], ...]  # (monomial, coefficient), sorted, no zero coefficient


def _polynomial(x: int) -> Polynomial:
    if type(x) is Size:
        return x.polynomial
    return (((), int(x)),) if x else ()


def _plus(p: Polynomial, q: Polynomial, sign: int = 1) -> Polynomial:
    terms = dict(p)
    for m, c in q:
        terms[m] = terms.get(m, 0) + sign * c
    return tuple(sorted((m, c) for m, c in terms.items() if c))


def _times(p: Polynomial, q: Polynomial) -> Polynomial:
    terms: dict[Monomial, int] = {}
    for a, x in p:
        for b, y in q:
            m = tuple(sorted(a + b))
            terms[m] = terms.get(m, 0) + x * y
    return tuple(sorted((m, c) for m, c in terms.items() if c))


def _code(p: Polynomial) -> str:
    """The polynomial as marker text: '4*0.1+1*2' is 4 · x0 · x1 + x2 (digits, '*', '.', '+', '-')."""
    return "+".join(f"{c}*{'.'.join(map(str, m))}" for m, c in p)


def _decode(code: str) -> Polynomial:
    terms = []
    for term in code.split("+"):
        c, _, m = term.partition("*")
        terms.append((tuple(int(v) for v in m.split(".")) if m else (), int(c)))
    return tuple(terms)


class Size(int):
    """A size as a template sees it: an int (its value, which every comparison and branch of
    the answer reads as usual) that is also a polynomial of the spec's sizes, carried through
    +, - and *. Two Sizes are equal when they are the same polynomial at the same value (so a
    cache never takes one size for another that happens to be equal), and a Size is never
    equal to a plain number. Written as text it is a marker naming its polynomial."""

    polynomial: Polynomial

    def __new__(cls, value: int, polynomial: Polynomial) -> Size:
        made = super().__new__(cls, value)
        made.polynomial = polynomial
        return made

    def __eq__(self, other: object) -> bool:
        return type(other) is Size and int(self) == int(other) and self.polynomial == other.polynomial

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = int.__hash__

    def __str__(self) -> str:
        return f"\x00{_code(self.polynomial)}\x00"

    def __format__(self, spec: str) -> str:
        if spec:  # a number formatted otherwise than written plainly: the template cannot hold it
            raise TypeError(f"a size formatted as {spec!r}")
        return str(self)

    # sum() starts at 0 and prod() at 1: those leave a size as it is, without a new polynomial.
    def __add__(self, other: int) -> int:
        if type(other) is not Size:
            return self if other == 0 else _sized(int(self) + other, _plus(self.polynomial, (((), int(other)),)))
        return _sized(int(self) + int(other), _plus(self.polynomial, other.polynomial))

    __radd__ = __add__

    def __sub__(self, other: int) -> int:
        if type(other) is not Size and other == 0:  # a block's span from 0: its end as it is
            return self
        return _sized(int(self) - int(other), _plus(self.polynomial, _polynomial(other), -1))

    def __rsub__(self, other: int) -> int:
        return _sized(int(other) - int(self), _plus(_polynomial(other), self.polynomial, -1))

    def __mul__(self, other: int) -> int:
        if type(other) is not Size:
            if other == 1:
                return self
            return _sized(int(self) * other, tuple((m, c * other) for m, c in self.polynomial if c * other))
        return _sized(int(self) * int(other), _times(self.polynomial, other.polynomial))

    __rmul__ = __mul__

    def __neg__(self) -> int:
        return _sized(-int(self), tuple((m, -c) for m, c in self.polynomial))

    def __floordiv__(self, other: int) -> int:
        if type(other) is Size or any(c % other for _, c in self.polynomial):
            raise TypeError("a size divided unevenly")
        return _sized(int(self) // other, tuple((m, c // other) for m, c in self.polynomial))

    def _refused(self, *args: object) -> Any:
        raise TypeError("a size a template cannot carry: only +, - and * (and // by a whole factor)")

    # The rest of int's arithmetic would make a plain number of a size, silently.
    __truediv__ = __rtruediv__ = __rfloordiv__ = __mod__ = __rmod__ = __divmod__ = __rdivmod__ = _refused
    __pow__ = __rpow__ = __lshift__ = __rshift__ = __and__ = __or__ = __xor__ = __invert__ = _refused


_NESTED = frozenset({dict, list, tuple, Size})  # what _marked looks into (or changes)


def _sized(value: int, polynomial: Polynomial) -> int:
    """A Size, or the plain number where the polynomial is a constant."""
    if not polynomial:
        return value
    if len(polynomial) == 1 and not polynomial[0][0]:
        return value
    return Size(value, polynomial)


# Each character beyond ASCII that answers hold is written by a template as a control
# character (which JSON text never holds raw) and put back in the bytes that are written
# (restore): a chunk of ASCII text encodes to UTF-8 by copying, where a chunk with a single
# "·" in it is encoded a character at a time (measured: 14 µs for a 6.8 kB record, against
# 0.6 µs for ASCII; the whole record is written from its template in about 15 µs).
_STAND_INS = (("·", "\x01"), ("×", "\x02"))


def restore(data: bytes) -> bytes:
    """``data`` (UTF-8) with every stand-in replaced by its character."""
    for char, stand_in in _STAND_INS:
        data = data.replace(stand_in.encode(), char.encode())
    return data


def restore_text(text: str) -> str:
    """``text`` with every stand-in replaced by its character."""
    for char, stand_in in _STAND_INS:
        text = text.replace(stand_in, char)
    return text


def _standing(text: str) -> str:
    """``text`` with stand-ins for the characters that have them, as a template writes it: a
    stream of templates' records then stays ASCII, which encodes by copying."""
    if not text.isascii():
        for char, stand_in in _STAND_INS:
            text = text.replace(char, stand_in)
    return text


#: A number that is a Size, written as a JSON value ("\x01code\x01", encoded), or a Size
#: written into a string ("\x00code\x00", encoded).
_HOLE = re.compile(r'"\\u0001([-0-9*.+]+)\\u0001"|\\u0000([-0-9*.+]+)\\u0000')


def _marked(value: Any) -> Any:
    """``value`` (an answer's JSON data) with every Size in it a marker string."""
    kind = type(value)
    if kind is dict:
        return {k: _marked(v) if type(v) in _NESTED else v for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_marked(v) if type(v) in _NESTED else v for v in value]
    if kind is Size:
        return f"\x01{_code(value.polynomial)}\x01"
    return value


_HEAD = '{"line":0'  # how every record of line 0 starts


class Template:
    """One structure's answer with holes: ``fill(line, values)`` is the record of a spec whose
    variables take ``values``. Its text is held as the pieces between the holes, and each hole
    as which distinct polynomial it is. A polynomial of the sizes has degree at most 2, so it
    is a sum of terms c · v[i] · v[j] over the values with a 1 after them; every term of every
    polynomial is worked out in one pass, and each polynomial's sum is read off the running
    total of the terms (its end minus its start), all by map and itemgetter, in C."""

    def __init__(self, encoded: str, variables: int) -> None:
        """``encoded``: the record of a spec of Sizes with line 0, its Sizes marked."""
        if not encoded.startswith(_HEAD):
            raise ValueError("a record that does not start with its line")
        one = variables  # the index of the 1 after the values
        pairs: dict[tuple[int, int], int] = {}  # the products of two values the terms use
        order: dict[str, int] = {}  # each distinct polynomial: its place among the numbers
        coefficients: list[int] = []
        products: list[int] = []  # each term's product, as an index into pairs
        bounds = [0]  # where each polynomial's terms end
        holes = [0]  # each hole's number (0: the line, then polynomial k is number k + 1)
        parts = _HOLE.split(encoded[len(_HEAD):])
        literals = ['{"line":']
        # split gives text, then the two groups of each hole (one of them None), then text.
        for i in range(0, len(parts), 3):
            literals.append(_standing(parts[i]))
            if i + 1 < len(parts):
                code = parts[i + 1] or parts[i + 2]
                if code not in order:
                    order[code] = len(order) + 1
                    for m, c in _decode(code):
                        if len(m) > 2:
                            raise ValueError("a number of degree above 2")
                        coefficients.append(c)
                        products.append(pairs.setdefault((m[0] if m else one, m[1] if len(m) > 1 else one),
                                                         len(pairs)))
                    bounds.append(len(products))
                holes.append(order[code])
        self._left = _picker(tuple(i for i, _ in pairs))
        self._right = _picker(tuple(j for _, j in pairs))
        self._coefficients = tuple(coefficients)
        self._products = _picker(tuple(products))
        self._starts, self._ends = _picker(tuple(bounds[:-1])), _picker(tuple(bounds[1:]))
        self._holes = _picker(tuple(holes))
        self._pieces: list[str | None] = [None] * (2 * len(literals) - 1)  # the literals, the holes between
        self._pieces[::2] = literals
        self.size = sum(map(len, literals))

    @classmethod
    def of(cls, data: dict[str, Any], variables: int, encode: Callable[[Any], str]) -> Template:
        """The template of ``data``: the record ``{"line": 0, ...}`` of a spec of Sizes (symbolic)."""
        return cls(encode(_marked(data)), variables)

    def fill(self, line: int, values: tuple[int, ...]) -> str:
        v = [*values, 1]
        m = [*map(mul, self._left(v), self._right(v))]
        running = [*accumulate(map(mul, self._coefficients, self._products(m)), initial=0)]
        text = [str(line), *map(str, map(sub, self._ends(running), self._starts(running)))]
        # The holes are filled in place: a template writes one record at a time.
        self._pieces[1::2] = self._holes(text)
        return "".join(self._pieces)  # type: ignore[arg-type]  # every None is a hole filled


def _picker(indices: tuple[int, ...]) -> Callable[[list[Any]], tuple[Any, ...]]:
    """The items at ``indices`` of a list, as a tuple, picked in C (itemgetter gives one item
    bare, so one index is picked apart)."""
    if len(indices) == 1:
        index = indices[0]
        return lambda items: (items[index],)
    return itemgetter(*indices) if indices else lambda items: ()


class Pattern(NamedTuple):
    """A structure's sizes with a pattern of equal ones (pattern[i]: which distinct size is size i)."""

    key: Any
    pattern: tuple[int, ...]


class Seen(NamedTuple):
    """A structure (or pattern) without a template yet: how often it was seen, and the first
    spec of it, with the values a template would take and the direct answer."""

    times: int
    spec: Spec
    values: tuple[int, ...]
    direct: str


class Templates:
    """Whole answers for a stream of specs, from one template per structure and layout.

    ``answer(spec)`` is the direct way: the record ``{"line": 0, ...}`` of ``spec``, which
    ``encode`` writes; ``layout(spec)`` is what of its sizes decides the answer's form beyond
    its numbers (its framework's Convention.layout, and how the formula groups its layers).

    A template takes each size as given (inp, units, proj) as one variable, the sizes all
    different polynomials. Where that lays a spec out otherwise than its real sizes do
    (PyTorch makes equal layers one module), the structure gets a template per pattern of
    equal sizes instead, with one variable per distinct size.

    A template costs a few direct answers to make, so it is made the second time its
    structure is seen while templates pay for themselves (used more often than made, give or
    take SLACK), and the eighth time otherwise: a stream of structures seen only a few times
    each costs at most about twice the direct way, never an unbounded multiple. It must write
    the first spec's direct answer, character for character, or the structure stays with the
    direct way.
    """

    #: Structures (and patterns) remembered, and characters of answers held (a template holds
    #: about as much text as the answer it was held to); beyond either, all is dropped and
    #: made again as needed.
    LIMIT = 4096
    MAX_TEXT = 32_000_000
    SLACK = 32

    def __init__(self, answer: Callable[[Spec], dict[str, Any]], encode: Callable[[Any], str],
                 layout: Callable[[Spec], Any]) -> None:
        self._answer, self._encode, self._layout = answer, encode, layout
        self._forget()

    def _forget(self) -> None:
        self._made_for: dict[Any, Template | None] = {}  # a template, or None: the direct way
        # A structure (or pattern) not decided yet: how often it was seen, and its first spec
        # and direct answer, which its template is held to.
        self._seen: dict[Any, Seen] = {}
        self._by_pattern: set[Any] = set()  # structures whose templates go by pattern of equal sizes
        self._held = self._made = self._used = 0

    def _direct(self, line: int, spec: Spec) -> str:
        return self._encode({**self._answer(spec), "line": line})

    def text(self, line: int, key: Any, first: Spec, sizes: tuple[int, ...]) -> str:
        """The record of ``line``, with stand-ins for characters beyond ASCII (restore):
        ``first`` with ``sizes`` (inp, units as given, then proj if it has one), which the
        caller validated; ``key`` names first's structure and the layout of these sizes."""
        template = self._made_for.get(key)
        if template is not None:
            self._used += 1
            return template.fill(line, sizes)
        if key not in self._by_pattern:
            return self._undecided(line, key, first, sizes, tuple(range(len(sizes))), sizes)
        distinct: dict[int, int] = {}
        pattern = tuple([distinct.setdefault(s, len(distinct)) for s in sizes])
        slot = Pattern(key, pattern)
        template = self._made_for.get(slot)
        if template is not None:
            self._used += 1
            return template.fill(line, tuple(distinct))
        return self._undecided(line, slot, first, sizes, pattern, tuple(distinct))

    def _undecided(self, line: int, slot: Any, first: Spec, sizes: tuple[int, ...], pattern: tuple[int, ...],
                   values: tuple[int, ...]) -> str:
        """The record of ``line`` for a ``slot`` without a template: from one made now, if it
        has been seen often enough, else the direct way. A template takes ``values`` (size i
        is values[pattern[i]])."""
        if slot not in self._made_for:
            seen = self._seen.get(slot)
            if seen is None:
                if len(self._seen) >= self.LIMIT or self._held >= self.MAX_TEXT:
                    self._forget()
                real = _resized(first, sizes)
                direct = self._direct(0, real)
                self._seen[slot] = Seen(1, real, values, direct)
                self._held += len(direct)
                return _standing(f'{{"line":{line}{direct[len(_HEAD):]}')
            if seen.times + 1 >= (2 if self._made <= self._used + self.SLACK else 8):
                del self._seen[slot]
                if len(self._made_for) >= self.LIMIT:
                    self._forget()
                template = self._made_for[slot] = self._make(slot, first, pattern, values, seen)
                self._held += (template.size if template else 0) - len(seen.direct)
                if template is not None:  # (not counted as a use: only later ones pay for the making)
                    return template.fill(line, values)
            else:
                self._seen[slot] = seen._replace(times=seen.times + 1)
        return _standing(self._direct(line, _resized(first, sizes)))

    def _make(self, slot: Any, first: Spec, pattern: tuple[int, ...], values: tuple[int, ...],
              seen: Seen) -> Template | None:
        """The template of ``slot``, worked out at ``values`` (this spec's), if it writes the
        direct answer of the first spec seen (at seen.values); else None."""
        variables = tuple(Size(v, (((i,), 1),)) for i, v in enumerate(values))
        symbolic = _resized(first, tuple(variables[i] for i in pattern))
        if self._layout(symbolic) != self._layout(seen.spec):
            if not isinstance(slot, Pattern):  # the structure's sizes go by pattern from now on
                self._by_pattern.add(slot)
            return None
        try:
            data = self._answer(symbolic)
            if isinstance(data.get("spec"), dict):
                # pydantic's JSON mode writes an int subclass as a plain int: the sizes as they are.
                data["spec"] = {**data["spec"], "inp": symbolic.inp, "units": list(symbolic.units),
                                "proj": symbolic.proj}
            template = Template(self._encode(_marked(data)), len(values))
        except Exception:  # noqa: BLE001 - a size the answer cannot carry symbolically: the direct way answers it
            return None
        if restore_text(template.fill(0, seen.values)) != seen.direct:
            return None
        self._made += 1
        return template


def _resized(spec: Spec, sizes: tuple[int, ...]) -> Spec:
    """``spec`` with other sizes (inp, units: one size or one per layer, then proj if ``spec``
    has one), unvalidated: Sizes are not what a spec's validation takes."""
    inp, *units = sizes
    proj = units.pop() if spec.proj is not None else None
    units = units * spec.layers if len(units) == 1 else units
    return spec.model_copy(update={"inp": inp, "units": tuple(units), "proj": proj})


def symbolic(spec: Spec, sizes: tuple[int, ...]) -> Spec:
    """``spec`` with ``sizes`` (inp, units: one size or one per layer, then proj if ``spec`` has
    one), each size a variable of its own: size i is the polynomial x_i."""
    return _resized(spec, tuple(Size(v, (((i,), 1),)) for i, v in enumerate(sizes)))

"""A batch's whole answers written from one template per structure: the JSON text with holes for the sizes.

Specs that share a structure (every field but the sizes) and a layout (Convention.layout:
how the framework names and orders the tensors of these sizes) get answers that differ only
in their numbers, and each number is a polynomial of degree at most 2 in the sizes: a shape
or a span is linear in them, a count quadratic, and a formula writes them out. So the answer
is written once, the direct way, for a *probe* spec whose sizes are powers of 2**16 with
exponents from a Sidon set (every sum of two differs, and none equals one exponent): each
number in that text reads back, digit by digit in base 2**16, as the one polynomial that
gave it. The text between the numbers is kept, each number becomes a hole, and the whole is
compiled into one f-string, which costs a fraction of building and encoding the answer.

A number that does not read back (a degree above 2, a negative coefficient) leaves the
structure to the direct way. The first spec of every template is also answered the direct
way, and the template must write it character for character, or the structure stays with
the direct way. tests/test_templates.py holds templates to the direct answer for every
convention, cell and option, with sizes equal and unequal, small and large.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from rnncalc.spec import Spec

__all__ = ["Templates"]

_BITS = 16
_BASE = 1 << _BITS
# The Mian-Chowla sequence: a Sidon set (every a + b differs).
_SIDON = (1, 2, 4, 8, 13, 21, 31, 45, 66, 81)
#: The most distinct sizes a template takes; more are answered the direct way.
MAX_SIZES = len(_SIDON)
#: Deeper stacks are answered the direct way: a template's text grows with the layers, and
#: every coefficient must stay below 2**16.
MAX_LAYERS = 16


def exponents(count: int) -> tuple[int, ...]:
    """The exponents of ``count`` distinct sizes' probes: a Sidon set shifted up so that a sum
    of two lies above every single exponent, and a sum of three above every sum of two (a
    degree-3 number then fails to read back, rather than passing for another polynomial).
    The fewer the sizes, the smaller the probes, and the shorter the text to read back."""
    shift = 2 * _SIDON[count - 1]
    return tuple(shift + s for s in _SIDON[:count])


Monomial = tuple[int, ...]  # indices of the sizes multiplied together; () for the constant
Polynomial = tuple[tuple[Monomial, int], ...]


def probes(count: int) -> tuple[int, ...]:
    """The probe value of each of ``count`` distinct sizes."""
    return tuple(_BASE**e for e in exponents(count))


def _monomials(count: int) -> dict[int, Monomial]:
    """Which product of sizes each exponent of 2**16 stands for, in a probe of ``count`` sizes."""
    found: dict[int, Monomial] = {0: ()}
    powers = exponents(count)
    for i, a in enumerate(powers):
        found[a] = (i,)
        for j, b in enumerate(powers[: i + 1]):
            found[a + b] = (j, i)
    return found


def read_back(number: int, monomials: dict[int, Monomial]) -> Polynomial | None:
    """The polynomial in the probes that equals ``number``, or None if no polynomial of degree
    at most 2 with coefficients in [0, 2**16) does."""
    width = (number.bit_length() + _BITS - 1) // _BITS
    digits = memoryview(number.to_bytes(2 * width, "little")).cast("B")
    terms = []
    for exponent in range(width):
        digit = digits[2 * exponent] | digits[2 * exponent + 1] << 8
        if digit:
            monomial = monomials.get(exponent)
            if monomial is None:
                return None
            terms.append((monomial, digit))
    return tuple(terms)


def _expression(poly: Polynomial) -> str:
    return " + ".join("*".join([str(c)] * (c != 1 or not m) + [f"x{i}" for i in m]) for m, c in poly) or "0"


# Each character beyond ASCII is written by a template as a control character (which JSON
# text never holds raw) and put back in the bytes that are written (restore): an ASCII text
# encodes by copying, where one with a single "·" in it is encoded a character at a time
# (6 µs of the 30 a 6 kB record took, before).
_FREE = [chr(c) for c in range(1, 32) if chr(c) not in "\t\n\r"]
_BEYOND_ASCII = re.compile("[^\x00-\x7f]")
STAND_INS: dict[str, str] = {}  # a character beyond ASCII -> the control character standing in for it


def _stand_in(char: str) -> str | None:
    if char not in STAND_INS:
        if len(STAND_INS) == len(_FREE):
            return None
        STAND_INS[char] = _FREE[len(STAND_INS)]
    return STAND_INS[char]


def restore(data: bytes) -> bytes:
    """``data`` (UTF-8) with every stand-in replaced by its character."""
    for char, stand_in in STAND_INS.items():
        data = data.replace(stand_in.encode(), char.encode())
    return data


def restore_text(text: str) -> str:
    """``text`` with every stand-in replaced by its character."""
    for char, stand_in in STAND_INS.items():
        text = text.replace(stand_in, char)
    return text


def compile_template(text: str, sizes: int) -> Callable[..., str] | None:
    """``text`` (written for the probes of ``sizes`` distinct sizes) as a function of the line
    and the real sizes, or None if a number in it does not read back. The function's text is
    ASCII: a character beyond it comes out as its stand-in (restore puts it back)."""
    if any(c in text for c in _FREE):
        return None
    if not text.isascii():
        chars = set(_BEYOND_ASCII.findall(text))
        table = {c: _stand_in(c) for c in chars}
        if None in table.values():
            return None
        for char, stand_in in table.items():
            text = text.replace(char, stand_in)  # str.translate takes a character at a time
    monomials = _monomials(sizes)
    # Every number at least as long as the smallest probe, cut out with the text around it; a
    # shorter one (and the hex digits of a \\u escape) is a constant, and stays as written.
    shortest = len(str(min(probes(sizes))))
    parts = re.split(f"([0-9]{{{shortest},}})", text)
    holes: dict[Polynomial, str] = {}
    read: dict[str, str | None] = {}  # each number's hole, or None for a long constant
    literals, names = [parts[0]], []  # the text between holes, and the holes
    for number, after in zip(parts[1::2], parts[2::2]):
        if number not in read:
            poly = read_back(int(number), monomials)
            if poly is None:
                return None
            read[number] = None if all(not m for m, _ in poly) else holes.setdefault(poly, f"h{len(holes)}")
        name = read[number]
        if name is None:
            literals[-1] += number + after
        else:
            names.append(name)
            literals.append(after)
    pieces = [repr(literals[0])]
    for name, literal in zip(names, literals[1:]):
        pieces += [f"f'{{{name}}}'", repr(literal)]
    arguments = ", ".join(["line"] + [f"x{i}" for i in range(sizes)])
    body = "".join(f"    {name} = str({_expression(poly)})\n" for poly, name in holes.items())
    # Adjacent literals and f-strings compile to one BUILD_STRING: the fastest way to join them.
    source = f"def fill({arguments}):\n{body}    return '{{\"line\":' f'{{line}}' " + " ".join(pieces) + "\n"
    namespace: dict[str, Any] = {}
    exec(compile(source, "<template>", "exec"), namespace)  # noqa: S102 - numbers, names, literals by repr
    return namespace["fill"]


class Pattern(NamedTuple):
    """A structure's sizes with a pattern of equal ones (pattern[i]: which distinct size is size i)."""

    key: Any
    pattern: tuple[int, ...]


class Seen(NamedTuple):
    """A structure (or pattern) without a template yet: how often it was seen, and the first
    spec of it, with the values a template would take and the direct answer."""

    count: int
    spec: Spec
    values: tuple[int, ...]
    direct: str


class Templates:
    """Whole answers for a stream of specs, from one template per structure and layout.

    ``write(spec)`` is the direct way: the answer's JSON text after the line number (the
    record ``{"line": n, ...}`` is ``'{"line":' + str(n) + write(spec)``); ``layout(spec)`` is
    its framework's Convention.layout.

    A template takes each size as given (inp, units, proj) as one variable, and is written
    from probes that all differ. Where the probes are laid out otherwise than the spec
    (PyTorch makes equal layers one module), the structure gets a template per pattern of
    equal sizes instead, with one variable per distinct size.

    A template costs about three direct answers to make, so it is made the second time its
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

    def __init__(self, write: Callable[[Spec], str], layout: Callable[[Spec], Any]) -> None:
        self._write, self._layout = write, layout
        self._forget()

    def _forget(self) -> None:
        self._fills: dict[Any, Callable[..., str] | None] = {}  # a template, or None: the direct way
        # A structure (or pattern) not decided yet: how often it was seen, and its first spec
        # and direct answer, which its template is held to.
        self._seen: dict[Any, Seen] = {}
        self._by_pattern: set[Any] = set()  # structures whose templates go by pattern of equal sizes
        self._held = self._made = self._used = 0

    def text(self, line: int, key: Any, first: Spec, sizes: tuple[int, ...]) -> str:
        """The record of ``line``, with stand-ins for characters beyond ASCII (restore):
        ``first`` with ``sizes`` (inp, units as given, then proj if it has one), which the
        caller validated; ``key`` names first's structure and the layout of these sizes."""
        fill = self._fills.get(key)
        if fill is not None:
            self._used += 1
            return fill(line, *sizes)
        if key not in self._by_pattern:
            return self._undecided(line, key, first, sizes, tuple(range(len(sizes))), sizes)
        distinct: dict[int, int] = {}
        pattern = tuple([distinct.setdefault(s, len(distinct)) for s in sizes])
        slot = Pattern(key, pattern)
        fill = self._fills.get(slot)
        if fill is not None:
            self._used += 1
            return fill(line, *distinct)
        return self._undecided(line, slot, first, sizes, pattern, tuple(distinct))

    def _undecided(self, line: int, slot: Any, first: Spec, sizes: tuple[int, ...], pattern: tuple[int, ...],
                   values: tuple[int, ...]) -> str:
        """The record of ``line`` for a ``slot`` without a template: from one made now, if it
        has been seen often enough, else the direct way. A template takes ``values`` (size i
        is values[pattern[i]])."""
        if slot not in self._fills:
            seen = self._seen.get(slot)
            if seen is None:
                if len(self._seen) >= self.LIMIT or self._held >= self.MAX_TEXT:
                    self._forget()
                real = _resized(first, sizes)
                direct = self._write(real)
                self._seen[slot] = Seen(1, real, values, direct)
                self._held += len(direct)
                return _standing(f'{{"line":{line}{direct}')
            if seen.count + 1 >= (2 if self._made <= self._used + self.SLACK else 8):
                del self._seen[slot]
                if len(self._fills) >= self.LIMIT:
                    self._forget()
                fill = self._fills[slot] = self._make(slot, first, pattern, seen)
                if fill is None:  # nothing made: the first answer's text is no longer held
                    self._held -= len(seen.direct)
                else:  # (not counted as a use: only later ones pay for the making)
                    return fill(line, *values)
            else:
                self._seen[slot] = seen._replace(count=seen.count + 1)
        return _standing(f'{{"line":{line}{self._write(_resized(first, sizes))}')

    def _make(self, slot: Any, first: Spec, pattern: tuple[int, ...], seen: Seen) -> Callable[..., str] | None:
        """The template of ``slot``, if it writes the direct answer of the first spec seen; else None."""
        if len(seen.values) > MAX_SIZES or first.layers > MAX_LAYERS:
            return None
        variables = probes(len(seen.values))
        probe = _resized(first, tuple(variables[i] for i in pattern))
        if self._layout(probe) != self._layout(seen.spec):
            if not isinstance(slot, Pattern):  # the structure's sizes go by pattern from now on
                self._by_pattern.add(slot)
            return None
        try:
            fill = compile_template(self._write(probe), len(seen.values))
        except (ValueError, ArithmeticError, RecursionError, MemoryError):  # a probe no answer can take
            return None
        if fill is None or restore_text(fill(0, *seen.values)) != '{"line":0' + seen.direct:
            return None
        self._made += 1
        return fill


def _standing(text: str) -> str:
    """``text`` with stand-ins for the characters that have them, as a template writes it: a
    stream of templates' records then stays ASCII, which encodes by copying."""
    if not text.isascii():
        for char, stand_in in STAND_INS.items():
            text = text.replace(char, stand_in)
    return text


def _resized(spec: Spec, sizes: tuple[int, ...]) -> Spec:
    """``spec`` with other sizes (inp, units: one size or one per layer, then proj if ``spec``
    has one), unvalidated: a probe is far beyond the sizes a spec accepts."""
    inp, *units = sizes
    proj = units.pop() if spec.proj is not None else None
    units = units * spec.layers if len(units) == 1 else units
    return spec.model_copy(update={"inp": inp, "units": tuple(units), "proj": proj})

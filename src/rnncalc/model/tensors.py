"""The tensor inventory of a spec: every trainable tensor, named and shaped as its framework does.

This list is the truth; every count rnncalc prints is a sum over it (as torchinfo sums its
``weight_ih_l0 [2048, 300]`` rows), so a row can be checked one-to-one against
``model.named_parameters()`` or a Keras layer's ``weights``. The formulas are read off the
tensors' symbolic dimensions too, so they are right for every convention by construction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property
from math import gcd, prod
from typing import TYPE_CHECKING, Any

from rnncalc import frameworks
from rnncalc.model.types import DIRECTION_AXIS, DIRECTIONS, Sym, Tensor

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rnncalc.model.spec import Spec

__all__ = ["DIRECTIONS", "Count", "Law", "LayerCount", "Tensor", "axes", "count", "grouping", "inventory", "law", "sizes_of"]


@dataclass(frozen=True)
class LayerCount:
    """The parameters of one layer in one direction, and the formula that gives them."""

    layer: int
    direction: str
    input_width: int
    units: int
    params: int
    terms: tuple[str, ...]
    symbolic_terms: tuple[str, ...]

    @property
    def formula(self) -> str:
        return " + ".join(self.terms)


@dataclass(frozen=True)
class Count:
    spec: Spec
    tensors: tuple[Tensor, ...]
    layers: tuple[LayerCount, ...]

    # Worked out once: a deep stack's views read each of these several times.
    @cached_property
    def total(self) -> int:
        # The rows share out every tensor's blocks, and blocks partition their tensor (laws the
        # contract tests check), so this is the sum of the tensor sizes without re-measuring them.
        return sum(row.params for row in self.layers)

    @cached_property
    def formula(self) -> str:
        """The whole count written out with the spec's numbers, ending in ``= total``."""
        return _written(self.layers, self.total)

    @property
    def symbolic(self) -> str:
        """The formula of one layer and direction in symbols, as a textbook would write it."""
        return " + ".join(self.layers[0].symbolic_terms)


def _written(layers: tuple[LayerCount, ...], total: int) -> str:
    by_layer: dict[int, list[LayerCount]] = defaultdict(list)
    for row in layers:
        by_layer[row.layer].append(row)
    keys = [(rows[0].input_width, rows[0].units) for rows in by_layer.values()]
    texts = [_grouped(rows) for rows in by_layer.values()]
    return _stacked([(n, texts[start]) for start, n in _alike(keys)], total)


#: A run of this many layers that read alike, or more, is written once, times the run:
#: ``2 · 4 · 3 · (2 + 3 + 1) + 499 × 2 · 4 · 3 · (6 + 3 + 1) = 71880``. Shorter runs are
#: written out, so a stack of up to five layers reads as it always did (the first layer takes
#: the input, so it reads otherwise than the rest unless inp is what a layer hands on).
GROUPED = 5


def _alike(keys: Sequence[Any]) -> list[tuple[int, int]]:
    """(first, count) for each run of equal ``keys`` in order: layers that read alike."""
    runs: list[tuple[int, int]] = []
    for k, key in enumerate(keys):
        if runs and keys[runs[-1][0]] == key:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((k, 1))
    return runs


def grouping(spec: Spec) -> tuple[tuple[int, int], ...]:
    """The runs of layers that count.formula writes as one (first, count), for layers whose
    input width and units are equal: what of a spec's sizes decides the formula's form."""
    if spec.layers < GROUPED:
        return ()
    keys = [(spec.input_width(k), spec.units[k]) for k in range(spec.layers)]
    return tuple(run for run in _alike(keys) if run[1] >= GROUPED)


def _stacked(runs: Sequence[tuple[int, str]], total: int) -> str:
    """A stack's formula from (how many layers, one layer's text) in order, ending in ``= total``."""
    parts = []
    for n, text in runs:
        if n >= GROUPED:
            parts.append(f"{n} × " + (f"({text})" if _is_sum(text) else text))
        else:
            parts += [text] * n
    return " + ".join(parts) + f" = {total}"


def _grouped(rows: list[LayerCount]) -> str:
    # Both directions of a layer have the same shapes, so a bidirectional layer is "2 · ...".
    first = rows[0]
    if len(rows) == 1 or any(r.terms != first.terms for r in rows):
        return " + ".join(r.formula for r in rows)
    return f"{len(rows)} · " + (first.formula if len(first.terms) == 1 else f"({first.formula})")


def _is_sum(text: str) -> bool:
    """Whether ``text`` (one layer's formula) adds terms outside any parentheses."""
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if depth == 0 and text.startswith(" + ", i):
            return True
    return False


def inventory(spec: Spec | dict[str, Any]) -> tuple[Tensor, ...]:
    """Every trainable tensor of ``spec`` (a Spec, or its fields), in the framework's own order."""
    spec = _parsed(spec)
    return tuple(frameworks.get(spec.framework).tensors(spec))


def _parsed(spec: Spec | dict[str, Any]) -> Spec:
    """``spec`` as a Spec: its fields parsed (parse_spec's SpecError for anything else)."""
    from rnncalc.model.spec import Spec, parse_spec

    return spec if isinstance(spec, Spec) else parse_spec(spec)


# Formulas from symbols. A tensor's size is a polynomial in named sizes: the product over its
# axes of each axis's sum of products. One direction's share drops the direction axis.

Term = tuple[Sym, ...]


def _terms(tensor: Tensor) -> list[Term]:
    terms: list[Term] = [()]
    for extent in tensor.dims:
        terms = [t + tuple(s for s in part if s.symbol != DIRECTION_AXIS) for t in terms for part in extent]
    return terms


def _without(term: Term, common: Term) -> Term:
    rest, drop = list(term), [s.symbol for s in common]
    for symbol in drop:
        rest.pop(next(i for i, s in enumerate(rest) if s.symbol == symbol))
    return tuple(rest)


def _common(terms: Sequence[Term]) -> Term:
    """The factors every term shares (by symbol), in the first term's order."""
    common = list(terms[0])
    for term in terms[1:]:
        pool = [s.symbol for s in term]
        kept = []
        for s in common:
            if s.symbol in pool:
                pool.remove(s.symbol)
                kept.append(s)
        common = kept
    return tuple(common)


def _product(term: Term, symbolic: bool) -> str:
    return " · ".join(s.symbol if symbolic else str(s.value) for s in term) or "1"


def _merged(terms: Sequence[Term]) -> list[tuple[int, Term]]:
    """Like terms added up: (coefficient, named factors), in first-appearance order."""
    merged: dict[tuple[str, ...], tuple[int, Term]] = {}
    for term in terms:
        numbers = prod(s.value for s in term if s.symbol.isdigit())
        named = tuple(s for s in term if not s.symbol.isdigit())
        key = tuple(s.symbol for s in named)
        merged[key] = (merged.get(key, (0, named))[0] + numbers, named)
    return list(merged.values())


def _sum(merged: list[tuple[int, Term]], symbolic: bool) -> str:
    return " + ".join(_product(tuple(([Sym.of(c)] if c != 1 or not named else []) + list(named)), symbolic)
                      for c, named in merged)


def _factored(terms: Sequence[Term], symbolic: bool) -> str:
    """G · units · (inp + units + 2): shared factors out, like terms merged, and a number every
    merged term shares pulled out too (per-gate tensors: 4 · inp + 4 · units + 4 -> 4 · (...))."""
    common = sorted(_common(terms), key=lambda s: not s.symbol.isdigit())  # numbers first: 4 · units
    # The textbook's order, whatever order the tensors come in: input, recurrent, then biases.
    merged = sorted(_merged([_without(term, tuple(common)) for term in terms]),
                    key=lambda m: (not any(s.symbol == "inp" for s in m[1]), not m[1]))
    shared = gcd(*(c for c, _ in merged))
    if shared > 1:
        merged = [(c // shared, named) for c, named in merged]
        common.insert(0, Sym.of(shared))
    inner = _sum(merged, symbolic)
    if not common:
        return inner
    head = _product(tuple(common), symbolic)
    return f"{head} · ({inner})" if len(merged) > 1 else (head if inner == "1" else f"{head} · {inner}")


def _is_gated(tensor: Tensor) -> bool:
    return any(b.gate is not None and b.role != "peephole" for b in tensor.blocks)


def _formula(tensors: Sequence[Tensor], symbolic: bool) -> tuple[str, ...]:
    """One direction of one layer: the gates' weights and biases factored together
    (G · units · (inp + units + 2)), then the rest (projection, peepholes) as a sum."""
    gated = [t for t in tensors if _is_gated(t)]
    rest = [t for t in tensors if not _is_gated(t)]
    out = [_factored([term for t in gated for term in _terms(t)], symbolic)] if gated else []
    if rest:
        out.append(_sum(_merged([term for t in rest for term in _terms(t)]), symbolic))
    return tuple(out)


def count(spec: Spec | dict[str, Any]) -> Count:
    """The inventory of ``spec`` (a Spec, or its fields) with per-layer, per-direction sums and formulas.

    Linear in the layers: one pass files every tensor under the (layer, direction) rows its
    blocks belong to, and a formula is worked out once per distinct set of tensor dimensions
    (the layers of a deep stack repeat a handful of them), not once per row.
    """
    spec = _parsed(spec)
    tensors = inventory(spec)
    mine: dict[tuple[int, str], list[Tensor]] = defaultdict(list)
    shapes: dict[tuple[int, str], list[tuple[Any, bool]]] = defaultdict(list)
    params: dict[tuple[int, str], int] = defaultdict(int)
    # Layers cut alike share their blocks (frameworks.base.split): sum each cut once.
    cuts: dict[int, tuple[bool, dict[str, int]]] = {}
    for t in tensors:
        cut = cuts.get(id(t.blocks))
        if cut is None:
            sizes: dict[str, int] = {}
            for b in t.blocks:
                sizes[b.direction] = sizes.get(b.direction, 0) + b.size
            cut = cuts[id(t.blocks)] = (_is_gated(t), sizes)
        gated, sizes = cut
        for direction, size in sizes.items():
            row = (t.layer, direction)
            params[row] += size
            mine[row].append(t)
            shapes[row].append((t.dims, gated))  # all that _formula reads of a tensor
    formulas: dict[tuple[Any, ...], tuple[str, ...]] = {}
    rows: list[LayerCount] = []
    for layer in range(spec.layers):
        for direction in DIRECTIONS[: spec.directions]:
            key = tuple(shapes[layer, direction])
            if key not in formulas:
                formulas[key] = _formula(mine[layer, direction], symbolic=False)
            # Only the first row's symbols are shown (Count.symbolic): the others need none.
            symbols = _formula(mine[layer, direction], symbolic=True) if not rows else ()
            rows.append(LayerCount(layer, direction, spec.input_width(layer), spec.units[layer],
                                   params[layer, direction], formulas[key], symbols))
    return Count(spec=spec, tensors=tensors, layers=tuple(rows))


#: A stack of equal layers deeper than this is counted from its first two layers.
_DEEP = 3


def total_and_formula(spec: Spec) -> tuple[int, str]:
    """count(spec).total and count(spec).formula, at a cost that does not grow with depth.

    In a stack of equal layers every layer after the first has the same tensors as the second
    (its input is the previous layer's output, the same width each time; only the names carry
    the layer's number), so their rows are the second layer's, renumbered. The first two layers
    are counted from a real inventory. tests/test_tensors_scaling.py holds this to count() for
    every convention and option.
    """
    if spec.layers <= _DEEP or len(set(spec.units)) > 1:
        c = count(spec)
        return c.total, c.formula
    two = count(spec.model_copy(update={"layers": 2, "units": spec.units[:2]}))
    first = [row for row in two.layers if row.layer == 0]
    later = [row for row in two.layers if row.layer == 1]
    total = sum(row.params for row in first) + (spec.layers - 1) * sum(row.params for row in later)
    # As _written writes the rows: the later layers all alike, the first too where it reads as they do.
    if (first[0].input_width, first[0].units) == (later[0].input_width, later[0].units):
        return total, _stacked([(spec.layers, _grouped(later))], total)
    return total, _stacked([(1, _grouped(first)), (spec.layers - 1, _grouped(later))], total)



# The count as one exact law. Every symbol of a tensor's dimensions names a size (types.Sym):
# "inp" is the layer's input width, "units" its units, "proj" the projection, a number a
# number, and the direction axis the number of directions. Each gets its identity from the
# spec's wiring: a variable of the spec's sizes (inp, units[k], proj), or for a later layer's
# input the width the previous layer hands on (D · units[k-1], or D · proj). A tensor's axes are
# then linear polynomials of the sizes, its size their product, and the count their sum: the
# exact polynomial of the structure, read off one inventory, never fitted.
#
# Variables are indices into a spec's sizes (inp, units[0], ..., units[L-1], proj or 0), the
# tuple a batch fills in: 0 is inp, 1 + k is units[k], L + 1 is proj.

Monomial = tuple[int, ...]  # the variables multiplied together, sorted; () for the constant
Polynomial = dict[Monomial, int]


def sizes_of(spec: Spec) -> tuple[int, ...]:
    """The values of ``spec``'s variables: (inp, units[0], ..., units[L-1], proj or 0)."""
    return (spec.inp, *spec.units, spec.proj or 0)


def _add(into: Polynomial, p: Polynomial, times: int = 1) -> None:
    for m, c in p.items():
        into[m] = into.get(m, 0) + c * times


def _times(p: Polynomial, q: Polynomial) -> Polynomial:
    out: Polynomial = {}
    for a, x in p.items():
        for b, y in q.items():
            m = tuple(sorted(a + b))
            out[m] = out.get(m, 0) + x * y
    return out


def _value(p: Polynomial, sizes: Sequence[int]) -> int:
    return sum(c * prod(sizes[i] for i in m) for m, c in p.items())


def _symbol(spec: Spec, layer: int, s: Sym) -> Polynomial:
    """The identity of one symbol in a tensor of ``layer``, as a polynomial of the sizes."""
    proj = spec.layers + 1
    if s.symbol == "units":
        p: Polynomial = {(1 + layer,): 1}
    elif s.symbol == "proj":
        p = {(proj,): 1}
    elif s.symbol == "inp" and layer == 0:
        p = {(0,): 1}
    elif s.symbol == "inp":  # what the layer before hands on: its state, per direction joined
        state = spec.state_width(layer - 1)
        p = {(proj if spec.proj else layer,): spec.output_width(layer - 1) // state}
    else:  # a number, or the direction axis: a constant of the structure
        return {(): s.value}
    if _value(p, sizes_of(spec)) != s.value:  # a symbol used for another size than its name says
        raise ValueError(f"{s.symbol} = {s.value} in layer {layer} is not the size it names")
    return p


def axes(spec: Spec, tensor: Tensor) -> tuple[Polynomial, ...]:
    """Each axis of ``tensor`` (of ``spec``'s inventory) as a polynomial of the sizes."""
    out = []
    for extent in tensor.dims:
        axis: Polynomial = {}
        for term in extent:
            product: Polynomial = {(): 1}
            for s in term:
                product = _times(product, _symbol(spec, tensor.layer, s))
            _add(axis, product)
        out.append(axis)
    return tuple(out)


def _layer_laws(spec: Spec) -> list[Polynomial]:
    """The count of each layer of ``spec`` as a polynomial, from its inventory."""
    laws: list[Polynomial] = [{} for _ in range(spec.layers)]
    seen: dict[tuple[Any, int], Polynomial] = {}  # tensors alike in every layer but the first
    for t in inventory(spec):
        key = (t.dims, t.layer)
        if key not in seen:
            size: Polynomial = {(): 1}
            for axis in axes(spec, t):
                size = _times(size, axis)
            seen[key] = size
        _add(laws[t.layer], seen[key])
    return laws


def _shifted(p: Polynomial, by: int, proj: int) -> Polynomial:
    """Layer 1's law as layer 1 + ``by``'s: every units index moved on, inp and proj kept."""
    return {tuple(v if v in (0, proj) else v + by for v in m): c for m, c in p.items()}


@dataclass(frozen=True)
class Law:
    """The parameter count of a structure as an exact polynomial of its sizes (sizes_of).

    Held as layer 0's polynomial and layer 1's: every layer k > 1 is layer 1's with the units
    indices moved on by k - 1 (law()), so a law costs the same at any depth. ``polynomial``
    adds them all up; ``collapsed`` reads the law in fewer unknowns without doing so. A
    structure is every field of a spec but inp, units and proj: one law holds for every size,
    so it is read off once (law()) and evaluated per spec.
    """

    depth: int
    first: Polynomial
    later: Polynomial  # layer 1's ({} for one layer)

    @property
    def _proj(self) -> int:
        return self.depth + 1

    @cached_property
    def layers(self) -> tuple[Polynomial, ...]:
        """Each layer's count as a polynomial of the sizes."""
        return (self.first, *(_shifted(self.later, k - 1, self._proj) for k in range(1, self.depth)))

    @cached_property
    def polynomial(self) -> Polynomial:
        whole: Polynomial = {}
        for p in self.layers:
            _add(whole, p)
        return {m: c for m, c in whole.items() if c}

    @cached_property
    def _terms(self) -> tuple[tuple[int, int, int], ...]:
        """(c, i, j) for each term c · s[i] · s[j], with s the sizes and a 1 after them: a
        linear term is c · s[i] · 1, the constant c · 1 · 1."""
        one = self.depth + 2
        if any(len(m) > 2 for m in self.polynomial):
            raise ValueError("a count of degree above 2")
        return tuple((c, m[0] if m else one, m[1] if len(m) > 1 else one) for m, c in self.polynomial.items())

    def __call__(self, sizes: Sequence[int]) -> int:
        """The count at ``sizes`` (sizes_of)."""
        s = (*sizes, 1)
        return sum([c * s[i] * s[j] for c, i, j in self._terms])

    def collapsed(self, sizes: Sequence[int], names: dict[str, Sequence[int]]) -> dict[tuple[str, ...], int]:
        """The law in fewer unknowns: every variable listed under a name becomes that name (all
        units of a stack as one "units"), the others take their values in ``sizes``. Keys are
        the names multiplied (sorted), () for the constant: {("inp", "units"): 4, ...}. Layers
        whose units read alike (the same name, or the same value) are read once and counted."""
        name_of = {v: name for name, variables in names.items() for v in variables}
        proj = self._proj
        out: dict[tuple[str, ...], int] = {}

        def fold(p: Polynomial, times: int, shift: int) -> None:
            for m, c in p.items():
                key, value = [], c * times
                for v in m:
                    w = v + shift if 0 < v < proj else v
                    name = name_of.get(w)
                    if name is None:
                        value *= sizes[w]
                    else:
                        key.append(name)
                k = tuple(sorted(key))
                out[k] = out.get(k, 0) + value

        def read(i: int) -> tuple[bool, Any]:
            return (True, name_of[i]) if i in name_of else (False, sizes[i])

        fold(self.first, 1, 0)
        alike: dict[tuple[Any, ...], list[int]] = {}  # layers k > 0 by what their units read as
        for k in range(1, self.depth):
            alike.setdefault((read(k), read(k + 1)), [k, 0])[1] += 1
        for k, times in alike.values():
            fold(self.later, times, k - 1)
        return {k: c for k, c in out.items() if c}

    def along(self, sizes: Sequence[int], unknown: Sequence[int]) -> tuple[int, int, int]:
        """(a, b, c): the count as a + b·t + c·t² where every variable in ``unknown`` is t and
        the others take their values in ``sizes``."""
        p = self.collapsed(sizes, {"t": unknown})
        return p.get((), 0), p.get(("t",), 0), p.get(("t", "t"), 0)


def law(spec: Spec) -> Law:
    """The exact law of ``spec``'s structure, read off its inventory symbolically.

    A stack deeper than two layers is read off its first two: every later layer has the second
    one's tensors, its input the previous layer's output (only the names carry the number), so
    its law is layer 1's with the units indices moved on. The cost does not grow with depth.
    """
    if spec.layers <= 2:
        laws = _layer_laws(spec)
        return Law(spec.layers, laws[0], laws[1] if spec.layers == 2 else {})
    two = _layer_laws(spec.model_copy(update={"layers": 2, "units": spec.units[:2]}))
    proj_two, proj = 3, spec.layers + 1
    first, later = ({tuple(proj if v == proj_two else v for v in m): c for m, c in p.items()} for p in two)
    return Law(spec.layers, first, later)


def total(spec: Spec) -> int:
    """The parameter count of ``spec``, as count(spec).total, from its law."""
    return law(spec)(sizes_of(spec))

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
from rnncalc.errors import SpecError
from rnncalc.types import DIRECTION_AXIS, DIRECTIONS, Sym, Tensor

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from rnncalc.spec import Spec

__all__ = ["DIRECTIONS", "Count", "LayerCount", "Tensor", "count", "inventory"]


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
    return " + ".join(_grouped(rows) for rows in by_layer.values()) + f" = {total}"


def _grouped(rows: list[LayerCount]) -> str:
    # Both directions of a layer have the same shapes, so a bidirectional layer is "2 · ...".
    first = rows[0]
    if len(rows) == 1 or any(r.terms != first.terms for r in rows):
        return " + ".join(r.formula for r in rows)
    return f"{len(rows)} · " + (first.formula if len(first.terms) == 1 else f"({first.formula})")


def inventory(spec: Spec) -> tuple[Tensor, ...]:
    """Every trainable tensor of ``spec``, in the framework's own order."""
    return tuple(frameworks.get(spec.framework).tensors(spec))


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


def count(spec: Spec) -> Count:
    """The inventory of ``spec`` with per-layer, per-direction sums and formulas.

    Linear in the layers: one pass files every tensor under the (layer, direction) rows its
    blocks belong to, and a formula is worked out once per distinct set of tensor dimensions
    (the layers of a deep stack repeat a handful of them), not once per row.
    """
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
    rows = []
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


# Totals in bulk (batch, sweep, summaries). For a fixed structure (everything but the sizes), every
# axis of every tensor is a sum of sizes times constants (4·units, inp + units), so each axis
# is a linear function of the sizes (inp, each layer's units, proj) and the total, a sum of
# products of axes, is a quadratic. The axes are read off the inventory itself, at a base
# point and one step in each size, once per structure; the total is expanded from them and
# checked at a further point where every size differs. A structure that does not fit (none
# does today) is counted from its inventory.

_QUADRATICS: dict[tuple[Any, ...], Any] = {}
#: Deeper stacks are counted from their inventory: one fit costs an inventory per size.
_FIT_LAYERS = 8


def _sizes(spec: Spec) -> tuple[int, ...]:
    return (spec.inp, *spec.units, spec.proj or 0)


def _with_sizes(spec: Spec, sizes: tuple[int, ...]) -> Spec:
    inp, *units, proj = sizes
    return spec.model_copy(update={"inp": inp, "units": tuple(units), "proj": proj or None})


def _exact(spec: Spec) -> int:
    if spec.layers > _DEEP and len(set(spec.units)) == 1:
        return total_and_formula(spec)[0]
    return sum(t.params for t in inventory(spec))  # no formula to write: cheaper than count()


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
    # As _written writes the rows, one layer's group after another: the later ones all alike.
    return total, " + ".join([_grouped(first)] + [_grouped(later)] * (spec.layers - 1)) + f" = {total}"


Polynomial = dict[tuple[int, ...], int]  # (indices of the sizes multiplied) -> coefficient


def _times(p: Polynomial, q: Polynomial) -> Polynomial:
    out: Polynomial = defaultdict(int)
    for a, x in p.items():
        for b, y in q.items():
            out[tuple(sorted(a + b))] += x * y
    return out


def _fit(spec: Spec) -> Callable[[tuple[int, ...]], int] | None:
    """The total of ``spec``'s structure as a function of its sizes, or None if it does not fit."""
    base = (1, *([4] * spec.layers), 1 if spec.proj else 0)  # valid for every convention: proj < units
    active = [i for i in range(len(base)) if i < len(base) - 1 or spec.proj]

    def shapes(step: int | None) -> list[tuple[int, ...]]:
        """Every tensor's shape, with the sizes at the base point, or one step on in one size."""
        sizes = tuple(b + (i == step) for i, b in enumerate(base))
        return [t.shape for t in inventory(_with_sizes(spec, sizes))]

    at_base = shapes(None)
    stepped = {i: shapes(i) for i in active}
    if any([len(s) for s in other] != [len(s) for s in at_base] for other in stepped.values()):
        return None  # the tensors differ from one point to the next: nothing to line up
    # The total: a sum over tensors of the product of their axes, each axis its length at the
    # base point plus its slope in each size times that size's distance from the base.
    total_of: Polynomial = defaultdict(int)
    for t, axes in enumerate(at_base):
        product: Polynomial = {(): 1}
        for axis, length in enumerate(axes):
            at_zero = length - sum((stepped[i][t][axis] - length) * base[i] for i in active)
            slopes = {(i,): stepped[i][t][axis] - length for i in active if stepped[i][t][axis] != length}
            product = _times(product, {(): at_zero, **slopes})
        for monomial, c in product.items():
            total_of[monomial] += c
    if any(len(m) > 2 for m, c in total_of.items() if c):
        return None
    # One expression, compiled: a batch evaluates it once a spec (a loop over the terms took
    # a tenth of a batch of totals). Only integers and indices go into its text.
    terms = [str(int(c)) + "".join(f" * s[{int(i)}]" for i in m) for m, c in total_of.items() if c]
    total = eval("lambda s: " + (" + ".join(terms) or "0"))

    probe = tuple(b + 3 + i for i, b in enumerate(base)) if spec.proj else tuple(b + 2 + i for i, b in enumerate(base))
    probe = probe if spec.proj else (*probe[:-1], 0)
    return total if total(probe) == _exact(_with_sizes(spec, probe)) else None


def totaller(spec: Spec) -> Callable[[tuple[int, ...]], int] | None:
    """The total of ``spec``'s structure as a function of its sizes (inp, each layer's units,
    proj or 0), read off the inventory once per structure; None where only the inventory can
    count it (a deep stack, a structure that is not quadratic)."""
    if spec.layers > _FIT_LAYERS:  # a fit takes an inventory per size: for deep stacks, count directly
        return None
    key = (spec.framework, spec.cell, spec.layers, spec.bidirectional, spec.merge_mode, spec.bias, spec.reset_after,
           spec.proj is not None, spec.peepholes, spec.api)
    if key not in _QUADRATICS:
        if len(_QUADRATICS) > 4096:
            _QUADRATICS.clear()
        try:
            _QUADRATICS[key] = _fit(spec)
        except SpecError:  # a probe size this structure refuses: count it the slow way
            _QUADRATICS[key] = None
    return _QUADRATICS[key]


def total(spec: Spec) -> int:
    """The parameter count of ``spec``, as count(spec).total, without building its tensors
    (after the first spec of each structure)."""
    fitted = totaller(spec)
    return fitted(_sizes(spec)) if fitted is not None else _exact(spec)

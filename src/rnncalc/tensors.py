"""The tensor inventory of a spec: every trainable tensor, named and shaped as its framework does.

This list is the truth; every count rnncalc prints is a sum over it (as torchinfo sums its
``weight_ih_l0 [2048, 300]`` rows), so a row can be checked one-to-one against
``model.named_parameters()`` or a Keras layer's ``weights``.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from typing import TYPE_CHECKING, Literal

from rnncalc import frameworks

if TYPE_CHECKING:
    from rnncalc.spec import Spec

__all__ = ["DIRECTIONS", "Count", "LayerCount", "Tensor", "count", "inventory"]

DIRECTIONS = ("forward", "backward")

Role = Literal["input_weights", "recurrent_weights", "bias", "input_bias", "recurrent_bias", "projection"]


@dataclass(frozen=True)
class Tensor:
    """One trainable tensor. ``gates`` lists the gates packed along axis ``gate_axis``, in order."""

    name: str
    shape: tuple[int, ...]
    layer: int
    direction: str
    role: Role
    gates: tuple[str, ...] = ()
    gate_axis: int | None = None

    @property
    def params(self) -> int:
        return prod(self.shape)


@dataclass(frozen=True)
class LayerCount:
    """The parameters of one layer in one direction, and the formula that gives them."""

    layer: int
    direction: str
    input_width: int
    units: int
    params: int
    terms: tuple[str, ...]

    @property
    def formula(self) -> str:
        return " + ".join(self.terms)


@dataclass(frozen=True)
class Count:
    spec: Spec
    tensors: tuple[Tensor, ...]
    layers: tuple[LayerCount, ...]

    @property
    def total(self) -> int:
        return sum(t.params for t in self.tensors)

    @property
    def formula(self) -> str:
        """The whole count written out with the spec's numbers, ending in ``= total``."""
        terms = [_grouped(self.layers, layer) for layer in range(self.spec.layers)]
        return " + ".join(terms) + f" = {self.total}"

    @property
    def symbolic(self) -> str:
        """The per-layer formula in symbols, as a textbook would write it."""
        return frameworks.get(self.spec.framework).symbolic(self.spec)


def _grouped(rows: tuple[LayerCount, ...], layer: int) -> str:
    # Both directions of a layer have the same shapes, so a bidirectional layer is "2 · ...".
    mine = [r for r in rows if r.layer == layer]
    if len(mine) == 1:
        return mine[0].formula
    return "2 · " + (mine[0].formula if len(mine[0].terms) == 1 else f"({mine[0].formula})")


def inventory(spec: Spec) -> tuple[Tensor, ...]:
    """Every trainable tensor of ``spec``, in the framework's own order."""
    convention = frameworks.get(spec.framework)
    return tuple(
        tensor
        for layer in range(spec.layers)
        for direction in DIRECTIONS[: spec.directions]
        for tensor in convention.layer_tensors(spec, layer, direction)
    )


def count(spec: Spec) -> Count:
    """The inventory of ``spec`` with per-layer, per-direction sums and formulas."""
    convention = frameworks.get(spec.framework)
    tensors = inventory(spec)
    rows = tuple(
        LayerCount(
            layer=layer,
            direction=direction,
            input_width=spec.input_width(layer),
            units=spec.units[layer],
            params=sum(t.params for t in tensors if t.layer == layer and t.direction == direction),
            terms=convention.terms(spec, layer),
        )
        for layer in range(spec.layers)
        for direction in DIRECTIONS[: spec.directions]
    )
    return Count(spec=spec, tensors=tensors, layers=rows)

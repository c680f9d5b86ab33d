"""What flows through the network: shapes at one time step and over the whole sequence.

A dimension is an int when the user gave it (--batch, --steps) and otherwise a symbol as the
framework writes it: PyTorch's docs say B (batch) and T (steps); Keras prints None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnncalc import frameworks
from rnncalc.model import knobs
from rnncalc.errors import SpecError
from rnncalc.model.spec import Run, having
from rnncalc.model.types import DIRECTIONS, Dim, Named, shape_str

if TYPE_CHECKING:
    from rnncalc.frameworks.base import Convention
    from rnncalc.model.spec import Spec

__all__ = ["Dim", "Named", "Run", "Shapes", "StepShapes", "check_run", "lead", "shape_str", "shapes"]

#: Run fields that are choices of a framework rather than sizes of the data.
FLAGS = tuple(knob.name for knob in knobs.RUN if knob.is_flag)


def check_run(convention: Convention, run: Run) -> None:
    """Refuse run options this framework does not have, naming the ones that do."""
    for field in FLAGS:
        if getattr(run, field) and field not in convention.run_options:
            raise SpecError(field, f"is an option of {having(field)}, "
                                   f"not of {convention.title}", True)


@dataclass(frozen=True)
class StepShapes:
    """One cell step of one layer and direction: inputs, gates, new states."""

    layer: int
    direction: str
    tensors: tuple[Named, ...]


@dataclass(frozen=True)
class Shapes:
    spec: Spec
    run: Run
    steps: tuple[StepShapes, ...]
    input: Named
    #: What the framework's layer call returns, in its return order.
    outputs: tuple[Named, ...]


def step(spec: Spec, layer: int, direction: str, lead: tuple[Dim, ...]) -> StepShapes:
    """Shapes in one step; ``lead`` is the batch dimension, or () for unbatched input."""
    convention = frameworks.get(spec.framework)
    units, width = spec.units[layer], spec.state_width(layer)
    cell = spec.kind
    letters = convention.letters[spec.cell]

    def named(name: str, size: int, note: str) -> Named:
        return Named(name, (*lead, size), note)

    tensors = [
        named("x_t", spec.input_width(layer),
              "the input at step t" if layer == 0 else "the previous layer's output at step t"),
        named("h_{t-1}", width, "the previous hidden state" + (" (projected)" if spec.proj else "")),
    ]
    if cell.has_cell_state:
        tensors.append(named("c_{t-1}", units, "the previous cell state"))
    if len(letters) > 1:
        packing = "|".join(letter for _, letter in letters)
        tensors.append(named("gates", len(letters) * units, f"x_t·W + h_(t-1)·U + b, packed {packing}"))
        tensors += [named(f"gate {letter}", units, cell.roles[gate]) for gate, letter in letters]
    else:
        tensors.append(named("pre-activation", units, "x_t·W + h_(t-1)·U + b, before tanh"))
    if cell.has_cell_state:
        tensors.append(named("c_t", units, "the new cell state"))
    note = "the new hidden state = this step's output"
    tensors.append(named("h_t", width, note + (", projected from units by the projection" if spec.proj else "")))
    return StepShapes(layer, direction, tuple(tensors))


def lead(spec: Spec, run: Run) -> tuple[Dim, ...]:
    """The batch dimension as the framework writes it: (4,), (B,), (None,), or () unbatched."""
    if run.unbatched:
        return ()
    return (run.batch if run.batch is not None else frameworks.get(spec.framework).unknown_batch,)


def shapes(spec: Spec, run: Run = Run()) -> Shapes:
    """Per-step and whole-sequence shapes of ``spec`` run as ``run`` says."""
    convention = frameworks.get(spec.framework)
    check_run(convention, run)
    steps = tuple(
        step(spec, layer, direction, lead(spec, run))
        for layer in range(spec.layers)
        for direction in DIRECTIONS[: spec.directions]
    )
    returns = convention.returns(spec, run)
    return Shapes(spec, run, steps, returns.input, returns.outputs)

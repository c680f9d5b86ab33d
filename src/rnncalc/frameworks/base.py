"""What every framework convention provides, and the count formula they share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from rnncalc.shapes import Dim, Named, Run
    from rnncalc.spec import Spec
    from rnncalc.tensors import Tensor

__all__ = ["Convention"]


class Convention:
    """A framework's way of laying out a recurrent layer's weights.

    Subclasses name the tensors (``layer_tensors``), order the gates (``gate_order``) and say
    how many bias vectors each gate has (``bias_vectors``); the formula follows from those.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    default_reset_after: ClassVar[bool] = True
    #: How the framework writes a batch or sequence length it does not know yet.
    unknown_batch: ClassVar[Dim]
    unknown_steps: ClassVar[Dim]
    gate_order: ClassVar[dict[str, tuple[str, ...]]]

    def validate(self, spec: Spec) -> None:
        """Raise SpecError for what this framework cannot build."""

    def validate_run(self, spec: Spec, run: Run) -> None:
        """Raise SpecError for run options this framework does not have."""

    def sequence(self, spec: Spec, run: Run) -> tuple[Named, list[Named]]:
        """The input, and what the layer call returns for it, in the framework's return order."""
        raise NotImplementedError

    def why(self, spec: Spec) -> str:
        """One line on what sets this convention's count apart, for --framework all."""
        raise NotImplementedError

    def variants(self, fields: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        """The versions of ``fields`` worth comparing in this convention, with labels."""
        return [(self.name, {**fields, "framework": self.name})]

    def bias_vectors(self, spec: Spec) -> int:
        """Bias vectors of length G·units per layer and direction."""
        raise NotImplementedError

    def layer_tensors(self, spec: Spec, layer: int, direction: str) -> list[Tensor]:
        raise NotImplementedError

    def terms(self, spec: Spec, layer: int) -> tuple[str, ...]:
        """One direction of ``layer`` as products: ``G · units · (input + recurrent + biases)``."""
        gates, units = spec.kind.gates, spec.units[layer]
        biases = self.bias_vectors(spec)
        widths = [spec.input_width(layer), spec.state_width(layer)] + ([biases] if biases else [])
        product = f"{units} · ({' + '.join(map(str, widths))})"
        head = f"{gates} · {product}" if gates > 1 else product
        if spec.proj:
            return (head, f"{spec.proj} · {units}")
        return (head,)

    def symbolic(self, spec: Spec) -> str:
        """The same formula in symbols, for one layer and direction."""
        b = self.bias_vectors(spec)
        inner = "inp + " + ("proj" if spec.proj else "units") + (f" + {b}" if b else "")
        head = f"{spec.kind.gates} · units · ({inner})" if spec.kind.gates > 1 else f"units · ({inner})"
        return head + (" + proj · units" if spec.proj else "")

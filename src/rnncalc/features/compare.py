"""The same network counted in every convention, each with the reason it differs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rnncalc import frameworks
from rnncalc.errors import SpecError
from rnncalc.model.spec import parse_spec
from rnncalc.model.tensors import Count, count

__all__ = ["Comparison", "compare"]


@dataclass(frozen=True)
class Comparison:
    label: str
    framework: str
    count: Count | None = None
    #: Why this convention cannot build the network (e.g. Keras has no proj), if it cannot.
    error: SpecError | None = None

    @property
    def why(self) -> str:
        return frameworks.get(self.framework).why(self.count.spec) if self.count else ""


def compare(fields: dict[str, Any], names: tuple[str, ...]) -> list[Comparison]:
    """Count ``fields`` (a spec without its framework) in each convention of ``names``."""
    rows = []
    variants = [v for name in names for v in frameworks.get(name).variants(fields)]
    for label, variant in variants:
        try:
            rows.append(Comparison(label, variant["framework"], count(parse_spec(variant))))
        except SpecError as err:
            rows.append(Comparison(label, variant["framework"], error=err))
    if all(row.error for row in rows):
        raise rows[0].error  # type: ignore[misc]  # the spec is wrong everywhere: say why once
    return rows

"""rnncalc: exact sizes, tensors and shapes of recurrent networks, without a framework.

    >>> from rnncalc import parse_spec, count
    >>> count(parse_spec({"cell": "lstm", "inp": 2, "units": 3})).total
    72

Importing this package is cheap: the pydantic model and the conventions load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Count", "Run", "Spec", "SpecError", "Tensor", "__version__", "answer", "check", "count", "explain",
           "check_text", "inventory", "parse_spec", "shapes"]

if TYPE_CHECKING:
    from rnncalc.check import check, check_text
    from rnncalc.errors import SpecError
    from rnncalc.explain import explain
    from rnncalc.shapes import Run, shapes
    from rnncalc.solve import answer
    from rnncalc.spec import Spec, parse_spec
    from rnncalc.tensors import Count, Tensor, count, inventory

_HOME = {
    "SpecError": "rnncalc.errors",
    "Spec": "rnncalc.spec",
    "parse_spec": "rnncalc.spec",
    "Count": "rnncalc.tensors",
    "Tensor": "rnncalc.tensors",
    "count": "rnncalc.tensors",
    "inventory": "rnncalc.tensors",
    "Run": "rnncalc.shapes",
    "shapes": "rnncalc.shapes",
    "explain": "rnncalc.explain",
    "check": "rnncalc.check",
    "check_text": "rnncalc.check",
    "answer": "rnncalc.solve",
}


def __getattr__(name: str) -> Any:
    # PEP 562 lazy re-exports: `import rnncalc` (and so `rnncalc --version`) stays free of pydantic.
    if name in _HOME:
        from importlib import import_module

        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module 'rnncalc' has no attribute {name!r}")

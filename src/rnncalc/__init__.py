"""rnncalc: exact sizes, tensors and shapes of recurrent networks, without a framework.

    >>> import rnncalc
    >>> rnncalc.params(cell="lstm", inp=2, units=3)["total"]
    72
    >>> rnncalc.count(rnncalc.parse_spec({"cell": "lstm", "inp": 2, "units": 3})).total
    72

One function per command (params, shapes, explain, layout, port, diagram, check, solve,
summary, cost), each returning a Result (rnncalc/api.py); count and inventory give the tensors of a
Spec directly. Importing this package is cheap: pydantic and the conventions load on first use.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Count", "Result", "Run", "Spec", "SpecError", "Stream", "Tensor", "__version__", "check", "cost",
           "count", "diagram", "explain", "inventory", "layout", "params", "parse_spec", "port", "schema", "shapes",
           "solve", "summary", "sweep"]

# Where each public name lives; no module of the package shares a public function's name, so
# importing a submodule never replaces a function here.
_HOME = {
    "SpecError": "rnncalc.errors",
    "Spec": "rnncalc.model.spec",
    "parse_spec": "rnncalc.model.spec",
    "Count": "rnncalc.model.tensors",
    "Tensor": "rnncalc.model.tensors",
    "count": "rnncalc.model.tensors",
    "inventory": "rnncalc.model.tensors",
    "Run": "rnncalc.model.spec",
    **{name: "rnncalc.api" for name in ("Result", "Stream", "params", "shapes", "explain", "layout", "port", "diagram",
                                        "check", "solve", "summary", "sweep", "cost", "schema")},
}


def __getattr__(name: str) -> object:
    # PEP 562 lazy re-exports: `import rnncalc` (and so `rnncalc --version`) stays free of pydantic.
    if name in _HOME:
        from importlib import import_module

        value = getattr(import_module(_HOME[name]), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'rnncalc' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)

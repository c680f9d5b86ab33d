"""One module per framework convention: tensor names, layouts, gate order, bias rules, returns.

Adding a framework means adding one module here that defines ``CONVENTION``: the registry
finds it by listing this package (no import), and modules are imported on first use, so a
command pays only for the convention it uses.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from pkgutil import iter_modules
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rnncalc.frameworks.base import Convention

__all__ = ["DEFAULT", "NAMES", "all_conventions", "get", "having"]

#: The convention of a spec that names none.
DEFAULT = "keras"

# Module flax_linen is framework flax-linen: users type dashes, Python modules cannot.
NAMES: tuple[str, ...] = tuple(sorted(
    info.name.replace("_", "-") for info in iter_modules(__path__) if info.name != "base" and not info.name.startswith("_")
))


@cache
def get(name: str) -> Convention:
    return import_module(f"{__name__}.{name.replace('-', '_')}").CONVENTION


def all_conventions() -> list[Convention]:
    return [get(name) for name in NAMES]


def having(option: str, attribute: str = "options") -> str:
    """Which frameworks have ``option``, for the error that says it is not this one's."""
    titles = [c.title for c in all_conventions() if option in getattr(c, attribute)]
    return " and ".join(titles) if titles else "no framework"

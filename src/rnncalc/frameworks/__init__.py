"""One module per framework convention: tensor names, layouts, gate order, bias rules.

Adding a framework means adding one module that defines ``CONVENTION`` and naming it in
``NAMES``. Modules are imported on first use, so a command pays only for the convention it uses.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rnncalc.frameworks.base import Convention

__all__ = ["NAMES", "get"]

NAMES: tuple[str, ...] = ("keras", "pytorch")


@cache
def get(name: str) -> Convention:
    return import_module(f"rnncalc.frameworks.{name}").CONVENTION

"""python: port's recipe as a dependency-free NumPy function."""

from __future__ import annotations

from typing import Any

from rnncalc.render.formats._types import Format, Out


def write(result: Any, out: Out) -> None:
    out.text(result.recipe())


FORMAT = Format("python", "recipe", "python (port's recipe)", 7, write)

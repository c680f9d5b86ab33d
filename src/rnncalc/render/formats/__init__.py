"""One module per output format, behind one registry: adding a format is adding a module here.

A format writes a result (render/results.py) to an output. It needs one part of a result:
"page" (what people read: table, text, markdown), "rows" (flat records: csv, tsv), "lines"
(JSON values one per line: jsonl), "json" (the JSON document) or "recipe" (port's code:
python). A command offers exactly the formats whose part its results give, so a picture
lists no csv and only port lists python. Each module defines ``FORMAT``; the registry lists
the package (no import) and imports a module when it is chosen or listed, as pipdeptree's
_render/ does: a command pays only for the writer it uses.
"""

from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules
from typing import TYPE_CHECKING, Any

from rnncalc.errors import SpecError

# Declared in a leaf module, so that a format module imports its types, not this registry
# that imports it.
from rnncalc.render.formats._types import Format, Out

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Format", "Out", "formats", "get", "names", "offered", "write"]


def names() -> tuple[str, ...]:
    """Every format's name, from the modules of this package (listed, not imported)."""
    return tuple(info.name for info in iter_modules(__path__) if not info.name.startswith("_"))


def get(name: str) -> Format:
    """The format ``name``; SpecError naming the choices where there is none."""
    if name not in names():
        raise SpecError("format", "unknown format; choose " + ", ".join(f.name for f in formats()), name)
    chosen: Format = import_module(f"{__name__}.{name}").FORMAT
    return chosen


def formats(parts: Iterable[str] | None = None) -> list[Format]:
    """Every format (or those that write one of ``parts``), in the order --help lists them."""
    found = [import_module(f"{__name__}.{name}").FORMAT for name in names()]
    return sorted((f for f in found if parts is None or f.needs in parts), key=lambda f: (f.rank, f.name))


def offered(parts: Iterable[str]) -> list[str]:
    """The names of the formats a command whose results give ``parts`` can be asked for."""
    return [f.name for f in formats(frozenset(parts))]


#: What each part is called where a result lacks it.
_NOUNS = {"page": "page", "rows": "rows", "lines": "JSON Lines", "json": "JSON",
          "recipe": "recipe (python is port's format)"}


def write(name: str, result: Any, out: Out, command: str = "this command") -> None:
    """Write ``result`` in format ``name``; SpecError where the result lacks the part it needs."""
    if name not in names():  # the formats this answer can be written in, not every format
        raise SpecError("format", "unknown format; choose " + ", ".join(offered(result.parts)), name)
    chosen = get(name)
    if chosen.needs not in result.parts:
        what = getattr(result, "what", "") or command
        raise SpecError("format", f"{what} gives no {_NOUNS[chosen.needs]}: choose "
                        + ", ".join(offered(result.parts)), name)
    chosen.write(result, out)

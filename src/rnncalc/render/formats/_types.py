"""What a format is, and where it writes: the types every format module and the registry share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

__all__ = ["Format", "Out"]


class Out(Protocol):
    """Where a format writes: text in stdout's encoding, bytes already encoded, and what the
    table format needs to know of the terminal."""

    encoding: str

    def text(self, text: str) -> None: ...

    def data(self, data: bytes) -> None: ...

    def terminal(self) -> tuple[bool, int, bool]:
        """(a terminal?, the width to draw at, colours?)."""
        ...


@dataclass(frozen=True)
class Format:
    name: str
    #: The part of a result it writes: page, rows, lines, json or recipe.
    needs: str
    #: A few words for --help: "csv (rows)".
    help: str
    #: Where it stands in the lists of --help and completion (lower first).
    rank: int
    write: Callable[[Any, Out], None]

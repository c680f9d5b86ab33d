"""The one error type rnncalc raises for bad input.

Like pint's ``DimensionalityError``, it carries its fields and builds its own message, so
the CLI can print exactly one line naming the field and the value, and exit with code 2.
"""

from __future__ import annotations

import reprlib
from typing import Any

__all__ = ["SpecError"]


def _show(value: Any) -> str:
    """A short, unambiguous rendering of an offending value (cut when absurdly long): an int
    of any size (Python refuses repr beyond 4,300 digits), a value nested past the recursion
    limit, an object whose repr fails, all become a line."""
    if type(value) is int and value.bit_length() > 200:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    short = reprlib.Repr()  # its keyword arguments are Python 3.12's
    short.maxlevel, short.maxstring, short.maxother, short.maxlong = 3, 60, 60, 60
    try:
        text = short.repr(value)
    except Exception:  # a repr that raises, or recursion beyond Python's limit
        text = f"a {type(value).__name__}"
    # Keep both ends: a path's file name and a number's size are at the end.
    return text if len(text) <= 60 else f"{text[:25]}...{text[-30:]}"


class SpecError(ValueError):
    """Bad input: ``field`` is what the user wrote, ``value`` what they gave it."""

    _missing = object()

    def __init__(self, field: str, message: str, value: Any = _missing) -> None:
        self.field = field
        self.message = message
        self.value = value
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.value is SpecError._missing:
            return f"{self.field}: {self.message}"
        return f"{self.field}: {self.message} (got {_show(self.value)})"

"""The one error type rnncalc raises for bad input.

Like pint's ``DimensionalityError``, it carries its fields and builds its own message, so
the CLI can print exactly one line naming the field and the value, and exit with code 2.
"""

from __future__ import annotations

from typing import Any

__all__ = ["SpecError"]


def _show(value: Any) -> str:
    """A short, unambiguous rendering of an offending value (cut when absurdly long)."""
    text = repr(value)
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

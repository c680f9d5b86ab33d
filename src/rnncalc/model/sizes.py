"""Sizes written as text (a command line, a sweep's lists): the one place where strings become numbers.

Pure and light (re and SpecError): the fast path reads its flags with these before pydantic loads.
"""

from __future__ import annotations

import re

from rnncalc.errors import SpecError

__all__ = ["parse_size", "parse_sizes"]

_WHOLE = re.compile(r"[+-]?\d+")


def parse_size(field: str, text: str) -> int:
    """A whole number, as written: '3' yes; '3.0', '3e2', 'three' no (the spec checks ranges)."""
    stripped = text.strip()
    if not _WHOLE.fullmatch(stripped):
        raise SpecError(field, "must be a whole number", text)
    try:
        return int(stripped)
    except ValueError:  # more digits than Python will convert (sys.int_info.str_digits_check_threshold)
        raise SpecError(field, "is too large", text) from None


def parse_sizes(field: str, text: str) -> int | list[int]:
    """'64' -> 64; '64,32' -> [64, 32] (one size per layer)."""
    if "," not in text:
        return parse_size(field, text)
    return [parse_size(f"{field}[{i}]", part) for i, part in enumerate(text.split(","))]

"""ASCII spellings for a stdout that cannot encode rnncalc's characters (a Windows console,
PYTHONIOENCODING=ascii): ✓ as ok, box lines as - | +, × as x. Never a crash for an encoding."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["spelled"]

_WORDS = {"✓": "ok", "≈": "~", "✗": "x", "·": ".", "×": "x", "→": "->", "←": "<-", "↑": "^", "↓": "v",
          "…": "...", "−": "-", "–": "-", "—": "--", "²": "^2", "³": "^3", "≥": ">=", "≤": "<=", "⊙": "*",
          "σ": "sigma", "Σ": "sum", "≠": "!=", "¯": "-", "•": "*", "‘": "'", "’": "'", "“": '"', "”": '"'}


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    table = {ord(k): v for k, v in _WORDS.items()}
    for code in range(0x2500, 0x2580):  # box drawing: lines, corners and junctions
        name = unicodedata.name(chr(code), "")
        across, down = "HORIZONTAL" in name, "VERTICAL" in name
        table[code] = "-" if across and not down else "|" if down and not across else "+"
    for code in range(0x2580, 0x25A0):  # block elements
        table[code] = "#"
    return table


def spelled(text: str) -> str:
    """``text`` with its non-ASCII characters spelled in ASCII where rnncalc knows a spelling."""
    return text.translate(_table())

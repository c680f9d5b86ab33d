"""text: the page as plain text; no boxes, nothing cut or wrapped; safe to grep."""

from __future__ import annotations

from typing import Any

from rnncalc.render.formats._types import Format, Out


def write(result: Any, out: Out) -> None:
    from rnncalc.render import plain

    out.text(plain.text(result.page()))


FORMAT = Format("text", "page", "text (plain, for grep)", 1, write)

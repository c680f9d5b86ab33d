"""markdown: the page as GitHub markdown, for pasting into an issue."""

from __future__ import annotations

from typing import Any

from rnncalc.render.formats._types import Format, Out


def write(result: Any, out: Out) -> None:
    from rnncalc.render import plain

    out.text(plain.markdown(result.page()))


FORMAT = Format("markdown", "page", "markdown", 2, write)

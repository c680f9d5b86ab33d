"""table: the page drawn by rich for people at a terminal (a fixed width in a pipe)."""

from __future__ import annotations

from typing import Any

from rnncalc.render.formats._types import Format, Out

#: More rows than this are written as plain text even in the table format: nobody reads a box
#: of 20,000 rows, and rich takes seconds to draw one.
TABLE_ROWS = 2000


def write(result: Any, out: Out) -> None:
    page = result.page()
    if sum(len(b.rows) for b in page.blocks if hasattr(b, "rows")) > TABLE_ROWS:
        from rnncalc.render import plain

        out.text(plain.text(page))
        return
    from rnncalc.render.rich_page import draw

    _, width, color = out.terminal()
    out.text(draw(page, width, color=color))


FORMAT = Format("table", "page", "table (for people)", 0, write)

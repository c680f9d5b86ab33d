"""Draw a Page (render/doc.py) with rich, for a terminal. The only module that imports rich:
it costs more to import than everything else rnncalc needs, so only the table format loads it."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel as RichPanel
from rich.table import Table as RichTable
from rich.text import Text

from rnncalc.render.doc import Cell, Line, Page, Panel, Picture, Table, Verbatim, cell_text

__all__ = ["draw", "progress", "renderable"]


def _text(line: Line) -> Text:
    return Text.assemble(*((text, "cyan" if style == "code" else style) for text, style in line.parts))


def _cell(cell: Cell) -> Text | str:
    return _text(cell) if isinstance(cell, Line) else cell_text(cell)


def _table(table: Table) -> RenderableType:
    if table.boxed:
        drawn = RichTable(show_header=table.show_header)
    else:
        drawn = RichTable(show_header=table.show_header, box=None, padding=(0, 1))
    for c in table.columns:
        drawn.add_column(c.header, justify=c.justify, style=c.style or None, overflow="fold" if c.fold else "ellipsis",
                         no_wrap=c.no_wrap)
    sections = set(table.sections)
    for i, row in enumerate(table.rows):
        if i in sections and i:
            drawn.add_section()
        drawn.add_row(*(_cell(cell) for cell in row))
    if table.caption:  # on a line of its own: a title would wrap to the table's width
        return Group(Text(table.caption, style="italic"), drawn)
    return drawn


class _Framed:
    """A picture in a frame, drawn when rich knows the width: the frame takes 4 columns, so
    the picture is drawn 4 narrower and never wrapped; a title too long for the frame's top
    line goes inside, folded after a ' · '."""

    def __init__(self, picture: Picture) -> None:
        self.picture = picture

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        titles = self.picture.title_lines(width - 6)
        head = [] if len(titles) <= 1 else [*titles, ""]
        body = Text.assemble(*((line + "\n", "bold") for line in head),
                             "\n".join(self.picture.draw(max(width - 4, 1))), no_wrap=True, overflow="crop")
        yield RichPanel(body, title=titles[0] if len(titles) == 1 else None, title_align="left", expand=False)


def _block(block: Line | Table | Panel | Verbatim | Picture) -> RenderableType:
    if isinstance(block, Picture):
        return _Framed(block)
    if isinstance(block, Line):
        return _text(block)
    if isinstance(block, Verbatim):
        return Text("\n".join(block.lines), no_wrap=True, overflow="ignore")
    if isinstance(block, Table):
        return _table(block)
    body = _table(block.body) if isinstance(block.body, Table) else Text("\n".join(block.body))
    return RichPanel(body, title=block.title or None, title_align="left", expand=False)


def draw(page: Page, width: int, color: bool) -> str:
    """The page as a terminal shows it, ``width`` columns wide; ANSI styles when ``color``.

    Cells are data, not markup: markup and emoji parsing off keeps a '[...]' value literal and
    skips loading rich's emoji table (a third of the time it takes to draw a small table).
    """
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, highlight=False, markup=False, emoji=False,
                      force_terminal=color, color_system="auto" if color else None, legacy_windows=False)
    for block in page.blocks:
        # A line of text is never wrapped (a formula or an answer stays whole); tables fit the width.
        console.print(_block(block), soft_wrap=isinstance(block, (Line, Verbatim)))
    return buffer.getvalue()


def renderable(page: Page) -> RenderableType:
    """The page as one rich renderable (a notebook's or a console's own printing)."""
    return Group(*(_block(b) for b in page.blocks))


@contextmanager
def progress(total: int, what: str) -> Iterator[tuple[Callable[[int], None], Callable[[], None]]]:
    """A progress bar on stderr, gone when done; yields the function that says how many are
    done, and the one that stops it early. (The one drawing here that is not a returned value:
    a bar is live, on stderr, while the command works.)"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    # stdout stays the command's own: rich would otherwise route it through the bar's console.
    with Progress(*columns, console=Console(stderr=True), transient=True, redirect_stdout=False,
                  redirect_stderr=False) as bar:
        task = bar.add_task(what, total=total)
        yield (lambda done: bar.update(task, completed=done)), bar.stop

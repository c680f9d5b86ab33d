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


def _rich_table(table: Table, no_wrap: bool) -> RichTable:
    """``table`` for rich; a column declared no_wrap kept on one line where ``no_wrap``."""
    if table.boxed:
        drawn = RichTable(show_header=table.show_header)
    else:
        drawn = RichTable(show_header=table.show_header, box=None, padding=(0, 1))
    for c in table.columns:
        # "fold": a word too long for its column goes on onto the next line, never cut with …
        drawn.add_column(c.header, justify=c.justify, style=c.style or None, overflow="fold",
                         no_wrap=c.no_wrap and no_wrap)
    sections = set(table.sections)
    for i, row in enumerate(table.rows):
        if i in sections and i:
            drawn.add_section()
        drawn.add_row(*(_cell(cell) for cell in row))
    return drawn


#: A word longer than this may be folded in a table's column (a tensor name over two lines);
#: a table that fits only with shorter words folded is stacked instead.
FOLDED = 12


class _Fitted:
    """A table drawn to the width rich gives it: rich narrows its widest columns first, cells
    wrap at spaces, a word too long for its column folds onto the next line (never cut with
    …), and a column kept on one line (a shape) stays whole where the table fits so. Where it
    fits only by folding words shorter than FOLDED, each row is stacked instead, as
    'header: value' lines (a value wider than the line folds, never cut)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        fits = _fits(self.table, options.max_width)
        if fits is None:
            yield Text("\n".join(_stacked(self.table)), overflow="fold")
        else:
            yield _rich_table(self.table, no_wrap=fits)


def _fits(table: Table, width: int) -> bool | None:
    """Whether ``table`` fits ``width`` with its no_wrap columns whole (True), only with them
    wrapped (False), or not even so (None), every column as wide as its longest word or
    FOLDED, a space either side, and rules between and around them when boxed."""
    n = len(table.columns)
    room = width - 2 * n - (n + 1 if table.boxed else 0)
    texts: list[list[Cell]] = [[c.header for c in table.columns] if table.show_header else [], *table.rows]
    columns = [[cell_text(row[k]) for row in texts if k < len(row)] for k in range(n)]
    words = [min(max((len(w) for text in column for w in text.split()), default=1), FOLDED) for column in columns]
    whole = [max((len(line) for text in column for line in text.split("\n")), default=1) if c.no_wrap else word
             for c, column, word in zip(table.columns, columns, words)]
    return True if sum(whole) <= room else False if sum(words) <= room else None


def _stacked(table: Table) -> list[str]:
    """Each row as its cells, one a line after its header, a blank line between rows."""
    lines: list[str] = []
    for row in table.rows:
        if lines:
            lines.append("")
        lines += [f"{c.header}: {cell_text(cell)}" if c.header else cell_text(cell)
                  for c, cell in zip(table.columns, row) if cell_text(cell)]
    return lines


def _table(table: Table) -> RenderableType:
    if table.caption:  # on a line of its own: a title would wrap to the table's width
        return Group(Text(table.caption, style="italic"), _Fitted(table))
    return _Fitted(table)


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

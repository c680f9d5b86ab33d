"""What a view returns: a page of lines, tables and panels, in no output format yet.

A view (render/views.py) builds a page once; render/rich_page.py draws it with rich for a
terminal, render/plain.py writes it as plain text or markdown without rich. So every command
gets every format from one view, and text, markdown and pipes never load rich. A leaf
module: it imports nothing of rnncalc.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Union

__all__ = ["Column", "Line", "Page", "Panel", "Picture", "Table", "Verbatim", "cell_text"]

#: "code": Python source (a call to type), kept verbatim: a code span in markdown.
Style = Literal["", "bold", "dim", "italic", "code"]
Justify = Literal["left", "right", "center"]


@dataclass(frozen=True)
class Line:
    """A line of text made of styled parts: Line.of(("params = ", "dim"), formula)."""

    parts: tuple[tuple[str, Style], ...]

    @classmethod
    def of(cls, *parts: str | tuple[str, Style]) -> Line:
        return cls(tuple(p if isinstance(p, tuple) else (p, "") for p in parts))

    @classmethod
    def styled(cls, text: str, style: Style = "") -> Line:
        return cls(((text, style),))

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)


#: A table cell: text, a count (drawn with thousands separators), or styled text.
Cell = Union[str, int, Line]


def cell_text(cell: Cell) -> str:
    """A cell as people read it: 1,234 for a count."""
    if isinstance(cell, Line):
        return cell.text
    if isinstance(cell, int) and not isinstance(cell, bool):
        return f"{cell:,}"
    return str(cell)


@dataclass
class Column:
    header: str
    justify: Justify = "left"
    style: Style = ""
    no_wrap: bool = False  # keep on one line (a shape) where the table fits with it so


@dataclass
class Table:
    """Rows under headers, with section rules; ``caption`` goes on a line of its own above it."""

    caption: str = ""
    show_header: bool = True
    boxed: bool = True  # False: a borderless two-column list
    columns: list[Column] = field(default_factory=list)
    rows: list[list[Cell]] = field(default_factory=list)
    sections: list[int] = field(default_factory=list)  # row indices a rule goes above

    def add_column(self, header: str = "", justify: Justify = "left", style: Style = "",
                   no_wrap: bool = False) -> None:
        self.columns.append(Column(header, justify, style, no_wrap))

    def add_row(self, *cells: Cell) -> None:
        self.rows.append(list(cells))

    def add_section(self) -> None:
        self.sections.append(len(self.rows))


@dataclass(frozen=True)
class Panel:
    """Lines in a frame with a title (diagram's picture, explain's terms)."""

    body: Table | tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Verbatim:
    """Lines printed exactly as they are, in every format (a summary as the framework prints it)."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class Picture:
    """A drawing that fits the width it is drawn at (diagram's network): ``draw(width)`` gives
    its lines, no longer than ``width``; ``draw(None)`` gives every detail."""

    draw: Callable[[int | None], list[str]]
    title: str = ""

    def title_lines(self, width: int | None) -> list[str]:
        """The title ('Keras 3 · LSTM · …') on as many lines as ``width`` needs, broken after a
        ' · ', or after a comma inside a part too long for a line (units 1,100,100,…)."""
        if not self.title or width is None or len(self.title) <= width:
            return [self.title] if self.title else []
        lines = [""]
        for i, part in enumerate(self.title.split(" · ")):
            pieces = part.split(",")
            for j, piece in enumerate(pieces):
                sep = "," if j else (" · " if i else "")
                room = 1 if j < len(pieces) - 1 else 0  # for the comma that may end the line
                if not lines[-1] or len(lines[-1]) + len(sep) + len(piece) + room <= width:
                    lines[-1] += (sep if lines[-1] else "") + piece
                else:
                    lines[-1] += sep.strip(" ·")  # a comma ends its line; a ' · ' goes with the break
                    lines.append(piece)
        return lines


Block = Union[Line, Table, Panel, Verbatim, Picture]


@dataclass
class Page:
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Page:
        self.blocks.extend(blocks)
        return self

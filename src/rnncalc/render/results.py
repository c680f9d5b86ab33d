"""What every command returns: one kind of result, whatever made it.

A result gives some of these parts, and each format (render/formats/) writes one of them:
``page`` (what people read), ``rows`` (flat records), ``lines`` (JSON values, one per line),
``json`` (the JSON document) and ``recipe`` (port's code). ``Result`` is one answer, computed
once; ``Stream`` is many (a batch of specs, a sweep's points), made as they are written, so
that memory stays flat in the row formats and in JSON. Formats never know which command made
a result (torchinfo's ModelStatistics, rich's __rich__: a result that renders itself).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from rnncalc.errors import SpecError

if TYPE_CHECKING:
    from rnncalc.render.doc import Cell, Page

__all__ = ["JSON", "LINES", "MAX_PAGE_ROWS", "PAGE", "RECIPE", "ROWS", "Result", "Stream", "Tally"]

PAGE, ROWS, LINES, JSON, RECIPE = "page", "rows", "lines", "json", "recipe"
#: The most rows a stream's page holds (table, text, markdown draw it whole: its widths are its
#: widest cells): about 230 MB, the budget a sweep holds its points in (commands.MAX_HELD; a test
#: keeps the two equal). csv, tsv and jsonl stream any number in flat memory.
MAX_PAGE_ROWS = 250_000


def _encoder() -> Callable[[Any], str]:
    import json

    return json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


class Result:
    """One command's answer, computed once, in every format the CLI writes."""

    streamed = False
    columns: list[str] | None = None  # a row format writes every key its rows have

    def __init__(self, data: Callable[[], dict[str, Any]], page: Callable[[], Page] | None, *, rows: bool = True,
                 recipe: Callable[[], str] | None = None, tensors: bool = False, ok: bool = True,
                 what: str = "") -> None:
        self._data, self._page, self._recipe = data, page, recipe
        self.what = what  # what it is, where a format it cannot give is asked for: "a picture"
        self._cache: dict[str, Any] = {}
        self.tensors = tensors  # params: the row formats list tensors, not layers
        self.ok = ok  # False where the CLI exits 1 (a check with a mismatch, a solve with no answer)
        self.parts = frozenset({JSON, *((PAGE,) if page else ()), *((ROWS, LINES) if rows else ()),
                                *((RECIPE,) if recipe else ())})

    def to_dict(self) -> dict[str, Any]:
        """The command's JSON object (--json), keys versioned by "schema"."""
        if "data" not in self._cache:
            self._cache["data"] = self._data()
        data: dict[str, Any] = self._cache["data"]
        return data

    def page(self) -> Page:
        if self._page is None:
            raise SpecError("format", "this answer is JSON only: use json")
        if "page" not in self._cache:
            self._cache["page"] = self._page()
        page: Page = self._cache["page"]
        return page

    def rows(self) -> list[dict[str, Any]]:
        """The command's rows (--format csv, tsv, jsonl); SpecError for a picture."""
        if ROWS not in self.parts:
            raise SpecError("format", "this command draws a picture, not rows: use table, text, markdown or json")
        from rnncalc.render.rows import rows

        return rows(self.to_dict(), self.tensors)

    def records(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows())

    def lines(self) -> Iterator[str]:
        """Each row as compact JSON, for JSON Lines."""
        encode = _encoder()
        return (encode(row) for row in self.rows())

    def marked_lines(self) -> Iterator[tuple[str, bool]]:
        """lines(), each with whether it holds a template's stand-ins (never, here)."""
        return ((text, False) for text in self.lines())

    def recipe(self) -> str:
        if self._recipe is None:
            raise SpecError("format", "python is the format of port's recipe only", "python")
        return self._recipe()

    def status(self) -> int:
        """The exit code: 0, or 1 where the answer is "no" (a mismatch, no recipe, no solution)."""
        return 0 if self.ok else 1

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.to_dict())

    def __str__(self) -> str:
        from rnncalc.render import plain

        return plain.text(self.page())

    def __repr__(self) -> str:
        data = self.to_dict()
        detail = f" total={data['total']}" if "total" in data else ""
        return f"<rnncalc.Result {data.get('schema', '?')}{detail}>"

    def _repr_html_(self) -> str:
        from rnncalc.render import plain

        return plain.html(self.page())

    def __rich__(self) -> Any:
        from rnncalc.render.rich_page import renderable

        return renderable(self.page())


class Tally:
    """What a stream met as it was written: answers read, and how many of them failed."""

    def __init__(self) -> None:
        self.read = self.failed = 0
        #: Told how many answers are done, every thousand or so (the CLI's progress bar).
        self.tick: Callable[[int], None] = lambda done: None


class Stream:
    """Many answers, one record each, made as they are written: a batch of specs, a sweep.

    ``rows`` makes the flat rows (csv, tsv, the table) under the declared ``columns``;
    ``lines`` the JSON texts (jsonl, and json as one array), each with whether it holds a
    template's stand-ins (features/templates.py; ``lines()`` gives them put back). Either may be None where the stream has no such part.
    Each is called once, when a format asks for it, and counts into ``tally``.
    """

    streamed = True
    #: The schema id of its JSON array, where it has one (rnncalc schema).
    schema: str | None = None
    #: How many answers it holds, where that is known before they are made (a sweep's points).
    size: int = 0

    def __init__(self, *, rows: Callable[[Tally], Iterator[dict[str, Any]]] | None,
                 lines: Callable[[Tally], Iterator[tuple[str, bool]]] | None, columns: list[str],
                 right: tuple[str, ...] = (), what: str = "") -> None:
        self._rows, self._lines = rows, lines
        self.what = what
        self.columns = columns
        self.right = right  # columns the table aligns right: numbers
        self.tally = Tally()
        self.parts = frozenset({*((PAGE, ROWS) if rows else ()), *((LINES, JSON) if lines else ())})

    def records(self) -> Iterator[dict[str, Any]]:
        assert self._rows is not None
        return self._rows(self.tally)

    def lines(self) -> Iterator[str]:
        """Each record as compact JSON text, as any format may write it."""
        from rnncalc.features.templates import restore_text

        return (restore_text(text) if marked else text for text, marked in self.marked_lines())

    def marked_lines(self) -> Iterator[tuple[str, bool]]:
        """Each record's JSON text, with whether it holds a template's stand-ins (features/templates.py):
        the JSON writers put them back in the bytes, where that is cheaper."""
        assert self._lines is not None
        return self._lines(self.tally)

    def status(self) -> int:
        """1 where an answer failed (once written); the command says more where none was read."""
        return 1 if self.tally.failed else 0

    def page(self) -> Page:
        """Every row in one table, held to draw it: at most MAX_PAGE_ROWS of them, or SpecError
        (one line: the formats that stream) once one more is read, before the rest are made."""
        from rnncalc.render.doc import Page, Table

        cells: list[list[Cell]] = []
        errors = False  # no column of blanks for people: an error column only where some row has an error
        for r in self.records():
            if len(cells) == MAX_PAGE_ROWS:
                raise SpecError("format", f"a page (table, text, markdown) holds at most {MAX_PAGE_ROWS:,} rows "
                                "and this has more: use csv, tsv or jsonl, which stream")
            errors = errors or bool(r.get("error"))
            cells.append([_cell(r.get(h)) for h in self.columns])
        headers = [h for h in self.columns if h != "error" or errors]
        table = Table()
        for h in headers:
            table.add_column(h, justify="right" if h in self.right else "left")
        if len(headers) < len(self.columns):
            at = self.columns.index("error")
            for row in cells:
                del row[at]
        table.rows = cells
        return Page([table])


def _cell(value: Any) -> str | int:
    """A row's value as a table cell: blank for null, numbers as numbers, the rest as text."""
    if value is None:
        return ""
    if isinstance(value, list):  # a stack's units, one a layer: 64/32
        return "/".join(str(v) for v in value)
    return value if isinstance(value, (str, int)) else str(value)

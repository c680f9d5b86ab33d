"""Pages as plain text, markdown and HTML; no rich.

Plain text is the table's content without boxes: every cell whole (never cut, never
wrapped), columns aligned with two spaces, so grep and awk see one row per line. Markdown
gives GitHub tables for pasting into an issue; a list of terms (a table with neither header
nor box: explain's "what is what") is a bulleted list wrapped at PROSE columns, since a
table row of a paragraph is one line as long as the paragraph. (Rows are written by
render/formats/.)
"""

from __future__ import annotations

import re


from rnncalc.render.doc import Cell, Line, Page, Panel, Picture, Table, Verbatim, cell_text

__all__ = ["html", "markdown", "text"]


def _flat(cell: Cell) -> str:
    return " ".join(cell_text(cell).split("\n"))


def _aligned(table: Table) -> list[str]:
    rows = [[c.header for c in table.columns]] if table.show_header else []
    rows += [[_flat(cell) for cell in row] for row in table.rows]
    widths = [max((len(r[k]) for r in rows if k < len(r)), default=0) for k in range(len(table.columns))]
    lines = []
    for r in rows:
        cells = [value.rjust(widths[k]) if table.columns[k].justify == "right" else value.ljust(widths[k])
                 for k, value in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    return lines


def text(page: Page, width: int | None = None) -> str:
    """The page as plain text: no box characters, nothing truncated or wrapped. A picture is
    drawn to fit ``width`` (every detail when None)."""
    lines: list[str] = []
    for block in page.blocks:
        if isinstance(block, Picture):
            lines += block.title_lines(width) + block.draw(width)
        elif isinstance(block, Line):
            lines.append(block.text)
        elif isinstance(block, Table):
            if block.caption:
                lines.append(block.caption)
            lines.extend(_aligned(block))
        elif isinstance(block, Panel):
            if block.title:
                lines.append(block.title)
            lines.extend(_aligned(block.body) if isinstance(block.body, Table) else block.body)
        elif isinstance(block, Verbatim):
            lines.extend(block.lines)
    if len(page.blocks) == 1 and isinstance(page.blocks[0], Verbatim):
        return "\n".join(page.blocks[0].lines) + "\n"  # exactly as printed, trailing spaces too
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _md_cell(cell: Cell) -> str:
    return _flat(cell).replace("\\", "\\\\").replace("|", "\\|") or " "


def _md_table(table: Table) -> list[str]:
    align = {"left": ":---", "right": "---:", "center": ":---:"}
    headers = [c.header or " " for c in table.columns] if table.show_header else [" "] * len(table.columns)
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |",
             "|" + "|".join(align[c.justify] for c in table.columns) + "|"]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in row) + " |" for row in table.rows]
    return lines


#: Where markdown's lists of terms wrap: the width rule's default, a width a paragraph reads
#: at. Markdown renders a wrapped paragraph as the unwrapped one (in a GitHub comment, each
#: line break is kept: a paragraph of lines of 100).
PROSE = 100

#: A word that would open a block (a list item, a quote, a heading, a table row) at the start
#: of a line: a line is never broken before one.
_OPENS_BLOCK = re.compile(r"([-+*>#=|]|\d+[.)])$")


def _wrapped(text: str, width: int, lead: str, indent: str) -> list[str]:
    """``text`` broken at spaces into lines of at most ``width`` (a word longer than a line
    stays whole), the first after ``lead``, the rest after ``indent``; never before a word
    that would open a markdown block."""
    words: list[str] = []
    for word in text.split():
        if words and _OPENS_BLOCK.match(word):
            words[-1] += " " + word  # kept with the word before it
        else:
            words.append(word)
    lines = [lead]
    for word in words:
        bare = lines[-1] in (lead, indent)
        if not bare and len(lines[-1]) + 1 + len(word) > width:
            lines.append(indent)
            bare = True
        lines[-1] += word if bare else " " + word
    return lines


def _md_list(table: Table) -> list[str]:
    """A table with neither header nor box (a term and what it is) as a list: '- **term**: text'."""
    items = []
    for row in table.rows:
        cells = [_md_line(Line.of((_flat(cell), table.columns[k].style if k < len(table.columns) else "")))
                 for k, cell in enumerate(row)]
        items += _wrapped(": ".join(c for c in cells if c), PROSE, "- ", "  ")
    return items


def _md_line(line: Line) -> str:
    parts = []
    for part, style in line.parts:
        if style == "code":
            parts.append(f"`{part}`")
            continue
        escaped = part.replace("*", "\\*").replace("_", "\\_")
        if style == "bold" and part.strip():  # markdown bold cannot start or end with a space
            core = escaped.strip()
            lead, trail = escaped[: len(escaped) - len(escaped.lstrip())], escaped[len(escaped.rstrip()):]
            escaped = f"{lead}**{core}**{trail}"
        parts.append(escaped)
    return "".join(parts)


def markdown(page: Page, width: int | None = None) -> str:
    """The page as GitHub markdown: lines as paragraphs, tables as pipe tables, pictures fenced
    (a drawn picture fits ``width``)."""
    out: list[str] = []
    previous_line = False
    for block in page.blocks:
        if isinstance(block, Picture):
            # the title in bold, a hard break between its lines: folded until its marks fit too
            fold = width
            while True:
                titles = [f"**{_md_line(Line.styled(t))}**" for t in block.title_lines(fold)]
                if width is None or fold is None or fold <= 1 or max(map(len, titles), default=0) + 2 <= width:
                    break
                fold -= 1
            head = ["  \n".join(titles), ""] if titles else []
            out.append("\n".join([*head, "```text", *block.draw(width), "```"]))
            previous_line = False
            continue
        if isinstance(block, Line):
            # Consecutive lines stay one paragraph (a hard break between them); no leading
            # spaces, which markdown would read as a code block.
            line = _md_line(Line(((block.text.lstrip(), ""),)) if not block.parts[0][1] else block)
            if out and previous_line:
                out[-1] += "  \n" + line
            else:
                out.append(line)
            previous_line = True
            continue
        previous_line = False
        if isinstance(block, Table):
            out.append("\n".join(([f"*{block.caption}*", ""] if block.caption else []) + _md_table(block)))
        elif isinstance(block, Verbatim):
            out.append("\n".join(["```text", *block.lines, "```"]))
        elif isinstance(block, Panel):
            if not isinstance(block.body, Table):
                body = ["```text", *block.body, "```"]
            else:
                body = _md_table(block.body) if block.body.show_header or block.body.boxed else _md_list(block.body)
            out.append("\n".join(([f"**{block.title}**", ""] if block.title else []) + body))
    return "\n\n".join(out) + "\n"


def _h(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html(page: Page) -> str:
    """The page as HTML for a notebook: lines as paragraphs, tables as tables, pictures as <pre>."""
    out: list[str] = []
    for block in page.blocks:
        if isinstance(block, Line):
            out.append("<p>" + "".join(f"<b>{_h(t)}</b>" if s == "bold" else f"<code>{_h(t)}</code>" if s == "code"
                                       else _h(t) for t, s in block.parts) + "</p>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{_h(c.header)}</th>" for c in block.columns) if block.show_header else ""
            body = "".join("<tr>" + "".join(
                f'<td style="text-align:{c.justify}">{_h(_flat(cell))}</td>' for c, cell in zip(block.columns, row))
                + "</tr>" for row in block.rows)
            caption = f"<caption>{_h(block.caption)}</caption>" if block.caption else ""
            out.append(f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(block, Picture):
            out.append(f"<p><b>{_h(block.title)}</b></p><pre>" + _h("\n".join(block.draw(None))) + "</pre>")
        else:
            lines = block.lines if isinstance(block, Verbatim) else (
                _aligned(block.body) if isinstance(block.body, Table) else list(block.body))
            title = f"<p><b>{_h(block.title)}</b></p>" if isinstance(block, Panel) and block.title else ""
            out.append(title + "<pre>" + _h("\n".join(lines)) + "</pre>")
    return "\n".join(out)

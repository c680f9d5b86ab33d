"""JSON texts written as they come, in chunks: one per line (jsonl), or as one array (json)."""

from __future__ import annotations

from collections.abc import Iterable

from rnncalc.render.formats._types import Out

#: Characters of JSON text written at a time. The first answers appear at once, and memory
#: stays flat: a chunk of a few hundred kB is copied through memory the allocator keeps;
#: megabytes would come fresh from the system each time, page by page (in a batch of whole
#: objects, a tenth of its time).
CHUNK = 256_000


def write_lines(texts: Iterable[tuple[str, bool]], out: Out, array: bool) -> None:
    """Write encoded JSON values, each (text, whether it holds a template's stand-ins): one a
    line, or as an array, "[", then each value on its own line after the first with a comma
    before it, then "]"."""
    separator = "\n," if array else "\n"
    chunk: list[str] = []
    size, stand_ins, lead = 0, False, ""
    if array:
        out.text("[\n")
    for text, marked in texts:
        if marked:
            stand_ins = True
        chunk.append(text)
        size += len(text)
        if size >= CHUNK or len(chunk) >= 1000:
            _flush(lead + separator.join(chunk) + "\n", stand_ins, out)
            chunk, size, stand_ins, lead = [], 0, False, "," if array else ""
    if chunk:
        _flush(lead + separator.join(chunk) + "\n", stand_ins, out)
    if array:
        out.text("]\n")


def _flush(text: str, stand_ins: bool, out: Out) -> None:
    if not stand_ins:
        out.text(text)
        return
    # A template's text (features/templates.py) stands in for some characters: put them back in the
    # bytes, where they are UTF-8.
    from codecs import lookup

    from rnncalc.features import templates

    try:
        if lookup(out.encoding).name != "utf-8":
            raise UnicodeError
        data = templates.restore(text.encode())
    except UnicodeError:  # another encoding, or a lone surrogate: spelled as out.text spells
        out.text(templates.restore_text(text))
    else:
        out.data(data)

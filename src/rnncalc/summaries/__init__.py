"""Find and read the model summaries in a paste: Keras 3 and Keras 2 ``model.summary()``,
torchinfo tables and printed PyTorch modules; one module per format, sharing rows.py.

Real pastes are messy, and all of it is read the same way: the bytes are decoded whatever
their encoding (UTF-16 from PowerShell's ``>``, invalid UTF-8), the input is read up to
MAX_BYTES and every line up to MAX_LINE characters, quote markers (``> ``) and markdown pipes
are taken off, and every summary in the paste is found, each under its own header.
"""

from __future__ import annotations

from rnncalc.errors import SpecError
from rnncalc.summaries import keras2, keras3, torch_print, torchinfo
from rnncalc.summaries.rows import Format, Row, Size, Summary, last_dim, number, shapes_in

__all__ = ["MAX_BYTES", "Format", "Paste", "Row", "Summary", "decode", "last_dim", "number", "read", "shapes_in"]

#: How much of an input is read. A 20,000-row summary is about 2 MB; more is not a summary.
MAX_BYTES = 8 * 2**20
#: How much of a line is read. A real row is under 300 characters.
MAX_LINE = 2000

_FOOTER = {"Total params:": "total", "Total parameters:": "total", "Trainable params:": "trainable",
           "Trainable parameters:": "trainable", "Non-trainable params:": "non_trainable",
           "Non-trainable parameters:": "non_trainable", "Optimizer params:": "optimizer"}
#: Words and marks that make a footer count a hand-written estimate: read as such, it never pins.
_APPROXIMATE = ("~", "≈", "about", "approx", "around", "roughly", "circa", "ca.")


class Paste:
    """The summaries found in one input, and whether the input was cut at MAX_BYTES."""

    def __init__(self, summaries: list[Summary], cut: bool) -> None:
        self.summaries = summaries
        self.cut = cut


def decode(data: bytes) -> str:
    """Text from bytes in whatever encoding a paste arrives in; undecodable bytes become U+FFFD."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    sample = data[:4096]
    if len(sample) >= 4 and sample[1::2].count(0) > len(sample) // 4:  # UTF-16-LE without its BOM
        return data.decode("utf-16-le", errors="replace")
    return data.decode("utf-8", errors="replace")


#: Box characters a paste may carry as literal escapes (a JSON or Python string copied whole).
_ESCAPES = {"\\u251c": "├", "\\u2500": "─", "\\u2502": "│", "\\u2514": "└"}
_ENTITIES = {"&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&amp;": "&"}


def _untagged(line: str) -> str:
    """A line of a page's HTML (``<span style=...>``) without its tags; one pass, no backtracking."""
    out, depth = [], 0
    for c in line:
        if c == "<":
            depth = 1
        elif c == ">" and depth:
            depth = 0
        elif not depth:
            out.append(c)
    return "".join(out)


def _clean(line: str) -> str:
    line = line[:MAX_LINE].replace("\t", "    ").replace("\u00a0", " ").replace("\ufeff", "").replace("\r", "")
    if "<" in line and ">" in line and ("</" in line or "<span" in line or "<pre" in line or "<div" in line):
        line = _untagged(line)
    if "&" in line:
        for entity, char in _ENTITIES.items():
            line = line.replace(entity, char)
    if "\\u25" in line:
        for escape, char in _ESCAPES.items():
            line = line.replace(escape, char)
    # A paste quoted in an email or a forum ("> ", maybe nested), or an R reprex ("#> ").
    stripped = line.lstrip()
    if stripped.startswith(("#>", ">")):
        stripped = stripped.removeprefix("#")
        while stripped.startswith(">"):
            stripped = stripped[1:].removeprefix(" ")
        line = stripped
    return line.rstrip()


def _header(line: str) -> str | None:
    """What kind of table a header line starts, if it is one."""
    if line.lstrip().startswith("┃") and "┃ Layer " in line + " " and "Output" in line:
        return "boxed"  # Keras 3 at a narrow line_length wraps its header: "┃ Layer  ┃ Output ┃ Pa… ┃"
    if "Layer (type" not in line:
        # A markdown table someone wrote by hand: | Layer Type | Output Shape | Params # |
        return "boxed" if "|" in line and "Output Shape" in line and "Param" in line else None
    if "depth-idx" in line or "var_name" in line:
        return "torchinfo"
    if any(c in line for c in "┃│|"):
        return "boxed"
    return "columns"


#: Keras's readable_memory_size units (tf.keras calls a byte "Byte"), and torchinfo's megabyte lines.
_UNITS = {"B": 1, "Byte": 1, "Bytes": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4, "PB": 1024**5}


def _size(text: str, scale: float | None = None) -> tuple[float, float] | None:
    """'2.73 KB' -> (bytes, how far the printed rounding may be off); with ``scale``, a bare number of that unit."""
    value, _, unit = text.strip().partition(" ")
    factor = scale if scale is not None and not unit else _UNITS.get(unit.strip())
    try:
        amount = float(value)
    except ValueError:
        return None
    if factor is None or not value.replace(".", "", 1).isdigit() or len(value) > 24:
        return None
    decimals = len(value.partition(".")[2])
    return amount * factor, 0.5 * 10**-decimals * factor


def _sizes(lines: list[str], start: int, end: int) -> tuple[Size, ...]:
    """The byte sizes a footer prints: Keras's '(2.73 KB)' after each count, torchinfo's MB lines."""
    found: list[Size] = []
    for i in range(start, end):
        text = " ".join(lines[i].strip(" │|*#-").split()).replace(" :", ":")
        for label, key in _FOOTER.items():
            if text.lower().startswith(label.lower()) and "(" in text and text.endswith(")"):
                size = _size(text.rpartition("(")[2].rstrip(")"))
                if size is not None and key not in {f.key for f in found}:
                    found.append(Size(key, *size, i + 1))
        sized = torchinfo.size_line(text)
        if sized is not None and sized[0] not in {f.key for f in found}:
            found.append(Size(*sized, i + 1))
    return tuple(found)


def _footer(lines: list[str], start: int, end: int) -> tuple[dict[str, tuple[int, int]], frozenset[str]]:
    """The footer's counts with their lines, and which of them are written as estimates."""
    found: dict[str, tuple[int, int]] = {}
    approximate: set[str] = set()
    for i in range(start, end):
        # Markdown headings (#### Total params: ...), bullets (- Total params: ...) and bold pipe rows
        # (| **Total params:** | 1,234 |); a retyped footer's case and spacing ("Total Params : 1234").
        whole = " ".join(lines[i].strip(" │|*#-").split()).replace(" :", ":")
        # A footer written on one line: "Total params: 8,471,924 | Trainable params: 8,471,924 | ...".
        for text in [whole, *(part.strip(" *") for part in whole.split("|")[1:])]:
            for key, value, rough in _counts(text):
                if key not in found:
                    found[key] = (value, i + 1)
                    if rough:
                        approximate.add(key)
    return found, frozenset(approximate)


def _counts(text: str) -> list[tuple[str, int, bool]]:
    """(key, count, written as an estimate) for a footer label that ``text`` starts with."""
    out = []
    folded = text.lower()
    for label, key in _FOOTER.items():
        if folded.startswith(label.lower()):
            parts = text[len(label):].split("(")[0].split("|")
            written = next((p for p in parts if p.strip(" *")), "").strip(" |*")
            rough = written.lower().startswith(_APPROXIMATE)
            if rough:  # the estimate's words, up to its first digit
                written = written[next((k for k, c in enumerate(written) if c.isdigit()), len(written)):]
            value = number(written)
            if value is not None:
                out.append((key, value, rough))
    return out


def _era(lines: list[str], start: int, rows: tuple[Row, ...]) -> str:
    """Keras < 2.3 printed no 'Model: "..."' line and numbered layers from _1 (lstm_1): its GRU
    default was reset_after=False."""
    before = [line for line in lines[max(0, start - 3):start] if line.strip()]
    if any(line.lstrip().startswith("Model:") for line in before):
        return ""
    numbered = [r for r in rows if r.recurrent or r.kind in ("Dense", "Embedding")]
    if numbered and all(r.name.rpartition("_")[2].isdigit() for r in numbered):
        return "keras<2.3"
    return ""


def _model_name(lines: list[str], start: int) -> str:
    for line in lines[max(0, start - 3):start]:
        text = line.strip()
        if text.startswith("Model:"):
            return text[6:].strip().strip('"')
    return ""


def read(text: str, cut: bool = False) -> Paste:
    """Every summary in ``text``; SpecError if there is none to read."""
    lines = [_clean(line) for line in text.splitlines()]
    headers = [(i, kind) for i, line in enumerate(lines) if (kind := _header(line))]
    summaries = []
    for n, (start, kind) in enumerate(headers):
        end = headers[n + 1][0] if n + 1 < len(headers) else len(lines)
        if kind == "boxed":
            fmt, rows = keras3.read(lines, start, end)
        elif kind == "torchinfo" or torchinfo.looks_like(lines, start, end):
            fmt, rows = "torchinfo", torchinfo.read(lines, start, end)
        else:
            fmt, rows = "keras2", keras2.read(lines, start, end)
        if not rows:
            raise SpecError(f"line {start + 1}", "found the table header but no layer rows under it")
        foot, rough = _footer(lines, start + 1, end)
        total, total_line = foot.get("total", (None, None))
        era = _era(lines, start, rows) if fmt == "keras2" else ""
        if kind == "boxed" and fmt == "keras2" and any(_keras3_footer(v) for v in _footer_texts(lines, start, end)):
            fmt = "keras3"
        trainable, non_trainable, optimizer = (foot[k][0] if k in foot else None
                                                for k in ("trainable", "non_trainable", "optimizer"))
        summaries.append(Summary(Format(fmt), rows, total, total_line, start + 1, trainable, non_trainable, optimizer,
                                 era=era, name=_model_name(lines, start), approximate=rough,
                                 sizes=_sizes(lines, start + 1, end)))
    if not summaries:
        rows = torch_print.read(lines)
        if rows:
            foot, rough = _footer(lines, 0, len(lines))
            total, total_line = foot.get("total", (None, None))
            summaries.append(Summary(Format.TORCH_PRINT, rows, total, total_line, rows[0].line, approximate=rough))
    if not summaries:
        raise SpecError(
            "input", "no model summary found: paste a Keras model.summary(), a torchinfo table, or a "
            "printed PyTorch module with RNN/LSTM/GRU layers", text[:40].strip(),
        )
    return Paste(summaries, cut)


def _keras3_footer(line: str) -> bool:
    """Keras 3's footer: a size in bytes after a count with separators ("1,645 (6.43 KB)");
    tf.keras 2 prints the size without separators ("12321 (48.13 KB)"), Keras 2.2 no size."""
    count, paren, size = line.partition(":")[2].partition("(")
    return bool(paren) and "B)" in size and ("," in count or size.strip().endswith(" B)"))


def _footer_texts(lines: list[str], start: int, end: int) -> list[str]:
    return [lines[i] for i in range(start, end) if "params:" in lines[i]]

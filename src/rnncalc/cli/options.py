"""From command-line text to spec fields: files and stdin read, JSON parsed, flags merged.

Typer would parse ``--inp 2`` itself, but its errors are multi-line usage boxes; parsing here
gives every bad value the same one-line ``field: message (got value)`` error. Pure functions,
no typer, no pydantic: the CLI calls them, tests call them directly.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rnncalc.errors import SpecError

__all__ = ["merge_fields", "read_paste", "read_text", "spec_object"]

#: The most a --spec input may hold: a batch of about a million specs. More is refused, not
#: read: `--spec /dev/zero` must end, and in bounded memory.
MAX_SPEC_BYTES = 64 * 2**20


def read_text(source: str, field: str = "FILE", limit: int = MAX_SPEC_BYTES) -> str:
    """The UTF-8 text of file ``source``, or of stdin for '-', if it is at most ``limit`` bytes."""
    data, beyond = _read(source, field, limit)
    if beyond:
        raise SpecError(field, f"holds more than {limit // 2**20} MiB; split it", source)
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")  # as Windows editors save it: a byte-order mark first
    except UnicodeDecodeError:
        raise SpecError(field, "is not UTF-8 text", source) from None


def read_paste(source: str, limit: int) -> tuple[str, bool]:
    """A pasted summary from file ``source`` or stdin ('-'), decoded whatever its encoding, read
    up to ``limit`` bytes; also whether the input went on beyond that (it was cut)."""
    from rnncalc.summaries import decode

    data, beyond = _read(source, "FILE", limit, prompt="paste a summary, then Ctrl-D (Ctrl-Z, Enter on Windows)")
    return (data if isinstance(data, str) else decode(data)), beyond


def _read(source: str, field: str, limit: int, prompt: str = "") -> tuple[bytes | str, bool]:
    """At most ``limit`` bytes of file ``source`` or of stdin ('-'), and whether there was more.
    A text stream in place of stdin (tests, notebooks) gives text, counted in characters."""
    try:
        if source == "-":
            if sys.stdin is None:  # started with stdin closed (<&-)
                raise SpecError(field, "cannot read it: stdin is closed", source)
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                text = sys.stdin.read(limit + 1)
                return text[:limit], len(text) > limit
            if prompt and sys.stdin.isatty():
                print(prompt, file=sys.stderr)
            data = stream.read(limit + 1)
        else:
            with open(source, "rb") as file:
                data = file.read(limit + 1)
    except IsADirectoryError:
        raise SpecError(field, "is a directory, not a file", source) from None
    except OSError as err:
        raise SpecError(field, f"cannot read it: {err.strerror or err}", source) from None
    return data[:limit], len(data) > limit


def spec_object(text: str, where: str) -> dict[str, Any]:
    """The JSON object of a --spec input already read, as a dict."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SpecError("--spec", f"is not valid JSON: {err.msg} at line {err.lineno} column {err.colno}", where) from None
    except RecursionError:  # [[[[... thousands deep
        raise SpecError("--spec", "is not valid JSON: nested too deeply", where) from None
    except ValueError as err:  # e.g. an integer with more digits than Python converts
        raise SpecError("--spec", f"is not valid JSON: {err}", where) from None
    if not isinstance(data, dict):
        raise SpecError("--spec", f"must hold a JSON object, not {type(data).__name__}", where)
    return data


def merge_fields(base: dict[str, Any], flags: dict[str, Any]) -> dict[str, Any]:
    """The spec file's fields, with every flag the user gave on top (None = not given)."""
    given = {key: value for key, value in flags.items() if value is not None}
    merged = {**base, **given}
    if "units" in given and "layers" not in given:
        if isinstance(given["units"], list):
            # --units 64,32 over a file that says layers: 3 means the flag's two layers.
            merged.pop("layers", None)
        elif isinstance(base.get("units"), list) and "layers" not in base:
            # --units 32 over a file's units [128, 64] resizes its two layers; it keeps them.
            merged["layers"] = len(base["units"])
    return merged

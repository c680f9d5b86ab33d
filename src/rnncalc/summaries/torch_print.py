"""A printed PyTorch module, ``print(model)``: constructor calls, no counts.

Source: torch/nn/modules/module.py (Module.__repr__) and each module's extra_repr (torch
2.13): ``(name): LSTM(10, 20, num_layers=2, batch_first=True)``,
``Linear(in_features=40, out_features=1, bias=True)``, ``Embedding(100, 32)``. Every call on
a line is read; the arguments are parsed without evaluating anything.
"""

from __future__ import annotations

from rnncalc.summaries.rows import Row

#: Positional parameter names of the modules whose counts rnncalc knows, as their extra_repr prints them.
POSITIONAL = {
    "RNN": ("input_size", "hidden_size"), "LSTM": ("input_size", "hidden_size"), "GRU": ("input_size", "hidden_size"),
    "RNNCell": ("input_size", "hidden_size"), "LSTMCell": ("input_size", "hidden_size"),
    "GRUCell": ("input_size", "hidden_size"),
    "Linear": ("in_features", "out_features"), "Embedding": ("num_embeddings", "embedding_dim"),
    "Conv1d": ("in_channels", "out_channels"), "Conv2d": ("in_channels", "out_channels"),
    "LayerNorm": ("normalized_shape",), "BatchNorm1d": ("num_features",), "BatchNorm2d": ("num_features",),
}


def _value(text: str) -> object:
    text = text.strip().strip("'\"")
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    if text.startswith("(") and text.endswith(")"):
        parts = [p.strip() for p in text[1:-1].split(",") if p.strip()]
        if parts and all(p.isascii() and p.isdigit() and len(p) <= 18 for p in parts):
            return tuple(int(p) for p in parts)
    return {"True": True, "False": False, "None": None}.get(text, text)


def _split(args: str) -> list[str]:
    """Top-level commas only: 'kernel_size=(3,), stride=(1,)' is two arguments."""
    parts, depth, start = [], 0, 0
    for j, c in enumerate(args):
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "," and depth == 0:
            parts.append(args[start:j])
            start = j + 1
    parts.append(args[start:])
    return [p for p in (p.strip() for p in parts) if p]


def _call(line: str) -> tuple[str, str, str] | None:
    """'(rnn): LSTM(10, 20)' -> ('rnn', 'LSTM', '10, 20'), for a call that closes on its line."""
    text = line.strip()
    name = ""
    if text.startswith("("):
        close = text.find("):")
        if close < 0:
            return None
        name, text = text[1:close], text[close + 2:].strip()
    elif "=" in text.partition("(")[0]:  # code: rnn = nn.LSTM(10, 20)
        name, _, text = text.partition("=")
        name, text = name.strip(), text.strip()
    kind, paren, rest = text.partition("(")
    kind = kind.strip().removeprefix("nn.").removeprefix("torch.nn.")
    # A leaf module closes its call on its line; a container opens one and lists its children.
    if not paren or not kind.isidentifier() or not kind[0].isupper() or not rest.endswith(")"):
        return None
    if not name and kind not in POSITIONAL:
        return None
    return name, kind, rest[:-1]


def read(lines: list[str]) -> tuple[Row, ...]:
    rows = []
    for i, line in enumerate(lines):
        found = _call(line)
        if found is None:
            continue
        name, kind, text = found
        args: dict[str, object] = {}
        for k, part in enumerate(_split(text)):
            key, eq, value = part.partition("=")
            if not eq:
                names = POSITIONAL.get(kind, ())
                key, value = (names[k] if k < len(names) else f"arg{k}"), key
            args[key.strip()] = _value(value)
        rows.append(Row(i + 1, name or kind.lower(), kind, "", None, (), args))
    return tuple(rows)

"""What every summary reader produces, and the small pieces of text they share.

Everything here is linear in the length of its input: no regular expression that can
backtrack, no int() on a string that might hold thousands of digits or a superscript.
"""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field

__all__ = ["Row", "Summary", "last_dim", "number", "shapes_in"]

#: Layer classes whose rows are recurrent layers (Keras, PyTorch and the wrappers around them).
RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "RNN", "CuDNNLSTM", "CuDNNGRU", "Bidirectional", "LSTMCell",
                       "GRUCell", "RNNCell"})
#: No real count has more digits than this (10**18 parameters); longer digit runs are not counts.
_MAX_DIGITS = 18


@dataclass(frozen=True)
class Row:
    """One printed layer row, as read: nothing inferred yet."""

    line: int  # 1-based line of the input where the row starts
    name: str
    kind: str  # the layer class as printed: LSTM, Bidirectional, Dense, InputLayer, ...
    shape: str  # the output shape as printed
    params: int | None  # None where the summary prints none ("--", a PyTorch print) or it is unreadable
    connected: tuple[str, ...] = ()  # Keras "Connected to": names of the inbound layers
    args: dict[str, object] = field(default_factory=dict)  # a PyTorch print's constructor arguments
    depth: int = 0  # nesting: torchinfo's depth, Keras expand_nested's level
    trainable: str = ""  # show_trainable's Y/N, torchinfo's Trainable column
    input_shape: str = ""  # torchinfo's Input Shape column
    problem: str = ""  # what could not be read in this row, for the verdict

    @property
    def recurrent(self) -> bool:
        return self.kind in RECURRENT


@dataclass(frozen=True)
class Summary:
    """One summary found in a paste: its rows and its footer."""

    format: str  # keras3 | keras2 | torchinfo | torch_print
    rows: tuple[Row, ...]
    total: int | None
    total_line: int | None
    line: int = 1  # where the summary starts
    trainable: int | None = None
    non_trainable: int | None = None
    optimizer: int | None = None  # Keras 3 after training: counted in Total params, not in any row
    era: str = ""  # signals of the printing version, for ranking readings: "" or "keras<2.3"
    name: str = ""  # Model: "..."
    approximate: frozenset[str] = frozenset()  # footer counts written as estimates (~185,000): never pinned

    @property
    def model_rows(self) -> tuple[Row, ...]:
        """The rows whose counts add up to the model: nested rows (Keras expand_nested, torchinfo
        children) are already inside their parent's count, or the parent prints none."""
        if self.format == "torchinfo":
            return tuple(r for r in self.rows if r.params is not None)
        return tuple(r for r in self.rows if r.depth == 0)


def number(text: str) -> int | None:
    """'1,234' -> 1234; anything else (',,', '--', '1²', 40 digits) -> None."""
    digits = text.strip().replace(",", "").replace("_", "")
    if 0 < len(digits) <= _MAX_DIGITS and digits.isascii() and digits.isdigit():
        return int(digits)
    return None


# An innermost bracket group: linear, as the class excludes both kinds of bracket.
_GROUP = re.compile(r"[(\[]([^()\[\]]*)[)\]]")


@lru_cache(maxsize=4096)  # a long summary repeats its shapes
def shapes_in(text: str) -> tuple[tuple[int | None, ...], ...]:
    """Every shape in an output-shape cell: '(None, 5, 8)', '[(None, 4), (None, 4)]', '[1, 5, 20]'."""
    found = []
    for group in _GROUP.findall(text[:4096]):
        dims = [d.strip() for d in group.split(",")]
        if dims and not dims[-1]:
            dims.pop()  # '(None,)' is a one-dimensional shape
        if dims and all(d == "None" or number(d) is not None and d.isdigit() for d in dims):
            found.append(tuple(None if d == "None" else int(d) for d in dims))
    return tuple(found)


def last_dim(text: str) -> int | None:
    shapes = shapes_in(text)
    return shapes[0][-1] if shapes and shapes[0] else None


_KINDS = ("Bidirectional", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "InputLayer", "Embedding", "TimeDistributed",
          "BatchNormalization", "LayerNormalization", "MultiHeadAttention", "Concatenate", "GlobalAveragePooling1D",
          "GlobalMaxPooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "RepeatVector", "SpatialDropout1D",
          "ConvLSTM1D", "ConvLSTM2D", "Functional", "Sequential", "MaxPooling1D", "MaxPooling2D",
          "AveragePooling1D", "AveragePooling2D", "GaussianNoise", "GaussianDropout", "SpatialDropout2D",
          "Attention", "AdditiveAttention", "Conv1DTranspose", "Conv2DTranspose", "SeparableConv1D", "DepthwiseConv1D")


def full_kind(kind: str) -> str:
    """A type name Keras 2 cut to its column, without its closing bracket: (Bidirection, (SimpleRN, (Batch."""
    if len(kind) < 4 or kind in _KINDS:
        return kind
    matches = [full for full in _KINDS if full.startswith(kind)]
    return matches[0] if len(matches) == 1 else kind


def name_and_kind(cell: str) -> tuple[str, str]:
    """'lstm_1 (LSTM)' -> ('lstm_1', 'LSTM'); a type cut short ('(Bidirection') is completed."""
    cell = cell.strip().replace("\\_", "_")
    name, paren, rest = cell.partition("(")
    if not paren:
        return cell, ""
    kind, closed, _ = rest.partition(")")
    kind = kind.strip()
    return name.strip(), full_kind(kind) if kind.isidentifier() and not closed else kind


def connected_names(text: str) -> tuple[str, ...]:
    """Keras 'Connected to': 'lstm_a[0][0], gru_b[0][0]' -> ('lstm_a', 'gru_b')."""
    names = []
    for token in text.replace(",", " ").split():
        name, bracket, _ = token.lstrip("['\"").partition("[")
        if bracket and name:
            names.append(name)
    return tuple(names)

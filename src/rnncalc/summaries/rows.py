"""What every summary reader produces, and the small pieces of text they share.

Everything here is linear in the length of its input: no regular expression that can
backtrack, no int() on a string that might hold thousands of digits or a superscript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

__all__ = ["Format", "Row", "Size", "Summary", "last_dim", "number", "shapes_in"]


class Format(StrEnum):
    """A summary format, with the traits that change how its rows are read and checked: no
    check outside summaries/ asks which format it is, only what it does."""

    KERAS3 = "keras3"
    KERAS2 = "keras2"
    TORCHINFO = "torchinfo"
    TORCH_PRINT = "torch_print"

    @property
    def call_order(self) -> bool:
        """Rows in call order, not wiring (torchinfo): the row above hints at a row's input, a
        parent prints "--" and its children carry its count, and every counted row adds to Total."""
        return self is Format.TORCHINFO

    @property
    def constructors(self) -> bool:
        """Rows state their constructor and no count (a printed PyTorch module): each is counted."""
        return self is Format.TORCH_PRINT

    @property
    def wired(self) -> bool:
        """Rows follow the wiring (Keras): a row's input is the row before or its "Connected to",
        a nested model's row holds its children's count, and the footer splits off what is frozen."""
        return self in (Format.KERAS3, Format.KERAS2)

    def family(self, kind: str) -> str:
        """The class the conventions read a row of ``kind`` as, in this format: its own, or the
        layer class whose weights a historical or a cell class has (KERAS_FAMILIES). PyTorch's
        nn.RNNCell / LSTMCell / GRUCell are read as themselves: its convention reads cells."""
        return KERAS_FAMILIES.get(kind, kind) if self.wired else kind


#: Class names a Keras summary may carry for a recurrent layer, each with the class whose weights it has:
#: TF 2.0's UnifiedLSTM / UnifiedGRU became LSTM / GRU (tensorflow/python/keras/layers/recurrent_v2.py); a
#: cell holds its layer's weights (keras/src/layers/rnn/{simple_rnn,lstm,gru}.py: the layer builds its cell
#: and nothing else); StackedRNNCells is RNN([cells])'s cell, so it counts as that RNN (stacked_rnn_cells.py).
KERAS_FAMILIES = {"UnifiedLSTM": "LSTM", "UnifiedGRU": "GRU", "SimpleRNNCell": "SimpleRNN", "LSTMCell": "LSTM",
                  "GRUCell": "GRU", "StackedRNNCells": "RNN"}
#: Layer classes whose rows are recurrent layers (Keras, PyTorch and the wrappers around them).
RECURRENT = frozenset({"LSTM", "GRU", "SimpleRNN", "RNN", "CuDNNLSTM", "CuDNNGRU", "Bidirectional", "LSTMCell",
                       "GRUCell", "RNNCell", "PeepholeLSTMCell", *KERAS_FAMILIES})
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
    macs: int | None = None  # torchinfo's Mult-Adds column
    problem: str = ""  # what could not be read in this row, for the verdict

    @property
    def recurrent(self) -> bool:
        return self.kind in RECURRENT


@dataclass(frozen=True)
class Size:
    """A figure the footer prints rounded: a byte size (Keras's '(2.73 KB)' after a count, torchinfo's
    'Params size (MB)'), or torchinfo's 'Total mult-adds (M)', a count printed the same way."""

    key: str  # total, trainable, non_trainable, optimizer; torchinfo: params, input, forward, estimated, mult_adds
    amount: float  # bytes; for mult_adds, multiply-adds
    rounding: float  # how far the printed rounding lets the true size be
    line: int


@dataclass(frozen=True)
class Summary:
    """One summary found in a paste: its rows and its footer."""

    format: Format
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
    sizes: tuple[Size, ...] = ()  # the footer's byte sizes

    @property
    def model_rows(self) -> tuple[Row, ...]:
        """The rows whose counts add up to the model: nested rows (Keras expand_nested, torchinfo
        children) are already inside their parent's count, or the parent prints none."""
        if self.format.call_order:
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
        if dims and all(d == "None" or number(d) is not None and d.isdigit() or _symbol(d) for d in dims[:-1]) \
                and (dims[-1] == "None" or number(dims[-1]) is not None and dims[-1].isdigit()):
            # A hand-edited dimension ("(None, LAG-1, 30)" in a README) is unknown, as None is.
            found.append(tuple(int(d) if d.isdigit() and number(d) is not None else None for d in dims))
    return tuple(found)


def _symbol(dim: str) -> bool:
    """A dimension written as a name or a small expression (LAG-1, seq_len, T): not a number, still a dimension."""
    return 0 < len(dim) <= 24 and dim[0].isalpha() and all(c.isalnum() or c in "_-+*/ " for c in dim)


def closed(shape: str) -> str:
    """A shape whose closing brackets a paste lost ('(128, None, 1026' in a quoted pipe table)."""
    if shape.count("(") > shape.count(")") and shape.rstrip()[-1:].isalnum():
        shape = shape.rstrip() + ")" * (shape.count("(") - shape.count(")"))
    if shape.count("[") > shape.count("]") and shape.rstrip()[-1:] in ")0123456789None":
        shape = shape.rstrip() + "]" * (shape.count("[") - shape.count("]"))
    return shape


def last_dim(text: str) -> int | None:
    shapes = shapes_in(text)
    return shapes[0][-1] if shapes and shapes[0] else None


_KINDS = ("Bidirectional", "SimpleRNN", "CuDNNLSTM", "CuDNNGRU", "InputLayer", "Embedding", "TimeDistributed",
          "BatchNormalization", "LayerNormalization", "MultiHeadAttention", "Concatenate", "GlobalAveragePooling1D",
          "GlobalMaxPooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D", "RepeatVector", "SpatialDropout1D",
          "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "PeepholeLSTMCell", "StackedRNNCells", "SimpleRNNCell", "Functional", "Sequential", "MaxPooling1D", "MaxPooling2D",
          "AveragePooling1D", "AveragePooling2D", "GaussianNoise", "GaussianDropout", "SpatialDropout2D",
          "Attention", "AdditiveAttention", "Conv1DTranspose", "Conv2DTranspose", "SeparableConv1D", "DepthwiseConv1D",
          "TextVectorization", "Conv3DTranspose", "MaxPooling3D", "AveragePooling3D", "GlobalAveragePooling3D",
          "GlobalMaxPooling3D", "UpSampling3D", "ZeroPadding3D", "SpatialDropout3D")


def full_kind(kind: str, name: str = "") -> str:
    """A type name Keras 2 cut to its column, without its closing bracket: (Bidirection, (SimpleRN, (Batch.
    Where the cut leaves several classes ((SpatialDropo, (Globa) or none at all ('()'), the layer's
    name decides when it is the one Keras gave it: the class in snake case, numbered
    (spatial_dropout1d, global_average_pooling1d_1; keras/src/utils/naming.py to_snake_case and
    auto_name, tf_keras/src/utils/generic_utils.py likewise)."""
    if kind in _KINDS:
        return kind
    matches = [full for full in _KINDS if full.startswith(kind)] if len(kind) >= 4 else []
    if len(matches) == 1:
        return matches[0]
    stem = name.rstrip("0123456789").removesuffix("_") if name[-1:].isdigit() else name
    named = [full for full in _KINDS if full.startswith(kind) and _snake(full) == stem]
    return named[0] if len(named) == 1 else kind


def _snake(kind: str) -> str:
    """Keras's to_snake_case of a class name: GlobalAveragePooling1D -> global_average_pooling1d. Run on
    the names in _KINDS only, never on pasted text."""
    kind = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", kind)
    return re.sub("([a-z])([A-Z])", r"\1_\2", kind).lower()


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

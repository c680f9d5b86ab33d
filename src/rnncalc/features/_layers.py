"""The rows around the recurrent ones: counting rules of the other layers a summary prints.

Each rule gives every configuration of its layer that reproduces a printed count, from what
the row shows (its output shape) and what the rows before it show (the input width, when
known). An empty list means no configuration does: the row is wrong as printed. A layer with
no rule here is not checked. Sources, read at Keras 3.15 / torch 2.13: keras/src/layers/core/
dense.py, embedding.py, normalization/{batch,layer}_normalization.py, convolutional/
base_conv.py, base_conv_transpose.py, rnn/conv_lstm.py,
pooling/, preprocessing/index_lookup.py, attention/{attention,multi_head_attention}.py;
torch/nn/modules/{linear,sparse,conv,normalization,batchnorm}.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Fit", "FREE", "expected", "fits", "printed_fits"]


@dataclass(frozen=True)
class Fit:
    """One configuration of a layer that has the count: how it reads, and its formula."""

    reading: str
    formula: str
    count: int
    non_trainable: int = 0  # BatchNormalization's moving statistics


#: Layers without weights, in both families' spellings. Pooling of every rank creates none
#: (keras/src/layers/pooling/: no add_weight in base_pooling.py, base_global_pooling.py or
#: base_adaptive_pooling.py; tf_keras/src/layers/pooling/ likewise), nor do padding, cropping and
#: upsampling (keras/src/layers/reshaping/).
FREE = frozenset("""
InputLayer Dropout SpatialDropout1D SpatialDropout2D SpatialDropout3D AlphaDropout GaussianDropout GaussianNoise
Flatten Reshape Permute RepeatVector Concatenate Add Subtract Multiply Average Maximum Minimum Dot Masking
Activation ReLU Softmax LeakyReLU ELU GlobalAveragePooling1D GlobalAveragePooling2D GlobalAveragePooling3D
GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D MaxPooling1D MaxPooling2D MaxPooling3D AveragePooling1D
AveragePooling2D AveragePooling3D AdaptiveAveragePooling1D AdaptiveAveragePooling2D AdaptiveAveragePooling3D
AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D ZeroPadding1D ZeroPadding2D ZeroPadding3D
Cropping1D Cropping2D Cropping3D UpSampling1D UpSampling2D UpSampling3D Lambda Identity Tanh Sigmoid GELU
MaxPool1d MaxPool2d AvgPool1d AdaptiveAvgPool1d AdaptiveMaxPool1d Dropout1d Dropout2d
ReLU6 Hardtanh Hardsigmoid Hardswish SiLU Mish SELU CELU Softplus Softsign Tanhshrink LogSoftmax LogSigmoid
MaxPool3d AvgPool2d AvgPool3d AdaptiveAvgPool2d AdaptiveAvgPool3d AdaptiveMaxPool2d AdaptiveMaxPool3d Dropout3d
""".split())  # the PyTorch names: torch.nn.modules activation.py, pooling.py, dropout.py register no Parameter


@dataclass(frozen=True)
class Shown:
    """What the summary shows around a row: the output's feature width (channels last or, for
    PyTorch, channels at axis 1) and the input width when the rows before tell it."""

    out: int | None
    channels: int | None  # PyTorch conv/norm layers keep channels on axis 1
    inp: int | None


def _solve(count: int, per: int, extra: int) -> int | None:
    """n with n · per + extra == count, n ≥ 1."""
    if per <= 0 or count < extra + per or (count - extra) % per:
        return None
    return (count - extra) // per


def _dense(name: str) -> Callable[[int, Shown], list[Fit]]:
    def rule(count: int, s: Shown) -> list[Fit]:
        if s.out is None:
            return []
        fits = []
        for bias in (True, False):
            extra = s.out if bias else 0
            inp = s.inp if s.inp is not None and s.inp * s.out + extra == count else None
            if s.inp is None:
                inp = _solve(count, s.out, extra)
            if inp is not None:
                tail = f" + {s.out}" if bias else ""
                what = "" if bias else ", no bias"
                fits.append(Fit(f"{name}({s.out}{what}) on {inp} features", f"{inp} · {s.out}{tail}", count))
        return fits

    return rule


def _embedding(count: int, s: Shown) -> list[Fit]:
    vocab = _solve(count, s.out or 0, 0)
    return [Fit(f"Embedding({vocab}, {s.out})", f"{vocab} · {s.out}", count)] if vocab else []


#: What the kernel size solved from a count is, by the convolution's rank.
_KERNEL = {"1": "kernel", "2": "kernel area", "3": "kernel volume"}


def _conv(name: str, axis: str) -> Callable[[int, Shown], list[Fit]]:
    """Conv1D/2D/3D and their transposes: kernel_size + (input channels, filters) weights and
    filters biases (keras/src/layers/convolutional/base_conv.py build: kernel_shape =
    kernel_size + (input_channel // groups, filters), bias (filters,) when use_bias;
    base_conv_transpose.py: kernel_size + (filters, input_channel), the same count). The input
    channels are the previous row's last dimension (channels_last); with them the count gives
    the kernel's size (its length, area or volume), without them only that size × the channels."""
    kernel = next((word for rank, word in _KERNEL.items() if f"{rank}D" in name or f"{rank}d" in name), "kernel")

    def rule(count: int, s: Shown) -> list[Fit]:
        filters = s.channels if axis == "channels" else s.out
        if filters is None:
            return []
        fits = []
        for bias in (True, False):
            extra = filters if bias else 0
            tail = f" + {filters}" if bias else ""
            what = "" if bias else ", no bias"
            if s.inp is not None:
                k = _solve(count, s.inp * filters, extra)
                if k:
                    fits.append(Fit(f"{name}({filters}, {kernel} {k}{what}) on {s.inp} channels",
                                    f"{k} · {s.inp} · {filters}{tail}", count))
            elif (area := _solve(count, filters, extra)) is not None:
                fits.append(Fit(f"{name}({filters}{what}), {kernel} · input channels = {area}",
                                f"{area} · {filters}{tail}", count))
        return fits

    return rule


def _batch_norm(count: int, s: Shown) -> list[Fit]:
    c = s.out
    if not c:
        return []
    # gamma and beta train (center, scale); moving mean and variance do not.
    options = [(4, "", 2), (3, ", center or scale off", 2), (2, ", center=False, scale=False", 2)]
    return [Fit(f"BatchNormalization on {c} features{what}", f"{n} · {c}", count, stats * c)
            for n, what, stats in options if n * c == count]


def _torch_norm(name: str, axis: str) -> Callable[[int, Shown], list[Fit]]:
    def rule(count: int, s: Shown) -> list[Fit]:
        c = s.channels if axis == "channels" else s.out
        if not c:
            return []
        # weight and bias (affine); torchinfo counts parameters, not the running statistics.
        options = [(2, ""), (1, ", bias=False"), (0, ", no affine")]
        return [Fit(f"{name}({c}{what})", f"{n} · {c}", count) for n, what in options if n * c == count]

    return rule


def _layer_norm(count: int, s: Shown) -> list[Fit]:
    c = s.out
    if not c:
        return []
    options = [(2, ""), (1, ", center or scale off"), (0, ", center=False, scale=False")]
    return [Fit(f"LayerNormalization on {c} features{what}", f"{n} · {c}", count) for n, what in options
            if n * c == count]


def _conv_lstm(name: str) -> Callable[[int, Shown], list[Fit]]:
    def rule(count: int, s: Shown) -> list[Fit]:
        f = s.out
        if not f:
            return []
        fits = []
        for bias in (True, False):
            extra = 4 * f if bias else 0
            tail = f" + 4 · {f}" if bias else ""
            what = "" if bias else ", no bias"
            if s.inp is not None:
                # kernel [*k, inp, 4f] and recurrent_kernel [*k, f, 4f]: 4f · K · (inp + f)
                area = _solve(count, 4 * f * (s.inp + f), extra)
                if area:
                    fits.append(Fit(f"{name}({f}{what}), kernel area {area}, on {s.inp} channels",
                                    f"4 · {f} · {area} · ({s.inp} + {f}){tail}", count))
            elif (rest := _solve(count, 4 * f, extra)) is not None:
                fits.append(Fit(f"{name}({f}{what}), kernel area · (input channels + {f}) = {rest}",
                                f"4 · {f} · {rest}{tail}", count))
        return fits

    return rule


def _text_vectorization(count: int, s: Shown) -> list[Fit] | None:
    """No weights (keras/src/layers/preprocessing/index_lookup.py keeps its vocabulary in a lookup
    table and its TF-IDF weights in a tf.Variable, not a layer weight); tf_keras's layer tracks
    the TF-IDF weights and a document count, sized by a vocabulary the row does not show: not counted."""
    return [Fit("TextVectorization: no weights", "0", 0)] if count == 0 else None


def _attention(count: int, s: Shown) -> list[Fit]:
    options = [(0, "Attention()"), (1, "Attention(use_scale=True) or score_mode='concat'"),
               (2, "Attention(use_scale=True, score_mode='concat')")]
    return [Fit(what, str(n), count) for n, what in options if n == count]


def _multi_head(count: int, s: Shown) -> list[Fit]:
    d = s.out
    if not d:
        return []
    fits = []
    # Self-attention on d features, value_dim = key_dim: query, key and value kernels
    # [d, heads, key_dim] with biases [heads, key_dim], output kernel [heads, key_dim, d] and bias [d].
    for bias in (True, False):
        hk = _solve(count, 4 * d + (3 if bias else 0), d if bias else 0)
        if hk:
            what = "" if bias else ", use_bias=False"
            tail = f" + 3 · {hk} + {d}" if bias else ""
            fits.append(Fit(f"MultiHeadAttention, num_heads · key_dim = {hk}{what} (self-attention on {d} features)",
                            f"4 · {d} · {hk}{tail}", count))
    return fits


_RULES: dict[str, Callable[[int, Shown], list[Fit] | None]] = {
    "Dense": _dense("Dense"), "TimeDistributed": _dense("TimeDistributed(Dense"), "Linear": _dense("Linear"),
    "Embedding": _embedding,
    "Conv1D": _conv("Conv1D", "last"), "Conv2D": _conv("Conv2D", "last"), "Conv3D": _conv("Conv3D", "last"),
    "Conv1DTranspose": _conv("Conv1DTranspose", "last"), "Conv2DTranspose": _conv("Conv2DTranspose", "last"),
    "Conv3DTranspose": _conv("Conv3DTranspose", "last"), "TextVectorization": _text_vectorization,
    "Conv1d": _conv("Conv1d", "channels"), "Conv2d": _conv("Conv2d", "channels"),
    "BatchNormalization": _batch_norm, "LayerNormalization": _layer_norm,
    "BatchNorm1d": _torch_norm("BatchNorm1d", "channels"), "BatchNorm2d": _torch_norm("BatchNorm2d", "channels"),
    "LayerNorm": _torch_norm("LayerNorm", "last"),
    # ConvLSTM3D: the same rule, the kernel's volume for its area (keras/src/layers/rnn/conv_lstm.py
    # ConvLSTMCell.build: kernel_shape = kernel_size + (input_dim, filters * 4), one for the recurrent kernel).
    "ConvLSTM1D": _conv_lstm("ConvLSTM1D"), "ConvLSTM2D": _conv_lstm("ConvLSTM2D"), "ConvLSTM3D": _conv_lstm("ConvLSTM3D"),
    "Attention": _attention, "MultiHeadAttention": _multi_head,
}


#: Keras convolutions counted by _conv, with what their kernel's size is.
_CONVS = {kind: next(word for rank, word in _KERNEL.items() if rank in kind)
          for kind in ("Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose")}


#: PyTorch layers whose features sit on axis 1 of their input and output: (N, C, L).
CHANNELS_FIRST = frozenset({"Conv1d", "Conv2d", "BatchNorm1d", "BatchNorm2d"})


def known(kind: str) -> bool:
    return kind in FREE or kind in _RULES


def fits(kind: str, count: int, shown: Shown) -> list[Fit] | None:
    """Every configuration of a ``kind`` layer with ``count`` weights; None for a layer without a rule."""
    if kind in FREE:
        return [Fit(f"{kind}: no weights", "0", 0)] if count == 0 else []
    rule = _RULES.get(kind)
    if rule is None:
        return None
    found = rule(count, shown)
    if kind == "TimeDistributed" and count == 0:  # TimeDistributed(Dropout(...)), of a layer without weights
        return [Fit("TimeDistributed of a layer without weights", "0", 0)]
    if kind == "TimeDistributed":
        return [Fit(f.reading.replace(")", "))", 1), f.formula, f.count) for f in found or ()] or None
    return found


def _near(count: int, per: int, extra: int) -> list[int]:
    """The n ≥ 1 whose n · per + extra are nearest ``count``, below and above it."""
    if per <= 0:
        return []
    below = max(1, (count - extra) // per)
    return sorted({below, below + 1})


def expected(kind: str, count: int, shown: Shown) -> list[Fit]:
    """The counts a ``kind`` layer can have nearest a printed ``count`` that none reproduces (a
    typo): its configurations from what the row shows, the framework's defaults first, with a
    size the row does not show (an input width, a vocabulary) at its nearest values. Each Fit's
    count is that configuration's, not the printed one. Empty where rnncalc cannot count it."""
    out, found = shown.out, []
    if kind in ("Dense", "Linear", "TimeDistributed") and out:
        name = "TimeDistributed(Dense" if kind == "TimeDistributed" else kind
        close = ")" if kind == "TimeDistributed" else ""
        for bias in (True, False):
            extra, what = (out, "") if bias else (0, ", no bias")
            for inp in [shown.inp] if shown.inp else _near(count, out, extra):
                fit = Fit(f"{name}({out}{what}){close} on {inp} features", f"{inp} · {out}" + (f" + {out}" if bias
                          else ""), inp * out + extra)
                found.append(fit)
    elif kind in _CONVS and out and shown.inp:
        # Keras channels_last: the filters are the output's last dimension, the input channels the
        # row before's; the kernel's size is what the row does not show, so its nearest values.
        per, name = shown.inp * out, _CONVS[kind]
        for bias in (True, False):
            extra, what, tail = (out, "", f" + {out}") if bias else (0, ", no bias", "")
            found += [Fit(f"{kind}({out}, {name} {k}{what}) on {shown.inp} channels",
                          f"{k} · {shown.inp} · {out}{tail}", k * per + extra) for k in _near(count, per, extra)]
    elif kind == "Embedding" and out:
        found = [Fit(f"Embedding({v}, {out})", f"{v} · {out}", v * out) for v in _near(count, out, 0)]
    elif kind in ("BatchNormalization", "LayerNormalization", "LayerNorm", "BatchNorm1d", "BatchNorm2d"):
        width = shown.channels if kind in CHANNELS_FIRST else out
        rule = _RULES[kind]
        if width:  # every option is a multiple of the width: read each off the rule at its own count
            found = [f for n in (4, 3, 2, 1) for f in rule(n * width, shown) or ()][:3]
    return found


def printed_fits(kind: str, args: dict[str, object]) -> Fit | None:
    """A printed PyTorch module states its arguments: its count, or None without a rule."""
    def size(key: str) -> int | None:
        value = args.get(key)
        return value if isinstance(value, int) else None

    bias = args.get("bias", True) is not False
    if kind in FREE:
        return Fit(f"{kind}: no weights", "0", 0)
    if kind == "Linear" and (i := size("in_features")) and (o := size("out_features")):
        return Fit(f"Linear({i}, {o})", f"{i} · {o}" + (f" + {o}" if bias else ""), i * o + (o if bias else 0))
    if kind == "Embedding" and (n := size("num_embeddings")) and (d := size("embedding_dim")):
        return Fit(f"Embedding({n}, {d})", f"{n} · {d}", n * d)
    if kind in ("Conv1d", "Conv2d") and (i := size("in_channels")) and (o := size("out_channels")):
        k = args.get("kernel_size")
        kernel = k if isinstance(k, tuple) else (k,) if isinstance(k, int) else None
        groups = size("groups") or 1
        if kernel is None or i % groups:
            return None
        area = 1
        for n in kernel:
            area *= n
        return Fit(f"{kind}({i}, {o}, kernel_size={k})",
                   f"{o} · {i // groups} · {area}" + (f" + {o}" if bias else ""), o * (i // groups) * area + (o if bias else 0))
    if kind in ("LayerNorm",):
        shape = args.get("normalized_shape")
        dims = shape if isinstance(shape, tuple) else (shape,) if isinstance(shape, int) else None
        if dims is None:
            return None
        n = 1
        for d in dims:
            n *= d
        if args.get("elementwise_affine", True) is False:
            return Fit(f"LayerNorm({shape}, elementwise_affine=False)", "0", 0)
        return Fit(f"LayerNorm({shape})", f"2 · {n}" if bias else str(n), (2 if bias else 1) * n)
    if kind in ("BatchNorm1d", "BatchNorm2d") and (c := size("num_features")):
        affine = args.get("affine", True) is not False
        return Fit(f"{kind}({c})", f"2 · {c}" if affine else "0", 2 * c if affine else 0)
    return None

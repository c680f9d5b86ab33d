"""Capture real summaries for the `rnncalc check` corpus, with the truth from the frameworks.

    KERAS_BACKEND=torch python tests/corpus/capture.py

Builds each model with real Keras 3 / tf_keras (Keras 2) / PyTorch / torchinfo, writes what it
prints to tests/corpus/captured/NAME.txt, and records in captured.json, per entry:
  "truth":  every recurrent layer among the printed rows, as the framework itself describes it
            (class, units, input width, count); an RNN over stacked cells gives one entry per
            cell ("cell_index"); ConvLSTM layers are not listed (rows only);
  "rows":   one object per printed layer row, in print order, with the framework's counts;
  "totals": total / trainable / non_trainable / optimizer as the framework computes them
            (Keras 3 prints Total = total + optimizer; tf_keras prints no optimizer line);
  "settings": the summary kwargs (or environment) a case is about; absent means defaults.
Keras 3 picks its table width from the terminal (min(default, columns - 4)), so every Keras 3
summary is printed as on a wide terminal (COLUMNS=200: Keras's own 88/108/120 defaults) unless
the case sets "terminal_columns". tf_keras and the ASCII (non-UTF-8 stdout) Keras 3 case run in
a subprocess of this script (`--worker keras2|keras3-ascii OUT.json`).
tests/crosscheck/test_check_live.py runs the same builders live; test_check.py reads the files.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager, redirect_stdout
from importlib import metadata
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torchinfo  # noqa: E402
from keras.src.utils.summary_utils import count_params as k3_count  # noqa: E402
from keras.src.utils.summary_utils import get_layer_index_bound_by_layer_name as k3_range  # noqa: E402

L = keras.layers
HERE = Path(__file__).parent
WIDE = 200  # terminal columns for Keras 3: wide enough for its default line lengths
CELLS = {"LSTMCell": "lstm", "GRUCell": "gru", "SimpleRNNCell": "rnn"}


@contextmanager
def terminal_columns(columns: int):
    """Keras 3 (shutil.get_terminal_size) and rich (Console) both read COLUMNS."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = str(columns)
    try:
        yield
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old


def keras_text(model: keras.Model, columns: int = WIDE, **kwargs) -> str:
    parts: list[str] = []
    with terminal_columns(columns):
        model.summary(print_fn=lambda text, **_: parts.append(text), **kwargs)
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"


def keras_printed(model, expand_nested=False, layer_range=None, **_) -> list[tuple[object, int]]:
    """(layer, nesting level) for every row Keras 3's print_summary prints, in order."""
    from keras.src.models import Functional, Sequential

    if isinstance(model, Sequential) or not isinstance(model, Functional):
        layers = model.layers
    else:
        layers = model._operations
    rows: list[tuple[object, int]] = []

    def walk(layer, level):
        rows.append((layer, level))
        if expand_nested and hasattr(layer, "layers") and layer.layers:
            for sub in layer.layers:
                walk(sub, level + 1)

    lo, hi = k3_range(layers, layer_range)
    for layer in layers[lo:hi]:
        walk(layer, 0)
    return rows


def rnn_truth(printed, bidirectional_cls, rnn_cls) -> list[dict]:
    """Every recurrent layer among the printed rows as the framework describes it: the wrapped
    layer for Bidirectional (with "backward" when its backward layer differs), one entry per
    cell ("cell_index") for an RNN over stacked cells."""

    def describe(cell) -> dict:
        fields = {"cell": CELLS[type(cell).__name__], "units": cell.units, "inp": int(cell.kernel.shape[0]),
                  "bias": cell.use_bias}
        if fields["cell"] == "gru":
            fields["reset_after"] = cell.reset_after
        return fields

    truth = []
    for layer, _level in printed:
        if isinstance(layer, rnn_cls) and not layer.built:  # Keras 3's "0 (unbuilt)": no weights yet
            truth.append({"name": layer.name, "built": False, "params": 0})
            continue
        bidirectional = isinstance(layer, bidirectional_cls)
        inner = layer.forward_layer if bidirectional else layer
        if not isinstance(inner, rnn_cls):
            continue
        kind = type(inner).__name__
        if kind in ("CuDNNLSTM", "CuDNNGRU"):  # tf_keras compat layers: no cell object
            truth.append({"name": layer.name, "cell": kind[5:].lower(), "units": inner.units,
                          "inp": int(inner.kernel.shape[0]), "bias": True, "bidirectional": bidirectional,
                          "params": layer.count_params(), "framework": "cudnn"})
            continue
        cells = getattr(inner.cell, "cells", None)
        if cells is not None:  # RNN([cell, cell, ...]): StackedRNNCells, one entry per cell
            for index, cell in enumerate(cells):
                fields = describe(cell)
                reset_after = fields.pop("reset_after", None)
                count = sum(int(np.prod(w.shape)) for w in cell.weights) * (2 if bidirectional else 1)
                entry = {"name": layer.name, "cell_index": index, **fields, "bidirectional": bidirectional,
                         "params": count}
                if reset_after is not None:
                    entry["reset_after"] = reset_after
                truth.append(entry)
            continue
        if type(inner.cell).__name__ not in CELLS:  # ConvLSTM and other cells: rows only
            continue
        fields = describe(inner.cell)
        reset_after = fields.pop("reset_after", None)
        entry = {"name": layer.name, **fields, "bidirectional": bidirectional, "params": layer.count_params()}
        if reset_after is not None:
            entry["reset_after"] = reset_after
        if bidirectional:
            back = layer.backward_layer
            if (type(back.cell), back.cell.units, back.cell.use_bias) != (type(inner.cell), inner.cell.units,
                                                                         inner.cell.use_bias):
                entry["backward"] = {"name": back.name, **describe(back.cell)}
        truth.append(entry)
    return truth


def keras_truth(model: keras.Model, **settings) -> list[dict]:
    return rnn_truth(keras_printed(model, **settings), L.Bidirectional, L.RNN)


def keras_rows(model: keras.Model, **settings) -> list[dict]:
    rows = []
    for layer, level in keras_printed(model, **settings):
        built = getattr(layer, "built", False)
        trainable = k3_count(layer.trainable_weights) if built else 0
        non_trainable = k3_count(layer.non_trainable_weights) if built else 0
        rows.append({"name": layer.name, "class": type(layer).__name__,
                     "params": layer.count_params() if built else 0, "trainable": trainable,
                     "non_trainable": non_trainable, "depth": level})
    return rows


def keras_totals(model: keras.Model) -> dict:
    optimizer = 0
    if model.compiled and model.optimizer and model.optimizer.built:
        optimizer = k3_count(model.optimizer.variables)
    return {"total": model.count_params() if model.built else 0, "trainable": k3_count(model.trainable_weights),
            "non_trainable": k3_count(model.non_trainable_weights), "optimizer": optimizer}


def keras_models() -> dict[str, keras.Model]:
    # One session for all of these: their layer names number on from its start, whatever this
    # process built before (tests/crosscheck/test_check_live.py runs after other tests).
    keras.backend.clear_session()

    def seq(*layers, name=None):
        return keras.Sequential(list(layers), name=name)

    def functional_two_inputs():
        a, b = keras.Input((5, 3), name="series_a"), keras.Input((5, 4), name="series_b")
        x = L.LSTM(6, name="lstm_a")(a)
        y = L.GRU(4, name="gru_b")(b)
        return keras.Model([a, b], L.Dense(1)(L.Concatenate()([x, y])), name="two_inputs")

    def functional_states():
        x = keras.Input((7, 2))
        out, h, c = L.LSTM(8, return_state=True)(x)
        return keras.Model(x, [out, h, c], name="with_states")

    return {
        "keras3-lstm-3-on-2": seq(keras.Input((4, 2)), L.LSTM(3)),
        "keras3-lstm-1-on-1": seq(keras.Input((4, 1)), L.LSTM(1)),
        "keras3-simplernn-wrapped": seq(keras.Input((4, 2)), L.SimpleRNN(3)),
        "keras3-gru-default": seq(keras.Input((None, 8)), L.GRU(16), L.Dense(1)),
        "keras3-gru-reset-before": seq(keras.Input((None, 25)), L.GRU(5, reset_after=False), L.Dense(1)),
        "keras3-gru-no-bias": seq(keras.Input((10, 3)), L.GRU(4, use_bias=False)),
        "keras3-no-input-row": seq(L.LSTM(32, input_shape=(10, 7)), L.Dense(1)),
        "keras3-embedding-bilstm": seq(keras.Input((20,)), L.Embedding(1000, 32), L.Bidirectional(L.LSTM(64)),
                                       L.Dense(1)),
        "keras3-bigru-sum": seq(keras.Input((None, 6)), L.Bidirectional(L.GRU(16), merge_mode="sum")),
        "keras3-narrowing-stack": seq(keras.Input((30, 300)), L.LSTM(64, return_sequences=True), L.LSTM(32),
                                      L.Dense(10)),
        "keras3-two-inputs": functional_two_inputs(),
        "keras3-return-state": functional_states(),
        "keras3-bidirectional-stack": seq(keras.Input((None, 7)), L.Bidirectional(L.GRU(16, return_sequences=True,
                                                                                      reset_after=False)),
                                          L.Bidirectional(L.LSTM(8)), L.Dense(2)),
        "keras3-simplernn-relu": seq(keras.Input((3, 1)), L.SimpleRNN(10, activation="relu"), L.Dense(1)),
        "keras3-deep-gru": seq(keras.Input((12, 4)), L.GRU(8, return_sequences=True), L.GRU(8, return_sequences=True),
                               L.GRU(8)),
    }


# Later Keras 3 cases: name -> (builder, settings). Each builder runs in a fresh session
# (keras.backend.clear_session()), so its auto-generated layer names do not depend on the others.
# settings: model.summary kwargs; "terminal_columns" is the COLUMNS the summary is printed under.

def _seq(*layers, name=None):
    return keras.Sequential(list(layers), name=name)


def k3_bilstm_states_merge_none():
    x = keras.Input((7, 3))
    outputs = L.Bidirectional(L.LSTM(8, return_state=True), merge_mode=None)(x)
    return keras.Model(x, outputs, name="bilstm_states")


def k3_backward_layer():
    return _seq(keras.Input((10, 5)),
                L.Bidirectional(L.LSTM(8, return_sequences=True),
                                backward_layer=L.GRU(6, return_sequences=True, go_backwards=True)),
                L.GlobalAveragePooling1D(), L.Dense(1))


def k3_nested():
    encoder = keras.Sequential([keras.Input((12, 4)), L.LSTM(16, return_sequences=True), L.Dense(8)],
                               name="encoder")
    return _seq(keras.Input((12, 4)), encoder, L.GRU(8), L.Dense(1), name="outer")


def k3_frozen():
    model = _seq(keras.Input((15,)), L.Embedding(200, 16), L.LSTM(24, name="frozen_lstm"), L.Dense(3))
    model.get_layer("frozen_lstm").trainable = False
    return model


def k3_layer_range():
    return _seq(keras.Input((9, 4)), L.LSTM(12, return_sequences=True, name="first_lstm"),
                L.Dropout(0.1, name="drop"), L.GRU(10, return_sequences=True, name="middle_gru"),
                L.SimpleRNN(6, name="last_rnn"), L.Dense(1, name="head"))


def k3_after_fit():
    keras.utils.set_random_seed(0)
    model = _seq(keras.Input((6, 3)), L.LSTM(10), L.Dense(1))
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(0)
    model.fit(rng.random((8, 6, 3), dtype="float32"), rng.random((8, 1), dtype="float32"), epochs=1,
              batch_size=4, verbose=0)
    return model


def k3_truncated_states():
    x = keras.Input((20, 16), name="a_long_input_name_for_the_sequence_batch")
    outputs = L.LSTM(64, return_state=True, name="the_encoder_lstm_with_a_rather_long_descriptive_name")(x)
    return keras.Model(x, outputs, name="encoder_with_states")


def k3_ascii():
    return _seq(keras.Input((20,)), L.Embedding(500, 16), L.Bidirectional(L.LSTM(32, return_sequences=True)),
                L.GRU(16), L.Dense(2), name="ascii_boxes")


def k3_attention():
    query_in, value_in = keras.Input((8, 5), name="query_seq"), keras.Input((10, 5), name="value_seq")
    query = L.LSTM(16, return_sequences=True, name="query_lstm")(query_in)
    value = L.LSTM(16, return_sequences=True, name="value_lstm")(value_in)
    attended = L.Attention()([query, value])
    pooled = L.GlobalAveragePooling1D()(attended)
    return keras.Model([query_in, value_in], L.Dense(1)(pooled), name="lstm_attention")


def k3_mha():
    x = keras.Input((10, 16))
    h = L.LSTM(16, return_sequences=True)(x)
    attended = L.MultiHeadAttention(num_heads=2, key_dim=8)(h, h)
    h = L.LayerNormalization()(L.Add()([h, attended]))
    return keras.Model(x, L.Dense(3)(L.GlobalAveragePooling1D()(h)), name="lstm_mha")


def k3_concat_add():
    a, b = keras.Input((6, 4), name="left"), keras.Input((6, 4), name="right")
    x = L.LSTM(8, name="left_lstm")(a)
    y = L.GRU(8, name="right_gru")(b)
    z = L.SimpleRNN(8, name="right_rnn")(b)
    merged = L.Concatenate()([L.Add()([x, y]), z])
    return keras.Model([a, b], L.Dense(2)(merged), name="branches")


def k3_seq2seq_repeat():
    return _seq(keras.Input((12,)), L.Reshape((4, 3)), L.LSTM(6), L.RepeatVector(4),
                L.LSTM(6, return_sequences=True), L.TimeDistributed(L.Dense(3)), name="autoencoder")


def k3_long_stack():
    layers = [keras.Input((16, 8))]
    for _ in range(10):
        layers += [L.LSTM(8, return_sequences=True), L.Dropout(0.1), L.LayerNormalization(), L.Dense(8)]
    return _seq(*layers, name="forty_layers")


def k3_long_names():
    return _seq(keras.Input((30, 12)),
                L.LSTM(32, return_sequences=True, name="bidirectional_sentence_encoder_first_lstm_layer"),
                L.Bidirectional(L.GRU(16), name="a_bidirectional_gru_with_an_unusually_long_layer_name"),
                L.Dense(4, name="classification_head_dense_layer_with_softmax_output"), name="long_names")


def k3_convlstm_conv3d():
    # keras-io's next-frame prediction example in small: ConvLSTM2D, 3D pooling, a Conv3D head.
    return _seq(keras.Input((None, 16, 16, 1)),
                L.ConvLSTM2D(8, (3, 3), padding="same", return_sequences=True), L.BatchNormalization(),
                L.MaxPooling3D((1, 2, 2)), L.ConvLSTM2D(4, (1, 1), padding="same", return_sequences=True),
                L.Conv3D(1, (3, 3, 3), padding="same"), L.GlobalAveragePooling3D(), name="next_frame")


def k3_text_bigru():
    return _seq(keras.Input((40,)), L.Embedding(3000, 48), L.Bidirectional(L.GRU(32, return_sequences=True)),
                L.GRU(16), L.Dropout(0.2), L.Dense(3), name="text_bigru")


def k3_functional_branches():
    words, chars = keras.Input((12,), name="words"), keras.Input((12, 20), name="chars")
    w = L.Bidirectional(L.LSTM(24), name="word_bilstm")(L.Embedding(800, 16)(words))
    c = L.Conv1D(8, 3, name="char_conv")(chars)
    c = L.SimpleRNN(6, name="char_rnn")(L.MaxPooling1D(2)(c))
    return keras.Model([words, chars], L.Dense(2)(L.Concatenate()([w, c])), name="branches_at_width")


#: Keras 3 prints min(88, columns - 4) wide (Sequential; 108 for a functional model with its
#: Connected to column): 92 columns give the 88-wide table of a wide terminal, 80 columns (the
#: fallback of notebooks and pipes) the 76-wide one.
WIDTHS = {"88": 92, "76": 80}


def keras3_cases() -> dict[str, tuple]:
    at_widths = {f"keras3-{name}-{width}": (build, {"terminal_columns": columns})
                 for name, build in (("convlstm2d-conv3d-pooling3d", k3_convlstm_conv3d),
                                     ("embedding-bigru-gru", k3_text_bigru),
                                     ("functional-bilstm-conv1d-simplernn", k3_functional_branches))
                 for width, columns in WIDTHS.items()}
    # The models `rnncalc summary` writes, at the 76 columns their 88-wide captures lack
    # (keras3-lstm-3-on-2, keras3-bigru-mul, keras3-rnn-simplernncell): test_check.py compares both.
    writer_76 = {
        "keras3-lstm-3-on-2-76": (lambda: _seq(keras.Input((4, 2)), L.LSTM(3)), {"terminal_columns": 80}),
        "keras3-bigru-mul-76": (lambda: _seq(keras.Input((None, 6)), L.Bidirectional(L.GRU(16), merge_mode="mul")),
                                {"terminal_columns": 80}),
        "keras3-rnn-simplernncell-76": (lambda: _seq(keras.Input((5, 2)), L.RNN(L.SimpleRNNCell(4))),
                                        {"terminal_columns": 80}),
    }
    # No Input: Keras 3 prints every layer "0 (unbuilt)" with a shape of "?".
    unbuilt = {"keras3-unbuilt": (lambda: _seq(L.Embedding(100, 8), L.LSTM(4), L.Dense(1)), {})}
    return {**at_widths, **writer_76, **unbuilt,
        "keras3-bilstm-states-merge-none": (k3_bilstm_states_merge_none, {}),
        "keras3-bigru-mul": (lambda: _seq(keras.Input((None, 6)), L.Bidirectional(L.GRU(16), merge_mode="mul")), {}),
        "keras3-bigru-ave": (lambda: _seq(keras.Input((9, 6)), L.Bidirectional(L.GRU(12, return_sequences=True),
                                                                                merge_mode="ave"), L.Dense(1)), {}),
        "keras3-bidirectional-backward-gru": (k3_backward_layer, {}),
        "keras3-rnn-lstmcell": (lambda: _seq(keras.Input((5, 3)), L.RNN(L.LSTMCell(8)), L.Dense(1)), {}),
        "keras3-rnn-stacked-grucells": (lambda: _seq(keras.Input((5, 3)), L.RNN([L.GRUCell(6), L.GRUCell(6)]),
                                                     L.Dense(1)), {}),
        "keras3-rnn-simplernncell": (lambda: _seq(keras.Input((5, 2)), L.RNN(L.SimpleRNNCell(4))), {}),
        "keras3-nested-sequential": (k3_nested, {}),
        "keras3-nested-sequential-expanded": (k3_nested, {"expand_nested": True}),
        "keras3-show-trainable-frozen": (k3_frozen, {"show_trainable": True}),
        "keras3-layer-range": (k3_layer_range, {"layer_range": ["middle_gru", "last_rnn"]}),
        "keras3-after-fit-optimizer": (k3_after_fit, {}),
        "keras3-truncated-state-shapes": (k3_truncated_states, {}),
        "keras3-embedding-mask-zero": (lambda: _seq(keras.Input((25,)), L.Embedding(5000, 64, mask_zero=True),
                                                    L.LSTM(32), L.Dense(1)), {}),
        "keras3-conv1d-batchnorm-lstm": (lambda: _seq(
            keras.Input((50, 8)), L.Conv1D(16, 5), L.BatchNormalization(), L.LSTM(24, return_sequences=True),
            L.TimeDistributed(L.Dense(4)), L.Flatten(), L.Dense(1)), {}),
        "keras3-gru-layernorm": (lambda: _seq(keras.Input((None, 10)), L.GRU(20, return_sequences=True),
                                              L.LayerNormalization(), L.GRU(20, reset_after=False),
                                              L.Dropout(0.5), L.Dense(5)), {}),
        "keras3-convlstm1d": (lambda: _seq(keras.Input((5, 10, 3)), L.ConvLSTM1D(4, 3), L.Flatten(),
                                           L.Dense(1)), {}),
        "keras3-convlstm2d": (lambda: _seq(keras.Input((5, 8, 8, 2)), L.ConvLSTM2D(4, (3, 3), return_sequences=True),
                                           L.BatchNormalization(), L.ConvLSTM2D(2, (3, 3)),
                                           L.GlobalAveragePooling2D(), L.Dense(1)), {}),
        "keras3-lstm-attention": (k3_attention, {}),
        "keras3-lstm-multiheadattention": (k3_mha, {}),
        "keras3-concatenate-add": (k3_concat_add, {}),
        "keras3-reshape-repeatvector": (k3_seq2seq_repeat, {}),
        "keras3-masking-simplernn": (lambda: _seq(keras.Input((7, 3)), L.Masking(0.0), L.SimpleRNN(8),
                                                  L.Dense(1)), {}),
        "keras3-lstm-no-bias": (lambda: _seq(keras.Input((10, 6)), L.LSTM(12, use_bias=False), L.Dense(1)), {}),
        "keras3-deep-lstm-3": (lambda: _seq(keras.Input((40, 20)), L.LSTM(128, return_sequences=True),
                                            L.LSTM(64, return_sequences=True), L.LSTM(32), L.Dense(1)), {}),
        "keras3-forty-layers": (k3_long_stack, {}),
        "keras3-long-names": (k3_long_names, {}),
        "keras3-narrow-terminal": (lambda: _seq(keras.Input((30, 12)), L.Bidirectional(L.LSTM(64)), L.Dense(1)),
                                   {"terminal_columns": 80}),
    }


def keras3_entry(model, settings: dict) -> dict:
    kwargs = {k: v for k, v in settings.items() if k != "terminal_columns"}
    entry = {"format": "keras3", "text": keras_text(model, columns=settings.get("terminal_columns", WIDE), **kwargs),
             "truth": keras_truth(model, **kwargs), "rows": keras_rows(model, **kwargs),
             "totals": keras_totals(model)}
    if settings:
        entry["settings"] = settings
    return entry


# --- tf_keras (Keras 2), run in a subprocess: `--worker keras2 OUT.json` ---------------------

def keras2_worker() -> dict[str, dict]:
    import tensorflow as tf
    import tf_keras
    from tf_keras.src.utils.layer_utils import count_params as k2_count
    from tf_keras.src.utils.layer_utils import get_layer_index_bound_by_layer_name as k2_range

    K = tf_keras.layers
    compat = tf.compat.v1.keras.layers  # CuDNNLSTM / CuDNNGRU live only in the compat API

    def seq(*layers, name=None):
        return tf_keras.Sequential(list(layers), name=name)

    def printed(model, expand_nested=False, layer_range=None, **_):
        rows = []

        def walk(layer, level):
            rows.append((layer, level))
            if expand_nested and hasattr(layer, "layers") and layer.layers:
                for sub in layer.layers:
                    walk(sub, level + 1)

        lo, hi = k2_range(model, layer_range)
        for layer in model.layers[lo:hi]:
            walk(layer, 0)
        return rows

    def totals(model):
        optimizer = 0
        opt = getattr(model, "optimizer", None)
        if opt is not None:
            variables = opt.variables() if callable(opt.variables) else opt.variables
            optimizer = k2_count(variables)
        return {"total": model.count_params(), "trainable": k2_count(model.trainable_weights),
                "non_trainable": k2_count(model.non_trainable_weights), "optimizer": optimizer}

    def functional():
        a, b = tf_keras.Input((5, 3), name="series_a"), tf_keras.Input((5, 4), name="series_b")
        x = K.LSTM(6, name="lstm_a")(a)
        y = K.GRU(4, name="gru_b")(b)
        return tf_keras.Model([a, b], K.Dense(1)(K.Concatenate()([x, y])), name="two_inputs")

    def frozen():
        model = seq(tf_keras.Input((15,)), K.Embedding(200, 16), K.LSTM(24, name="frozen_lstm"), K.Dense(3))
        model.get_layer("frozen_lstm").trainable = False
        return model

    def nested():
        encoder = tf_keras.Sequential([tf_keras.Input((12, 4)), K.LSTM(16, return_sequences=True), K.Dense(8)],
                                      name="encoder")
        return seq(tf_keras.Input((12, 4)), encoder, K.GRU(8), K.Dense(1), name="outer")

    def after_fit():
        tf_keras.utils.set_random_seed(0)
        model = seq(tf_keras.Input((6, 3)), K.LSTM(10), K.Dense(1))
        model.compile(optimizer="adam", loss="mse")
        rng = np.random.default_rng(0)
        model.fit(rng.random((8, 6, 3), dtype="float32"), rng.random((8, 1), dtype="float32"), epochs=1,
                  batch_size=4, verbose=0)
        return model

    def states():
        x = tf_keras.Input((20, 16), name="a_long_input_name_for_the_sequence_batch")
        outputs = K.LSTM(64, return_state=True, name="the_encoder_lstm_with_a_rather_long_descriptive_name")(x)
        return tf_keras.Model(x, outputs, name="encoder_with_states")

    cases = {
        "keras2-embedding-lstm": (lambda: seq(tf_keras.Input((20,)), K.Embedding(1000, 32), K.LSTM(64),
                                              K.Dense(1)), {}),
        "keras2-gru-reset-after": (lambda: seq(tf_keras.Input((None, 8)), K.GRU(16), K.Dense(1)), {}),
        "keras2-gru-reset-before": (lambda: seq(tf_keras.Input((None, 25)), K.GRU(5, reset_after=False),
                                                K.Dense(1)), {}),
        "keras2-simplernn": (lambda: seq(tf_keras.Input((3, 1)), K.SimpleRNN(10, activation="relu"),
                                         K.Dense(1)), {}),
        "keras2-embedding-bilstm": (lambda: seq(tf_keras.Input((20,)), K.Embedding(1000, 32),
                                                K.Bidirectional(K.LSTM(64)), K.Dense(1)), {}),
        "keras2-functional-two-inputs": (functional, {}),
        "keras2-batchnorm-lstm": (lambda: seq(tf_keras.Input((50, 8)), K.Conv1D(16, 5), K.BatchNormalization(),
                                              K.LSTM(24), K.Dense(1)), {}),
        "keras2-convlstm2d": (lambda: seq(tf_keras.Input((5, 8, 8, 2)), K.ConvLSTM2D(4, (3, 3)), K.Flatten(),
                                          K.Dense(1)), {}),
        "keras2-cudnnlstm": (lambda: seq(tf_keras.Input((30, 12)), compat.CuDNNLSTM(32, return_sequences=True),
                                         K.Bidirectional(compat.CuDNNLSTM(16)), K.Dense(1)), {}),
        "keras2-cudnngru": (lambda: seq(tf_keras.Input((30, 12)), compat.CuDNNGRU(32), K.Dense(1)), {}),
        "keras2-show-trainable-frozen": (frozen, {"show_trainable": True}),
        "keras2-nested-expanded": (nested, {"expand_nested": True}),
        "keras2-truncated-long-names": (states, {}),
        "keras2-after-fit": (after_fit, {}),
    }
    out = {}
    for name, (build, settings) in cases.items():
        tf_keras.backend.clear_session()
        model = build()
        lines: list[str] = []
        model.summary(print_fn=lambda text, **_: lines.append(text), **settings)
        shown = printed(model, **settings)
        rows = [{"name": layer.name, "class": type(layer).__name__, "params": layer.count_params(),
                 "trainable": k2_count(layer.trainable_weights), "non_trainable": k2_count(layer.non_trainable_weights),
                 "depth": level} for layer, level in shown]
        entry = {"format": "keras2", "text": "\n".join(lines) + "\n",
                 "truth": rnn_truth(shown, K.Bidirectional, K.RNN), "rows": rows, "totals": totals(model)}
        if settings:
            entry["settings"] = settings
        if name == "keras2-after-fit":
            entry["note"] = ("trained with adam: tf_keras prints no optimizer line; totals.optimizer is what "
                             "the optimizer holds, Total params excludes it")
        out[name] = entry
    return out


def keras3_ascii_worker() -> dict[str, dict]:
    """Runs with PYTHONIOENCODING=ascii: model.summary() prints straight to that stdout, and rich,
    seeing a non-UTF-8 encoding, draws its table with ASCII characters."""
    keras.backend.clear_session()
    model = k3_ascii()
    with terminal_columns(WIDE):
        model.summary()
    sys.stdout.flush()
    return {"keras3-ascii-boxes": {"format": "keras3", "settings": {"stdout_encoding": "ascii"},
                                   "truth": keras_truth(model), "rows": keras_rows(model),
                                   "totals": keras_totals(model)}}


def run_worker(kind: str, env: dict[str, str]) -> tuple[dict[str, dict], str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", kind, str(out)],
                              env={**os.environ, **env}, capture_output=True, check=False)
        if done.returncode:
            raise RuntimeError(f"worker {kind} failed:\n{done.stderr.decode(errors='replace')}")
        return json.loads(out.read_text(encoding="utf-8")), done.stdout.decode("ascii")


# --- PyTorch ---------------------------------------------------------------------------------

class Net(torch.nn.Module):
    def __init__(self, rnn: torch.nn.Module, out: int, embed: int | None = None) -> None:
        super().__init__()
        self.embed = torch.nn.Embedding(100, embed) if embed else None
        self.rnn = rnn
        self.head = torch.nn.Linear(out, 1)

    def forward(self, x):
        if self.embed is not None:
            x = self.embed(x)
        return self.head(self.rnn(x)[0])


class TextClassifier(torch.nn.Module):
    """Embedding -> Conv1d -> BatchNorm1d -> bidirectional LSTM -> Dropout -> LayerNorm -> Linear."""

    def __init__(self, vocab: int = 1000, embed: int = 32, hidden: int = 64, classes: int = 4) -> None:
        super().__init__()
        self.embedding = torch.nn.Embedding(vocab, embed, padding_idx=0)
        self.conv = torch.nn.Conv1d(embed, embed, kernel_size=3, padding=1)
        self.bn = torch.nn.BatchNorm1d(embed)
        self.lstm = torch.nn.LSTM(embed, hidden, batch_first=True, bidirectional=True)
        self.dropout = torch.nn.Dropout(0.3)
        self.norm = torch.nn.LayerNorm(2 * hidden)
        self.fc = torch.nn.Linear(2 * hidden, classes)

    def forward(self, tokens):
        x = self.embedding(tokens).transpose(1, 2)
        x = torch.relu(self.bn(self.conv(x))).transpose(1, 2)
        out, _ = self.lstm(x)
        return self.fc(self.norm(self.dropout(out[:, -1])))


class Block(torch.nn.Module):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.rnn = torch.nn.GRU(size, size, batch_first=True)
        self.post = torch.nn.Sequential(torch.nn.Linear(size, size), torch.nn.ReLU())

    def forward(self, x):
        return self.post(self.rnn(x)[0])


class Deep(torch.nn.Module):
    """Nesting five levels deep: Deep > encoder (Sequential) > Block > post (Sequential) > Linear."""

    def __init__(self) -> None:
        super().__init__()
        self.embed = torch.nn.Embedding(50, 16)
        self.encoder = torch.nn.Sequential(Block(16), Block(16))
        self.head = torch.nn.Linear(16, 2)

    def forward(self, x):
        return self.head(self.encoder(self.embed(x))[:, -1])


class FirstOutput(torch.nn.Module):
    def __init__(self, rnn: torch.nn.Module) -> None:
        super().__init__()
        self.rnn = rnn

    def forward(self, x):
        return self.rnn(x)[0]


def frozen_encoder() -> torch.nn.Module:
    model = TextClassifier(vocab=500, embed=16, hidden=32, classes=2)
    model.embedding.requires_grad_(False)
    model.lstm.requires_grad_(False)
    return model


def partly_frozen() -> torch.nn.Module:
    model = TextClassifier(vocab=500, embed=16, hidden=32, classes=2)
    model.embedding.requires_grad_(False)
    model.lstm.weight_hh_l0.requires_grad_(False)  # one tensor of the LSTM: "Partial"
    return model


def torch_models() -> dict[str, tuple[torch.nn.Module, list[int] | None, dict]]:
    """name -> (module, torchinfo input size or None for a plain print, data kwargs)."""
    return {
        "torchinfo-lstm-2-layers": (Net(torch.nn.LSTM(10, 20, num_layers=2, batch_first=True), 20), [1, 5, 10], {}),
        "torchinfo-bigru": (Net(torch.nn.GRU(8, 16, batch_first=True, bidirectional=True), 32), [2, 7, 8], {}),
        "torchinfo-rnn-relu-nobias": (Net(torch.nn.RNN(4, 6, nonlinearity="relu", bias=False, batch_first=True), 6),
                                      [3, 5, 4], {}),
        "torchinfo-embedding-lstm": (Net(torch.nn.LSTM(32, 64, batch_first=True), 64, embed=32), [2, 9],
                                     {"dtypes": [torch.long]}),
        "torchinfo-bare-lstm": (torch.nn.LSTM(3, 5, batch_first=True), [4, 6, 3], {}),
        "pytorch-print-net": (Net(torch.nn.LSTM(10, 20, num_layers=2, batch_first=True, bidirectional=True), 40), None,
                              {}),
        "pytorch-print-gru": (torch.nn.GRU(8, 16, bias=False), None, {}),
        "pytorch-print-seq2seq": (torch.nn.ModuleDict({"encoder": torch.nn.LSTM(300, 512, num_layers=2, dropout=0.3),
                                                       "decoder": torch.nn.GRU(512, 256),
                                                       "out": torch.nn.Linear(256, 1000)}), None, {}),
        "pytorch-print-proj": (torch.nn.LSTM(2, 3, proj_size=1), None, {}),
    }


def torch_cases() -> dict[str, tuple]:
    """Later PyTorch cases: name -> (builder, torchinfo input size or None for print(), kwargs, settings).
    kwargs go to torchinfo.summary with the input; settings are the display kwargs the case is about."""
    long_input = {"dtypes": [torch.long]}
    return {
        "torchinfo-text-classifier": (TextClassifier, [8, 40], long_input, {}),
        "torchinfo-kernel-trainable-columns": (partly_frozen, [8, 40], long_input, {
            "col_names": ("input_size", "output_size", "num_params", "kernel_size", "trainable")}),
        "torchinfo-var-names": (TextClassifier, [8, 40], long_input, {"row_settings": ("var_names",)}),
        "torchinfo-depth-var-names": (TextClassifier, [8, 40], long_input, {"row_settings": ("depth", "var_names")}),
        "torchinfo-deep-default": (Deep, [4, 12], long_input, {}),
        "torchinfo-deep-depth-1": (Deep, [4, 12], long_input, {"depth": 1}),
        "torchinfo-deep-depth-5": (Deep, [4, 12], long_input, {"depth": 5}),
        "torchinfo-lstm-proj-3-layers": (lambda: FirstOutput(torch.nn.LSTM(10, 20, num_layers=3, proj_size=5,
                                                                           batch_first=True)), [2, 7, 10], {}, {}),
        "torchinfo-bigru-2-layers": (lambda: Net(torch.nn.GRU(12, 24, num_layers=2, batch_first=True,
                                                              bidirectional=True), 48), [3, 9, 12], {}, {}),
        "torchinfo-frozen-encoder": (frozen_encoder, [8, 40], long_input, {}),
        "torchinfo-ascii-only": (TextClassifier, [8, 40], long_input, {"row_settings": ("ascii_only", "depth")}),
        "pytorch-print-text-classifier": (TextClassifier, None, {}, {}),
        "pytorch-print-sequential": (lambda: torch.nn.Sequential(
            torch.nn.Embedding(300, 24), torch.nn.Dropout(0.1), FirstOutput(torch.nn.GRU(24, 48, batch_first=True)),
            torch.nn.LayerNorm(48), torch.nn.Linear(48, 48), torch.nn.ReLU(), torch.nn.Linear(48, 5)), None, {}, {}),
        "pytorch-print-lstmcell": (lambda: torch.nn.LSTMCell(10, 20), None, {}, {}),
        "pytorch-print-grucell": (lambda: torch.nn.GRUCell(7, 14, bias=False), None, {}, {}),
    }


def torch_truth(module: torch.nn.Module, shown: set[int] | None = None) -> list[dict]:
    """Every recurrent module (RNN/LSTM/GRU and their cells); with `shown`, only those whose row
    torchinfo prints (ids of the printed modules: depth= can hide them)."""
    truth = []
    for name, m in module.named_modules():
        if shown is not None and id(m) not in shown:
            continue
        if isinstance(m, torch.nn.RNNBase):
            entry = {"name": name or type(m).__name__, "cell": {"RNN": "rnn", "LSTM": "lstm", "GRU": "gru"}[
                type(m).__name__], "units": m.hidden_size, "inp": m.input_size, "layers": m.num_layers,
                "bias": m.bias, "bidirectional": m.bidirectional,
                "params": sum(p.numel() for p in m.parameters())}
            if getattr(m, "proj_size", 0):
                entry["proj"] = m.proj_size
            truth.append(entry)
        elif isinstance(m, torch.nn.RNNCellBase):
            truth.append({"name": name or type(m).__name__, "cell": {"RNNCell": "rnn", "LSTMCell": "lstm",
                                                                      "GRUCell": "gru"}[type(m).__name__],
                          "units": m.hidden_size, "inp": m.input_size, "layers": 1, "bias": m.bias,
                          "bidirectional": False, "params": sum(p.numel() for p in m.parameters())})
    return truth


def torch_param_row(name: str, m: torch.nn.Module) -> dict:
    total = sum(p.numel() for p in m.parameters())
    trainable = sum(p.numel() for p in m.parameters() if p.requires_grad)
    return {"name": name, "class": type(m).__name__, "params": total, "trainable": trainable,
            "non_trainable": total - trainable}


def torch_print_rows(module: torch.nn.Module) -> list[dict]:
    """One row per leaf module (named_modules order), the root's class name standing for ''."""
    return [torch_param_row(name or type(m).__name__, m) for name, m in module.named_modules()
            if not any(m.children())]


def torch_totals(module: torch.nn.Module) -> dict:
    row = torch_param_row("", module)
    return {"total": row["params"], "trainable": row["trainable"], "non_trainable": row["non_trainable"],
            "optimizer": 0}


def torchinfo_printed(stats) -> list:
    """torchinfo's LayerInfo for every row it prints (the filter of its layers_to_str)."""
    fmt = stats.formatting
    return [info for info in stats.summary_list
            if not (info.depth > fmt.max_depth or (fmt.hide_recursive_layers and info.is_recursive))]


def torchinfo_rows(stats) -> list[dict]:
    """One row per line torchinfo prints, from its own LayerInfo objects."""
    fmt = stats.formatting
    rows = []
    for info in torchinfo_printed(stats):
        rows.append({"name": info.var_name, "class": info.class_name, "params": info.num_params,
                     "trainable": info.trainable_params, "non_trainable": info.num_params - info.trainable_params,
                     "depth": info.depth, "depth_index": info.depth_index, "is_recursive": info.is_recursive,
                     "printed_params": info.num_params_to_str(info.depth == fmt.max_depth)})
    return rows


def torch_entry(module: torch.nn.Module, size, data: dict, settings: dict | None = None) -> dict:
    if size is None:
        text, fmt = str(module) + "\n", "torch_print"
        rows, totals, truth = torch_print_rows(module), torch_totals(module), torch_truth(module)
    else:
        buffer = io.StringIO()
        with redirect_stdout(buffer):
            stats = torchinfo.summary(module, input_size=size, verbose=0, **data, **(settings or {}))
        text, fmt = str(stats) + "\n", "torchinfo"
        rows = torchinfo_rows(stats)
        truth = torch_truth(module, {id(info.module) for info in torchinfo_printed(stats)})
        totals = {"total": stats.total_params, "trainable": stats.trainable_params,
                  "non_trainable": stats.total_params - stats.trainable_params, "optimizer": 0}
    entry = {"format": fmt, "text": text, "truth": truth, "rows": rows, "totals": totals}
    if settings:
        entry["settings"] = {k: list(v) if isinstance(v, tuple) else v for k, v in settings.items()}
    return entry


# --- everything ------------------------------------------------------------------------------

def capture() -> dict[str, dict]:
    """name -> {"format", "text", "truth", "rows", "totals"[, "settings", "note"]}: every corpus entry
    built now, with the installed versions."""
    out = {}
    for name, model in keras_models().items():
        settings = {"line_length": 50} if name == "keras3-simplernn-wrapped" else {}
        keras.backend.clear_session()
        out[name] = keras3_entry(model, settings)
    for name, (build, settings) in keras3_cases().items():
        keras.backend.clear_session()
        out[name] = keras3_entry(build(), settings)
    out["keras3-after-fit-optimizer"]["note"] = (
        "Keras 3 prints Total params = total + optimizer (the optimizer's variables: iterations, "
        "learning rate, two Adam moments per trainable weight)")
    ascii_entries, ascii_text = run_worker("keras3-ascii", {"PYTHONIOENCODING": "ascii"})
    for name, entry in ascii_entries.items():
        out[name] = {**entry, "text": ascii_text}
    for name, (module, size, data) in torch_models().items():
        out[name] = torch_entry(module, size, data)
    for name, (build, size, data, settings) in torch_cases().items():
        torch.manual_seed(0)
        out[name] = torch_entry(build(), size, data, settings)
    keras2_entries, _ = run_worker("keras2", {"TF_USE_LEGACY_KERAS": "1"})
    out.update(keras2_entries)
    return out


def versions() -> dict[str, str]:
    def installed(*names):
        for name in names:
            try:
                return metadata.version(name)
            except metadata.PackageNotFoundError:
                continue
        return None

    return {"keras": keras.__version__, "torch": torch.__version__, "torchinfo": torchinfo.__version__,
            "python": sys.version.split()[0], "tf_keras": installed("tf_keras", "tf-keras"),
            "tensorflow": installed("tensorflow", "tensorflow-cpu")}


ENTRY_KEYS = ("format", "settings", "note", "truth", "rows", "totals")

if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        kind, target = sys.argv[2], Path(sys.argv[3])
        result = {"keras2": keras2_worker, "keras3-ascii": keras3_ascii_worker}[kind]()
        target.write_text(json.dumps(result), encoding="utf-8")
        sys.exit(0)
    entries = capture()
    folder = HERE / "captured"
    folder.mkdir(exist_ok=True)
    index = {"versions": versions(), "entries": {}}
    for name, entry in entries.items():
        (folder / f"{name}.txt").write_text(entry["text"], encoding="utf-8")
        index["entries"][name] = {key: entry[key] for key in ENTRY_KEYS if key in entry}
    (HERE / "captured.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    print(f"{len(entries)} summaries captured with {index['versions']}")

"""Capture real summaries for the `rnncalc check` corpus, with the truth from the frameworks.

    KERAS_BACKEND=torch python tests/corpus/capture.py

Builds each model with real Keras 3 / PyTorch / torchinfo, writes what it prints to
tests/corpus/captured/NAME.txt, and records in captured.json the versions and, for every
recurrent layer, what the framework itself says it is (class, units, input width, count).
tests/crosscheck/test_check_live.py runs the same builders live; test_check.py reads the files.
"""

from __future__ import annotations

import io
import json
import os
import sys
from contextlib import redirect_stdout
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import torch  # noqa: E402
import torchinfo  # noqa: E402

L = keras.layers
HERE = Path(__file__).parent


def keras_text(model: keras.Model, **kwargs) -> str:
    parts: list[str] = []
    model.summary(print_fn=lambda text, **_: parts.append(text), **kwargs)
    return "\n".join(p.rstrip("\n") for p in parts) + "\n"


def keras_truth(model: keras.Model) -> list[dict]:
    """Every recurrent layer as Keras describes it: the wrapped layer for Bidirectional."""
    truth = []
    for layer in model.layers:
        inner = layer.forward_layer if isinstance(layer, L.Bidirectional) else layer
        if not isinstance(inner, L.RNN):
            continue
        kernel = inner.cell.kernel
        entry = {"name": layer.name, "cell": {"LSTMCell": "lstm", "GRUCell": "gru", "SimpleRNNCell": "rnn"}[
            type(inner.cell).__name__], "units": inner.cell.units, "inp": int(kernel.shape[0]),
            "bias": inner.cell.use_bias, "bidirectional": isinstance(layer, L.Bidirectional),
            "params": layer.count_params()}
        if entry["cell"] == "gru":
            entry["reset_after"] = inner.cell.reset_after
        truth.append(entry)
    return truth


def keras_models() -> dict[str, keras.Model]:
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


def torch_truth(module: torch.nn.Module) -> list[dict]:
    truth = []
    for name, m in module.named_modules():
        if isinstance(m, torch.nn.RNNBase):
            entry = {"name": name or type(m).__name__, "cell": {"RNN": "rnn", "LSTM": "lstm", "GRU": "gru"}[
                type(m).__name__], "units": m.hidden_size, "inp": m.input_size, "layers": m.num_layers,
                "bias": m.bias, "bidirectional": m.bidirectional,
                "params": sum(p.numel() for p in m.parameters())}
            if getattr(m, "proj_size", 0):
                entry["proj"] = m.proj_size
            truth.append(entry)
    return truth


def capture() -> dict[str, dict]:
    """name -> {"text", "truth", "format"}: every corpus entry built now, with the installed versions."""
    out = {}
    for name, model in keras_models().items():
        kwargs = {"line_length": 50} if name == "keras3-simplernn-wrapped" else {}
        keras.backend.clear_session()
        out[name] = {"format": "keras3", "text": keras_text(model, **kwargs), "truth": keras_truth(model)}
    for name, (module, size, data) in torch_models().items():
        if size is None:
            text, fmt = str(module) + "\n", "torch_print"
        else:
            buffer = io.StringIO()
            with redirect_stdout(buffer):
                stats = torchinfo.summary(module, input_size=size, verbose=0, **data)
            text, fmt = str(stats) + "\n", "torchinfo"
        out[name] = {"format": fmt, "text": text, "truth": torch_truth(module)}
    return out


def versions() -> dict[str, str]:
    return {"keras": keras.__version__, "torch": torch.__version__, "torchinfo": torchinfo.__version__,
            "python": sys.version.split()[0]}


if __name__ == "__main__":
    entries = capture()
    folder = HERE / "captured"
    folder.mkdir(exist_ok=True)
    index = {"versions": versions(), "entries": {}}
    for name, entry in entries.items():
        (folder / f"{name}.txt").write_text(entry["text"], encoding="utf-8")
        index["entries"][name] = {"format": entry["format"], "truth": entry["truth"]}
    (HERE / "captured.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    print(f"{len(entries)} summaries captured with {index['versions']}")

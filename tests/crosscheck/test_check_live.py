"""`rnncalc check` on summaries printed now by the installed Keras 3, tf_keras, torchinfo and PyTorch.

The builders are the corpus's own (tests/corpus/capture.py); here they run live, so a change
in how a framework prints its summary fails this test rather than a user's paste. The stored
files are what test_check.py holds every row of against the frameworks' truth.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from rnncalc.features.check import check_text

CORPUS = Path(__file__).parent.parent / "corpus"
spec = importlib.util.spec_from_file_location("capture", CORPUS / "capture.py")
capture = importlib.util.module_from_spec(spec)
spec.loader.exec_module(capture)

STORED = sorted(json.loads((CORPUS / "captured.json").read_text())["entries"])


@pytest.fixture(scope="module")
def live():
    # Built once, when a test here first needs it: about a minute, which at import was paid by
    # every xdist worker's collection and by every run of any other test.
    return capture.capture()


def test_the_live_corpus_has_the_stored_entries(live):
    assert sorted(live) == STORED, "re-run: KERAS_BACKEND=torch python tests/corpus/capture.py"


@pytest.mark.parametrize("name", STORED)
def test_live_summary(name, live):
    entry = live[name]
    assert entry["text"] == (CORPUS / "captured" / f"{name}.txt").read_text(encoding="utf-8"), (
        "the framework prints this summary differently now: re-run KERAS_BACKEND=torch python tests/corpus/capture.py")
    result = check_text(entry["text"])
    assert {r.summary.format for r in result.reports} == {entry["format"]}
    # Every row agrees, but one built as Bidirectional(LSTM(8), backward_layer=GRU(6)): issue 20
    # makes a count only another backward layer explains a mismatch whose note names the real
    # pair among its readings (tests/test_check.py holds the readings to the truth).
    mixed = {t["name"] for t in entry["truth"] if "backward" in t}
    wrong = [(v.row.name, v.note) for r in result.reports for v in r.verdicts if v.status == "mismatch"
             and not (v.row.name in mixed and "backward_layer" in (v.note or ""))]
    assert not wrong, wrong


def test_captured_files_are_from_these_versions():
    # The stored corpus says which versions printed it; regenerate it when they change.
    recorded = json.loads((CORPUS / "captured.json").read_text())["versions"]
    assert recorded == capture.versions(), "re-run: KERAS_BACKEND=torch python tests/corpus/capture.py"


# Historical and cell class names (issue 20), each built for real and checked against its framework's count.

_TF_KERAS2 = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import warnings
warnings.simplefilter("ignore")
from tensorflow.python.keras import layers, models
from tensorflow.python.keras.layers import recurrent
model = models.Sequential([layers.InputLayer(input_shape=(5, 3)), layers.RNN(recurrent.PeepholeLSTMCell(4))])
lines = []
model.summary(print_fn=lines.append)
print("@@" + str(model.count_params()) + "@@" + "\\n".join(lines))
"""


def test_peephole_lstm_cell_counts_as_tf_keras_builds_it():
    # tf.keras 2's experimental PeepholeLSTMCell, in TF's own keras copy (tf_keras dropped it):
    # its RNN row prints "rnn (RNN)"; a table naming the cell is read as the cell.
    import os
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _TF_KERAS2], capture_output=True, check=False,
                          env={**os.environ, "TF_USE_LEGACY_KERAS": "1"})
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    count, text = done.stdout.decode().split("@@", 1)[1].split("@@", 1)
    real = int(count)
    (report,) = check_text(text).reports
    (rnn,) = report.verdicts
    assert rnn.status == "consistent" and rnn.row.params == real
    assert any(f.reading == "PeepholeLSTMCell(4) on 3 features" and f.count == real for f in rnn.fits)
    (named,) = check_text(text.replace("rnn (RNN)      ", "p (PeepholeLSTMCell)")).reports
    (cell,) = named.verdicts
    assert cell.status == "pinned" and cell.computed == real and cell.fits[0].reading == "PeepholeLSTMCell(4) on 3 features"


def test_conv_lstm_3d_is_counted():
    import keras

    keras.backend.clear_session()
    L = keras.layers
    model = keras.Sequential([keras.Input((2, 6, 7, 8, 3)), L.ConvLSTM3D(5, (2, 3, 3), padding="same",
                                                                          return_sequences=True),
                              L.ConvLSTM3D(4, 2, use_bias=False)])
    (report,) = check_text(capture.keras_text(model)).reports
    assert [v.row.kind for v in report.verdicts] == ["ConvLSTM3D", "ConvLSTM3D"]
    for verdict, layer in zip(report.verdicts, model.layers, strict=True):
        assert verdict.status in ("pinned", "consistent") and verdict.computed == layer.count_params(), verdict
    assert report.verdicts[1].fits[0].reading.startswith("ConvLSTM3D(4, no bias), kernel area 8, on 5 channels")


def test_keras_cell_classes_read_as_their_layers():
    # A row naming a cell has its layer's weights (Keras builds the cell and nothing else): a
    # Keras 3 table written with the cells' class names checks as the layers' summary does.
    import keras

    keras.backend.clear_session()
    L = keras.layers
    model = keras.Sequential([keras.Input((5, 3)), L.LSTM(4, return_sequences=True), L.GRU(6, return_sequences=True),
                              L.SimpleRNN(2), L.Dense(1)])
    text = capture.keras_text(model)
    renamed = text
    for layer, cell in (("(LSTM)", "(LSTMCell)"), ("(GRU) ", "(GRUCell) "), ("(SimpleRNN)", "(SimpleRNNCell)")):
        assert layer in renamed
        renamed = renamed.replace(layer, cell, 1)
    (plain,) = check_text(text).reports
    (cells,) = check_text(renamed).reports
    assert [v.row.kind for v in cells.verdicts][:3] == ["LSTMCell", "GRUCell", "SimpleRNNCell"]
    for a, b, layer in zip(plain.verdicts, cells.verdicts, model.layers, strict=True):
        assert (a.status, a.computed) == (b.status, b.computed) and b.computed == layer.count_params()


@pytest.mark.parametrize("cls", ["RNNCell", "LSTMCell", "GRUCell"])
def test_pytorch_cells_torchinfo_and_printed(cls):
    import io
    from contextlib import redirect_stdout

    import torch
    import torchinfo

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.cell = getattr(torch.nn, cls)(7, 5)
            self.out = torch.nn.Linear(5, 2)

        def forward(self, x):
            h = self.cell(x)
            return self.out(h[0] if isinstance(h, tuple) else h)

    net = Net()
    with redirect_stdout(io.StringIO()):
        table = str(torchinfo.summary(net, input_size=(3, 7), verbose=0, col_names=("input_size", "output_size",
                                                                                    "num_params")))
    real = sum(p.numel() for p in net.cell.parameters())
    for text in (table, str(net)):
        (report,) = check_text(text).reports
        (cell,) = [v for v in report.verdicts if v.row.kind == cls]
        assert cell.status == "pinned" and cell.computed == real, (text, cell)
        assert report.ok


@pytest.mark.parametrize("columns", [("input_size", "num_params"), ("num_params",), ("output_size", "num_params")])
def test_torchinfo_columns_and_neighbours(columns):
    # torchinfo printed without its Output Shape column: the next row's Input Shape fixes a row's
    # output width, so every counted row is pinned; with no shape at all, nothing is a mismatch.
    import io
    from contextlib import redirect_stdout

    import torch
    import torchinfo

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = torch.nn.Embedding(100, 16)
            self.lstm = torch.nn.LSTM(16, 24, batch_first=True, bidirectional=True)
            self.drop = torch.nn.Dropout(0.1)
            self.fc = torch.nn.Linear(48, 3)

        def forward(self, x):
            y, _ = self.lstm(self.emb(x))
            return self.fc(self.drop(y[:, -1]))

    net = Net()
    with redirect_stdout(io.StringIO()):
        text = str(torchinfo.summary(net, input_data=torch.zeros(2, 7, dtype=torch.long), verbose=0,
                                     col_names=columns))
    (report,) = check_text(text).reports
    assert report.ok, [(v.row.kind, v.status, v.note) for v in report.verdicts]
    real = {name: sum(p.numel() for p in m.parameters()) for name, m in net.named_children()}
    shown = "output_size" in columns or "input_size" in columns
    for verdict in report.verdicts[1:]:
        module = dict(net.named_children())[{"Embedding": "emb", "LSTM": "lstm", "Dropout": "drop",
                                             "Linear": "fc"}[verdict.row.kind]]
        if shown:
            assert verdict.status == "pinned" and verdict.computed == sum(p.numel() for p in module.parameters()), \
                verdict
    assert report.totals[0].printed == sum(real.values())

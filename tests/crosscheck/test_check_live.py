"""`rnncalc check` on summaries printed now by the installed Keras 3, tf_keras, torchinfo and PyTorch.

The builders are the corpus's own (tests/corpus/capture.py); here they run live, so a change
in how a framework prints its summary fails this test rather than a user's paste. The stored
files are what test_check.py holds every row of against the frameworks' truth.
"""

import importlib.util
import json
from pathlib import Path

import pytest

from rnncalc.checking import check_text

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

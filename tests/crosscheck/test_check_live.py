"""`rnncalc check` on summaries printed now by the installed Keras 3, torchinfo and PyTorch.

The builders are the corpus's own (tests/corpus/capture.py); here they run live, so a change
in how a framework prints its summary fails this test rather than a user's paste.
"""

import importlib.util
from pathlib import Path

import pytest

from rnncalc.check import check
from rnncalc.summary import parse_summary

spec = importlib.util.spec_from_file_location("capture", Path(__file__).parent.parent / "corpus" / "capture.py")
capture = importlib.util.module_from_spec(spec)
spec.loader.exec_module(capture)

LIVE = capture.capture()


@pytest.mark.parametrize("name", sorted(LIVE))
def test_live_summary(name):
    entry = LIVE[name]
    report = check(parse_summary(entry["text"]))
    assert report.summary.format == entry["format"]
    assert report.ok, [(v.row.name, v.note) for v in report.verdicts]
    assert [v.computed for v in report.verdicts] == [t["params"] for t in entry["truth"]]
    for verdict, truth in zip(report.verdicts, entry["truth"]):
        readings = [verdict.fields, *verdict.alternatives]
        assert any(set(r["units"]) == {truth["units"]} and r["inp"] == truth["inp"] and r["cell"] == truth["cell"]
                   for r in readings), (truth, readings)


def test_captured_files_are_from_these_versions():
    # The stored corpus says which versions printed it; regenerate it when they change.
    import json

    recorded = json.loads((Path(__file__).parent.parent / "corpus" / "captured.json").read_text())["versions"]
    assert recorded == capture.versions(), "re-run: KERAS_BACKEND=torch python tests/corpus/capture.py"

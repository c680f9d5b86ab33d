"""`rnncalc check` on a corpus of real summaries: captured from Keras 3, torchinfo and PyTorch
(tests/corpus/captured, truth recorded from the framework objects by capture.py) and Keras 2
summaries quoted in public Q&A threads (tests/corpus/quoted, sources in quoted.json)."""

import json
from pathlib import Path

import pytest
from helpers import assert_one_line_error

from rnncalc.check import check
from rnncalc.summary import parse_summary

CORPUS = Path(__file__).parent / "corpus"
CAPTURED = json.loads((CORPUS / "captured.json").read_text())["entries"]
QUOTED = json.loads((CORPUS / "quoted.json").read_text())["entries"]
ENTRIES = {**{f"captured/{k}": v for k, v in CAPTURED.items()}, **{f"quoted/{k}": v for k, v in QUOTED.items()}}
KEYS = ("cell", "units", "inp", "bidirectional", "bias", "layers", "proj", "reset_after", "framework")


def agrees(truth: dict, reading: dict) -> bool:
    """A reading agrees with the truth on every key the truth states."""
    def value(key):
        # A dumped spec lists units per layer; the truth gives one size.
        return set(reading["units"]) == {truth["units"]} if key == "units" else reading.get(key) == truth[key]

    return all(value(key) for key in KEYS if key in truth)


def test_corpus_size():
    assert len(ENTRIES) >= 30
    assert {e.get("format", "keras2") for e in ENTRIES.values()} >= {"keras3", "keras2", "torchinfo", "torch_print"}


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_every_row_is_right(name):
    report = check(parse_summary((CORPUS / f"{name}.txt").read_text()))
    truth = ENTRIES[name]["truth"]
    assert report.ok, [(v.row.name, v.note) for v in report.verdicts]
    assert report.summary.format == ENTRIES[name].get("format", "keras2")
    assert len(report.verdicts) == len(truth)
    for verdict, expected in zip(report.verdicts, truth):
        assert verdict.computed == expected["params"]
        readings = [verdict.fields, *verdict.alternatives]
        assert any(agrees(expected, r) for r in readings), (expected, readings)
        if not verdict.alternatives:  # only one reading: it must be the truth
            assert agrees(expected, verdict.fields), (expected, verdict.fields)
    if report.summary.total is not None:
        assert report.total_ok


def tampered(name: str, old: str, new: str) -> str:
    text = (CORPUS / f"{name}.txt").read_text()
    assert old in text
    return text.replace(old, new, 1)


def test_a_wrong_row_is_caught(rnncalc):
    text = tampered("captured/keras3-two-inputs", "│             240 │", "│             250 │")
    report = check(parse_summary(text))
    lstm = report.verdicts[0]
    assert lstm.ok is False and lstm.computed == 240 and "no cell, bias rule or input width" in lstm.note
    assert report.total_ok is False  # 371 is no longer the sum of the rows
    result = rnncalc("check", "-", input=text)
    assert result.exit_code == 1 and "✗" in result.stdout


def test_the_classic_gru_question_is_explained():
    # The same GRU(4) on 4 features as TF1 printed it: 108 is reset_after=False, not an error.
    text = tampered("captured/keras3-two-inputs", "│             120 │", "│             108 │")
    text = text.replace("371", "359")
    report = check(parse_summary(text))
    gru = report.verdicts[1]
    assert gru.ok and gru.fields["reset_after"] is False and "TF1" in gru.note
    assert report.ok


def test_cudnn_bias_rule_is_explained():
    report = check(parse_summary((CORPUS / "quoted/keras2-cudnnlstm-bidirectional.txt").read_text()))
    (verdict,) = report.verdicts
    assert verdict.fields["framework"] == "cudnn" and "CuDNN" in verdict.note


def test_wrong_input_width_is_named():
    # LSTM(50) after a (None, 400, 3) input prints 10800. With 4 features it would still fit,
    # as use_bias=False (4 · 50 · (4 + 50)); with 5 no reading fits, and the width is named.
    text = tampered("quoted/keras2-functional-lstm-50", "[(None, 400, 3)]", "[(None, 400, 4)]")
    (verdict,) = check(parse_summary(text)).verdicts
    assert verdict.ok and verdict.fields["bias"] is False
    text = tampered("quoted/keras2-functional-lstm-50", "[(None, 400, 3)]", "[(None, 400, 5)]")
    (verdict,) = check(parse_summary(text)).verdicts
    assert verdict.ok is False and "fits 3 input features, but the layer before outputs 5" in verdict.note


def test_sequential_without_input_row_solves_the_width():
    (verdict,) = check(parse_summary((CORPUS / "captured/keras3-no-input-row.txt").read_text())).verdicts
    assert verdict.fields["inp"] == 7 and "solved from the count" in verdict.note


def test_json(rnncalc):
    result = rnncalc("check", str(CORPUS / "captured/keras3-bidirectional-stack.txt"), "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["schema"] == "rnncalc.check/1" and data["ok"] is True and data["format"] == "keras3"
    assert [row["printed"] for row in data["rows"]] == [row["computed"] for row in data["rows"]]
    assert data["total"]["ok"] is True


@pytest.mark.parametrize(
    "text,fragments",
    [
        ("hello", ["no model summary found"]),
        ("", ["no model summary found"]),
        ("Model: x\n┏━━┓\n┃ Layer (type) ┃ Output Shape ┃\n", ["line 3", "Param #", "line_length"]),
        ("_____\nLayer (type)   Output Shape\n=====\nlstm (LSTM)  (None, 3)\n", ["line 2", "Param #"]),
        ("Layer (type)   Output Shape   Param #\n=====\n", ["line 1", "no layer rows"]),
        ("model = LSTM(a, b)", ["line 1", "input_size"]),
        ("LSTM(0, 3)", ["inp", "0"]),
    ],
)
def test_unreadable_input_is_exit_2(rnncalc, text, fragments):
    assert_one_line_error(rnncalc("check", "-", input=text), *fragments)


def test_missing_file(rnncalc, tmp_path):
    assert_one_line_error(rnncalc("check", str(tmp_path / "none.txt")), "FILE", "none.txt")

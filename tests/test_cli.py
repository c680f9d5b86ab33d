import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import assert_one_line_error

from rnncalc import __version__, count, parse_spec

LSTM = ["params", "--cell", "lstm", "--inp", "2", "--units", "3"]


def test_params_table(rnncalc):
    result = rnncalc(*LSTM)
    assert result.exit_code == 0
    assert "Keras 3 · LSTM · inp 2 · units 3" in result.stdout
    assert "4 · 3 · (2 + 3 + 1) = 72" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no escape codes


def test_params_json_is_the_library_answer(rnncalc):
    data = rnncalc.json(*LSTM)
    expected = count(parse_spec({"cell": "lstm", "inp": 2, "units": 3}))
    assert data["schema"] == "rnncalc.params/2"
    assert data["total"] == expected.total
    assert data["formula"] == expected.formula
    assert [t["name"] for t in data["tensors"]] == [t.name for t in expected.tensors]
    assert [t["shape"] for t in data["tensors"]] == [list(t.shape) for t in expected.tensors]
    assert sum(t["params"] for t in data["tensors"]) == data["total"]
    assert sum(row["params"] for row in data["layers"]) == data["total"]
    assert data["spec"] == expected.spec.model_dump(mode="json")


def test_format_json_equals_json_flag(rnncalc):
    assert rnncalc(*LSTM, "--format", "json").stdout == rnncalc(*LSTM, "--json").stdout


def test_tensors_table_lists_framework_names(rnncalc):
    result = rnncalc(*LSTM, "-F", "pytorch", "--tensors")
    assert result.exit_code == 0
    for name in ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]:
        assert name in result.stdout
    assert "rows i|f|g|o" in result.stdout


def test_framework_all_compares_every_convention(rnncalc):
    data = rnncalc.json("params", "-c", "gru", "-i", "8", "-u", "16", "-F", "all")
    by_label = {row["label"]: row for row in data["conventions"]}
    for label, fields in [("Keras 3 (reset_after=True)", {"reset_after": True}),
                          ("Keras 3 (reset_after=False)", {"reset_after": False}),
                          ("PyTorch", {"framework": "pytorch"})]:
        spec = parse_spec({"cell": "gru", "inp": 8, "units": 16, **fields})
        assert by_label[label]["total"] == count(spec).total
        assert by_label[label]["why"]


def test_framework_all_says_who_cannot_build_it(rnncalc):
    data = rnncalc.json("params", "-c", "lstm", "-i", "8", "-u", "16", "--proj", "4", "-F", "all")
    by_framework = {row["framework"]: row for row in data["conventions"]}
    keras, torch = by_framework["keras"], by_framework["pytorch"]
    assert keras["total"] is None and keras["error"].startswith("proj: ")
    assert torch["total"] == count(parse_spec(dict(cell="lstm", inp=8, units=16, proj=4, framework="pytorch"))).total
    result = rnncalc("params", "-c", "lstm", "-i", "8", "-u", "16", "--proj", "4", "-F", "all")
    assert result.exit_code == 0 and "n/a" in result.stdout


def test_spec_file_and_flag_override(rnncalc, tmp_path):
    path = tmp_path / "net.json"
    path.write_text(json.dumps({"cell": "gru", "inp": 300, "units": [128, 64], "bidirectional": True}))
    data = rnncalc.json("params", "--spec", str(path))
    assert data["spec"]["units"] == [128, 64]
    data = rnncalc.json("params", "--spec", str(path), "--units", "32", "--framework", "pytorch")
    assert data["spec"]["units"] == [32, 32] and data["spec"]["framework"] == "pytorch"


def test_spec_from_stdin(rnncalc):
    data = rnncalc.json("params", "--spec", "-", input='{"cell": "rnn", "inp": 2, "units": 3}')
    assert data["total"] == count(parse_spec({"cell": "rnn", "inp": 2, "units": 3})).total


def test_spec_output_reads_back(rnncalc, tmp_path):
    first = rnncalc.json(*LSTM, "--bidirectional", "--layers", "2")
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(first["spec"]))
    assert rnncalc.json("params", "--spec", str(path)) == first


@pytest.mark.parametrize(
    "args,fragments",
    [
        (["--inp", "0"], ["inp", "0"]),
        (["--inp", "-4"], ["inp", "-4"]),
        (["--inp", "2.5"], ["--inp", "2.5", "whole number"]),
        (["--inp", "two"], ["--inp", "'two'"]),
        (["--units", "3,,4"], ["--units[1]"]),
        (["--units", "99999999999999999999"], ["units", "99999999999999999999"]),
        (["--units", "9" * 5000], ["--units", "too large"]),
        (["--layers", "100000"], ["layers", "100000"]),
        (["--cell", "transformer"], ["cell", "'transformer'"]),
        (["--framework", "jax"], ["framework", "'jax'"]),
        (["--proj", "2"], ["proj", "2"]),
        (["--merge-mode", "sum"], ["--merge-mode", "'sum'"]),
        (["--format", "xml"], ["--format", "xml"]),
        (["--frobnicate"], ["--frobnicate"]),
        (["--inp"], ["--inp"]),
    ],
)
def test_bad_flags_are_one_line_errors(rnncalc, args, fragments):
    base = list(LSTM)
    if args[0] in base:  # the flag under test replaces the good one
        i = base.index(args[0])
        del base[i : i + 2]
    assert_one_line_error(rnncalc(*base, *args), *fragments)


@pytest.mark.parametrize(
    "text,fragments",
    [
        ("{", ["--spec", "not valid JSON", "line 1 column 2", "stdin"]),
        ('{"cell": "lstm", "inp": 2, "units": 3,}', ["not valid JSON", "line 1"]),
        ("[1, 2]", ["--spec", "JSON object", "list"]),
        ('{"cell": "lstm", "inp": 2, "units": 3, "colour": "red"}', ["colour", "unknown key", "'red'"]),
        ('{"cell": "lstm", "inp": 2.0, "units": 3}', ["inp", "2.0"]),
        ('{"cell": "lstm", "inp": true, "units": 3}', ["inp", "True"]),
        ('{"cell": "lstm", "inp": 1e999, "units": 3}', ["inp", "inf"]),
        ('{"cell": "lstm", "inp": NaN, "units": 3}', ["inp", "nan"]),
        ('{"cell": "lstm", "inp": ' + "9" * 5000 + ', "units": 3}', ["--spec", "not valid JSON"]),
        ('{"cell": "lstm", "units": 3}', ["inp", "required"]),
        ("\xff", []),
    ],
)
def test_bad_spec_json_is_a_one_line_error(rnncalc, text, fragments):
    assert_one_line_error(rnncalc("params", "--spec", "-", input=text), *fragments)


def test_missing_spec_file(rnncalc, tmp_path):
    assert_one_line_error(rnncalc("params", "--spec", str(tmp_path / "nope.json")), "--spec", "nope.json")


def test_no_cell_at_all(rnncalc):
    assert_one_line_error(rnncalc("params", "--inp", "2"), "cell", "required")


@pytest.mark.parametrize("args", [["--help"], ["params", "--help"], ["-h"]])
def test_help_has_examples(rnncalc, args):
    result = rnncalc(*args)
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "rnncalc params --cell lstm --inp 2 --units 3" in result.stdout


def test_no_arguments_shows_help(rnncalc):
    result = rnncalc()
    assert result.exit_code == 2 and "Usage:" in result.stderr


def test_version(rnncalc):
    result = rnncalc("--version")
    assert result.exit_code == 0 and result.stdout == f"rnncalc {__version__}\n"


@pytest.mark.parametrize("command", [[sys.executable, "-m", "rnncalc"], [str(Path(sys.executable).parent / "rnncalc")]])
def test_installed_entry_points(command):
    # The console script and python -m, as a user runs them: version fast path and a real command.
    version = subprocess.run([*command, "--version"], capture_output=True, text=True, check=True)
    assert version.stdout == f"rnncalc {__version__}\n"
    out = subprocess.run([*command, *LSTM, "--json"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout)["total"] == count(parse_spec({"cell": "lstm", "inp": 2, "units": 3})).total
    bad = subprocess.run([*command, "params", "--cell", "x"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


@pytest.mark.parametrize("command", ["params", "layout"])
def test_a_framework_list_is_read_one_way_by_every_command_that_answers_for_several(rnncalc, command):
    chosen = rnncalc.json(command, "-c", "lstm", "-i", "2", "-u", "3", "-F", "PyTorch, keras")
    every = rnncalc.json(command, "-c", "lstm", "-i", "2", "-u", "3", "-F", "all")
    named = json.dumps(chosen)
    assert "pytorch" in named and "keras" in named and "onnx" not in named
    assert "onnx" in json.dumps(every)


@pytest.mark.parametrize("command", ["params", "layout", "sweep", "solve"])
def test_an_unknown_name_in_a_framework_list_is_one_error_naming_the_flag(rnncalc, command):
    extra = ["--params", "72"] if command == "solve" else ["-u", "3"]
    result = rnncalc(command, "-c", "lstm", "-i", "2", *extra, "-F", "keras,nope")
    assert_one_line_error(result, "--framework", "'nope'")

import pytest
from helpers import examples
from hypothesis import given, settings
from strategies import specs

from rnncalc import count, parse_spec
from rnncalc.features.layout import layout


@settings(max_examples=examples(60), deadline=None)
@given(specs(max_size=8))
def test_regions_cover_the_inventory(fields):
    spec = parse_spec(fields)
    lay, c = layout(spec), count(spec)
    assert sum(r.params for r in lay.regions) == c.total
    assert [t.name for t in c.tensors] == list(dict.fromkeys(r.tensor for r in lay.regions))
    for r in lay.regions:
        assert (r.gate is None) == (r.role == "projection")


def test_pytorch_rows_are_i_f_g_o(rnncalc):
    data = rnncalc.json("layout", "-c", "lstm", "-i", "2", "-u", "3", "-F", "pytorch")
    assert data["schema"] == "rnncalc.layout/2"
    rows = [(r["tensor"], r["where"], r["letter"], r["gate"]) for r in data["regions"]][:4]
    assert rows == [("weight_ih_l0", "rows 0:3", "i", "input"), ("weight_ih_l0", "rows 3:6", "f", "forget"),
                    ("weight_ih_l0", "rows 6:9", "g", "candidate"), ("weight_ih_l0", "rows 9:12", "o", "output")]
    assert not any(r["transposed"] for r in data["regions"])


def test_keras_kernels_are_transposed_and_onnx_slices_directions(rnncalc):
    keras = rnncalc.json("layout", "-c", "gru", "-i", "2", "-u", "3")
    assert keras["regions"][0]["where"] == "cols 0:3" and keras["regions"][0]["transposed"]
    onnx = rnncalc.json("layout", "-c", "gru", "-i", "2", "-u", "3", "-b", "-F", "onnx")
    backward = [r for r in onnx["regions"] if r["tensor"] == "W" and r["direction"] == "backward"]
    assert [r["where"] for r in backward] == ["[1, 0:3, :]", "[1, 3:6, :]", "[1, 6:9, :]"]


def test_layout_table_and_help(rnncalc):
    result = rnncalc("layout", "-c", "lstm", "-i", "2", "-u", "3", env={"COLUMNS": "80"})
    assert result.exit_code == 0 and "lstm/lstm_cell/kernel" in result.stdout.replace("│\n│", "")
    assert "stored [in, out]" in result.stdout
    help_text = rnncalc("layout", "--help")
    assert help_text.exit_code == 0 and "Examples:" in help_text.stdout


def test_port_table_json_python_and_refusal(rnncalc):
    args = ["port", "-c", "lstm", "-i", "2", "-u", "3", "--from", "keras", "--to", "pytorch"]
    table = rnncalc(*args)
    assert table.exit_code == 0 and "zeros" in table.stdout and "transposed" in table.stdout
    data = rnncalc.json(*args)
    assert data["schema"] == "rnncalc.port/2" and data["found"] and data["target"]["framework"] == "pytorch"
    code = rnncalc(*args, "--format", "python")
    assert code.exit_code == 0 and code.stdout.startswith("import numpy as np") and "def port(src):" in code.stdout
    compile(code.stdout, "port.py", "exec")
    refused = rnncalc("port", "-c", "gru", "-i", "2", "-u", "3", "--no-reset-after", "--from", "keras", "--to", "pytorch")
    assert refused.exit_code == 1 and "no exact recipe" in refused.stdout
    no_python = rnncalc("port", "-c", "gru", "-i", "2", "-u", "3", "--no-reset-after", "--to", "pytorch", "-f", "python")
    assert no_python.exit_code == 2 and "no exact recipe" in no_python.stderr


def test_python_format_is_ports_only(rnncalc):
    from helpers import assert_one_line_error

    assert_one_line_error(rnncalc("params", "-c", "lstm", "-i", "2", "-u", "3", "-f", "python"), "--format", "port")
    assert_one_line_error(rnncalc("port", "-c", "lstm", "-i", "2", "-u", "3", "--to", "tf9"), "framework", "tf9")


def test_lineup_matches_each_frameworks_own_layout(rnncalc):
    data = rnncalc.json("layout", "-c", "gru", "-i", "2", "-u", "2", "-F", "keras,pytorch,onnx,tf1")
    assert data["schema"] == "rnncalc.layout-lineup/2"
    assert data["frameworks"] == ["keras", "pytorch", "onnx"]  # one network: Keras's reset_after=True GRU
    assert [r["framework"] for r in data["refused"]] == ["tf1"] and "reset_after" in data["refused"][0]["error"]
    for name in data["frameworks"]:
        own = rnncalc.json("layout", "-c", "gru", "-i", "2", "-u", "2", "--reset-after", "-F", name)["regions"]
        placed = {(r["layer"], r["direction"], r["label"], r["role"]): f"{r['tensor']} {r['where']}" for r in own}
        lined = {(r["layer"], r["direction"], r["gate"], r["role"]): r["where"][name] for r in data["rows"]
                 if r["where"][name]}
        assert lined == placed


def test_lineup_all_and_bad_names(rnncalc):
    from helpers import assert_one_line_error

    result = rnncalc("layout", "-c", "lstm", "-i", "2", "-u", "3", "-F", "all")
    assert result.exit_code == 0 and "where each framework keeps each gate" in result.stdout
    assert_one_line_error(rnncalc("layout", "-c", "lstm", "-i", "2", "-u", "3", "-F", "keras,jax"), "framework", "jax")


def _spans(text):
    """'[0:1, 2:4]' -> [[0, 1], [2, 4]]: the slices the row formats write, read back."""
    return [[int(n) for n in part.split(":")] for part in text.strip("[]").split(", ")]


GRU_TO_ONNX = ["port", "-c", "gru", "-i", "3", "-u", "2", "--from", "keras", "--to", "onnx"]


@pytest.mark.parametrize("fmt", ["table", "text", "markdown", "csv", "tsv", "jsonl", "json", "python"])
def test_port_states_every_target_argument_in_every_format(rnncalc, fmt):
    # ONNX's GRU defaults to linear_before_reset=0; Keras's default GRU needs 1.
    out = rnncalc(*GRU_TO_ONNX, "--format", fmt)
    assert out.exit_code == 0, out.stderr
    assert "linear_before_reset" in out.stdout and ("linear_before_reset=1" in out.stdout
                                                    or "'linear_before_reset': 1" in out.stdout
                                                    or '"linear_before_reset": 1' in out.stdout)
    assert "reset_after" in out.stdout  # the source's argument the recipe assumes


def test_port_rows_keep_every_field_of_json(rnncalc):
    import csv
    import io

    data = rnncalc.json(*GRU_TO_ONNX, "--bidirectional", "--layers", "2")
    rows = list(csv.DictReader(io.StringIO(rnncalc(*GRU_TO_ONNX, "--bidirectional", "--layers", "2",
                                                   "-f", "csv").stdout)))
    assert len(rows) == len(data["moves"])
    for row, move in zip(rows, data["moves"]):
        assert _spans(row["target_slice"]) == move["target_spans"]
        sources = row["sources"].split(" + ")
        assert [s.split("[")[0] for s in sources] == [s["tensor"] for s in move["sources"]]
        assert [_spans("[" + s.split("[", 1)[1]) for s in sources] == [s["spans"] for s in move["sources"]]
        assert row["source_out_axes"] == " + ".join(str(s["out_axis"]) for s in move["sources"])
        assert row["target_call"] == data["target_calls"][move["layer"]]["text"]
        assert row["source_call"] == data["source_calls"][move["layer"]]["text"]
        for key in ("target", "gate", "role", "direction"):
            assert row[key] == move[key]


def test_layout_rows_keep_the_spans_as_slices(rnncalc):
    import csv
    import io

    args = ["layout", "-c", "lstm", "-i", "2", "-u", "3", "-F", "onnx", "--bidirectional"]
    data = rnncalc.json(*args)
    rows = list(csv.DictReader(io.StringIO(rnncalc(*args, "-f", "csv").stdout)))
    assert [_spans(r["slice"]) for r in rows] == [r["spans"] for r in data["regions"]]
    assert {r["call"] for r in rows} == {c["text"] for c in data["calls"]}


@pytest.mark.parametrize("args", [
    ["layout", "-c", "lstm", "-i", "2", "-u", "3", "-F", "pytorch"],
    ["layout", "-c", "gru", "-i", "2", "-u", "3", "-F", "onnx", "--bidirectional"],
    ["layout", "-c", "gru", "-i", "2", "-u", "3", "-F", "keras,pytorch,onnx"],
    ["port", "-c", "lstm", "-i", "3", "-u", "4", "--from", "keras", "--to", "tf1"],
    ["port", "-c", "gru", "-i", "3", "-u", "2", "--from", "pytorch", "--to", "onnx", "--layers", "2"],
])
@pytest.mark.parametrize("fmt", ["table", "text", "markdown"])
def test_one_range_convention_said_once(rnncalc, args, fmt):
    import re

    from rnncalc.features.layout import RANGES

    out = rnncalc(*args, "--format", fmt)
    assert out.exit_code == 0, out.stderr
    assert out.stdout.count(RANGES) == 1
    assert not re.search(r"\d[–-]\d", out.stdout)  # no inclusive ranges left: 0:3, never 0–2


@pytest.mark.parametrize("framework,words,not_words", [
    ("keras", "reset_after=True", ()), ("onnx", "linear_before_reset=0", ("reset_after",)),
    ("pytorch", "reset gate after the matmul", ("reset_after", "linear_before_reset")),
    ("flax-linen", "reset gate after the matmul", ("reset_after",)),
    ("tf1", "reset gate before the matmul", ("reset_after",)),
    ("cudnn", "reset gate after the matmul", ("reset_after",)),
])
def test_a_grus_header_speaks_its_frameworks_words(rnncalc, framework, words, not_words):
    out = rnncalc("params", "-c", "gru", "-i", "2", "-u", "3", "-F", framework, "-f", "text")
    title = out.stdout.splitlines()[0]
    assert words in title and not any(w in title for w in not_words), title

from hypothesis import given, settings
from strategies import specs

from rnncalc import count, parse_spec
from rnncalc.layouts import layout


@settings(max_examples=60, deadline=None)
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
    assert data["schema"] == "rnncalc.layout/1"
    rows = [(r["tensor"], r["where"], r["letter"], r["gate"]) for r in data["regions"]][:4]
    assert rows == [("weight_ih_l0", "rows 0–2", "i", "input"), ("weight_ih_l0", "rows 3–5", "f", "forget"),
                    ("weight_ih_l0", "rows 6–8", "g", "candidate"), ("weight_ih_l0", "rows 9–11", "o", "output")]
    assert not any(r["transposed"] for r in data["regions"])


def test_keras_kernels_are_transposed_and_onnx_slices_directions(rnncalc):
    keras = rnncalc.json("layout", "-c", "gru", "-i", "2", "-u", "3")
    assert keras["regions"][0]["where"] == "cols 0–2" and keras["regions"][0]["transposed"]
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
    assert data["schema"] == "rnncalc.port/1" and data["found"] and data["target"]["framework"] == "pytorch"
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
    assert data["schema"] == "rnncalc.layout-lineup/1"
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

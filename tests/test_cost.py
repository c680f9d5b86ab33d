"""rnncalc cost: the laws its count obeys, its totals, its bounds and its errors.

The figures against the real tools and a counted forward pass are in tests/crosscheck/test_cost_live.py.
"""

import json

import pytest
from helpers import assert_one_line_error, examples
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import specs
from test_schemas import assert_valid

import rnncalc
from rnncalc import count, parse_spec
from rnncalc.features.cost import COMPAT, DTYPES, MAX_LENGTHS, cost
from rnncalc.model.spec import MAX_SIZE

MATMULS = ("input matmul", "recurrent matmul", "projection")


def per_layer(c, layer, direction):
    items = [i for i in c.items if (i.layer, i.direction) == (layer, direction)]
    return sum(i.macs for i in items), sum(i.flops for i in items)


@settings(max_examples=examples(60), deadline=None)
@given(specs(max_size=64))
def test_laws(fields):
    spec = parse_spec(fields)
    c = cost(spec)
    # The matmuls' MACs are the weights: every weight once per sample and step (peepholes are weights too).
    weights = count(spec).total - sum(b.size for t in count(spec).tensors for b in t.blocks
                                      if b.role in ("bias", "input_bias", "recurrent_bias"))
    assert sum(i.macs for i in c.items) == weights
    # FLOPs: 2 per MAC, plus the rest one each.
    assert c.step_flops == 2 * c.step_macs + sum(i.flops for i in c.items if not i.macs)
    assert all(i.flops == 2 * i.macs for i in c.items if i.macs)
    # Bias adds are the bias tensors' sizes; no bias, no bias adds.
    biases = sum(i.flops for i in c.items if i.item == "bias adds")
    assert biases == count(spec).total - weights
    if not spec.bias:
        assert biases == 0
    # Both directions of a layer cost the same (but for a merge, done once per layer).
    if spec.bidirectional:
        for layer in range(spec.layers):
            fwd = per_layer(c, layer, "forward")
            bwd = [i for i in c.items if (i.layer, i.direction) == (layer, "backward") and not i.item.startswith("merge")]
            assert fwd == (sum(i.macs for i in bwd), sum(i.flops for i in bwd))


@settings(max_examples=examples(40), deadline=None)
@given(specs(max_size=64, names=["pytorch", "keras"]), st.integers(1, 50), st.integers(1, 50))
def test_totals_scale_with_batch_and_steps(fields, batch, steps):
    spec = parse_spec(fields)
    one = cost(spec)
    c = cost(spec, batch=batch, steps=steps)
    assert (c.macs, c.flops) == (one.step_macs * batch * steps, one.step_flops * batch * steps)
    assert c.training_flops == 3 * c.flops
    # A packed batch of equal lengths is the padded batch.
    packed = cost(spec, lengths=(steps,) * batch)
    assert (packed.macs, packed.flops, packed.sample_steps) == (c.macs, c.flops, batch * steps)


@settings(max_examples=examples(30), deadline=None)
@given(st.sampled_from(["rnn", "lstm", "gru"]), st.integers(1, 40), st.integers(1, 40), st.booleans())
def test_bidirectional_layer_zero_is_twice_one_direction(cell, inp, units, bias):
    one = cost(parse_spec(dict(cell=cell, inp=inp, units=units, bias=bias, framework="pytorch")))
    two = cost(parse_spec(dict(cell=cell, inp=inp, units=units, bias=bias, framework="pytorch", bidirectional=True)))
    assert (two.step_macs, two.step_flops) == (2 * one.step_macs, 2 * one.step_flops)


def test_keras_lstm_has_fewer_bias_adds_than_pytorch():
    keras, torch = (cost(parse_spec(dict(cell="lstm", inp=3, units=4, framework=f))) for f in ("keras", "pytorch"))
    assert torch.step_flops - keras.step_flops == 4 * 4  # one bias per gate instead of two
    assert torch.step_macs == keras.step_macs


def test_itemised_lstm():
    c = cost(parse_spec(dict(cell="lstm", inp=3, units=4, framework="pytorch")), batch=2, steps=5)
    assert [(i.item, i.macs, i.flops) for i in c.items] == [
        ("input matmul", 48, 96), ("recurrent matmul", 64, 128), ("bias adds", 0, 32), ("gate sums", 0, 16),
        ("activations", 0, 20), ("state update", 0, 16)]
    assert (c.macs, c.flops) == (112 * 10, 308 * 10)
    assert c.formula == "MACs = 112 × 2 × 5; FLOPs = 308 × 2 × 5"
    # The formula's products are the totals (which every format writes beside it).
    macs, flops = (eval(part.split("=")[1].replace("×", "*")) for part in c.formula.split(";"))  # noqa: S307
    assert (macs, flops) == (c.macs, c.flops)


def test_memory():
    spec = parse_spec(dict(cell="lstm", inp=3, units=4, framework="pytorch"))
    for dtype, size in DTYPES.items():
        m = cost(spec, dtype=dtype, batch=3).memory
        assert m.weights == 144 * size
        assert m.stream_state == (4 + 4) * 3 * size
    m = cost(spec, optimizer="adamw").memory
    assert (m.gradients, m.optimizer_state, m.step_tensors) == (576, 2 * 576 + 4 * 4, 16)
    assert cost(spec, optimizer="sgd").memory.optimizer_state == 0
    assert cost(spec, optimizer="momentum").memory.optimizer_state == 576
    assert cost(spec, dtype="int8").memory.gradients is None  # an inference format
    assert cost(spec, dtype="int8").memory.activations is None
    # The cell loop's saved tensors: the input, then 7 units a step, less the shared h_0/c_0 and the last c_t.
    assert cost(spec, batch=2, steps=5).memory.activations == 4 * (3 * 10 + 7 * 4 * 10 - 4 * 2)
    keras = cost(parse_spec(dict(cell="lstm", inp=3, units=4)), optimizer="adam").memory
    assert keras.step_tensors == 0  # Keras keeps one iterations counter, not a step per tensor


def test_huge_sizes_answer_at_once():
    spec = parse_spec(dict(cell="lstm", inp=MAX_SIZE, units=MAX_SIZE, layers=8, framework="pytorch"))
    c = cost(spec, batch=MAX_SIZE, steps=MAX_SIZE, compat="thop")
    assert c.macs == c.step_macs * MAX_SIZE**2 and c.compat[0].value > 0


def test_compat_refusals():
    keras = parse_spec(dict(cell="lstm", inp=3, units=4))
    with pytest.raises(rnncalc.SpecError, match="PyTorch"):
        cost(keras, batch=1, steps=2, compat="thop")
    torch = parse_spec(dict(cell="lstm", inp=3, units=[4, 5], framework="pytorch"))
    with pytest.raises(rnncalc.SpecError, match="one hidden_size"):
        cost(torch, batch=1, steps=2, compat="thop")
    with pytest.raises(rnncalc.SpecError, match="give --batch"):
        cost(parse_spec(dict(cell="gru", inp=3, units=4, framework="pytorch")), steps=2, compat="torch")


def test_compat_lists():
    spec = parse_spec(dict(cell="gru", inp=3, units=4, framework="pytorch"))
    every = cost(spec, batch=2, steps=3, compat="all").compat
    assert [k.tool for k in every] == list(COMPAT)
    assert [k.tool for k in cost(spec, batch=2, steps=3, compat="torch, thop,torch").compat] == ["torch", "thop"]
    assert cost(spec).compat == ()


def test_packed_figures_and_refusals():
    spec = parse_spec(dict(cell="lstm", inp=3, units=4, framework="pytorch"))
    for tool in COMPAT:
        found = cost(spec, lengths=(7, 3, 1), compat=tool).compat[0]
        if tool in ("ptflops", "torchinfo"):
            assert found.value is None and "cannot count" in found.formula
        else:
            assert found.value > 0
    assert cost(spec, lengths=(7, 3, 1), compat="thop").compat[0].value == 176 * 7 * 3  # the padded rectangle


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "tsv", "markdown", "text", "table"])
def test_every_format(rnncalc, fmt):
    result = rnncalc("cost", "--cell", "gru", "--inp", "3", "--units", "4", "-F", "pytorch", "--lengths", "7,3,1",
                     "--compat", "thop", "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "2,856" in result.stdout or "2856" in result.stdout  # thop's figure, in the table and in the rows


def test_json_is_the_library_answer_and_fits_its_schema(rnncalc):
    data = rnncalc.json("cost", "--cell", "lstm", "--inp", "3", "--units", "4", "-F", "pytorch", "-B", "1", "-T",
                        "100", "--batch-first", "--compat", "ptflops")
    assert data == json.loads(json.dumps(rnncalc_api_cost()))
    assert data["compat"][0]["value"] == 18_400
    assert_valid("cost", data)
    for fields in ({"cell": "gru", "inp": 2, "units": [3, 4], "bidirectional": True, "dtype": "int8"},
                   {"cell": "lstm", "inp": 2, "units": 3, "lengths": [4, 2], "framework": "pytorch",
                    "compat": "torchinfo"},
                   {"cell": "lstm", "inp": 2, "units": 3, "steps": 4, "framework": "tf1", "peepholes": True}):
        assert_valid("cost", rnncalc_api_cost(**fields))


def rnncalc_api_cost(**fields):
    if not fields:
        fields = dict(cell="lstm", inp=3, units=4, framework="pytorch", batch=1, steps=100, batch_first=True,
                      compat="ptflops")
    return rnncalc.cost(**fields).to_dict()


@pytest.mark.parametrize("args,fragments", [
    (["--compat", "ptflops"], ["--compat", "PyTorch", "ptflops"]),
    (["-F", "pytorch", "-B", "1", "-T", "2", "--compat", "nope"], ["--compat", "nope"]),
    (["-F", "pytorch", "-B", "1", "-T", "2", "--compat", "thop,all"], ["--compat", "thop,all"]),
    (["--lengths", "7,x"], ["--lengths", "7,x"]),
    (["--lengths", "0"], ["--lengths"]),
    (["--batch", "0"], ["--batch", "0"]),
    (["--steps", str(MAX_SIZE + 1)], ["--steps"]),
    (["--dtype", "fp64"], ["--dtype", "fp64"]),
    (["--optimizer", "lion"], ["--optimizer", "lion"]),
    (["--lengths", "3,2", "--batch", "5"], ["--batch", "contradicts --lengths"]),
    (["--lengths", ",".join(["1"] * (MAX_LENGTHS + 1))], ["--lengths", "at most"]),
    (["--batch-first"], ["--batch-first", "Keras"]),
])
def test_bad_input_is_one_line(rnncalc, args, fragments):
    assert_one_line_error(rnncalc("cost", "--cell", "lstm", "--inp", "3", "--units", "4", *args), *fragments)


def test_batch_of_specs_with_fields(rnncalc, tmp_path):
    specs = tmp_path / "specs.jsonl"
    specs.write_text('{"cell": "lstm", "inp": 3, "units": 4, "framework": "pytorch"}\n'
                     '{"cell": "gru", "inp": 8, "units": 16, "layers": 2}\n{"cell": "nope", "inp": 1, "units": 1}\n')
    result = rnncalc("cost", "--spec", str(specs), "-B", "32", "-T", "50", "--fields", "macs,flops,bytes", "-f", "jsonl")
    assert result.exit_code == 1  # one spec failed, the others answered
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records[0] == {"line": 1, "macs": 112 * 32 * 50, "flops": 308 * 32 * 50, "bytes": 144 * 4}
    second = rnncalc_api_cost(cell="gru", inp=8, units=16, layers=2, batch=32, steps=50)
    assert records[1] == {"line": 2, "macs": second["totals"]["macs"], "flops": second["totals"]["flops"],
                          "bytes": second["memory"]["weights"]}
    assert records[2]["line"] == 3 and "cell" in records[2]["error"]


def test_fields_of_one_answer(rnncalc):
    data = rnncalc.json("cost", "--cell", "lstm", "--inp", "3", "--units", "4", "--fields", "step_macs,bytes")
    assert data == {"step_macs": 112, "bytes": 512}
    assert_one_line_error(rnncalc("cost", "--cell", "lstm", "--inp", "3", "--units", "4", "--fields", "macs"),
                          "--fields", "--json")
    assert_one_line_error(rnncalc("cost", "--cell", "lstm", "--inp", "3", "--units", "4", "--fields", "nope",
                                  "--json"), "--fields", "nope")


@pytest.mark.parametrize("sizes", [{"steps": 100}, {"batch": 32}, {"batch": 32, "steps": 100}])
@pytest.mark.parametrize("fields", [dict(cell="lstm", inp=2, units=3), dict(cell="gru", inp=8, units=[16, 4],
                                    bidirectional=True, framework="pytorch")])
def test_params_with_steps_gives_the_forward_pass_cost_counts(rnncalc, fields, sizes):
    """params --steps: the one line of cost is rnncalc cost's forward figures, in the page and the JSON."""
    flags = [f"--{k}={v}" for k, v in sizes.items()]
    data = rnncalc.json("params", "--spec", "-", *flags, input=json.dumps(fields))
    whole = rnncalc.json("cost", "--spec", "-", *flags, input=json.dumps(fields))
    totals = whole["totals"]
    assert data["cost"] == {"for": totals["for"], "batch": sizes.get("batch"), "steps": sizes.get("steps"),
                            "macs": totals["macs"], "flops": totals["flops"], "formula": totals["formula"]}
    page = rnncalc("params", "--spec", "-", *flags, input=json.dumps(fields)).stdout
    assert f"{data['cost']['macs']:,} MACs, {data['cost']['flops']:,} FLOPs" in page


def test_params_with_a_cost_line_is_valid_against_its_schema():
    import jsonschema

    from rnncalc.render import schemas

    for sizes in ({"steps": 7}, {"batch": 2}, {"batch": 3, "steps": 5}):
        data = rnncalc.params(cell="gru", inp=4, units=[8, 8], framework="pytorch", **sizes).to_dict()
        jsonschema.validate(data, schemas.schema("params"))
        del data["cost"]["macs"]
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(data, schemas.schema("params"))

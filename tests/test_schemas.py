"""The JSON Schemas of rnncalc.render.schemas against what rnncalc really reads and writes.

Every command's real outputs validate against its schema (the models forbid extra keys, so an
output that changes fails here first); the spec schema accepts exactly what parse_spec accepts,
but for the gaps rnncalc.render.schemas.SPEC_GAPS names; every schema id the code emits has a model;
and no command but ``schema`` loads the models.
"""

import json
import math
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_imports import PROBE
from jsonschema import Draft202012Validator
from strategies import specs

import rnncalc
from rnncalc.render import schemas
from rnncalc.model.cells import ALIASES, CELLS
from rnncalc.errors import SpecError
from rnncalc.frameworks import NAMES
from rnncalc.model.spec import MAX_LAYERS, MAX_SIZE, Spec, parse_spec

SRC = Path(rnncalc.__file__).parent
CORPUS = Path(__file__).parent / "corpus"


@cache
def validator(name):
    schema = schemas.schema(name)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def assert_valid(name, data):
    errors = sorted(validator(name).iter_errors(data), key=lambda e: len(list(e.absolute_path)))
    assert not errors, f"{name}: {errors[0].message[:300]} at {list(errors[0].absolute_path)}"
    json.dumps(data)  # and it is JSON as it stands (no tuples, no sets)


def attempt(function, *args, **kwargs):
    """The command's result, or None where rnncalc refuses the input."""
    try:
        return function(*args, **kwargs)
    except SpecError:
        return None


# Specs that exercise every option, in every framework that builds them.

VARIANTS = [
    {}, {"bidirectional": True}, {"units": [4, 3]}, {"layers": 3, "units": 5}, {"bias": False},
    {"reset_after": False}, {"reset_after": True}, {"proj": 2, "units": 4}, {"peepholes": True},
    {"api": "cell"}, {"bidirectional": True, "merge_mode": "sum"}, {"bidirectional": True, "merge_mode": "none"},
    {"bidirectional": True, "units": [4, 3], "merge_mode": "ave"}, {"api": "cell", "units": [4, 3]},
]


@cache
def buildable():
    out = []
    for framework in NAMES:
        for cell in CELLS:
            for variant in VARIANTS:
                fields = {"cell": cell, "inp": 2, "units": 3, "framework": framework, **variant}
                if attempt(parse_spec, fields) is not None:
                    out.append(fields)
    assert {f["framework"] for f in out} == set(NAMES)
    return out


def test_every_framework_builds_some_variant():
    assert len(buildable()) > 3 * len(NAMES)


@pytest.mark.parametrize("framework", NAMES)
def test_params_shapes_explain_layout_diagram(framework):
    for fields in (f for f in buildable() if f["framework"] == framework):
        for name, command in (("params", rnncalc.params), ("shapes", rnncalc.shapes), ("explain", rnncalc.explain),
                              ("layout", rnncalc.layout), ("diagram", rnncalc.diagram)):
            data = command(fields).to_dict()
            assert data["schema"] == schemas.IDS[name]
            assert_valid(name, data)
            assert_valid("spec", data["spec"])  # every spec rnncalc prints is one --spec takes


@settings(max_examples=examples(40), deadline=None)
@given(specs(max_size=40, max_layers=3))
def test_outputs_of_any_spec(fields):
    for name, command in (("params", rnncalc.params), ("shapes", rnncalc.shapes), ("explain", rnncalc.explain),
                          ("layout", rnncalc.layout), ("diagram", rnncalc.diagram)):
        assert_valid(name, command(fields).to_dict())
    assert_valid("spec", fields)


RUNS = [{"batch": 4}, {"steps": 7, "batch": 2}, {"batch_first": True}, {"unbatched": True}, {"return_sequences": True},
        {"return_state": True, "return_sequences": True}, {"time_major": True}, {"batch_first": True, "steps": 3}]


@pytest.mark.parametrize("framework", NAMES)
def test_shapes_and_diagram_with_run_options(framework):
    built = 0
    for run in RUNS:
        for cell in ("lstm", "gru"):
            fields = {"cell": cell, "inp": 2, "units": 3, "framework": framework}
            for name, command in (("shapes", rnncalc.shapes), ("diagram", rnncalc.diagram)):
                result = attempt(command, fields, **run)
                if result is not None:
                    assert_valid(name, result.to_dict())
                    built += 1
    assert built > 4


@pytest.mark.parametrize("fields", [
    {"cell": "lstm", "inp": 2, "units": 3}, {"cell": "gru", "inp": 5, "units": [4, 3], "bidirectional": True},
    {"cell": "rnn", "inp": 1, "units": 1, "bias": False}, {"cell": "lstm", "inp": 2, "units": 4, "proj": 2},
    {"cell": "lstm", "inp": 2, "units": 3, "peepholes": True}, {"cell": "gru", "inp": 2, "units": 3, "reset_after": False},
    {"cell": "lstm", "inp": 2, "units": 3, "api": "cell"},
])
def test_compare_and_lineup(fields):
    data = rnncalc.params(fields, framework="all").to_dict()
    assert_valid("compare", data)
    lineup = rnncalc.layout(fields, framework="all").to_dict()
    assert_valid("lineup", lineup)
    some = attempt(rnncalc.layout, fields, framework="Keras, pytorch,onnx")
    if some is not None:
        assert_valid("lineup", some.to_dict())


def test_compare_and_lineup_name_the_refused():
    fields = {"cell": "lstm", "inp": 2, "units": 4, "proj": 2}
    compare = rnncalc.params(fields, framework="all").to_dict()
    assert {row["error"] is None for row in compare["conventions"]} == {True, False}
    assert rnncalc.layout(fields, framework="all").to_dict()["refused"]


@pytest.mark.parametrize("cell", sorted(CELLS))
def test_port_between_every_pair(cell):
    found = set()
    for source in NAMES:
        for extra in ({}, {"bidirectional": True, "units": [3, 2]}, {"reset_after": False}, {"bias": False}):
            fields = {"cell": cell, "inp": 2, "units": 3, "framework": source, **extra}
            if attempt(parse_spec, fields) is None:
                continue
            for target in NAMES:
                data = rnncalc.port(fields, to=target).to_dict()
                assert_valid("port", data)
                found.add(data["found"])
    assert True in found


def test_port_not_found():
    data = rnncalc.port(cell="gru", inp=2, units=3, framework="keras", reset_after=False, to="pytorch").to_dict()
    assert data["found"] is False and data["target"] is None and data["reason"]
    assert_valid("port", data)
    assert_valid("port", rnncalc.port(cell="lstm", inp=2, units=4, proj=2, framework="pytorch", to="keras").to_dict())


PASTES = sorted((CORPUS / "captured").glob("*.txt")) + sorted((CORPUS / "quoted").glob("*.txt"))


def test_check_every_corpus_paste():
    assert len(PASTES) > 20
    statuses = set()
    for path in PASTES:
        result = attempt(rnncalc.check, path.read_text(encoding="utf-8", errors="replace"))
        if result is not None:
            data = result.to_dict()
            assert_valid("check", data)
            statuses |= {row["status"] for s in data["summaries"] for row in s["rows"]}
    assert {"pinned", "consistent", "not checked"} <= statuses


def test_check_mismatch_and_cut():
    text = (CORPUS / "captured" / "keras3-lstm-1-on-1.txt").read_text()
    wrong = text.replace("│              12 │", "│              13 │")
    assert wrong != text
    data = rnncalc.check(wrong, cut=True).to_dict()
    assert data["status"] == "mismatch" and data["cut"] is True
    assert_valid("check", data)
    for paste in ("LSTM(2, 3)\n", "GRU(4, 8, bias=False)\nLSTM(10, 20, num_layers=2, proj_size=5)\n"):
        assert_valid("check", rnncalc.check(paste).to_dict())


@pytest.mark.parametrize("kwargs", [
    {"cell": "lstm", "inp": 2, "params": 72},  # units, exact
    {"cell": "lstm", "inp": 2, "params": 73},  # units, none: the nearest either side
    {"cell": "lstm", "inp": 2, "params": 1},  # units, nothing below
    {"cell": "gru", "units": 3, "params": 63},  # inp, exact
    {"cell": "gru", "units": 3, "params": 64},  # inp, none
    {"cell": "lstm", "inp": 2, "max_params": "1M"},  # budget, units
    {"cell": "lstm", "units": 3, "max_params": 100},  # budget, inp
    {"cell": "lstm", "inp": 2, "max_params": 10},  # budget, nothing fits
    {"cell": "lstm", "params": 72, "units_range": (1, 10)},  # pairs
    {"cell": "lstm", "params": 71, "units_range": (1, 10)},  # no pair
    {"cell": "lstm", "params": 72},  # pairs in the default range
    {"cell": "LSTM", "framework": " PyTorch", "inp": 2, "layers": 2, "proj": 2, "params": "1k"},
    {"cell": "simplernn", "framework": "keras", "layers": 2, "bidirectional": True, "units": 3, "params": 200},
])
def test_solve(kwargs):
    assert_valid("solve", rnncalc.solve(**kwargs).to_dict())


@pytest.mark.parametrize("framework", NAMES)
def test_summary(framework):
    written = 0
    for style in (None, "keras3", "keras2", "torchinfo"):
        for sizes in ({}, {"batch": 2}, {"batch": 2, "steps": 5}):
            for cell in ("lstm", "gru"):
                result = attempt(rnncalc.summary, cell=cell, inp=2, units=[3, 4], framework=framework, style=style,
                                 **sizes)
                if result is not None:
                    assert_valid("summary", result.to_dict())
                    written += 1
    # A summary shows the same network, count included: only some conventions' networks print so.
    assert written or framework not in ("keras", "pytorch")


@pytest.mark.parametrize("args", [
    ["--cell", "lstm,rnn", "--inp", "3", "--units", "4/2,5", "-F", "cudnn,Keras", "--directions", "1,2"],
    ["--cell", "gru", "--inp", "1..9:x2", "--units", "8..64:x2", "-F", "all", "--max-params", "20k", "--sort", "-total"],
    ["--cell", "rnn,lstm", "--inp", "2", "--units", "3", "--layers", "1..3", "-F", "cudnn"],  # cuDNN refuses rnn
    ["--cell", "gru,lstm", "--inp", "4", "--units", "8", "--reset-after", "true,false", "--bidirectional", "true",
     "--merge-mode", "concat,sum", "--steps", "10", "--sort", "step_macs", "-F", "keras,pytorch"],
    ["--cell", "lstm", "--inp", "4", "--units", "8", "--proj", "2", "--peepholes", "true,false", "--api", "layer",
     "-F", "pytorch,onnx,tf1", "--max-bytes", "1MB"],
])
def test_sweep(rnncalc, args):
    result = rnncalc("sweep", *args, "--json")
    assert result.exit_code in (0, 1)  # 1: some points are specs a framework refuses (their rows say why)
    data = json.loads(result.stdout)
    assert data and isinstance(data, list)
    assert_valid("sweep", data)


# The spec schema against parse_spec.

def accepts(data):
    try:
        parse_spec(data)
        return None
    except SpecError as err:
        return err


def integral_floats(data):
    """``data`` with every whole float made an int: the same JSON Schema instance."""
    if isinstance(data, dict):
        return {k: integral_floats(v) for k, v in data.items()}
    if isinstance(data, list):
        return [integral_floats(v) for v in data]
    if isinstance(data, float) and math.isfinite(data) and data.is_integer():
        return int(data)
    return data


def in_gap(err):
    """The refusals SPEC_GAPS names: what a schema cannot express."""
    return ((err.field == "layers" and err.message.startswith("does not match the"))
            or (err.field.startswith("proj") and err.message.startswith("must be smaller than units")))


def assert_agree(data):
    """Schema-valid <= parse_spec accepts, always; and == but for SPEC_GAPS."""
    valid = validator("spec").is_valid(data)
    err = accepts(data)
    if err is None:
        assert valid, (data, next(validator("spec").iter_errors(data)).message[:300])
        return
    if not valid:
        return
    normal = integral_floats(data)
    if json.dumps(normal) != json.dumps(data):  # JSON Schema sees 3.0 as 3; parse_spec takes JSON integers only
        err = accepts(normal)
        if err is None:
            return
    assert in_gap(err), (data, str(err))


WS = schemas.WHITESPACE


def spelled(name):
    """``name`` as parse_spec still takes it: any case, whitespace around, a Kelvin sign for k."""
    def spell(draw_case, before, after, kelvin):
        out = "".join(("\u212a" if kelvin and c == "k" else c.upper()) if up else c for c, up in zip(name, draw_case))
        return before + out + after

    return st.builds(spell, st.lists(st.booleans(), min_size=len(name), max_size=len(name)),
                     st.text(WS, max_size=2), st.text(WS, max_size=2), st.booleans())


def near(name):
    """Almost ``name``: a character dropped, changed or added, inside or around."""
    return st.one_of(st.just(name[1:]), st.just(name + "s"), st.just(name.replace("-", "_")), st.just(f"{name}\u200b"),
                     st.just(f"_{name}"), st.just(name.replace("i", "\u0130")))


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=6)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=8,
)
SIZES = st.one_of(st.integers(1, 6), st.sampled_from([0, -1, MAX_SIZE, MAX_SIZE + 1, 2**64, 3.0, 2.5, 1e3, True]))
CELL_NAMES = [*CELLS, *ALIASES]
VALUES = {
    "cell": st.one_of(st.sampled_from(CELL_NAMES).flatmap(spelled), st.sampled_from(CELL_NAMES).flatmap(near)),
    "framework": st.one_of(st.sampled_from(NAMES).flatmap(spelled), st.sampled_from(NAMES).flatmap(near),
                           st.just("all"), st.just(None)),
    "inp": SIZES,
    "units": st.one_of(SIZES, st.lists(SIZES, max_size=4), st.just([1] * (MAX_LAYERS + 1))),
    "layers": st.one_of(st.integers(1, 4), st.sampled_from([0, MAX_LAYERS, MAX_LAYERS + 1, 2.0, True, None])),
    "bidirectional": st.sampled_from([True, False, None, 0, 1, "true"]),
    "bias": st.sampled_from([True, False, None, 0, "false"]),
    "merge_mode": st.sampled_from(["concat", "sum", "mul", "ave", "none", None, "Sum", " sum", 0]),
    "reset_after": st.sampled_from([True, False, None, 0, "False"]),
    "proj": st.one_of(SIZES, st.none()),
    "peepholes": st.sampled_from([True, False, None, 1]),
    "api": st.sampled_from(["layer", "cell", "Cell", None, " cell"]),
    "Units": st.integers(1, 3),
    "other": JSON,
}


@st.composite
def spec_like(draw):
    """A real spec, or none, with a few fields set to what users and fuzzers write."""
    start = draw(st.integers(0, 9))
    fields = {} if start == 0 else {"cell": "lstm", "inp": 2, "units": 3} if start == 1 else dict(
        draw(specs(max_size=6, max_layers=3)))
    for _ in range(draw(st.integers(0, 4))):
        key = draw(st.sampled_from(sorted(VALUES)))
        if key in fields and draw(st.booleans()):
            del fields[key]
        else:
            fields[key] = draw(st.one_of(VALUES[key], JSON) if draw(st.integers(0, 9)) == 0 else VALUES[key])
    return fields


@settings(max_examples=examples(500), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec_like())
def test_spec_schema_accepts_what_parse_spec_accepts(fields):
    assert_agree(fields)


#: Values each field takes, alone valid: what is refused of their combinations is cross-field.
TWEAKS = [("layers", 2), ("units", [4, 4]), ("merge_mode", "none"), ("merge_mode", "sum"), ("merge_mode", "concat"),
          ("merge_mode", None), ("bias", False), ("reset_after", True), ("reset_after", False), ("reset_after", None),
          ("proj", 2), ("proj", None), ("peepholes", True), ("peepholes", False), ("api", "cell"), ("api", "layer")]


def combinations():
    tweaks = [{}] + [{k: v} for k, v in TWEAKS] + [
        {k1: v1, k2: v2} for i, (k1, v1) in enumerate(TWEAKS) for k2, v2 in TWEAKS[i + 1:]
        if k1 != k2 and {k1, k2} != {"layers", "units"}]
    frameworks = [{}] + [{"framework": name.upper() if i % 2 else name} for i, name in enumerate(NAMES)]
    for cell in ("rnn", " LSTM", "Gru", "elman"):
        for framework in frameworks:
            for base in ({}, {"bidirectional": True}):
                for tweak in tweaks:
                    yield {"cell": cell, "inp": 2, "units": 4, **framework, **base, **tweak}


def test_spec_schema_on_every_combination():
    """Every framework and cell with every one or two options, on one or two directions: the
    cross-field rules (spec.py's and each Convention.validate's) are the schema's."""
    seen = {True: 0, False: 0}
    for fields in combinations():
        assert_agree(fields)
        seen[accepts(fields) is None] += 1
    assert min(seen.values()) > 1000, seen


FIELD = st.sampled_from([*Spec.model_fields, "other"])


@settings(max_examples=examples(200), deadline=None)
@given(st.dictionaries(FIELD, st.one_of(JSON, st.sampled_from(["lstm", "gru", "sum", "cell", *NAMES]),
                                        st.integers(1, 6), st.lists(st.integers(0, 6), max_size=4)), max_size=10))
def test_spec_schema_on_any_json_object(fields):
    assert_agree(fields)


@settings(max_examples=examples(150), deadline=None)
@given(specs())
def test_spec_schema_takes_every_spec(fields):
    assert validator("spec").is_valid(fields)
    assert_valid("spec", parse_spec(fields).model_dump(mode="json"))


@pytest.mark.parametrize("fields", [
    {"cell": "lstm", "inp": 2, "units": 3},  # units as one integer (was refused: "units" had to be an array)
    {"cell": "SimpleRNN", "inp": 2, "units": [3, 4]},  # an alias, in any case
    {"cell": " Elman\n", "inp": 2, "units": 3, "framework": "PyTorch"},
    {"cell": "simple_rnn", "inp": 2, "units": 3, "framework": "\u212aeras"},  # str.lower() makes K (Kelvin) a k
    {"cell": "gru", "inp": 1, "units": 1, "framework": "FLAX-NNX", "reset_after": True},
    {"cell": "lstm", "inp": 2, "units": [4, 3], "proj": 2, "framework": "pytorch"},
    {"cell": "lstm", "inp": 2, "units": 3, "bidirectional": True, "merge_mode": "none", "api": "cell"},
    {"cell": "lstm", "inp": MAX_SIZE, "units": [MAX_SIZE] * 2, "layers": 2, "peepholes": True, "framework": "onnx"},
    {"cell": "gru", "inp": 2, "units": 3, "framework": "tf1", "reset_after": None, "proj": None, "merge_mode": None},
])
def test_spec_schema_takes(fields):
    assert accepts(fields) is None
    assert validator("spec").is_valid(fields), next(validator("spec").iter_errors(fields)).message


@pytest.mark.parametrize("fields", [
    {"cell": "lstm", "inp": 2, "units": 3, "framework": "tensorflow"},  # was taken: framework had no enum
    {"cell": "lstm", "inp": 2, "units": 3, "framework": "all"},
    {"cell": "lstm ish", "inp": 2, "units": 3},
    {"cell": "lstm", "inp": 2, "units": []},
    {"cell": "lstm", "inp": 2, "units": [3, 0]},
    {"cell": "lstm", "inp": 2, "units": 3, "layers": MAX_LAYERS + 1},
    {"cell": "lstm", "inp": 2, "units": [3] * (MAX_LAYERS + 1)},
    {"cell": "lstm", "inp": True, "units": 3},
    {"cell": "lstm", "inp": 2},
    {"cell": "lstm", "inp": 2, "units": 3, "Units": 3},
    {"cell": "lstm", "inp": 2, "units": 3, "merge_mode": "sum"},  # not bidirectional
    {"cell": "lstm", "inp": 2, "units": 3, "merge_mode": "Sum", "bidirectional": True},  # merge modes keep their case
    {"cell": "lstm", "inp": 2, "units": [3, 3], "merge_mode": "none", "bidirectional": True},
    {"cell": "lstm", "inp": 2, "units": 3, "reset_after": True},
    {"cell": "gru", "inp": 2, "units": 3, "peepholes": True, "framework": "onnx"},
    {"cell": "lstm", "inp": 2, "units": 3, "proj": 2},  # keras has no proj
    {"cell": "lstm", "inp": 2, "units": 3, "api": "cell", "framework": "onnx"},
    {"cell": "gru", "inp": 2, "units": 3, "framework": "pytorch", "reset_after": False},
    {"cell": "rnn", "inp": 2, "units": 3, "framework": "CuDNN"},
    {"cell": "lstm", "inp": 2, "units": 3, "framework": "tf1", "bias": False},
    {"cell": "gru", "inp": 2, "units": 4, "framework": "tf1", "proj": 2},
    {"cell": "lstm", "inp": 2, "units": 3, "layers": 2, "framework": "tf1", "bidirectional": True},
    {"cell": "lstm", "inp": 2, "units": [3, 3], "framework": "keras", "bidirectional": True, "api": "cell"},
    {"cell": "lstm", "inp": 2, "units": 3, "framework": "pytorch", "api": "cell", "bidirectional": True},
])
def test_spec_schema_refuses(fields):
    assert accepts(fields) is not None
    assert not validator("spec").is_valid(fields)


@pytest.mark.parametrize(("fields", "field"), [
    ({"cell": "lstm", "inp": 2.0, "units": 3}, "inp"),
    ({"cell": "lstm", "inp": 2, "units": [3, 1e3]}, "units[1]"),
    ({"cell": "lstm", "inp": 2, "units": [3, 4], "layers": 3}, "layers"),
    ({"cell": "lstm", "inp": 2, "units": [4, 3], "proj": 3, "framework": "pytorch"}, "proj (layer 1 has 3 units)"),
])
def test_spec_schema_gaps(fields, field):
    """What SPEC_GAPS says: the schema takes these, parse_spec does not."""
    assert validator("spec").is_valid(fields)
    assert accepts(fields).field == field
    assert len(schemas.SPEC_GAPS) == 3


def test_name_patterns_cover_what_strip_and_lower_take():
    """The whitespace str.strip() takes and the letters str.lower() makes, over the whole of Unicode."""
    everything = [chr(c) for c in range(sys.maxunicode + 1)]
    assert schemas.WHITESPACE == "".join(c for c in everything if c.isspace())
    lowers = {}
    for c in everything:
        low = c.lower()
        if low != c and low.isascii() and c not in low.upper():
            lowers[low] = lowers.get(low, "") + c
    assert lowers == schemas.LOWERS_TO
    assert all(len(c.lower()) == 1 or not c.lower().isascii() for c in everything)


def test_name_patterns_are_ecma_and_python():
    pattern = schemas.name_pattern(list(NAMES))
    assert re.fullmatch(r"[\^$()?:|*\[\]\-\\\w]*", pattern), "only syntax ECMA-262 and Python read alike"
    for name in NAMES:
        assert re.search(pattern, f" {name.upper()}\t")
        assert not re.search(pattern, f"{name}x")


def test_every_framework_refusal_is_a_rule_of_the_spec_schema():
    """Each convention's refusals (knobs.Refusal) are rules of the spec's schema, read off the
    conventions (none is named in schemas.py), so a framework added later is covered."""
    rules = [rule["description"] for rule in validator("spec").schema["allOf"]]
    for name in NAMES:
        convention = rnncalc.frameworks.get(name)
        for refusal in convention.refusals:
            wanted = f"{convention.title}: {refusal.field} {refusal.why}"
            assert (wanted in rules) == (refusal.below is None), wanted


# Every command has a schema, and only `schema` loads them.

def test_every_schema_id_in_the_code_has_a_model():
    emitted = set()
    for path in SRC.rglob("*.py"):
        if path.name != "schemas.py":
            emitted |= set(re.findall(r"[\"'](rnncalc\.[a-z][a-z0-9-]*/\d+)[\"']", path.read_text(encoding="utf-8")))
    assert emitted, "no schema ids found"
    assert emitted <= set(schemas.MODELS), f"no model for {sorted(emitted - set(schemas.MODELS))}"
    assert set(schemas.MODELS) - emitted == {schemas.IDS["spec"]}, "a model of an output no command writes"
    assert set(schemas.IDS.values()) == set(schemas.MODELS) and list(schemas.IDS) == list(schemas.NAMES)


def test_every_command_has_a_schema():
    from rnncalc.cli.app import app

    commands = {c.name or c.callback.__name__ for c in app.registered_commands}
    assert {"params", "check", "solve"} <= commands
    assert commands - {"schema"} <= set(schemas.NAMES), commands - set(schemas.NAMES)


def test_keys_named_elsewhere_are_the_declarations():
    """Lists of keys kept beside the code that writes them are the declared shapes' keys."""
    from rnncalc.features.batch import ROW_COLUMNS
    from rnncalc.render import outputs
    from rnncalc.render.json import PARAMS_KEYS
    from rnncalc.features.sweep import BASE_COLUMNS, FIGURES

    assert PARAMS_KEYS == tuple(outputs.Params.__annotations__)
    point = outputs.SweepPoint
    assert [*BASE_COLUMNS, "total", "error"] == [k for k in point.__annotations__ if k in point.__required_keys__]
    assert [k for k in point.__annotations__ if k not in point.__required_keys__] == [
        *(f for f in Spec.model_fields if f not in BASE_COLUMNS), *FIGURES]
    assert ROW_COLUMNS == ["line", *BASE_COLUMNS[1:], "total", "error"]


def test_models_are_the_spec_fields():
    from rnncalc.render import outputs

    assert list(schemas.SpecFile.model_fields) == list(Spec.model_fields)
    assert list(outputs.SpecOut.__annotations__) == list(Spec.model_fields)
    assert set(outputs.Given.__annotations__) == set(Spec.model_fields)
    assert set(outputs.SweepPoint.__annotations__) >= set(Spec.model_fields)  # a sweep varies every field
    assert validator("spec").schema["required"] == ["cell", "inp", "units"]


@pytest.mark.parametrize("name", schemas.NAMES)
def test_schema_heads(name):
    data = schemas.schema(name)
    assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert data["title"] == schemas.IDS[name] and data["$id"].endswith(schemas.IDS[name])
    assert schemas.schema(schemas.IDS[name]) == data
    json.dumps(data)


def test_unknown_schema():
    with pytest.raises(SpecError) as raised:
        schemas.schema("nope")
    assert raised.value.field == "schema" and raised.value.value == "nope"
    assert "choose spec, params" in raised.value.message




@pytest.mark.parametrize("args", [
    ["params", "-c", "lstm", "-i", "2", "-u", "3", "--json"],
    ["params", "-c", "lstm", "-i", "2", "-u", "3", "-F", "all", "--json"],
    ["solve", "--params", "72", "-c", "lstm", "-i", "2", "--json"],
])
def test_commands_do_not_load_the_schemas(args):
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, check=True)
    stdout, modules = out.stdout.rsplit("\n@@", 1)
    assert json.loads(stdout)["schema"].startswith("rnncalc.")
    modules = set(json.loads(modules))
    assert "rnncalc.cli.commands" in modules
    assert not {"rnncalc.render.schemas", "jsonschema", "rnncalc.render.outputs", "rnncalc.render.rows"} & modules


def test_the_cli_offers_every_schema(rnncalc):
    from rnncalc.cli.table import SCHEMA_NAMES
    from rnncalc.render.schemas import NAMES

    assert list(SCHEMA_NAMES) == list(NAMES)
    for name in NAMES:
        result = rnncalc("schema", name)
        assert result.exit_code == 0 and json.loads(result.stdout)["title"]
    assert json.loads(rnncalc("schema").stdout) == json.loads(rnncalc("schema", "spec").stdout)
    assert rnncalc("schema", "nope").exit_code == 2


# Each schema holds its output to its declared shape: a key left out or one too many fails.

#: Objects keyed by what varies (a call's arguments, a framework's name) or of keys given only
#: where the user gave them (solve's given): any key may be absent there, and in what they hold.
OPEN = {"kwargs", "args", "given", "where"}


def nodes(data, path=()):
    """(path, object) for every object of ``data``, the first item of each list only."""
    if isinstance(data, dict):
        yield path, data
        for key, value in data.items():
            yield from nodes(value, (*path, key))
    elif isinstance(data, list) and data:
        yield from nodes(data[0], (*path, 0))


def mutated(data, path, change):
    data = json.loads(json.dumps(data))
    node = data
    for step in path:
        node = node[step]
    change(node)
    return data


FIELDS = {"cell": "lstm", "inp": 2, "units": [3, 2], "bidirectional": True}
EVERY_OUTPUT = [
    ("params", lambda: rnncalc.params(FIELDS).to_dict()),
    ("compare", lambda: rnncalc.params(FIELDS, framework="all").to_dict()),
    ("shapes", lambda: rnncalc.shapes(FIELDS, batch=2, steps=3).to_dict()),
    ("explain", lambda: rnncalc.explain(FIELDS).to_dict()),
    ("layout", lambda: rnncalc.layout(FIELDS).to_dict()),
    ("lineup", lambda: rnncalc.layout(FIELDS, framework="all").to_dict()),
    ("port", lambda: rnncalc.port(FIELDS, to="pytorch").to_dict()),
    ("port", lambda: rnncalc.port(cell="gru", inp=2, units=3, reset_after=False, to="pytorch").to_dict()),
    ("diagram", lambda: rnncalc.diagram(FIELDS).to_dict()),
    ("check", lambda: rnncalc.check((CORPUS / "captured" / "keras3-lstm-1-on-1.txt").read_text()).to_dict()),
    ("solve", lambda: rnncalc.solve(cell="lstm", inp=2, params=73).to_dict()),
    ("solve", lambda: rnncalc.solve(cell="lstm", inp=2, max_params=100).to_dict()),
    ("solve", lambda: rnncalc.solve(cell="lstm", params=72, units_range=(1, 10)).to_dict()),
    ("summary", lambda: rnncalc.summary(FIELDS, style="keras3", batch=2).to_dict()),
    ("sweep", lambda: list(json.loads(line) for line in rnncalc.sweep(cell="lstm,gru", inp=2, units="3,4/2").lines())),
    ("cost", lambda: rnncalc.cost(FIELDS, units=3, framework="pytorch", compat="ptflops", batch=2, steps=3).to_dict()),
]


@pytest.mark.parametrize(("name", "make"), EVERY_OUTPUT, ids=[name for name, _ in EVERY_OUTPUT])
def test_a_schema_refuses_a_key_missing_or_added(name, make):
    data = make()
    assert_valid(name, data)
    checked = 0
    for path, node in nodes(data):
        if OPEN & set(path) or (name, path) in (("lineup", ("calls",)), ("summary", ())):
            continue
        for key in node:
            missing = mutated(data, path, lambda n, key=key: n.pop(key))
            assert not validator(name).is_valid(missing), f"{name}: {[*path, key]} may be left out"
            checked += 1
        added = mutated(data, path, lambda n: n.__setitem__("surplus", 1))
        assert not validator(name).is_valid(added), f"{name}: {list(path)} takes any key"
    assert checked >= 3

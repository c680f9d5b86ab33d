import pytest

from rnncalc import SpecError, parse_spec

BASE = {"cell": "lstm", "inp": 2, "units": 3}


def error(**changes):
    fields = {**BASE, **changes}
    fields = {k: v for k, v in fields.items() if v is not ...}
    with pytest.raises(SpecError) as caught:
        parse_spec(fields)
    return caught.value


@pytest.mark.parametrize("alias,cell", [("SimpleRNN", "rnn"), ("elman", "rnn"), ("LSTM", "lstm"), (" gru ", "gru")])
def test_cell_aliases(alias, cell):
    assert parse_spec({**BASE, "cell": alias}).cell == cell


def test_units_spread_over_layers():
    assert parse_spec({**BASE, "layers": 3}).units == (3, 3, 3)
    spec = parse_spec({**BASE, "units": [64, 32]})
    assert (spec.units, spec.layers) == ((64, 32), 2)


def test_defaults_are_resolved_into_the_spec():
    spec = parse_spec({"cell": "gru", "inp": 2, "units": 3, "bidirectional": True})
    assert (spec.reset_after, spec.merge_mode) == (True, "concat")
    assert parse_spec(spec.model_dump()) == spec  # a dumped spec reads back as itself


def test_spec_is_frozen():
    spec = parse_spec(BASE)
    with pytest.raises(Exception):
        spec.units = (4,)


@pytest.mark.parametrize(
    "changes,field,value",
    [
        ({"inp": 0}, "inp", 0),
        ({"inp": -3}, "inp", -3),
        ({"units": 0}, "units[0]", 0),
        ({"units": [4, 0]}, "units[1]", 0),
        ({"units": 2**31}, "units[0]", 2**31),
        ({"inp": 2.0}, "inp", 2.0),
        ({"inp": True}, "inp", True),
        ({"inp": "2"}, "inp", "2"),
        ({"layers": 0}, "layers", 0),
        ({"layers": 10**9}, "layers", 10**9),
        ({"cell": "transformer"}, "cell", "transformer"),
        ({"framework": "jax"}, "framework", "jax"),
        ({"colour": "red"}, "colour", "red"),
        ({"units": [4, 5], "layers": 3}, "layers", 3),
        ({"units": []}, "units", []),
        ({"proj": 2}, "proj", 2),  # Keras has no projection
        ({"proj": 3, "framework": "pytorch"}, "proj", 3),  # proj must be < units
        ({"cell": "gru", "proj": 1, "framework": "pytorch"}, "proj", 1),
        ({"reset_after": False}, "reset_after", False),  # LSTM has no reset gate
        ({"cell": "gru", "reset_after": False, "framework": "pytorch"}, "reset_after", False),
        ({"merge_mode": "sum"}, "merge_mode", "sum"),  # not bidirectional
        ({"merge_mode": "sum", "bidirectional": True, "framework": "pytorch"}, "merge_mode", "sum"),
        ({"merge_mode": "none", "bidirectional": True, "layers": 2}, "merge_mode", "none"),
        ({"merge_mode": "max", "bidirectional": True}, "merge_mode", "max"),
        ({"bidirectional": 1}, "bidirectional", 1),
    ],
)
def test_bad_input_names_field_and_value(changes, field, value):
    err = error(**changes)
    assert err.field == field
    assert err.value == value
    assert str(err).startswith(f"{field}: ") and repr(value)[:20] in str(err)


def test_missing_field():
    err = error(inp=...)
    assert (err.field, str(err)) == ("inp", "inp: is required")


def test_not_an_object():
    with pytest.raises(SpecError) as caught:
        parse_spec([1, 2])  # type: ignore[arg-type]
    assert caught.value.field == "spec"

"""Laws of the inventory, as property tests over the whole spec space (sqlite-utils style)."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from rnncalc import count, inventory, parse_spec
from rnncalc.frameworks import NAMES

size = st.integers(1, 300)


@st.composite
def specs(draw, **fixed):
    cell = draw(st.sampled_from(["rnn", "lstm", "gru"]))
    framework = draw(st.sampled_from(NAMES))
    layers = draw(st.integers(1, 4))
    units = draw(st.one_of(size, st.lists(size, min_size=layers, max_size=layers)))
    fields = dict(cell=cell, framework=framework, inp=draw(size), units=units, layers=layers,
                  bidirectional=draw(st.booleans()), bias=draw(st.booleans()))
    fields.update(fixed)
    if cell == "gru" and framework == "keras":
        fields["reset_after"] = draw(st.booleans())
    if fields["bidirectional"] and framework == "keras":
        fields["merge_mode"] = draw(st.sampled_from(["concat", "sum", "mul", "ave"]))
    if cell == "lstm" and framework == "pytorch" and draw(st.booleans()):
        smallest = min(units) if isinstance(units, list) else units
        if smallest > 1:
            fields["proj"] = draw(st.integers(1, smallest - 1))
    return fields


def evaluate(formula: str) -> int:
    expression = formula.rsplit("=", 1)[0].replace("·", "*")
    assert re.fullmatch(r"[\d\s*+()]+", expression)
    return eval(expression)  # noqa: S307 - digits, +, * and parentheses only (checked above)


@given(specs())
def test_total_is_the_sum_of_tensors_and_of_layers(fields):
    c = count(parse_spec(fields))
    assert c.total == sum(t.params for t in c.tensors) == sum(row.params for row in c.layers)


@given(specs())
def test_formula_evaluates_to_the_total(fields):
    c = count(parse_spec(fields))
    assert evaluate(c.formula) == c.total == int(c.formula.rsplit("= ", 1)[1])
    for row in c.layers:
        assert evaluate(row.formula) == row.params


@given(specs(bidirectional=False))
def test_bidirectional_doubles_a_single_layer(fields):
    fields["layers"], fields["units"] = 1, fields["units"] if isinstance(fields["units"], int) else fields["units"][0]
    one = count(parse_spec(fields)).total
    assert count(parse_spec({**fields, "bidirectional": True})).total == 2 * one


@given(specs(bias=True))
def test_no_bias_removes_exactly_the_bias_tensors(fields):
    with_bias = inventory(parse_spec(fields))
    without = inventory(parse_spec({**fields, "bias": False}))
    kept = [t for t in with_bias if "bias" not in t.role]
    assert [(t.name, t.shape) for t in without] == [(t.name, t.shape) for t in kept]


@given(specs())
def test_later_layers_take_the_previous_output(fields):
    spec = parse_spec(fields)
    d = spec.directions if spec.merge_mode in (None, "concat") else 1
    for layer in range(1, spec.layers):
        assert spec.input_width(layer) == d * spec.state_width(layer - 1)
        inputs = [t for t in inventory(spec) if t.layer == layer and t.role == "input_weights"]
        assert all(spec.input_width(layer) in t.shape for t in inputs)


@settings(max_examples=50)
@given(specs())
def test_tensor_names_are_unique(fields):
    names = [t.name for t in inventory(parse_spec(fields))]
    assert len(names) == len(set(names))

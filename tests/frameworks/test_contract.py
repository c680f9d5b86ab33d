"""The laws every convention obeys, run over every registered convention.

A new module under frameworks/ is tested here by being there: the strategies draw its name
from NAMES and its options from its own declarations. Its cross-check against the real
package lives in tests/crosscheck/.
"""

import re
from itertools import combinations

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import specs

from rnncalc import SpecError, count, inventory, parse_spec
from rnncalc.model.cells import CELLS
from rnncalc.features.diagram import diagram
from rnncalc.features.explain import explain
from rnncalc.frameworks import NAMES, get
from rnncalc.model.flow import FLAGS, shapes

EXAMPLES = settings(max_examples=examples(60), deadline=None)


def evaluate(formula: str, **symbols: int) -> int:
    expression = formula.rsplit("=", 1)[0].replace("·", "*")
    for name, value in symbols.items():
        expression = re.sub(rf"\b{name}\b", str(value), expression)
    assert re.fullmatch(r"[\d\s*+()]+", expression), expression
    return eval(expression)  # noqa: S307 - digits, +, * and parentheses only (checked above)


def overlap(a, b) -> bool:
    return all(s1 < e2 and s2 < e1 for (s1, e1), (s2, e2) in zip(a.spans, b.spans))


per_convention = pytest.mark.parametrize("name", NAMES)


@per_convention
def test_declarations_are_complete(name):
    c = get(name)
    assert c.name == name and c.title and c.source
    for cell in CELLS.values():
        assert sorted(c.gate_order(cell.name)) == sorted(cell.gates), "letters must cover the canonical gates"
        assert len(set(c.gate_letters(cell.name))) == len(cell.gates)
        assert c.class_names[cell.name] and c.cell_classes[cell.name]
    assert set(c.run_options) <= set(FLAGS)


@per_convention
@EXAMPLES
@given(data=st.data())
def test_totals_are_sums_and_formulas_evaluate(name, data):
    spec = parse_spec(data.draw(specs(names=[name])))
    c = count(spec)
    assert c.total == sum(t.params for t in c.tensors) == sum(row.params for row in c.layers)
    assert evaluate(c.formula) == c.total == int(c.formula.rsplit("= ", 1)[1])
    for row in c.layers:
        assert evaluate(row.formula) == row.params
    first = c.layers[0]
    assert evaluate(c.symbolic, inp=spec.inp, units=spec.units[0], proj=spec.proj or 0) == first.params


@per_convention
@EXAMPLES
@given(data=st.data())
def test_blocks_partition_every_tensor(name, data):
    spec = parse_spec(data.draw(specs(names=[name], max_size=6)))
    gates = set(spec.kind.gates)
    for t in inventory(spec):
        assert sum(b.size for b in t.blocks) == t.params, t.name
        assert all(len(b.spans) == len(t.shape) for b in t.blocks)
        assert all(0 <= s < e <= n for b in t.blocks for (s, e), n in zip(b.spans, t.shape))
        assert not any(overlap(a, b) for a, b in combinations(t.blocks, 2)), t.name
        assert {b.gate for b in t.blocks} <= gates | {None}


@per_convention
@EXAMPLES
@given(data=st.data())
def test_every_gate_of_every_direction_has_weights(name, data):
    spec = parse_spec(data.draw(specs(names=[name], max_size=6)))
    blocks = [(t.layer, b.direction, b.gate, b.role) for t in inventory(spec) for b in t.blocks]
    for layer in range(spec.layers):
        for direction in ("forward", "backward")[: spec.directions]:
            for gate in spec.kind.gates:
                for role in ("input_weights", "recurrent_weights"):
                    assert (layer, direction, gate, role) in blocks


@per_convention
@EXAMPLES
@given(data=st.data())
def test_bidirectional_doubles_a_single_layer(name, data):
    fields = data.draw(specs(names=[name], max_layers=1, uniform=True, bidirectional=False))
    one = count(parse_spec(fields)).total
    assert count(parse_spec({**fields, "bidirectional": True})).total == 2 * one


@per_convention
@EXAMPLES
@given(data=st.data())
def test_no_bias_removes_exactly_the_bias_tensors(name, data):
    fields = data.draw(specs(names=[name], bias=True))
    try:
        without = inventory(parse_spec({**fields, "bias": False}))
    except SpecError as err:  # a framework without a no-bias mode (cuDNN) must say so by name
        assert err.field == "bias"
        return
    kept = [t for t in inventory(parse_spec(fields)) if "bias" not in t.role]
    assert [(t.name, t.shape) for t in without] == [(t.name, t.shape) for t in kept]
    assert not any("bias" in b.role for t in without for b in t.blocks)


@per_convention
@EXAMPLES
@given(data=st.data())
def test_later_layers_take_the_previous_output(name, data):
    spec = parse_spec(data.draw(specs(names=[name])))
    d = spec.directions if spec.merge_mode in (None, "concat") else 1
    for layer in range(1, spec.layers):
        assert spec.input_width(layer) == d * spec.state_width(layer - 1)
        # Each gate's input weights are units × the input width, however they are packed.
        inputs = [b for t in inventory(spec) if t.layer == layer for b in t.blocks if b.role == "input_weights"]
        assert inputs and all(b.size == spec.units[layer] * spec.input_width(layer) for b in inputs)


@per_convention
@settings(max_examples=examples(30), deadline=None)
@given(data=st.data())
def test_tensor_names_are_unique(name, data):
    names = [t.name for t in inventory(parse_spec(data.draw(specs(names=[name]))))]
    assert len(names) == len(set(names))


@per_convention
@EXAMPLES
@given(data=st.data())
def test_explain_adds_up_to_the_inventory(name, data):
    spec = parse_spec(data.draw(specs(names=[name])))
    e, c = explain(spec), count(spec)
    assert [b.per_direction for b in e.layers for _ in range(spec.directions)] == [r.params for r in c.layers]
    for b in e.layers:
        assert sum(g.params for g in b.gates) + b.projection == b.per_direction == b.units * b.per_unit
        assert evaluate(b.per_unit_formula) == b.per_unit
    assert e.total == c.total


@per_convention
@settings(max_examples=examples(30), deadline=None)
@given(data=st.data())
def test_returns_and_diagram(name, data):
    spec = parse_spec(data.draw(specs(names=[name], max_size=8)))
    s = shapes(spec)
    assert len({o.name for o in s.outputs}) == len(s.outputs)
    assert diagram(spec)

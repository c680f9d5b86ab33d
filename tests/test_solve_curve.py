"""solve finds its answers on the structure's law (tensors.law), then confirms them by counting: the laws that
make that exact, checked against a brute-force search over small ranges, for every convention."""

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import specs

from rnncalc import count, parse_spec
from rnncalc.features import solve as solving
from rnncalc.model import tensors
from rnncalc.frameworks import NAMES
from rnncalc.features.solve import Counts, budget, solve, solve_pairs

EXAMPLES = settings(max_examples=examples(40), deadline=None)


def counter(fields, unknown):
    return lambda v: count(parse_spec({**fields, unknown: v})).total


def brute_solve(fields, unknown, target):
    """solve's answer by counting every size from the lowest up: (value, below, above)."""
    f, v = counter(fields, unknown), solving._lowest(fields, unknown)
    below = None
    while (c := f(v)) < target:
        below, v = (v, c), v + 1
    return (v, None, None) if c == target else (None, below, (v, c))


def brute_budget(fields, unknown, limit):
    f, v = counter(fields, unknown), solving._lowest(fields, unknown)
    best = None
    while (c := f(v)) <= limit:
        best, v = (v, c), v + 1
    return best


def case(data, unknown, uniform):
    # Deep enough (up to 6 layers) that the deep-stack stand-ins are used, small enough to brute-force.
    fields = data.draw(specs(names=[data.draw(st.sampled_from(NAMES))], max_size=12, max_layers=6, uniform=uniform))
    size = fields[unknown]
    nearby = data.draw(st.integers(max(1, size - 3), size + 8))
    rest = {k: v for k, v in fields.items() if k != unknown}
    lowest = solving._lowest(rest, unknown)
    target = counter(rest, unknown)(max(nearby, lowest)) + data.draw(st.integers(-2, 2))
    return rest, max(target, 1)


@pytest.mark.parametrize("unknown", ["units", "inp"])
@EXAMPLES
@given(data=st.data())
def test_solve_is_the_brute_force_answer(unknown, data):
    fields, target = case(data, unknown, uniform=unknown == "units")
    s = solve(fields, unknown, target)
    assert (s.value, s.below, s.above) == brute_solve(fields, unknown, target)


@pytest.mark.parametrize("unknown", ["units", "inp"])
@EXAMPLES
@given(data=st.data())
def test_budget_is_the_brute_force_answer(unknown, data):
    fields, limit = case(data, unknown, uniform=unknown == "units")
    assert budget(fields, unknown, limit) == brute_budget(fields, unknown, limit)


@EXAMPLES
@given(data=st.data())
def test_pairs_are_the_brute_force_pairs(data):
    fields = data.draw(specs(names=[data.draw(st.sampled_from(NAMES))], max_size=10, max_layers=5, uniform=True))
    target = count(parse_spec(fields)).total + data.draw(st.sampled_from([0, 0, 1, -1]))
    rest = {k: v for k, v in fields.items() if k not in ("inp", "units")}
    low = data.draw(st.integers(1, 6))
    searched = (low, low + data.draw(st.integers(0, 12)))
    brute = []
    for u in range(max(searched[0], solving._lowest(rest, "units")), searched[1] + 1):
        inp = 1
        while (c := count(parse_spec({**rest, "inp": inp, "units": u})).total) < target:
            inp += 1
        brute += [(inp, u)] if c == target else []
    assert [(p.inp, p.units) for p in solve_pairs(rest, target, searched)] == brute


@EXAMPLES
@given(data=st.data())
def test_a_wrong_curve_costs_time_not_the_answer(data):
    # Without a curve, or with a wrong one, the confirmations fail and real counts are bisected.
    unknown = data.draw(st.sampled_from(["units", "inp"]))
    fields, target = case(data, unknown, uniform=unknown == "units")
    expected = brute_solve(fields, unknown, target), brute_budget(fields, unknown, target)
    real = solving._curve
    for wrong in (lambda *a: None, lambda *a: (c := real(*a)) and solving.Quadratic(c.origin, c.a + 1, c.b, c.c)):
        with pytest.MonkeyPatch.context() as m:
            m.setattr(solving, "_curve", wrong)
            s = solve(fields, unknown, target)
            assert ((s.value, s.below, s.above), budget(fields, unknown, target)) == expected


@pytest.mark.parametrize("framework,extra", [("keras", {}), ("pytorch", {"proj": 7}), ("onnx", {"peepholes": True}),
                                             ("flax-nnx", {}), ("cudnn", {"merge_mode": "sum"})])
def test_a_deep_stack_costs_no_deep_count(framework, extra, monkeypatch):
    # 1,024 layers: the curve comes from the law of a two-layer inventory, and the answers are
    # confirmed by counts of the first two layers (tensors.total_and_formula): no inventory of
    # the deep stack is built. The answers still equal real counts of it.
    fields = dict(cell="lstm", inp=300, layers=1024, bidirectional=True, framework=framework, **extra)
    counted = []
    real = tensors.count
    monkeypatch.setattr(tensors, "count", lambda spec: counted.append(spec.layers) or real(spec))
    counts = Counts(fields)
    fit = budget(fields, "units", 10**12, counts)
    pairs = solve_pairs({k: v for k, v in fields.items() if k != "inp"}, fit[1], (fit[0] - 5, fit[0] + 5))
    assert max(counted) <= 3
    assert (300, fit[0]) in [(p.inp, p.units) for p in pairs]
    monkeypatch.setattr(tensors, "count", real)
    assert real(parse_spec({**fields, "units": fit[0]})).total == fit[1] <= 10**12
    assert real(parse_spec({**fields, "units": fit[0] + 1})).total > 10**12


def test_unequal_layers_solve_inp_from_the_first_layer():
    fields = {"cell": "gru", "units": [5, 9, 4, 7, 3], "framework": "pytorch", "bidirectional": True}
    for inp in (1, 2, 17, 300):
        target = count(parse_spec({**fields, "inp": inp})).total
        assert solve(fields, "inp", target).value == inp
        assert budget(fields, "inp", target - 1) == brute_budget(fields, "inp", target - 1)

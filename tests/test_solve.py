import json

import pytest
from helpers import assert_one_line_error, examples
from hypothesis import given, settings

from strategies import specs

from rnncalc import count, parse_spec
from rnncalc.features.solve import budget, parse_amount, solve, solve_pairs


def uniform_specs():
    # One size for every layer: solve looks for one units value.
    return specs(max_size=2000, max_layers=3, uniform=True)


@pytest.mark.parametrize("unknown", ["units", "inp"])
@settings(max_examples=examples(100), deadline=None)
@given(fields=uniform_specs())
def test_params_then_solve_gives_back_the_size(unknown, fields):
    target = count(parse_spec(fields)).total
    rest = {k: v for k, v in fields.items() if k != unknown}
    assert solve(rest, unknown, target).value == fields[unknown]
    fit = budget(rest, unknown, target)
    assert fit == (fields[unknown], target)
    below = budget(rest, unknown, target - 1)
    assert below is None or (below[0] < fields[unknown] and below[1] < target)


@settings(max_examples=examples(50), deadline=None)
@given(uniform_specs())
def test_no_solution_brackets_the_target(fields):
    target = count(parse_spec(fields)).total + 1  # a count between two sizes, or exactly the next
    rest = {k: v for k, v in fields.items() if k != "units"}
    s = solve(rest, "units", target)
    if s.value is None:
        assert s.below[1] < target < s.above[1] and s.above[0] == s.below[0] + 1


def test_pairs_are_every_solution():
    fields = dict(cell="lstm")
    pairs = solve_pairs(fields, 72, (1, 50))
    brute = [(i, u) for u in range(1, 51) for i in range(1, 100) if count(parse_spec(dict(cell="lstm", inp=i, units=u))).total == 72]
    assert [(p.inp, p.units) for p in pairs] == brute


@pytest.mark.parametrize("text,value", [("72", 72), ("1M", 10**6), ("250k", 250_000), ("1.5e6", 1_500_000),
                                        ("1_000_000", 10**6), ("1,000", 1000), ("2.5M", 2_500_000), ("1e3", 1000)])
def test_human_numbers(text, value):
    assert parse_amount("--params", text) == value


def test_cli_exact(rnncalc):
    data = rnncalc.json("solve", "--params", "72", "--cell", "lstm", "--inp", "2")
    assert data["value"] == 3 and data["found"] is True


def test_cli_pytorch_has_no_solution(rnncalc):
    result = rnncalc("solve", "--params", "72", "--cell", "lstm", "--inp", "2", "-F", "pytorch", "--json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["value"] is None
    for side in ("below", "above"):
        units = data[side]["units"]
        assert data[side]["params"] == count(parse_spec(dict(cell="lstm", inp=2, units=units, framework="pytorch"))).total
    assert data["below"]["params"] < 72 < data["above"]["params"]


def test_cli_budget(rnncalc):
    data = rnncalc.json("solve", "--max-params", "1M", "--cell", "gru", "--inp", "300", "--layers", "2")
    units = data["value"]
    fits = count(parse_spec(dict(cell="gru", inp=300, units=units, layers=2))).total
    over = count(parse_spec(dict(cell="gru", inp=300, units=units + 1, layers=2))).total
    assert data["total"] == fits <= 10**6 < over


def test_cli_two_unknowns(rnncalc):
    data = rnncalc.json("solve", "--params", "72", "--cell", "lstm", "--units", "1..4096")
    assert [(s["inp"], s["units"]) for s in data["solutions"]] == [(16, 1), (6, 2), (2, 3)]


@pytest.mark.parametrize(
    "args,fragments",
    [
        (["--params", "1.5", "--inp", "2"], ["--params", "'1.5'"]),
        (["--params", "lots", "--inp", "2"], ["--params", "'lots'"]),
        (["--params", "0", "--inp", "2"], ["--params", "'0'"]),
        (["--params", "72", "--max-params", "80", "--inp", "2"], ["exactly one"]),
        (["--inp", "2"], ["exactly one"]),
        (["--params", "72", "--inp", "2", "--units", "3"], ["unknown"]),
        (["--params", "72", "--units", "9..1"], ["--units", "9..1"]),
        (["--params", "72", "--units", "1..2147483647"], ["--units", "narrower"]),
        (["--max-params", "72"], ["--max-params", "units range"]),
        (["--params", "72", "--inp", "2", "-F", "all"], ["--framework", "'all'"]),
    ],
)
def test_bad_input(rnncalc, args, fragments):
    assert_one_line_error(rnncalc("solve", "--cell", "lstm", *args), *fragments)


def test_a_units_range_with_the_input_given_is_refused_not_dropped(rnncalc):
    # It was silently dropped: units = 3 came back for --units 10..20.
    from helpers import assert_one_line_error

    assert_one_line_error(rnncalc("solve", "--params", "72", "--cell", "lstm", "--inp", "2", "--units", "10..20"),
                          "--units", "10..20")

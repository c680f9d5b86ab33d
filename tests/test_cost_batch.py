"""A batch of costs (rnncalc cost --spec FILE) writes exactly what api.cost answers, spec by spec.

The per-spec way is the truth: the cost command's own answer (api.cost, then the flag it names
an error by) for one spec after another, as features/batch.py's each_spec writes any command's
batch. The batch is faster (features/batch.py's cost_batch: options checked once, structures
validated once, every figure its structure's polynomial of the sizes, read off cost run once
with symbolic sizes); each property draws structures of every convention and option, sizes
meant to catch a law out (equal to each other, 1 and 2, the largest a spec takes), bad lines,
and the command line's options, and requires both ways to write the same bytes and exit alike.
"""

import json

import pytest
from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import specs

import rnncalc.features.batch as batch
from rnncalc.features import cost as costing
from rnncalc.features.cost import COMPAT, DTYPES, OPTIMIZERS
from rnncalc.features.figures import FIGURES
from rnncalc.frameworks import NAMES
from rnncalc.model.spec import MAX_SIZE

BAD = ['{"cell": "lstm", "inp": 0, "units": 3}', '{"cell": "nope", "inp": 1, "units": 1}', "[1, 2]", "{not json",
       '{"cell": "gru", "inp": 2, "units": 3, "colour": "red"}', '{"cell": "lstm", "inp": 2}']


def sizes(max_size: int = 4096) -> st.SearchStrategy[int]:
    return st.one_of(st.integers(1, 4), st.integers(1, max_size), st.just(MAX_SIZE), st.sampled_from([7, 64, 300]))


@st.composite
def lines(draw):
    """Specs of a few structures (every convention, cell and option, 1 to 4 layers), each with
    several sizes, some of them equal; bad lines among them."""
    out = []
    for _ in range(draw(st.integers(1, 3))):
        first = draw(specs(names=NAMES))
        layers = first.get("layers", 1)
        pool = st.sampled_from([draw(sizes()) for _ in range(2)])  # sizes that repeat: equal ones
        size = st.one_of(pool, sizes())
        for _ in range(draw(st.integers(1, 5))):
            line = {**first, "inp": draw(size)}
            line["units"] = draw(size) if isinstance(first["units"], int) else [draw(size) for _ in range(layers)]
            out.append(json.dumps(line))  # PyTorch refuses a proj of at least units: error records too
    for bad in draw(st.lists(st.sampled_from(BAD), max_size=2)):
        out.insert(draw(st.integers(0, len(out))), bad)
    return out


@st.composite
def options(draw):
    """The command line's options: sizes or a packed batch, every dtype, optimizer, compat
    mode (PyTorch's alone: the others' specs get its one-line error), a spec flag, the figures."""
    args = []
    if draw(st.booleans()):
        args += ["--lengths", ",".join(map(str, draw(st.lists(st.integers(1, 60), min_size=1, max_size=5))))]
    else:
        for flag in ("--batch", "--steps"):
            if draw(st.integers(0, 3)):
                args += [flag, str(draw(st.sampled_from([1, 2, 32, MAX_SIZE])))]
    args += ["--dtype", draw(st.sampled_from([*DTYPES, "BF16"]))]
    args += ["--optimizer", draw(st.sampled_from([*OPTIMIZERS, "Adam"]))]
    compat = draw(st.sampled_from([None, None, *COMPAT, "all", "thop,torch"]))
    if compat:
        args += ["--compat", compat]
    if draw(st.integers(0, 5)) == 0:
        args += ["--batch-first"]
    if draw(st.integers(0, 5)) == 0:
        args += ["-F", draw(st.sampled_from(["pytorch", "keras"]))]
    keep = draw(st.sampled_from([None, "macs,flops,bytes", None, "bytes", ",".join(FIGURES), "flops,macs,flops"]))
    if keep:
        args += ["--fields", keep]
    return args


def per_spec(monkeypatch):
    """The cost command answering a batch spec by spec (each_spec, with the command's answer)."""
    monkeypatch.setattr(batch, "cost_batch", lambda text, flags, answer, options, keep:
                        batch.each_spec(text, flags, answer))


def both_ways(rnncalc, monkeypatch, text, args):
    fast = rnncalc("cost", "--spec", "-", "-f", "jsonl", *args, input=text)
    with monkeypatch.context() as patch:
        per_spec(patch)
        direct = rnncalc("cost", "--spec", "-", "-f", "jsonl", *args, input=text)
    return fast, direct


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])
@given(lines(), options())
def test_a_batch_writes_what_each_spec_answers(rnncalc, monkeypatch, specs_, args):
    text = "\n".join(specs_) + "\n"
    fast, direct = both_ways(rnncalc, monkeypatch, text, args)
    assert (fast.exit_code, fast.stderr) == (direct.exit_code, direct.stderr)
    assert fast.stdout_bytes == direct.stdout_bytes


@pytest.mark.parametrize("keep", [None, "macs,flops,bytes"])
def test_equal_and_unequal_layers_of_one_structure(rnncalc, monkeypatch, keep):
    # PyTorch makes equal layers one module and unequal ones a module each; inp equal to what a
    # layer hands on (D · units) reads alike in a formula; 1 and 2 look like coefficients.
    lines = [{"cell": c, "inp": inp, "units": units, "bidirectional": True, "framework": f}
             for c in ("lstm", "gru") for f in ("pytorch", "keras", "onnx")
             for inp, units in ((3, [4, 4]), (5, [4, 6]), (8, [4, 4]), (1, [2, 1]), (2, [1, 1]), (12, [6, 6]))]
    text = "".join(json.dumps(line) + "\n" for line in lines)
    for args in (["-B", "32", "-T", "50"], ["--lengths", "7,3,1", "--compat", "all"], ["--dtype", "int8"]):
        fast, direct = both_ways(rnncalc, monkeypatch, text, [*args, *(["--fields", keep] if keep else [])])
        assert fast.stdout_bytes == direct.stdout_bytes and fast.exit_code == direct.exit_code


@pytest.mark.parametrize("keep", [None, "macs,flops,bytes"])
def test_cost_is_worked_out_a_few_times_per_structure(rnncalc, monkeypatch, keep):
    # The first spec of a structure directly, held once to api.cost's answer, then symbolically
    # (a template, or the figures' law): the rest are filled in.
    worked = []
    real = costing._items
    monkeypatch.setattr(costing, "_items", lambda *args: worked.append(1) or real(*args))
    lines = [{"cell": "lstm", "inp": i, "units": [i + 1, 2 * i], "bidirectional": True} for i in range(1, 200)]
    text = "".join(json.dumps(line) + "\n" for line in lines)
    fast = rnncalc("cost", "--spec", "-", "-f", "jsonl", "-B", "4", "-T", "9", *(["--fields", keep] if keep else []),
                   input=text)
    assert fast.exit_code == 0 and len(fast.stdout.splitlines()) == len(lines)
    assert len(worked) <= 4
    worked.clear()
    per_spec(monkeypatch)
    assert rnncalc("cost", "--spec", "-", "-f", "jsonl", "-B", "4", "-T", "9", *(["--fields", keep] if keep else []),
                   input=text).stdout == fast.stdout
    assert len(worked) == len(lines)


@pytest.mark.parametrize("args", [["--dtype", "fp64"], ["--lengths", "7,x"], ["--optimizer", "lion"],
                                  ["--compat", "nope", "-B", "1", "-T", "2"], ["--batch-first"]])
def test_refused_options_give_each_spec_its_own_error(rnncalc, monkeypatch, args):
    # A bad spec says what is wrong with it first, wherever the options are refused.
    text = '{"cell": "lstm", "inp": 3, "units": 4}\n{"cell": "nope", "inp": 3, "units": 4}\n' * 3
    fast, direct = both_ways(rnncalc, monkeypatch, text, [*args, "--fields", "macs"])
    assert fast.exit_code == direct.exit_code == 1
    assert fast.stdout_bytes == direct.stdout_bytes
    assert all('"error"' in line for line in fast.stdout.splitlines())

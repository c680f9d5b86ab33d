"""Templates (templates.py) write a batch's whole answers exactly as the direct way does.

The direct way is the truth: count(), count_dict() and the JSON encoder, spec by spec. Each
property draws a structure from every convention's own options, then sizes meant to catch a
template out: equal to each other, 1 and 2 (where a coefficient and a size look alike), and
up to the largest a spec takes; a batch of them is answered both ways and must match byte
for byte, errors included.
"""

import json
import subprocess
import sys

import pytest
from helpers import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import specs

from rnncalc import count, parse_spec
from rnncalc.features import templates
from rnncalc.model import tensors
from rnncalc.features.batch import answers, record, values
from rnncalc.frameworks import NAMES
from rnncalc.model.spec import MAX_SIZE
from rnncalc.features.templates import Size

ENCODE = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode
KEEPS = [None, ("tensors",), ("total", "formula"), ("spec", "layers", "symbolic")]


def both_ways(lines: list[dict], keep=None) -> tuple[list[str], list[str]]:
    """The batch's records from templates (stand-ins restored), and the direct way."""
    text = "".join(json.dumps(line) + "\n" for line in lines)
    fast = [templates.restore_text(a.text) if a.text else ENCODE(record(a, keep))
            for a in answers(values(text), {}, True, keep, ENCODE)]
    direct = [ENCODE(record(a, keep)) for a in answers(values(text), {}, True, keep)]
    return fast, direct


def sizes(max_size: int) -> st.SearchStrategy[int]:
    return st.one_of(st.integers(1, 4), st.integers(1, max_size), st.just(MAX_SIZE), st.sampled_from([7, 64, 300]))


@st.composite
def batches(draw, names=NAMES):
    """Specs of one structure (drawn from a convention's options), with many sizes."""
    first = draw(specs(names=names, max_layers=draw(st.sampled_from([2, 5, 12]))))
    layers = first.get("layers", 1)
    pool = st.sampled_from([draw(sizes(4096)) for _ in range(3)])  # sizes that repeat: equal ones
    size = st.one_of(pool, sizes(4096))
    lines = []
    for _ in range(draw(st.integers(2, 6))):
        line = {**first, "inp": draw(size)}
        line["units"] = draw(size) if isinstance(first["units"], int) else [draw(size) for _ in range(layers)]
        if "proj" in first:
            line["proj"] = first["proj"]  # part of the structure: a spec's proj is not a size that varies
        lines.append(line)
    return lines


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(batches(), st.sampled_from(KEEPS))
def test_templates_write_what_the_direct_way_writes(lines, keep):
    fast, direct = both_ways(lines, keep)
    assert fast == direct


@pytest.mark.parametrize("framework", NAMES)
@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_every_convention_lays_out_its_sizes_as_it_says(framework, data):
    # Convention.layout: equal layers, unequal layers, then equal again, in one structure.
    lines = data.draw(batches(names=[framework]))
    lines = lines + [{**line, "units": [line["units"][0]] * len(line["units"])} if isinstance(line["units"], list)
                     else line for line in lines]
    fast, direct = both_ways(lines)
    assert fast == direct


def test_a_template_is_used_after_the_first_spec_of_a_structure(monkeypatch):
    made = compiled(monkeypatch)
    worked = []  # every spec the direct way works out (the symbolic one a template is made from, too)
    real = templates._resized
    monkeypatch.setattr(templates, "_resized", lambda *args: worked.append(1) or real(*args))
    lines = [{"cell": "lstm", "inp": i, "units": [i + 1, 2 * i], "bidirectional": True} for i in range(1, 40)]
    text = "".join(json.dumps(line) + "\n" for line in lines)
    found = list(answers(values(text), {}, True, None, ENCODE))
    # The first spec the direct way, then the template, worked out symbolically at the second
    # spec (and held to the first one's answer), and written for the 38 others.
    assert (len(made), len(worked)) == (1, 2)
    assert [templates.restore_text(a.text) for a in found] == both_ways(lines)[1]


def test_structures_seen_a_few_times_each_make_few_templates(monkeypatch):
    # A template costs about four direct answers: once they stop paying off, a structure must
    # be seen eight times before it gets one.
    made = compiled(monkeypatch)
    lines = [{"cell": "lstm", "inp": 5 + k, "units": [200, 201], "proj": p, "framework": "pytorch"}
             for p in range(1, 150) for k in range(2)]  # each proj a structure of its own, seen twice
    fast, direct = both_ways(lines)
    assert fast == direct
    assert len(made) == templates.Templates.SLACK + 1


@pytest.mark.parametrize("units", [list(range(2, 14)), 30, [7] * 12, 3])
@pytest.mark.parametrize("layers", [12, 70])
def test_deep_stacks_and_many_sizes_are_answered_the_direct_way_or_by_a_template(units, layers):
    # Many sizes, deep stacks, equal or not.
    if isinstance(units, list) and len(units) != layers:
        units = (units * layers)[:layers]
    lines = [{"cell": "lstm", "inp": i, "units": units, "layers": layers, "framework": f}
             for i in (3, 4, 5) for f in ("keras", "pytorch")]
    fast, direct = both_ways(lines)
    assert fast == direct and all('"total"' in line for line in fast)


def compiled(monkeypatch) -> list[int]:
    """How many templates are made from now on."""
    made = []
    real = templates.Template
    monkeypatch.setattr(templates, "Template", lambda *args: made.append(1) or real(*args))
    return made


def test_a_structure_seen_once_is_answered_the_direct_way(monkeypatch):
    made = compiled(monkeypatch)
    lines = [{"cell": "lstm", "inp": 3, "units": 4, "proj": p, "framework": "pytorch"} for p in (1, 2, 3)]
    fast, direct = both_ways(lines)
    assert fast == direct and not made  # each proj is a structure of its own, seen once


def test_equal_layers_of_a_framework_that_lays_them_out_apart_get_their_own_template():
    # PyTorch: equal layers are one nn.LSTM (weight_ih_l1), unequal ones a module each (1.weight_ih_l0).
    lines = [{"cell": "gru", "inp": 5, "units": [u, u], "framework": "pytorch"} for u in (8, 9, 10)]
    lines += [{"cell": "gru", "inp": 5, "units": [u, u + 1], "framework": "pytorch"} for u in (8, 9, 10)]
    fast, direct = both_ways(lines * 2)
    assert fast == direct
    assert '"weight_ih_l1"' in direct[0] and '"1.weight_ih_l0"' in direct[3]


# The direct way of old: answers() without an encoder writes no template and no stand-in.
WITHOUT = ("import sys, runpy; import rnncalc.features.batch as b; real = b.answers; "
           "b.answers = lambda items, flags, full, keep=None, encode=None: real(items, flags, full, keep); "
           "sys.argv = ['rnncalc', *sys.argv[1:]]; runpy.run_module('rnncalc', run_name='__main__')")
LINES = [{"cell": c, "inp": 3 + i, "units": [4 + i, 5], "framework": f, "bidirectional": i % 2 == 0}
         for i in range(6) for c in ("lstm", "gru") for f in NAMES]


@pytest.mark.parametrize(("encoding", "newline", "options"), [
    ("utf-8", "\n", ["--format", "jsonl"]),
    ("utf-8", "\r\n", ["--format", "json"]),
    ("utf-8", "\n", ["--format", "jsonl", "--fields", "line,tensors,total"]),
    ("utf-8", "\n", ["--format", "json", "--fields", "formula,error", "--bidirectional"]),
    ("utf-8", "\n", ["--format", "jsonl", "--framework", "pytorch"]),
    ("ascii", "\n", ["--format", "jsonl"]),
    ("latin-1", "\n", ["--format", "json"]),
    ("utf-8-sig", "\n", ["--format", "jsonl"]),
    ("utf-16", "\n", ["--format", "jsonl"]),
])
def test_a_real_batch_reads_the_same_with_and_without_templates(encoding, newline, options, tmp_path):
    # In any encoding (one byte order mark at most; "·" spelled where ASCII is all there is),
    # with flags from the command line, and --fields: the stand-ins never reach stdout.
    spec = tmp_path / "batch.jsonl"
    spec.write_bytes("".join(json.dumps(line) + newline for line in LINES * 2).encode())
    run = ["params", "--spec", str(spec), *options]
    env = {"PYTHONIOENCODING": encoding, "PATH": ""}
    fast = subprocess.run([sys.executable, "-m", "rnncalc", *run], capture_output=True, env=env, check=False)
    direct = subprocess.run([sys.executable, "-c", WITHOUT, *run], capture_output=True, env=env, check=False)
    # Exit 1 where a line fails (TF1 has no stacked bidirectional layers): errors sit between templates.
    assert (fast.returncode, fast.stderr) == (direct.returncode, direct.stderr)
    assert fast.returncode in (0, 1) and fast.stderr == b""
    assert fast.stdout == direct.stdout
    text = fast.stdout.decode(encoding)
    assert not any(chr(c) in text for c in range(32) if chr(c) not in "\t\n\r")
    assert "\ufeff" not in text  # decoding takes the one byte order mark at the start; no other


def test_layers_that_read_alike_are_grouped_in_a_template_as_in_the_direct_answer():
    # The formula writes a run of GROUPED or more equal layers once (tensors.grouping): which
    # runs there are depends on which sizes are equal, so it is part of the layout of a batch.
    six = [[5] * 6, [5, 6, 7, 8, 9, 10], [4, 5, 5, 5, 5, 5], [5, 5, 5, 5, 5, 6], [3, 3, 3, 3, 3, 3]]
    lines = [{"cell": "lstm", "inp": inp, "units": units, "framework": f, "bidirectional": d}
             for f in ("keras", "pytorch") for d in (False, True) for inp in (3, 6, 10) for units in six]
    fast, direct = both_ways(lines * 2)
    assert fast == direct
    assert any(" × " in line for line in direct) and any(" × " not in line for line in direct)


@settings(max_examples=examples(100), deadline=None)
@given(specs(max_layers=6))
def test_the_count_a_template_writes_is_the_law(fields):
    # The answer worked out with symbolic sizes (what a template is cut from) counts the
    # structure's one polynomial, tensors.law, term for term; each tensor's shape is its axes.
    spec = parse_spec(fields)
    variables = [Size(v, (((i,), 1),)) for i, v in enumerate(tensors.sizes_of(spec))]
    symbolic = spec.model_copy(update={"inp": variables[0], "units": tuple(variables[1:-1]),
                                       "proj": variables[-1] if spec.proj else None})
    c = count(symbolic)
    assert dict(c.total.polynomial) == tensors.law(spec).polynomial
    for t, real in zip(c.tensors, tensors.inventory(spec), strict=True):
        assert [dict(n.polynomial) if isinstance(n, Size) else {(): n} for n in t.shape] == [
            {m: k for m, k in axis.items() if k} for axis in tensors.axes(spec, real)]

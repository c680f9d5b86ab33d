"""The law of every convention's calls: what to type states every choice the tensors depend on.

tests/crosscheck builds the real networks from these calls alone; here, for any spec of any
convention, the calls are Python, their data survives JSON, and each choice that is not the
default (no bias, both directions, a projection, peepholes, a stack) is stated by an argument
that says which spec field it states, so a port can name it in a refusal.
"""

import ast
import json

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import specs

from rnncalc import parse_spec
from rnncalc.frameworks import NAMES, get


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=examples(40), deadline=None)
@given(data=st.data())
def test_calls_state_every_choice(name, data):
    spec = parse_spec(data.draw(specs(names=[name])))
    convention = get(name)
    calls = convention.calls(spec)
    assert len(calls) in (1, spec.layers)
    for call in calls:
        ast.parse(call.text(), mode="eval")
        assert json.loads(json.dumps(call.data())) == call.data()
    fields = {field for call in calls for _, arg in call.arguments() for field in arg.field.split(",")}
    wanted = {"bias": not spec.bias, "bidirectional": spec.bidirectional, "proj": bool(spec.proj),
              "peepholes": spec.peepholes, "layers": spec.layers > 1 and len(calls) == 1}
    assert {f for f, needed in wanted.items() if needed} <= fields, calls
    if spec.cell == "gru":  # the GRU's variant, in the framework's words or as its one behaviour
        variant = convention.variant(spec)
        assert variant and ("reset_after" in fields) == ("=" in variant)

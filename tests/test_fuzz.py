"""No input produces a traceback: hypothesis drives the CLI with arbitrary arguments and specs."""

import json

from helpers import assert_one_line_error, examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnncalc.frameworks import NAMES

OPTIONS = ["--cell", "--inp", "--units", "--layers", "--merge-mode", "--framework", "--proj", "--spec",
           "--format", "-c", "-i", "-u", "-l", "-F", "-f", "--batch", "--steps", "-B", "-T", "--api", "--to", "--from"]
FLAGS = ["--bidirectional", "--unidirectional", "--bias", "--no-bias", "--reset-after", "--no-reset-after",
         "--tensors", "--json", "-b", "-t", "--help", "--version", "--batch-first", "--return-sequences",
         "--return-state", "--time-major", "--peepholes", "--no-peepholes", "--unbatched"]
COMMANDS = st.sampled_from(["params", "shapes", "explain", "diagram", "layout", "port"])
VALUES = st.one_of(
    st.sampled_from(["lstm", "gru", "rnn", "elman", "LSTM", "keras", "pytorch", "all", "json", "table", "cell", "layer",
                     "python", "text", *NAMES,
                     "concat", "sum", "none", "0", "-1", "1", "3", "64,32", "2,", ",", "1e3", "2.0",
                     "2147483648", "9" * 50, "", " ", "-"]),
    st.integers(-(2**40), 2**40).map(str),
    st.text(max_size=12),
)
ARG = st.one_of(st.sampled_from(FLAGS), st.tuples(st.sampled_from(OPTIONS), VALUES), st.text(max_size=8))


def flatten(args):
    out = []
    for arg in args:
        out.extend(arg if isinstance(arg, tuple) else [arg])
    return out


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(COMMANDS, st.lists(ARG, max_size=8))
def test_any_arguments(rnncalc, command, args):
    result = rnncalc(command, *flatten(args), input="")
    assert result.exit_code in (0, 2), (args, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert_one_line_error(result)


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=6)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=8,
)
FIELD = st.sampled_from(["cell", "inp", "units", "layers", "bidirectional", "merge_mode", "bias", "framework",
                         "reset_after", "proj", "peepholes", "api", "other"])


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(FIELD, st.one_of(JSON, st.sampled_from(["lstm", "gru", "sum", "cell", *NAMES]),
                                        st.integers(1, 6), st.lists(st.integers(0, 6), max_size=4)), max_size=10))
def test_any_spec_object(rnncalc, fields):
    result = rnncalc("params", "--spec", "-", "--json", input=json.dumps(fields))
    if result.exit_code == 0:
        assert json.loads(result.stdout)["total"] > 0
        for command in ("shapes", "explain", "diagram", "layout"):  # every command takes what params took
            assert rnncalc(command, "--spec", "-", "--json", input=json.dumps(fields)).exit_code == 0
    else:
        assert_one_line_error(result)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_spec_text(rnncalc, text):
    result = rnncalc("params", "--spec", "-", "--json", input=text)
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2 and not result.stdout:
        assert_one_line_error(result)
    if result.stdout:  # one answer, or a batch's records (several JSON values: exit 1 if any failed)
        json.loads(result.stdout)


SUMMARY_BITS = st.sampled_from([
    "Layer (type)", "Output Shape", "Param #", "┃", "│", "├", "└", "┏", "(None, 3)", "[(None, 4, 2)]", "72", "1,234",
    "lstm (LSTM)", "gru (GRU)", "bidirectional (Bidirection", "Total params: 72", "LSTM(2, 3)", "GRU(4, 8, bias=False)",
    "LSTM(10, 20, num_layers=2, proj_size=5)", "├─LSTM: 1-1", "Layer (type:depth-idx)", "[1, 5, 20]", "--", "\n", " ",
])


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(SUMMARY_BITS, st.text(max_size=5)), max_size=30))
def test_any_summary_text(rnncalc, bits):
    result = rnncalc("check", "-", input=" ".join(bits))
    assert result.exit_code in (0, 1, 2), (bits, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert_one_line_error(result)


@settings(max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.tuples(st.sampled_from(["--params", "--max-params", "--units", "--inp", "--layers",
                                                        "--cell", "-F", "--proj"]), VALUES), st.sampled_from(FLAGS)),
                max_size=6))
def test_any_solve_arguments(rnncalc, args):
    result = rnncalc("solve", *flatten(args))
    assert result.exit_code in (0, 1, 2), (args, result.stderr, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert_one_line_error(result)

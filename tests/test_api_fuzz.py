"""Every public function, called with hostile values, answers or raises SpecError: never another
exception, never a hang. Values as an outside campaign throws them: wrong types (bytes where a
name goes, floats, lists, dicts, objects), huge and negative sizes, unicode, empty text."""

import rnncalc
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from rnncalc import SpecError

HOSTILE = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(allow_nan=True), st.text(max_size=12),
    st.binary(max_size=8), st.sampled_from(["lstm", "gru", "rnn", "all", "keras,pytorch", "torch", "1M", "3", "1..9",
                                            "9..1", "\x00", "é" * 3, b"3", b"lstm", 1024, 1025, 2**31]),
    st.lists(st.one_of(st.integers(-3, 2**33), st.text(max_size=3), st.booleans()), max_size=4),
    st.tuples(st.integers(-5, 2**40), st.integers(-5, 2**40)), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)
FIELDS = ["cell", "inp", "units", "layers", "bidirectional", "merge_mode", "bias", "framework", "reset_after", "proj",
          "peepholes", "api", "unit", "sizes"]
GOOD = st.fixed_dictionaries({"cell": st.sampled_from(["lstm", "gru", "rnn"]), "inp": st.sampled_from([2, 3, 16]),
                              "units": st.sampled_from([3, [4, 5], 8])})
SPECS = st.builds(lambda good, bad: {**good, **bad}, GOOD, st.dictionaries(st.sampled_from(FIELDS), HOSTILE, max_size=3))
RUN = st.dictionaries(st.sampled_from(["batch", "steps", "batch_first", "unbatched", "return_sequences", "return_state",
                                       "time_major"]), HOSTILE, max_size=2)
CALLS = st.one_of(
    st.tuples(st.just(rnncalc.params), SPECS, st.dictionaries(st.just("tensors"), HOSTILE, max_size=1)),
    st.tuples(st.just(rnncalc.shapes), SPECS, RUN),
    st.tuples(st.just(rnncalc.diagram), SPECS, RUN),
    st.tuples(st.just(rnncalc.explain), SPECS, st.just({})),
    st.tuples(st.just(rnncalc.layout), SPECS, st.just({})),
    st.tuples(st.just(rnncalc.port), SPECS, st.fixed_dictionaries({"to": HOSTILE})),
    st.tuples(st.just(rnncalc.summary), SPECS, st.dictionaries(st.sampled_from(["style", "batch", "steps"]), HOSTILE)),
    st.tuples(st.just(rnncalc.solve), SPECS.map(lambda s: {k: v for k, v in s.items() if k != "units"}),
              st.dictionaries(st.sampled_from(["params", "max_params", "units_range"]), HOSTILE, min_size=1)),
    st.tuples(st.just(rnncalc.cost), SPECS, st.dictionaries(st.sampled_from(
        ["batch", "steps", "lengths", "batch_first", "dtype", "optimizer", "compat"]), HOSTILE, max_size=3)),
    st.tuples(st.just(rnncalc.sweep), SPECS, st.dictionaries(st.sampled_from(
        ["sort", "max_params", "min_params", "max_macs", "max_flops", "max_bytes", "batch", "steps", "dtype",
         "directions"]), HOSTILE, max_size=3)),
    st.tuples(st.just(lambda **kw: rnncalc.schema(kw["name"])), st.just({}), st.fixed_dictionaries({"name": HOSTILE})),
)


def _use(result):
    if isinstance(result, dict):  # a schema
        return
    if result.streamed:  # a sweep: its rows, its JSON, its table
        list(result.records())
        list(result.lines())
        result.page()
        return
    result.to_dict()
    str(result)
    if "rows" in result.parts:
        result.rows()
        list(result.lines())


@settings(max_examples=examples(300), deadline=None)
@given(CALLS)
def test_every_function_answers_or_raises_spec_error(call):
    function, spec, keywords = call
    try:
        _use(function(**spec, **keywords))
    except SpecError:
        pass


@settings(max_examples=examples(60), deadline=None)
@given(HOSTILE, HOSTILE)
def test_check_and_parse_spec_take_anything(text, cut):
    for call in (lambda: _use(rnncalc.check(text, cut=cut)), lambda: rnncalc.parse_spec(text),
                 lambda: _use(rnncalc.params(text))):
        try:
            call()
        except SpecError:
            pass


def _each_names_its_field(*calls):
    """Each call raises a SpecError that names its field."""
    for call in calls:
        try:
            call()
        except SpecError as err:
            assert err.field
        else:
            raise AssertionError("no SpecError")


def test_what_the_last_campaign_found_is_a_spec_error():
    _each_names_its_field(lambda: rnncalc.explain(cell="lstm", inp=3, units=8, framework=b"3"),
                          lambda: rnncalc.check(3),
                          lambda: rnncalc.solve(cell="lstm", inp=2, params=72, units_range=(5, 1)),
                          lambda: rnncalc.solve(cell="lstm", params=72, units_range=3))


def _nested(depth):
    value = []
    for _ in range(depth):
        value = [value]
    return value


def test_values_that_break_a_naive_message_or_type_check_are_spec_errors():
    import enum

    class Two(enum.IntEnum):
        TWO = 2

    assert rnncalc.params(cell="lstm", inp=2, units=3, layers=Two.TWO)["total"] == 156  # an int of another type
    for call in (lambda: rnncalc.params(cell="lstm", inp=10**5000, units=3),  # beyond repr's 4,300 digits
                 lambda: rnncalc.params(cell="lstm", inp=_nested(5000), units=3),  # beyond the recursion limit
                 lambda: rnncalc.Spec(cell="xyz", inp=2, units=3),  # pydantic's error, before
                 lambda: rnncalc.Run(unbatched="no"),  # kept the string, before
                 lambda: rnncalc.shapes(cell="lstm", inp=2, units=3, framework="pytorch", unbatched="no"),
                 lambda: rnncalc.sweep(cell="lstm,bogus", inp=2, units=3)):  # one error row per point, before
        try:
            call()
        except SpecError as err:
            assert len(str(err)) < 300, str(err)
        else:
            raise AssertionError("no SpecError")


def _keywords(function):
    """The keywords ``function`` takes, read from its signature (so a new one is thrown at as soon
    as it exists), with the spec's fields where it takes them."""
    import inspect

    parameters = inspect.signature(function).parameters.values()
    names = [p.name for p in parameters if p.kind in (p.KEYWORD_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_KEYWORD for p in parameters):
        names += FIELDS
    return names or ["spec"]


PUBLIC = sorted(name for name in rnncalc.__all__ if name not in ("SpecError", "Result", "Stream", "Tensor", "Count",
                                                                 "__version__"))


@settings(max_examples=examples(400), deadline=None)
@given(st.data())
def test_every_public_function_and_every_keyword_it_takes(data):
    """Each public function (rnncalc.__all__: api, count, inventory, parse_spec, Spec, Run), with a
    good or hostile spec first and hostile values for any of the keywords its signature takes."""
    name = data.draw(st.sampled_from(PUBLIC))
    function = getattr(rnncalc, name)
    keywords = data.draw(st.dictionaries(st.sampled_from(_keywords(function)), HOSTILE, max_size=3))
    first = data.draw(st.one_of(GOOD, SPECS, HOSTILE))
    takes_spec = name not in ("Spec", "Run", "sweep", "schema", "check")
    try:
        answer = function(first, **keywords) if takes_spec else function(**keywords)
        if isinstance(answer, (rnncalc.Result, rnncalc.Stream, dict)):
            _use(answer)
        else:  # a Spec, a Run, a Count, the tensors
            str(answer)
    except SpecError:
        pass
    except TypeError as err:  # the call's shape (a keyword given twice, one the function must have), not a value
        assert "multiple values" in str(err) or "required" in str(err) or "positional" in str(err), err


def test_what_this_campaign_found_is_a_spec_error():
    """count and inventory read a dict as parse_spec does (an AttributeError before); summary's
    widths are whole numbers (a TypeError inside the Keras 3 writer before)."""
    assert rnncalc.count({"cell": "lstm", "inp": 2, "units": 3}).total == 72
    good = {"cell": "lstm", "inp": 2, "units": 3}
    _each_names_its_field(lambda: rnncalc.count(None), lambda: rnncalc.inventory(3),
                          lambda: rnncalc.summary(good, line_length="all"), lambda: rnncalc.summary(good, columns=1.5),
                          lambda: rnncalc.summary(good, style="torchinfo", col_width=True))

"""The knobs (rnncalc/knobs.py) are the one declaration of every choice: the spec, the run, the
CLI and the conventions all agree with them."""

import dataclasses
from pathlib import Path

import pytest
import typer.main

from rnncalc import generate
from rnncalc.cli import app as cli
from rnncalc.model import knobs
from rnncalc.model.flow import FLAGS, Run
from rnncalc.model import _conventions as _index
from rnncalc.frameworks import NAMES, get
from rnncalc.model.spec import Spec, parse_spec


def test_the_index_is_generated_from_the_conventions():
    assert Path(_index.__file__).read_text(encoding="utf-8") == generate.index_source(), (
        "a convention's options changed: regenerate with  python -m rnncalc.generate")


def test_every_spec_field_is_a_knob_and_every_knob_a_field():
    assert [k.name for k in knobs.SPEC] == list(Spec.model_fields)
    assert {k.name for k in knobs.RUN} == {f.name for f in dataclasses.fields(Run)}
    assert set(FLAGS) == {k.name for k in knobs.RUN if k.is_flag}


@pytest.mark.parametrize("name", NAMES)
def test_a_convention_lists_only_framework_specific_knobs(name):
    convention = get(name)
    specific = {k.name for k in (*knobs.SPEC, *knobs.RUN) if k.framework_specific}
    assert convention.options <= specific
    assert convention.run_options <= specific


def test_every_framework_specific_knob_has_a_framework():
    for knob in (*knobs.SPEC, *knobs.RUN):
        if knob.framework_specific:
            assert _index.HAVING.get(knob.name), knob.name


def test_the_app_declares_every_knob_as_declared():
    group = typer.main.get_command(cli.app)
    for command, declared in (("shapes", (*knobs.SPEC, *knobs.RUN)), ("params", knobs.SPEC)):
        params = {p.name: p for p in group.commands[command].params}
        for knob in declared:
            option = params[knob.name]
            assert option.opts == [knob.flag, *([knob.short] if knob.short else [])]
            assert option.secondary_opts == ([knob.negative] if knob.negative else [])
            assert option.is_flag == knob.is_flag
            if knob.framework_specific:
                assert all(name in option.help for name in _index.HAVING[knob.name])


@pytest.mark.parametrize("knob", [k for k in knobs.SPEC if k.framework_specific], ids=lambda k: k.name)
def test_a_framework_without_a_knob_refuses_it_naming_those_with_it(knob):
    value = {"merge_mode": "sum", "proj": 2, "peepholes": True, "api": "cell"}[knob.name]
    fields = {"cell": "lstm", "inp": 2, "units": 3, knob.name: value, "bidirectional": knob.name == "merge_mode"}
    lacking = [name for name in NAMES if name not in _index.HAVING[knob.name]]
    for name in lacking:
        with pytest.raises(Exception) as err:
            parse_spec({**fields, "framework": name})
        assert str(err.value).startswith(f"{knob.name}: is not an option of")
    for name in _index.HAVING[knob.name]:
        try:
            parse_spec({**fields, "framework": name})
        except Exception as err:  # a rule of that framework's own may still refuse this value
            assert "is not an option of" not in str(err)


@pytest.mark.parametrize("function", ["shapes", "diagram"])
def test_the_apis_run_keywords_are_the_run_knobs(function):
    """Where the API takes a run, its keywords are the run's knobs, in their order: the command
    line, the Run and the API declare no run flag the others lack."""
    import inspect

    import rnncalc

    keywords = [p.name for p in inspect.signature(getattr(rnncalc, function)).parameters.values()
                if p.kind is p.KEYWORD_ONLY]
    assert keywords == [k.name for k in knobs.RUN]


def test_every_command_option_reaches_its_body():
    """Each option of the command table is a parameter the command line hands to the command's
    body: a body reads call.params by these names, and typer and the fast path give them all."""
    from rnncalc.cli import fast
    from rnncalc.cli import table

    group = typer.main.get_command(cli.app)
    for command in table.COMMANDS:
        names = [o.name for o in command.options]
        assert [p.name for p in group.commands[command.name].params] == names
        assert list(fast.grammar(command).defaults) == names

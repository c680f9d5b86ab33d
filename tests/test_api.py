"""The Python API: one function per command, importable as functions, results that render anywhere."""

import importlib
import json
import pkgutil
import subprocess
import sys

import pytest

import rnncalc
from rnncalc import SpecError

COMMANDS = ("params", "shapes", "explain", "layout", "port", "diagram", "check", "solve", "summary")


def test_every_command_is_a_function_even_after_every_submodule_is_imported():
    for module in pkgutil.walk_packages(rnncalc.__path__, "rnncalc."):
        importlib.import_module(module.name)
    for name in COMMANDS:
        assert callable(getattr(rnncalc, name)) and not isinstance(getattr(rnncalc, name), type(rnncalc)), name
    names = {m.name.rsplit(".", 1)[-1] for m in pkgutil.iter_modules(rnncalc.__path__)}
    assert not names & set(rnncalc.__all__), "a module shares a public name and would shadow it"


def test_from_import_in_a_fresh_interpreter():
    code = ("from rnncalc import check, explain, shapes, params; import inspect; "
            "print(all(inspect.isfunction(f) for f in (check, explain, shapes, params)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def test_dir_lists_the_api_and_nothing_else():
    assert dir(rnncalc) == sorted(rnncalc.__all__)
    assert {"Any", "TYPE_CHECKING", "annotations"}.isdisjoint(dir(rnncalc))
    assert set(COMMANDS) <= set(rnncalc.__all__)


def test_keyword_conveniences_agree_with_the_cli(request):
    rnncalc_cli = request.getfixturevalue("rnncalc")
    result = rnncalc.params(cell="lstm", inp=2, units=3)
    assert result["total"] == 72 and result.ok
    assert result.to_dict() == rnncalc_cli.json("params", "--cell", "lstm", "--inp", "2", "--units", "3")
    assert rnncalc.params({"cell": "lstm", "inp": 2}, units=3, framework="pytorch")["total"] == 84
    expected = rnncalc.count(rnncalc.parse_spec(dict(cell="gru", inp=4, units=[8, 2])))
    assert [row["params"] for row in rnncalc.params(cell="gru", inp=4, units=[8, 2]).rows()] == [
        layer.params for layer in expected.layers]


def test_each_command_answers():
    spec = dict(cell="gru", inp=4, units=3)
    assert rnncalc.shapes(spec, batch=2, steps=5)["sequence"]["input"]["shape"] == [2, 5, 4]
    assert rnncalc.explain(spec)["total"] == rnncalc.params(spec)["total"]
    assert rnncalc.layout(spec, framework="pytorch")["regions"][0]["tensor"] == "weight_ih_l0"
    assert rnncalc.port(spec, framework="pytorch", to="keras").ok
    assert rnncalc.diagram(spec, steps=3)["lines"]
    assert rnncalc.solve(cell="gru", inp=4, params=rnncalc.params(spec)["total"])["value"] == 3
    text = str(rnncalc.summary(spec))
    assert text.startswith('Model: "sequential"')
    checked = rnncalc.check(text)
    assert checked.ok and checked["schema"] == "rnncalc.check/2"


def test_results_render_in_a_notebook_and_a_console():
    result = rnncalc.params(cell="lstm", inp=2, units=3)
    assert "<table>" in result._repr_html_() and "72" in result._repr_html_()
    assert "params = 4 · units · (inp + units + 1)" in str(result)
    assert repr(result) == "<rnncalc.Result rnncalc.params/2 total=72>"
    from rich.console import Console

    console = Console(width=100, record=True, color_system=None)
    console.print(result)
    assert "72" in console.export_text()
    json.dumps(result.to_dict())


def test_errors_are_spec_errors():
    with pytest.raises(SpecError):
        rnncalc.params(cell="lstm", inp=0, units=3)
    with pytest.raises(SpecError):
        rnncalc.check("no summary here")
    with pytest.raises(SpecError):
        rnncalc.solve(cell="lstm", inp=2)


def test_the_readme_example_runs():
    from pathlib import Path
    import re

    readme = (Path(__file__).parent.parent / "README.md").read_text()
    code = re.search(r"## Python\n.*?```python\n(.*?)```", readme, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 - the README's own example
    assert namespace["rnncalc"].params(cell="lstm", inp=2, units=3)["total"] == 72


def test_sweep_is_a_function_of_the_api_as_the_command_line_writes_its_lists():
    import rnncalc

    stream = rnncalc.sweep(cell="lstm,gru", inp=2, units="3..4,5/6")
    rows = list(stream.records())
    assert stream.size == len(rows) == 6
    assert [r["units"] for r in rows[:3]] == [[3], [4], [5, 6]]
    assert all(r["total"] == rnncalc.params(cell=r["cell"], inp=2, units=r["units"])["total"] for r in rows)

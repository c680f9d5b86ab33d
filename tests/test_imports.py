"""Which modules each path loads. Completion re-runs rnncalc on every TAB, so import time is TAB
latency: rich is for drawing tables only, the pydantic spec model for commands that compute."""

import json
import subprocess
import sys

import pytest

PROBE = """
import json, os, sys
from rnncalc.__main__ import main
try:
    main({args})
except SystemExit:
    pass
print("\\n@@" + json.dumps(sorted(sys.modules)))
"""

LSTM = ["params", "--cell", "lstm", "--inp", "2", "--units", "3"]


def loaded(args, env=None):
    import os

    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, check=True)
    return set(json.loads(out.stdout.rsplit("\n@@", 1)[1]))


def test_version_loads_neither_typer_nor_pydantic():
    modules = loaded(["--version"])
    assert not {"typer", "pydantic", "rich", "rnncalc.cli.app"} & modules


@pytest.mark.parametrize("args", [["--help"], ["params", "--help"]])
def test_help_loads_no_spec_and_no_rich(args):
    modules = loaded(args)
    assert not {"rich", "rnncalc.model.spec"} & modules


def test_json_loads_no_rich():
    modules = loaded([*LSTM, "--json"])
    assert "rnncalc.model.spec" in modules
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)
    assert "rnncalc.frameworks.pytorch" not in modules  # only the convention in use
    assert not {"rnncalc.features.check", "rnncalc.features.solve", "rnncalc.summaries", "rnncalc.model.flow", "rnncalc.features.explain"} & modules


@pytest.mark.parametrize("command", ["shapes", "explain", "diagram"])
def test_other_commands_json_loads_no_rich(command):
    modules = loaded([command, "--cell", "lstm", "--inp", "2", "--units", "3", "--json"])
    assert not any(m == "rich" or m.startswith("rich.") for m in modules)


def test_check_and_solve_json_load_no_rich(tmp_path):
    summary = tmp_path / "s.txt"
    summary.write_text("LSTM(2, 3)\n")
    for args in (["check", str(summary), "--json"], ["solve", "--params", "72", "--cell", "lstm", "--inp", "2", "--json"]):
        assert not any(m == "rich" or m.startswith("rich.") for m in loaded(args))


def test_table_loads_rich():
    assert "rich.table" in loaded(LSTM)


def test_errors_load_no_rich():
    assert "rich" not in loaded(["params", "--cell", "nope", "--inp", "1", "--units", "1"])


def test_public_api_resolves():
    import rnncalc

    for name in rnncalc.__all__:
        assert getattr(rnncalc, name) is not None
    with pytest.raises(AttributeError):
        rnncalc.nothing_here  # noqa: B018


@pytest.mark.parametrize("args", [[*LSTM, "--json"], LSTM, ["check", "-"]])
def test_common_command_lines_load_no_typer(args):
    modules = loaded(args)
    assert "rnncalc.cli.commands" in modules
    assert not {"typer", "click", "rnncalc.cli.app"} & modules


def test_help_is_typers():
    assert "rnncalc.cli.app" in loaded(["params", "--help"])


def test_a_real_run_skips_pydantics_plugin_scan():
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "rnncalc", *LSTM, "--json"], capture_output=True,
                         text=True, check=True)
    assert json.loads(run.stdout)["total"] == 72
    imported = {line.rsplit("|", 1)[1].strip() for line in run.stderr.splitlines() if "|" in line}
    assert "pydantic" in imported
    assert "importlib.metadata" not in imported


def test_the_plugin_scan_it_skips_is_where_it_was():
    """__main__ replaces pydantic.plugin._loader (private): fail loudly if pydantic moves it."""
    import inspect

    from pydantic.plugin import _loader, _schema_validator

    assert callable(_loader.get_plugins)
    assert "from ._loader import get_plugins" in inspect.getsource(_schema_validator.create_schema_validator)

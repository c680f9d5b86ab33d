import json

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from rnncalc.cli.app import app

# Each property test asks for its examples through helpers.examples(n): n of them in the default
# profile, sized to what the test finds and to the suite's time budget (README, Development);
# ten times as many in a deliberate deep run, `pytest --hypothesis-profile=deep`.
settings.register_profile("default", max_examples=100)
settings.register_profile("deep", max_examples=1000)


class Run:
    """`rnncalc ARGS` in-process: exit code, stdout, stderr, as CliRunner reports them."""

    def __init__(self):
        self.runner = CliRunner()

    def __call__(self, *args, input=None, env=None):
        return self.runner.invoke(app, list(args), input=input, env=env)

    def json(self, *args, input=None):
        result = self(*args, "--json", input=input)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)


@pytest.fixture
def rnncalc():
    return Run()


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden outputs (README blocks)")


@pytest.fixture
def update_goldens(request):
    return request.config.getoption("--update-goldens")


@pytest.fixture(autouse=True)
def _no_inherited_width(monkeypatch):
    # Tables follow COLUMNS (the one width rule); pytest-xdist's workers inherit COLUMNS=80 from
    # execnet, so a test that wants a width says it (env={"COLUMNS": ...}) and the rest draw at
    # the width of a pipe with no COLUMNS, as the README's outputs are.
    monkeypatch.delenv("COLUMNS", raising=False)

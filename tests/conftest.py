import json

import pytest
from typer.testing import CliRunner

from rnncalc.cli import app


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

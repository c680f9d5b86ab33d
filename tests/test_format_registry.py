"""The one registry of formats: a format is one module, and every result that gives the part
it needs is written by it, batches and sweeps included, with no other file touched."""

import json
import sys

import pytest

from rnncalc import summary as summarize
from rnncalc.render import formats

LINES = '''
from rnncalc.render.formats import Format


def write(result, out):
    for text in result.lines():
        out.text("> " + text + "\\n")


FORMAT = Format("quoted", "lines", "quoted (JSON Lines, each behind >)", 90, write)
'''

PAGE = '''
from rnncalc.render.formats import Format


def write(result, out):
    from rnncalc.render import plain

    out.text("".join("| " + line + "\\n" for line in plain.text(result.page()).splitlines()))


FORMAT = Format("boxed", "page", "boxed (text behind |)", 91, write)
'''

SPEC = ["-c", "lstm", "-i", "2", "-u", "3"]
# The third spec shares the first's structure: it is written from that structure's template.
BATCH = '{"cell": "lstm", "inp": 2, "units": 3}\n{"cell": "gru", "inp": 2, "units": 3}\n{"cell": "lstm", "inp": 5, "units": 7}\n'
# Every command (and batch and sweep) that gives JSON Lines, and every one that gives a page.
BY_LINES = [["params", *SPEC], ["shapes", *SPEC], ["explain", *SPEC], ["layout", *SPEC], ["layout", *SPEC, "-F", "all"],
            ["port", *SPEC, "--to", "pytorch"], ["solve", "-c", "lstm", "-i", "2", "--params", "72"],
            ["sweep", "-c", "lstm", "-i", "2", "-u", "3..5"], ["params", "--spec", "-"], ["layout", "--spec", "-"],
            ["diagram", "--spec", "-"], ["check", "-"]]
BY_PAGE = [["params", *SPEC], ["diagram", *SPEC], ["summary", *SPEC], ["sweep", "-c", "lstm", "-i", "2", "-u", "3..5"],
           ["params", "--spec", "-"], ["check", "-"]]
SUMMARY = str(summarize(cell="lstm", inp=2, units=3))  # a Keras 3 model.summary() to check


@pytest.fixture
def added(tmp_path, monkeypatch):
    (tmp_path / "quoted.py").write_text(LINES)
    (tmp_path / "boxed.py").write_text(PAGE)
    monkeypatch.setattr(formats, "__path__", [*formats.__path__, str(tmp_path)])
    yield
    for name in ("quoted", "boxed"):
        sys.modules.pop(f"{formats.__name__}.{name}", None)


def _input(args):
    return SUMMARY if args[0] == "check" else BATCH if "--spec" in args else None


@pytest.mark.parametrize("args", BY_LINES, ids=" ".join)
def test_a_lines_format_added_as_one_module_writes_every_result_that_has_lines(added, rnncalc, args):
    got = rnncalc(*args, "-f", "quoted", input=_input(args))
    assert got.exit_code in (0, 1), got.stderr
    jsonl = rnncalc(*args, "-f", "jsonl", input=_input(args))
    assert got.stdout == "".join("> " + line + "\n" for line in jsonl.stdout.splitlines())
    assert all(json.loads(line[2:]) for line in got.stdout.splitlines())


@pytest.mark.parametrize("args", BY_PAGE, ids=" ".join)
def test_a_page_format_added_as_one_module_writes_every_page(added, rnncalc, args):
    got = rnncalc(*args, "-f", "boxed", input=_input(args))
    text = rnncalc(*args, "-f", "text", input=_input(args))
    assert got.exit_code in (0, 1), got.stderr
    assert got.stdout == "".join("| " + line + "\n" for line in text.stdout.splitlines())


def test_an_added_format_is_offered_only_where_its_part_is_given(added, rnncalc):
    assert "quoted" in formats.offered({"lines"}) and "quoted" not in formats.offered({"page", "json"})
    refused = rnncalc("summary", *SPEC, "-f", "quoted")
    assert refused.exit_code == 2 and "gives no JSON Lines: choose" in refused.stderr
    assert "boxed" in refused.stderr  # the added page format is among the choices


def test_every_format_module_declares_one_part_and_unknown_names_are_one_line(rnncalc):
    for found in formats.formats():
        assert found.needs in ("page", "rows", "lines", "json", "recipe"), found
    bad = rnncalc("params", *SPEC, "-f", "yaml")
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1
    # The formats this command's answer can be written in: python is port's alone.
    assert "unknown format; choose table, text, markdown, csv, tsv, json, jsonl (got 'yaml')" in bad.stderr
    recipe = rnncalc("port", *SPEC, "--to", "pytorch", "-f", "yaml")
    assert "unknown format; choose table, text, markdown, csv, tsv, json, jsonl, python (got 'yaml')" in recipe.stderr


def test_each_command_offers_exactly_the_formats_its_results_give(rnncalc):
    from rnncalc.cli.table import COMMANDS

    for command, parts in ((c.name, c.parts) for c in COMMANDS):
        help_text = " ".join(rnncalc(command, "--help").stdout.split())
        for found in formats.formats():
            assert (found.help in help_text) == (found.needs in parts), (command, found.name)

"""Golden files keep the people-facing output of explain and diagram stable.

`pytest --update-goldens` rewrites them after an intended change; every golden also passes an
invariant, so a rewritten golden cannot quietly carry a wrong number.
"""

import shlex
from pathlib import Path

import pytest
from helpers import assert_one_line_error

from rnncalc import count, parse_spec
from rnncalc.features.explain import explain
from rnncalc.model.flow import Run, shapes

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "explain-lstm-1-on-1": "explain --cell lstm --inp 1 --units 1",
    "explain-lstm-3-on-2": "explain --cell lstm --inp 2 --units 3",
    "explain-gru-pytorch-proj-stack": "explain --cell gru --inp 8 --units 16,4 --framework pytorch",
    "explain-lstm-pytorch-proj": "explain --cell lstm --inp 10 --units 20 --proj 5 --framework pytorch --bidirectional",
    "diagram-elman-2-3-4": "diagram --cell rnn --inp 2 --units 3 --batch 1 --steps 4",
    "diagram-lstm-bidirectional-stack": "diagram --cell lstm --inp 2 --units 3 --layers 2 --bidirectional -F pytorch --steps 9",
    "diagram-gru-text": "diagram --cell gru --inp 8 --units 16 --return-sequences --format text",
    "shapes-lstm-pytorch-batch-first": "shapes --cell lstm --inp 10 --units 20 --layers 2 -F pytorch --batch-first -B 4 -T 7",
    "shapes-elman-2-3-4": "shapes --cell rnn --inp 2 --units 3 --batch 1 --steps 4 --return-sequences",
}


@pytest.mark.parametrize("name", CASES)
def test_golden(rnncalc, name, update_goldens):
    result = rnncalc(*shlex.split(CASES[name]), env={"COLUMNS": "100", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / f"{name}.txt"
    if update_goldens:
        path.write_text(result.stdout)
    assert result.stdout == path.read_text(), f"golden {path.name} is stale: pytest --update-goldens"
    # The invariant: the total printed by explain is the inventory's total.
    if name.startswith("explain"):
        args = shlex.split(CASES[name])[1:]
        data = rnncalc.json("params", *args)
        assert f"total: {data['formula']}" in result.stdout


def test_explain_json_adds_up(rnncalc):
    data = rnncalc.json("explain", "--cell", "lstm", "--inp", "7", "--units", "5,3", "--bidirectional")
    expected = count(parse_spec(dict(cell="lstm", inp=7, units=[5, 3], bidirectional=True)))
    assert data["total"] == expected.total == sum(layer["params"] for layer in data["layers"])
    for layer in data["layers"]:
        gates = sum(g["params"] for g in layer["gates"]) + layer["projection"]
        assert gates == layer["per_direction"] == layer["units"] * layer["per_unit"]
    assert [row["keras"] for row in data["glossary"]][0] == "units"


def test_explain_matches_inventory_everywhere():
    for fields in [dict(cell="gru", inp=3, units=4, reset_after=False), dict(cell="rnn", inp=1, units=1, bias=False),
                   dict(cell="lstm", inp=2, units=[8, 6], proj=3, framework="pytorch", bidirectional=True)]:
        spec = parse_spec(fields)
        e, c = explain(spec), count(spec)
        assert [b.per_direction for b in e.layers for _ in range(spec.directions)] == [r.params for r in c.layers]


def test_shapes_json(rnncalc):
    data = rnncalc.json("shapes", "--cell", "lstm", "--inp", "2", "--units", "3", "-F", "pytorch", "-B", "4")
    assert data["schema"] == "rnncalc.shapes/1"
    assert data["sequence"]["input"]["shape"] == ["T", 4, 2]
    assert [o["name"] for o in data["sequence"]["outputs"]] == ["output", "h_n", "c_n"]
    expected = shapes(parse_spec(dict(cell="lstm", inp=2, units=3, framework="pytorch")), Run(batch=4))
    assert [o["shape"] for o in data["sequence"]["outputs"]] == [list(o.shape) for o in expected.outputs]


def test_keras_unknowns_are_null_in_json(rnncalc):
    data = rnncalc.json("shapes", "--cell", "gru", "--inp", "2", "--units", "3", "--return-state")
    assert [o["shape"] for o in data["sequence"]["outputs"]] == [[None, 3], [None, 3]]


def test_diagram_json_is_the_text(rnncalc):
    data = rnncalc.json("diagram", "--cell", "rnn", "--inp", "2", "--units", "3", "-T", "4")
    text = rnncalc("diagram", "--cell", "rnn", "--inp", "2", "--units", "3", "-T", "4", "--format", "text")
    title, *lines = text.stdout.splitlines()  # the same title the table's frame carries
    assert title.startswith("Keras 3 · ") and lines == data["lines"]


def test_diagram_elides_long_sequences(rnncalc):
    lines = rnncalc.json("diagram", "-c", "lstm", "-i", "2", "-u", "3", "-T", "50")["lines"]
    assert "t=50" in lines[0] and "t=4 " not in lines[0] and "…" in lines[0]


@pytest.mark.parametrize(
    "args,fragments",
    [
        (["shapes", "--batch", "-1"], ["batch", "-1"]),
        (["shapes", "--batch", "0"], ["batch", "0"]),
        (["shapes", "--steps", "1.5"], ["--steps", "1.5"]),
        (["shapes", "--batch-first"], ["--batch-first", "PyTorch"]),
        (["shapes", "--unbatched"], ["unbatched", "PyTorch"]),
        (["shapes", "-F", "pytorch", "--unbatched", "-B", "2"], ["batch", "--unbatched"]),
        (["diagram", "-F", "pytorch", "--unbatched", "--batch-first"], ["--batch-first", "--unbatched"]),
        (["shapes", "-F", "pytorch", "--return-sequences"], ["--return-sequences"]),
        (["shapes", "--merge-mode", "sum"], ["--merge-mode", "'sum'"]),
        (["diagram", "--steps", "0"], ["steps", "0"]),
        (["explain", "--units", "0"], ["units"]),
        (["explain", "--format", "svg"], ["--format", "svg"]),
    ],
)
def test_bad_input(rnncalc, args, fragments):
    result = rnncalc(*args[:1], "--cell", "lstm", "--inp", "2", *(["--units", "3"] if "--units" not in args else []),
                     *args[1:])
    assert_one_line_error(result, *fragments)


@pytest.mark.parametrize("command", ["shapes", "explain", "diagram", "schema"])
def test_help_has_examples(rnncalc, command):
    result = rnncalc(command, "--help")
    assert result.exit_code == 0 and "Examples:" in result.stdout


def test_text_format_is_plain(rnncalc):
    result = rnncalc("explain", "-c", "gru", "-i", "2", "-u", "3", "--format", "text", env={"FORCE_COLOR": "1"})
    assert result.exit_code == 0 and "\x1b[" not in result.stdout and "reset gate" in result.stdout


@pytest.mark.parametrize(
    "command,present,absent",
    [
        ("params", ["-t, --tensors", "--cell CELL", "--spec FILE", "--json"], ["--batch-first"]),
        ("shapes", ["--batch-first", "--unbatched", "--return-state", "--cell CELL", "--json"], ["--tensors"]),
        ("explain", ["--cell CELL", "--proj P", "--format"], ["--steps"]),
        ("diagram", ["--steps T", "--return-sequences", "--format"], ["--tensors"]),
    ],
)
def test_shared_option_groups(rnncalc, command, present, absent):
    result = rnncalc(command, "--help")
    assert result.exit_code == 0
    assert all(option in result.stdout for option in present)
    assert not any(option in result.stdout for option in absent)


def test_explain_brief_is_the_gate_table_and_the_count(rnncalc):
    args = ("explain", "--cell", "lstm", "--inp", "2", "--units", "3", "--format", "text")
    full, brief = rnncalc(*args), rnncalc(*args, "--brief")
    assert full.exit_code == 0 and brief.exit_code == 0, brief.stderr
    assert len(brief.stdout.splitlines()) <= 15 < len(full.stdout.splitlines())
    assert "what is what" not in brief.stdout and "the same things in other frameworks" not in brief.stdout
    assert "total: 4 · 3 · (2 + 3 + 1) = 72" in brief.stdout and "forget gate" in brief.stdout
    assert rnncalc.json(*args[:-2], "--brief") == rnncalc.json(*args[:-2])


WIDE_TABLES = [
    ("layout", dict(cell="gru", inp=300, units=[1024, 512], bidirectional=True, framework="pytorch")),
    ("explain", dict(cell="lstm", inp=2147483647, units=2147483646, proj=7, framework="pytorch")),
    ("cost", dict(cell="lstm", inp=2147483647, units=2147483646, proj=7, framework="pytorch", batch=32, steps=100)),
    ("port", dict(cell="lstm", inp=3, units=4, peepholes=True, framework="onnx", to="tf1")),
    ("params", dict(cell="gru", inp=8, units=16, framework="all")),
    ("shapes", dict(cell="gru", inp=8, units=16, layers=3, bidirectional=True, merge_mode="sum", batch=2, steps=5)),
]


@pytest.mark.parametrize("command,fields", WIDE_TABLES, ids=[c for c, _ in WIDE_TABLES])
def test_tables_fit_every_width_and_cut_nothing(command, fields):
    # The width rule for tables: each table (and panel of one) drawn alone at widths 40–200 is no
    # wider than the width, and no value is cut short with … (a cell wraps, folds or stacks).
    import rnncalc
    from rnncalc.render.doc import Page, Panel, Table, cell_text
    from rnncalc.render.rich_page import draw

    page = getattr(rnncalc, command)(**fields).page()
    tables = [b for b in page.blocks if isinstance(b, Table) or (isinstance(b, Panel) and isinstance(b.body, Table))]
    assert tables
    for block in tables:
        body = block if isinstance(block, Table) else block.body
        cells = " ".join(cell_text(cell) for row in body.rows for cell in row)
        for width in (40, 50, 60, 80, 100, 200):
            drawn = draw(Page([block]), width, color=False)
            assert max(map(len, drawn.splitlines())) <= width, (width, drawn)
            assert drawn.count("…") == cells.count("…"), (width, drawn)


def test_a_table_too_narrow_for_its_words_is_stacked():
    from rnncalc.render.doc import Page, Table
    from rnncalc.render.rich_page import draw

    table = Table()
    for header in ("tensor", "shape", "where", "gate", "direction", "part"):
        table.add_column(header)
    table.add_row("1.weight_ih_l0_reverse", "[3072, 300]", "rows 0:1024", "r reset gate", "backward", "W")
    table.add_row("", "", "rows 1024:2048", "z update gate", "backward", "W")
    assert draw(Page([table]), 40, color=False).splitlines() == [
        "tensor: 1.weight_ih_l0_reverse", "shape: [3072, 300]", "where: rows 0:1024", "gate: r reset gate",
        "direction: backward", "part: W", "", "where: rows 1024:2048", "gate: z update gate", "direction: backward",
        "part: W"]
    assert "┃ tensor" in draw(Page([table]), 100, color=False)


def test_markdown_lists_terms_wrapped_at_prose_width(rnncalc):
    # explain's "what is what": a term and a paragraph each, as a list wrapped at 100, not a table
    # row as long as the paragraph; no line of the list opens a block of its own.
    out = rnncalc("explain", "--cell", "lstm", "--inp", "80", "--units", "64", "--layers", "3", "-f", "markdown").stdout
    terms = out.split("**what is what**\n\n")[1].split("\n\n")[0].splitlines()
    assert terms[0].startswith("- **unit**: One coordinate of h\\_t.")
    assert all(len(line) <= 100 for line in terms)
    assert all(line.startswith(("- **", "  ")) and not line[2:3].isspace() for line in terms)
    assert sum(line.startswith("- ") for line in terms) == 5

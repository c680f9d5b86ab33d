"""diagram fits the width it is drawn at, from MIN_WIDTH + 4 (a 40-column terminal) up: no line
longer, no label or arrow cut or wrapped, every frame and every box closed, in table, text and
markdown alike. (The text and markdown formats draw every detail, as they never wrap or cut;
plain.text(page, width) and plain.markdown(page, width) draw a picture to fit.)"""

import re

import pytest
from helpers import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from strategies import specs

from rnncalc import parse_spec
from rnncalc.features.diagram import BOX, MIN_WIDTH, diagram
from rnncalc.model.flow import Run
from rnncalc.render import plain
from rnncalc.render.rich_page import draw
from rnncalc.render.views import diagram_view

ANSI = re.compile(r"\x1b\[[0-9;]*m")
NARROWEST = MIN_WIDTH + 4  # a panel's frame takes 4 columns


def page(spec, run):
    return diagram_view(spec, lambda width: diagram(spec, run, width))


def assert_grid(spec, run, lines):
    """Every row of boxes is whole: as many boxes as step labels, each one closed."""
    steps = [c for c in lines[0].split() if c.startswith("t=")]
    box = f"[{BOX[spec.cell]}]"
    for line in lines:
        if "[" in line or "]" in line:
            assert line.count(box) == line.count("[") == line.count("]") == len(steps), line
    assert len(steps) >= min(2, run.steps or 2)


def assert_framed(out, picture, width):
    """A rich panel: closed on all four sides, every line the picture's own (nothing wrapped)."""
    lines = out.rstrip("\n").split("\n")
    assert all(cell_len(line) <= width for line in lines), max(lines, key=cell_len)
    top, *inside, bottom = lines
    assert top.startswith("╭") and top.endswith("╮") and bottom.startswith("╰") and bottom.endswith("╯")
    assert len({cell_len(line) for line in lines}) == 1
    assert all(line.startswith("│ ") and line.endswith(" │") for line in inside)
    drawn = [line[2:-2].rstrip() for line in inside]
    assert drawn[-len(picture):] == [line.rstrip() for line in picture]


@settings(max_examples=examples(100), deadline=None)
@given(specs(max_size=100_000, max_layers=8), st.integers(NARROWEST, 200), st.one_of(st.none(), st.integers(1, 50)),
       st.one_of(st.none(), st.integers(1, 10**6)))
def test_every_picture_fits_its_width(fields, width, steps, batch):
    spec = parse_spec(fields)
    run = Run(steps=steps, batch=batch if spec.framework != "keras" or batch else None)
    view = page(spec, run)
    picture = diagram(spec, run, width - 4)
    assert_grid(spec, run, picture)
    assert_framed(draw(view, width, color=False), picture, width)  # piped
    assert_framed(ANSI.sub("", draw(view, width, color=True)), picture, width)  # at a terminal, in colour
    text = plain.text(view, width).splitlines()
    assert all(len(line) <= width for line in text), max(text, key=len)
    assert_grid(spec, run, diagram(spec, run, width))
    markdown = plain.markdown(view, width).splitlines()
    assert all(len(line) <= width for line in markdown), max(markdown, key=len)


def test_the_issue_cases():
    gru = parse_spec(dict(cell="gru", inp=2, units=3))
    at_80 = draw(page(gru, Run(steps=4)), 80, color=False)
    assert all(cell_len(line) <= 80 for line in at_80.splitlines())
    assert "t=1          t=2          t=3          t=4" in at_80  # four steps, all shown
    twelve = diagram(gru, Run(steps=12), 76)
    assert re.search(r"t=1 +t=2 +t=3 +… +t=11 +t=12", twelve[0]) and any("t=4 to t=10" in line for line in twelve)
    lstm = parse_spec(dict(cell="lstm", inp=2, units=4, layers=2, bidirectional=True))
    piped = draw(page(lstm, Run()), 100, color=False)
    assert_framed(piped, diagram(lstm, Run(), 96), 100)


def test_every_detail_without_a_width():
    lstm = parse_spec(dict(cell="lstm", inp=2, units=3, layers=2, bidirectional=True, framework="pytorch"))
    lines = diagram(lstm, Run(steps=9))
    assert "layer 1 backward" in "\n".join(lines) and "─▶ h_n, c_n (B, 3)" in lines[3]


def test_deep_stacks_elide_the_middle_layers():
    lines = diagram(parse_spec(dict(cell="rnn", inp=2, units=3, layers=9)), Run())
    text = "\n".join(lines)
    assert "layer 8" in text and "layer 7" in text and "layer 4 " not in text and "⋮ stands for layers 2 to 6" in text


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("both", [False, True])
def test_every_cell_and_direction_at_every_width(cell, both):
    spec = parse_spec(dict(cell=cell, inp=300, units=[1024, 16], bidirectional=both, framework="pytorch"))
    for steps in (None, 1, 3, 6, 7, 12, 50):
        run = Run(steps=steps, batch=64)
        view = page(spec, run)
        for width in range(NARROWEST, 201, 7):
            picture = diagram(spec, run, width - 4)
            assert_grid(spec, run, picture)
            assert_framed(draw(view, width, color=False), picture, width)

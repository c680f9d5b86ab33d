"""The network unrolled in time, drawn as text: layers × time steps, a shape on every arrow.

    outputs    (1, 3)     (1, 3)
                  ▲          ▲
    layer 0 ─▶ [LSTM] ─▶ [LSTM] ─▶ h_n
                  ▲          ▲
    inputs     (1, 2)     (1, 2)

Pure: returns lines of text. A picture drawn for a width fits it whole: no line longer, no
label or arrow cut. It gives up detail in a fixed order until it fits, and the legend says
what it gave up: to keep every step, first the final state written after each layer's row,
then the long row names (L1 bw for layer 1 backward); then the middle steps (t=1 t=2 … t=12;
every step has the same shapes anyway, since the cell is the same), as few as it must; last
the shapes in the grid (x, y, named in the legend). Beyond four layers the middle layers are elided the same way (⋮). Any width from
MIN_WIDTH holds the least detailed picture; prose lines wrap between words, never inside a shape.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rnncalc import frameworks
from rnncalc.model.flow import Run, check_run, lead
from rnncalc.model.types import DIRECTIONS, shape_str

if TYPE_CHECKING:
    from rnncalc.model.spec import Spec

__all__ = ["MIN_WIDTH", "diagram"]

MAX_STEPS = 6  # steps drawn at most, beyond them the middle is elided
MAX_LAYERS = 4  # layers drawn at most: the two at the top and the two at the bottom
#: The narrowest width a picture is drawn at whole: a 40-column terminal less a panel's frame.
MIN_WIDTH = 36
BOX = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
_NBSP = "\u00a0"  # holds a shape together while prose is wrapped


@dataclass(frozen=True)
class _Detail:
    """What a picture writes in full; each False is said in the legend instead."""

    tail: bool = True  # the final state's name and shape after each layer's row
    names: bool = True  # "layer 1 backward", not "L1 bw"
    shapes: bool = True  # shapes in the grid, not x and y


_LADDER = (_Detail(), _Detail(tail=False), _Detail(tail=False, names=False),
           _Detail(tail=False, names=False, shapes=False))


def _steps_shown(steps: int | None, k: int) -> list[int | str | None]:
    """``k`` step columns, the middle elided (None) when the sequence is longer; "T" counts from the end."""
    total = steps if steps is not None else None
    if total is not None and total <= k:
        return list(range(1, total + 1))
    head, tail = (k + 1) // 2, k // 2
    if total is None:
        ends = ["T" if i == 0 else f"T-{i}" for i in reversed(range(tail))]
    else:
        ends = [*range(total - tail + 1, total + 1)]
    return [*range(1, head + 1), None, *ends]


def _layers_shown(layers: int) -> list[int | None]:
    """Layers top to bottom, the middle elided (None) in a stack deeper than MAX_LAYERS."""
    if layers <= MAX_LAYERS:
        return list(reversed(range(layers)))
    return [layers - 1, layers - 2, None, 1, 0]


def diagram(spec: Spec, run: Run = Run(), width: int | None = None) -> list[str]:
    """The unrolled network as lines of plain text, top (outputs) to bottom (inputs).

    ``width``: the columns it must fit (at least MIN_WIDTH); None draws every detail, with at
    most MAX_STEPS steps."""
    convention = frameworks.get(spec.framework)
    check_run(convention, run)
    returns = convention.returns(spec, run)
    picture = _Picture(spec, run, returns.final, returns.every_step, returns.notes)
    # MAX_STEPS columns: every step of a short sequence, or five steps and the … of a long one
    most = run.steps if run.steps is not None and run.steps <= MAX_STEPS else MAX_STEPS - 1
    if width is None:
        return picture.draw(_Detail(), most, None)
    # More steps before longer words: the words go first, then steps; one step is never
    # elided alone (t=1 t=2 … t=4 would hide only t=3).
    fewer = [k for k in range(most - 1, 1, -1) if run.steps is None or k < run.steps - 1]
    tries = [(d, most) for d in _LADDER[:3]] + [(d, k) for k in fewer if k > 2 for d in _LADDER[:3]]
    tries += [(d, k) for k in (most, *fewer) for d in _LADDER[3:]] if most <= 2 else \
        [(d, 2) for d in _LADDER[:3] if 2 in fewer] + [(_LADDER[3], k) for k in (most, *fewer)]
    lines: list[str] = []
    for detail, k in tries:
        lines = picture.draw(detail, k, width)
        if max(map(len, lines)) <= width:
            return lines
    return lines  # narrower than MIN_WIDTH: the least detailed picture


class _Picture:
    """One network's picture, drawn at a chosen detail."""

    def __init__(self, spec: Spec, run: Run, final: str, every: bool, notes: tuple[str, ...]) -> None:
        self.spec, self.run, self.final, self.every, self.notes = spec, run, final, every, notes
        self.batch = lead(spec, run)
        self.box = f"[{BOX[spec.cell]}]"

    def _shape(self, width: int) -> str:
        return shape_str((*self.batch, width))

    def draw(self, detail: _Detail, k: int, width: int | None) -> list[str]:
        spec, run = self.spec, self.run
        columns = _steps_shown(run.steps, k)
        layers = _layers_shown(spec.layers)
        last = spec.layers - 1

        def source(layer: int) -> str:  # what goes into a layer: a shape, or x, x1, x2 named in the legend
            if detail.shapes:
                return self._shape(spec.input_width(layer))
            return "x" if layer == 0 else f"x{layer}"

        out_label = self._shape(spec.output_width(last)) if detail.shapes else "y"

        def step(t: int | str | None) -> str:
            if t is None:
                return "…"
            text = f"t={t}"
            # a long step number in a narrow picture is t=T, its value in the legend
            return text if detail.shapes or len(text) <= len(self.box) or t == 1 else "t=T"

        labels = [step(t) for t in columns]
        drawn = [source(layer) for layer in layers if layer is not None] + [out_label, self.box]
        cell_w = max(len(w) for w in [*drawn, *labels]) + 2

        def name(layer: int, direction: str = "") -> str:
            if detail.names:
                return f"layer {layer}" + (f" {direction}" if direction else "")
            return f"L{layer}" + ({"forward": " fw", "backward": " bw"}[direction] if direction else "")

        def from_name(layer: int) -> str:
            if layer == 0:
                return "inputs" if detail.names else "in"
            return f"from layer {layer - 1}" if detail.names else f"from L{layer - 1}"

        margin_labels = ["outputs" if detail.names else "out"]
        for drawn_layer in (x for x in layers if x is not None):
            margin_labels += [name(drawn_layer, d if spec.bidirectional else "") for d in DIRECTIONS[: spec.directions]]
            margin_labels.append(from_name(drawn_layer))
        margin = max(map(len, margin_labels)) + (2 if detail.names else 1)

        def row(label: str, cells: list[str], joiner: str = "  ", tail: str = "") -> str:
            text = label.ljust(margin)
            for i, (t, cell) in enumerate(zip(columns, cells)):
                text += (joiner if i else "") + (cell.center(3) if t is None else cell.center(cell_w))
            return (text + tail).rstrip()

        def per_step(text: str) -> list[str]:
            return ["…" if t is None else text for t in columns]

        lines = [row("", labels)]
        out_cells = per_step(out_label) if self.every else ["…" if t is None else "·" for t in columns[:-1]] + [out_label]
        lines.append(row(margin_labels[0], out_cells))
        lines.append(row("", [("" if c in ("·", "…") else "▲") for c in out_cells]))
        for layer in layers:
            if layer is None:
                lines.append(row("⋮", ["⋮" if t is not None else "" for t in columns]))
                continue
            carried = self._shape(spec.state_width(layer))
            for direction in DIRECTIONS[: spec.directions]:
                label = name(layer, direction if spec.bidirectional else "")
                if direction == "forward":
                    tail = f" ─▶ {self.final} {carried}" if detail.tail else ""
                    lines.append(row(label, per_step(self.box), joiner="─▶", tail=tail))
                else:
                    tail = " ◀─ starts at the last step" if detail.tail else ""
                    lines.append(row(label, per_step(self.box), joiner="◀─", tail=tail))
            lines.append(row("", per_step("▲")))
            lines.append(row(from_name(layer), per_step(source(layer))))
            if layer:
                lines.append(row("", per_step("▲")))
        lines.append("")
        for note in self._legend(detail, columns, layers, labels):
            lines += _wrapped(note, width)
        return lines

    def _legend(self, detail: _Detail, columns: list[int | str | None], layers: list[int | None],
                labels: list[str]) -> list[str]:
        spec = self.spec
        states = ",".join(spec.kind.states)
        notes = [f"─▶ carries {states} to the next step with the same weights: h {self._shape(spec.state_width(0))}"
                 + (f", c {self._shape(spec.units[0])}" if spec.kind.has_cell_state else "")
                 + (" in layer 0" if spec.layers > 1 else "") + "; ▲ carries the shape written beside it."]
        if not detail.tail:
            widths = {spec.state_width(layer) for layer in range(spec.layers)}
            shape = f" {self._shape(widths.pop())}" if len(widths) == 1 else ""
            notes.append(f"─▶ after the last step, each layer's {states} {'go' if ',' in states else 'goes'} "
                         f"to {self.final}{shape}.")
        if spec.bidirectional:
            notes.append(f"◀─ the backward layer reads the sequence from the end, so its final state is at t=1; "
                         f"outputs are {'concatenated' if spec.merge_mode == 'concat' else 'merged by ' + str(spec.merge_mode)}.")
        if None in columns:
            at = columns.index(None)
            first, then = columns[at - 1], columns[at + 1]
            start = first + 1 if isinstance(first, int) else first
            stop = then - 1 if isinstance(then, int) else ("T-1" if then == "T" else f"T-{int(str(then)[2:]) + 1}")
            notes.append(f"… stands for the steps t={start} to t={stop}, drawn the same: one cell, one set of weights.")
        if "t=T" in labels and self.run.steps is not None:
            notes.append(f"T = {self.run.steps} steps.")
        if None in layers:
            notes.append(f"⋮ stands for layers 2 to {spec.layers - 3}, drawn the same.")
        if not detail.names:
            top = spec.layers - 1
            notes.append(f"L{top} is layer {top}" + (", fw and bw its forward and backward directions" if spec.bidirectional else "")
                         + "; in and out are the inputs and outputs.")
        if not detail.shapes:
            named = [f"x {self._shape(spec.input_width(0))}"]
            named += [f"x{layer} {self._shape(spec.input_width(layer))}" for layer in layers if layer]
            named.append(f"y {self._shape(spec.output_width(spec.layers - 1))}")
            notes.append("shapes: " + ", ".join(named) + ".")
        notes += [f"· {note}" for note in self.notes]
        return notes


def _wrapped(text: str, width: int | None) -> list[str]:
    """A legend line wrapped between words at ``width``, a shape never split; whole when None."""
    if width is None or len(text) <= width:
        return [text]
    held = re.sub(r"\([^()]*\)", lambda m: m.group().replace(" ", _NBSP), text)  # (None, 3) stays whole
    lines = textwrap.wrap(held, width, break_long_words=False, break_on_hyphens=False, subsequent_indent="  ")
    return [line.replace(_NBSP, " ") for line in lines]


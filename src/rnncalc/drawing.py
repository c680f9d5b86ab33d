"""The network unrolled in time, drawn as text: layers × time steps, a shape on every arrow.

    outputs    (1, 3)     (1, 3)
                  ▲          ▲
    layer 0 ─▶ [LSTM] ─▶ [LSTM] ─▶ h_n
                  ▲          ▲
    inputs     (1, 2)     (1, 2)

Pure: returns lines of text. Beyond six steps the middle is elided (…), which keeps the
picture legible; every step has the same shapes anyway, since the cell is the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rnncalc import frameworks
from rnncalc.flow import Run, check_run, lead
from rnncalc.types import DIRECTIONS, Dim, shape_str

if TYPE_CHECKING:
    from rnncalc.spec import Spec

__all__ = ["diagram"]

MAX_STEPS = 6
BOX = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def _columns(steps: int | None) -> list[str | None]:
    """Step labels to draw; None marks the elided middle."""
    if steps is not None and steps <= MAX_STEPS:
        return [f"t={t}" for t in range(1, steps + 1)]
    last = "t=T" if steps is None else f"t={steps}"
    before = "t=T-1" if steps is None else f"t={steps - 1}"
    return ["t=1", "t=2", "t=3", None, before, last]


def diagram(spec: Spec, run: Run = Run()) -> list[str]:
    """The unrolled network as lines of plain text, top (outputs) to bottom (inputs)."""
    convention = frameworks.get(spec.framework)
    check_run(convention, run)
    returns = convention.returns(spec, run)
    batch = lead(spec, run)
    columns = _columns(run.steps)
    box = f"[{BOX[spec.cell]}]"
    states = ",".join(spec.kind.states)
    final = returns.final  # where the last step's states go, in the framework's words

    # Every label in a column is centred in the same width, so arrows line up.
    widths = [shape_str((*batch, spec.input_width(k))) for k in range(spec.layers)]
    widths += [shape_str((*batch, spec.output_width(spec.layers - 1))), box, "t=T-1"]
    cell_w = max(len(w) for w in widths) + 2
    margin = max(len("layer 0 backward"), len(f"layer {spec.layers - 1} backward")) + 2

    def row(label: str, cells: list[str], joiner: str = "  ", tail: str = "") -> str:
        return (label.ljust(margin) + joiner.join(c.center(cell_w) for c in cells) + tail).rstrip()

    def per_step(text: str) -> list[str]:
        return ["…" if c is None else text for c in columns]

    lines = [row("", [c or "…" for c in columns])]
    last = spec.layers - 1
    every = returns.every_step
    out_shape = shape_str((*batch, spec.output_width(last)))
    out_cells = per_step(out_shape) if every else [("…" if c is None else "·") for c in columns[:-1]] + [out_shape]
    lines.append(row("outputs", out_cells))
    lines.append(row("", [("" if c in ("·", "…") else "▲") for c in out_cells]))

    for layer in reversed(range(spec.layers)):
        carried = shape_str((*batch, spec.state_width(layer)))
        for direction in DIRECTIONS[: spec.directions]:
            label = f"layer {layer}" + (f" {direction}" if spec.bidirectional else "")
            if direction == "forward":
                lines.append(row(label, per_step(box), joiner="─▶", tail=f" ─▶ {final} {carried}"))
            else:
                lines.append(row(label, per_step(box), joiner="◀─", tail=" ◀─ starts at the last step"))
        lines.append(row("", per_step("▲")))
        source = "inputs" if layer == 0 else f"from layer {layer - 1}"
        lines.append(row(source, per_step(shape_str((*batch, spec.input_width(layer))))))
        if layer:
            lines.append(row("", per_step("▲")))
    lines.append("")
    lines += _legend(spec, batch, states, returns.notes)
    return lines


def _legend(spec: Spec, batch: tuple[Dim, ...], states: str, notes_from_framework: tuple[str, ...]) -> list[str]:
    notes = [f"─▶ carries {states} to the next step with the same weights: h {shape_str((*batch, spec.state_width(0)))}"
             + (f", c {shape_str((*batch, spec.units[0]))}" if spec.kind.has_cell_state else "")
             + (" in layer 0" if spec.layers > 1 else "") + "; ▲ carries the shape written beside it."]
    if spec.bidirectional:
        notes.append(f"◀─ the backward layer reads the sequence from the end, so its final state is at t=1; outputs are "
                     f"{'concatenated' if spec.merge_mode == 'concat' else 'merged by ' + str(spec.merge_mode)}.")
    notes += [f"· {note}" for note in notes_from_framework]
    return notes

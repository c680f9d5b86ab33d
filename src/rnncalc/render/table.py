"""Rich tables for people. Imported only when a table is drawn: rich costs more to import than
everything else rnncalc needs, so JSON, --version and TAB completion never load this module."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from rnncalc import frameworks
from rnncalc.compare import Comparison
from rnncalc.tensors import Count, Tensor

__all__ = ["comparison_view", "count_view", "gate_layout", "shape_text"]


def shape_text(shape: tuple[int, ...]) -> str:
    return "[" + ", ".join(str(n) for n in shape) + "]"


def gate_layout(t: Tensor) -> str:
    """Where the gates sit: 'rows i|f|g|o' for PyTorch, 'cols i|f|c|o' for a Keras kernel."""
    if not t.gates or t.gate_axis is None:
        return ""
    axis = ("rows", "cols")[t.gate_axis] if len(t.shape) == 2 else ""
    return f"{axis} {'|'.join(t.gates)}".strip()


def title(c: Count) -> str:
    spec = c.spec
    parts = [frameworks.get(spec.framework).title, spec.kind.title, f"inp {spec.inp}"]
    sizes = sorted(set(spec.units))
    parts.append(f"units {sizes[0]}" if len(sizes) == 1 else "units " + ",".join(map(str, spec.units)))
    if spec.layers > 1:
        parts.append(f"{spec.layers} layers")
    if spec.bidirectional:
        parts.append(f"bidirectional ({spec.merge_mode})")
    if spec.proj:
        parts.append(f"proj {spec.proj}")
    if spec.cell == "gru":
        parts.append(f"reset_after={str(spec.reset_after).lower()}")
    if not spec.bias:
        parts.append("no bias")
    return " · ".join(parts)


def count_view(c: Count, tensors: bool = False) -> RenderableType:
    layers = Table()
    layers.add_column("layer", justify="right")
    if c.spec.bidirectional:
        layers.add_column("direction")
    layers.add_column("input", justify="right")
    layers.add_column("units", justify="right")
    layers.add_column("params", justify="right", style="bold")
    for row in c.layers:
        cells = [str(row.layer)] + ([row.direction] if c.spec.bidirectional else [])
        layers.add_row(*cells, str(row.input_width), str(row.units), f"{row.params:,}")
    layers.add_section()
    blanks = [""] * (1 if c.spec.bidirectional else 0)
    layers.add_row("total", *blanks, "", "", f"{c.total:,}")
    parts: list[RenderableType] = [Text(title(c), style="bold"), layers]
    if tensors:
        parts.append(tensor_table(c))
    parts.append(Text.assemble(("params = ", "dim"), c.symbolic))
    parts.append(Text.assemble(("       = ", "dim"), (c.formula, "bold")))
    return Group(*parts)


def tensor_table(c: Count) -> Table:
    table = Table(title="tensors", title_justify="left")
    table.add_column("name")
    table.add_column("shape")
    table.add_column("params", justify="right")
    table.add_column("gates")
    for t in c.tensors:
        table.add_row(t.name, shape_text(t.shape), f"{t.params:,}", gate_layout(t))
    return table


def comparison_view(rows: list[Comparison]) -> RenderableType:
    table = Table(title="the same network in every convention", title_justify="left")
    table.add_column("convention")
    table.add_column("params", justify="right", style="bold")
    table.add_column("formula")
    table.add_column("why it differs")
    for row in rows:
        if row.count:
            table.add_row(row.label, f"{row.count.total:,}", row.count.formula, row.why)
        else:
            table.add_row(row.label, "n/a", "", f"cannot build it: {row.error}")
    return table

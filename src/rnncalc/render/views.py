"""The people-facing view of every result, as a Page (render/doc.py): drawn by rich on a
terminal (render/rich_page.py), written as plain text or markdown elsewhere (render/plain.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnncalc import frameworks
from rnncalc.render.doc import Block, Justify, Line, Page, Panel, Picture, Style, Table
from rnncalc.model.tensors import inventory
from rnncalc.model.types import shape_str

if TYPE_CHECKING:  # types only: each command imports just the modules it uses
    from collections.abc import Callable

    from rnncalc.features.check import Check, Report, Verdict
    from rnncalc.features.compare import Comparison
    from rnncalc.features.cost import Cost
    from rnncalc.features.explain import Explanation
    from rnncalc.features.layout import Layout, Lineup
    from rnncalc.features.port import Port
    from rnncalc.features.solve import Answer
    from rnncalc.model.spec import Spec
    from rnncalc.model.tensors import Count, Tensor
    from rnncalc.model.flow import Shapes
    from rnncalc.model.types import Call

__all__ = ["answer_view", "check_view", "comparison_view", "cost_view", "count_view", "diagram_view", "explanation_view", "gate_layout", "layout_view", "lineup_view", "port_view", "shape_text", "shapes_view"]


def shape_text(shape: tuple[int, ...]) -> str:
    """A weight's shape as PyTorch and torchinfo print it, [12, 2]; activations use shape_str's (4, 3)."""
    return "[" + ", ".join(str(n) for n in shape) + "]"


def gate_layout(t: Tensor, letters: dict[str, str]) -> str:
    """Where the gates sit: 'rows i|f|g|o' for PyTorch, 'cols i|f|c|o' for a Keras kernel."""
    gated = [b for b in t.blocks if b.gate is not None]
    if not gated:
        return ""
    # The axis along which one direction's blocks of one role step from gate to gate.
    first = [b for b in gated if (b.direction, b.role) == (gated[0].direction, gated[0].role)]
    axis = next((a for a in range(len(t.shape)) if len({b.spans[a] for b in first}) > 1), None)
    names = ("rows", "cols") if len(t.shape) == 2 else ()
    where = names[axis] if axis is not None and names else (f"axis {axis}" if axis is not None and len(t.shape) > 1 else "")
    return f"{where} {'|'.join(letters[g] for g in t.gates)}".strip()


def captioned(caption: str, table: Table) -> Table:
    """A caption on a line of its own above the table (a title would wrap to the table's width)."""
    table.caption = caption
    return table


def title(spec: Spec, lead: str | None = None) -> str:
    """'Keras 3 · LSTM · inp 2 · units 3'; ``lead`` replaces the framework's title."""
    convention = frameworks.get(spec.framework)
    parts = [lead or convention.title, spec.kind.title, f"inp {spec.inp}"]
    sizes = sorted(set(spec.units))
    parts.append(f"units {sizes[0]}" if len(sizes) == 1 else "units " + ",".join(map(str, spec.units)))
    if spec.layers > 1:
        parts.append(f"{spec.layers} layers")
    if spec.bidirectional:
        # Only a framework that can merge otherwise says how it joins the directions.
        parts.append(f"bidirectional ({spec.merge_mode})" if "merge_mode" in convention.options else "bidirectional")
    if spec.proj:
        parts.append(f"proj {spec.proj}")
    if spec.cell == "gru":  # in the framework's own words: reset_after=True, linear_before_reset=1
        parts.append(convention.variant(spec))
    if spec.peepholes:
        parts.append("peepholes")
    if spec.api != "layer":
        parts.append(f"{spec.api} API")
    if not spec.bias:
        parts.append("no bias")
    return " · ".join(parts)


def call_lines(lead: str, calls: tuple[Call, ...]) -> list[Line]:
    """'build it with: torch.nn.GRU(...)', one line per call, a run of equal calls once with × n."""
    runs: list[list[Any]] = []
    for call in calls:
        text = call.text()
        if runs and runs[-1][0] == text:
            runs[-1][1] += 1
        else:
            runs.append([text, 1])
    return [Line.of((lead if i == 0 else " " * len(lead), "dim"), (text, "code"), f" × {n}" if n > 1 else "")
            for i, (text, n) in enumerate(runs)]


def count_view(c: Count, tensors: bool = False, cost: Cost | None = None) -> Page:
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
    parts: list[Block] = [Line.styled(title(c.spec), "bold"), layers]
    if tensors:
        parts.append(tensor_table(c))
    parts.append(Line.of(("params = ", "dim"), c.symbolic))
    parts.append(Line.of(("       = ", "dim"), (c.formula, "bold")))
    if cost is not None:  # one line of what rnncalc cost itemises
        parts.append(Line.of(("cost   = ", "dim"), (f"{cost.macs:,} MACs, {cost.flops:,} FLOPs", "bold"),
                             f" forward, for {cost.per}"))
    return Page(parts)


def tensor_table(c: Count) -> Table:
    letters = dict(frameworks.get(c.spec.framework).letters[c.spec.cell])
    table = Table()
    table.add_column("name")
    table.add_column("shape", no_wrap=True)
    table.add_column("params", justify="right")
    table.add_column("gates")
    for t in c.tensors:
        table.add_row(t.name, shape_text(t.shape), f"{t.params:,}", gate_layout(t, letters))
    return captioned("tensors", table)


def comparison_view(rows: list[Comparison]) -> Page:
    table = Table()
    table.add_column("convention")
    table.add_column("params", justify="right", style="bold")
    table.add_column("formula")
    table.add_column("why it differs")
    for row in rows:
        if row.count:
            table.add_row(row.label, f"{row.count.total:,}", row.count.formula, row.why)
        else:
            table.add_row(row.label, "n/a", "", f"cannot build it: {row.error}")
    every = {row.framework for row in rows} == set(frameworks.NAMES)
    return Page([captioned(f"the same network in {'every convention' if every else 'each convention asked for'}", table)])


def shapes_view(s: Shapes) -> Page:
    spec = s.spec
    step = Table()
    step.add_column("tensor")
    step.add_column("shape")
    step.add_column("what it is")
    for i, st in enumerate(s.steps):
        if spec.layers > 1 or spec.bidirectional:
            if i:
                step.add_section()
            step.add_row(Line.styled(f"layer {st.layer}" + (f", {st.direction}" if spec.bidirectional else ""),
                              style="bold"), "", "")
        for n in st.tensors:
            step.add_row(n.name, shape_str(n.shape), n.note)
    seq = Table()
    seq.add_column("tensor")
    seq.add_column("shape", style="bold")
    seq.add_column("what it is")
    seq.add_row(s.input.name, shape_str(s.input.shape), s.input.note)
    seq.add_section()
    for n in s.outputs:
        seq.add_row(n.name, shape_str(n.shape), n.note)
    return Page([Line.styled(title(spec), "bold"), captioned("one time step (what the cell computes)", step),
                 captioned("the whole sequence (what the layer call returns, in order)", seq)])


def explanation_view(e: Explanation, brief: bool = False) -> Page:
    """The terms, each layer's gates, the count, and the glossary; ``brief``: the gates and the count."""
    spec = e.spec
    terms = Table(show_header=False, boxed=False)
    terms.add_column(style="bold")
    terms.add_column()
    for term, text in e.terms:
        terms.add_row(term, text)
    parts: list[Block] = [Line.styled(title(spec), "bold"), *([] if brief else [Panel(terms, title="what is what")])]
    for b in e.layers:
        peepholes = any(g.peepholes for g in b.gates)
        gates = Table()
        columns = ("gate", "what it does", "W", "U", "biases", *(("peephole",) if peepholes else ()), "params")
        for name in columns:
            gates.add_column(name, justify="right" if name == "params" else "left")
        blank = [""] * (len(columns) - 3)
        for g in b.gates:
            gates.add_row(g.gate, g.role, f"{g.input_weights[0]}×{g.input_weights[1]}",
                          f"{g.recurrent_weights[0]}×{g.recurrent_weights[1]}", str(g.biases),
                          *((str(g.peepholes),) if peepholes else ()), f"{g.params:,}")
        if b.projection:
            gates.add_row("proj", "projection of h_t", f"{spec.proj}×{b.units}", *blank[1:], f"{b.projection:,}")
        gates.add_section()
        gates.add_row("", "per unit", *blank, b.per_unit_formula)
        gates.add_row("", f"{b.units} units", *blank, f"{b.per_direction:,}")
        if b.directions == 2:
            gates.add_row("", "× 2 directions", *blank, f"{b.params:,}")
        parts.append(captioned(f"layer {b.layer}: input {b.input_width}, {b.units} units"
                               + (", per direction" if spec.bidirectional else ""), gates))
    parts.append(Line.of(("bias rule: ", "dim"), e.bias_rule))
    parts.append(Line.of(("total: ", "dim"), (e.formula, "bold")))
    if brief:
        parts.append(Line.styled("without --brief: what units, cells and layers are, and the same terms in every "
                                 "framework", "dim"))
        return Page(parts)
    head, *rows = e.glossary
    # Three frameworks to a table: a column per framework stays readable at 80–100 columns.
    for start in range(1, len(head), 3):
        glossary = Table()
        for name in (head[0], *head[start : start + 3]):
            glossary.add_column(name)
        for row in rows:
            glossary.add_row(row[0], *row[start : start + 3])
        parts.append(captioned("the same things in other frameworks", glossary) if start == 1 else glossary)
    return Page(parts)


_PART = {"input_weights": "W", "recurrent_weights": "U", "bias": "b", "input_bias": "b (input)",
         "recurrent_bias": "b (recurrent)", "peephole": "peephole", "projection": "projection"}


def layout_view(lay: Layout) -> Page:
    both = lay.spec.bidirectional
    table = Table()
    table.add_column("tensor")
    table.add_column("shape", no_wrap=True)
    table.add_column("where", no_wrap=True)
    table.add_column("gate")
    if both:
        table.add_column("direction")
    table.add_column("part")
    previous = None
    for r in lay.regions:
        first = r.tensor != previous
        if first and previous is not None:
            table.add_section()
        gate = f"{r.letter} {r.label}" if r.letter else r.label
        table.add_row(r.tensor if first else "", shape_text(r.shape) if first else "", r.where, gate,
                      *([r.direction] if both else []), _PART[r.role])
        previous = r.tensor
    from rnncalc.features.layout import RANGES

    parts: list[Block] = [Line.styled(title(lay.spec), "bold"),
                   *call_lines("built with: ", frameworks.get(lay.spec.framework).calls(lay.spec)),
                   Line.styled(RANGES, "dim"), table]
    if any(r.transposed for r in lay.regions):
        parts.append(Line.styled("W and U are stored [in, out] here: transpose a block for the [units, in] of PyTorch "
                          "and ONNX.", "dim"))
    return Page(parts)


def lineup_view(up: Lineup) -> Page:
    table = Table()
    table.add_column("layer", justify="right")
    table.add_column("gate")
    table.add_column("part")
    for name in up.frameworks:
        table.add_column(frameworks.get(name).title)
    previous = None
    for (layer, direction, gate, role), cells in zip(up.rows, up.cells):
        if previous is not None and (layer, direction) != previous:
            table.add_section()
        label = f"{layer}" + ("" if direction == "forward" else " bw")
        table.add_row(label, gate, _PART[role], *cells)
        previous = (layer, direction)
    from rnncalc.features.layout import RANGES

    notes = [line for name, calls in zip(up.frameworks, up.calls)
             for line in call_lines(f"{frameworks.get(name).title} built with: ", calls)]
    notes.append(Line.styled(RANGES, "dim"))
    notes += [Line.styled(f"{frameworks.get(name).title} cannot build it: {why}", "dim") for name, why in up.refused]
    if up.transposed:
        stored = ", ".join(frameworks.get(name).title for name in up.transposed)
        verb = "stores" if len(up.transposed) == 1 else "store"
        notes.append(Line.styled(f"{stored} {verb} W and U [in, out]: transpose a block for [units, in].", "dim"))
    return Page([captioned("where each framework keeps each gate", table), *notes])


def port_view(p: Port) -> Page:
    from rnncalc.features.layout import RANGES, where

    if p.target is None:
        return Page([Line.styled(f"no exact recipe: {p.reason}", "bold"),
                     *call_lines("for a source built as: ", p.source_calls)])
    shapes = {t.name: t.shape for t in inventory(p.target)}
    source_shapes = {t.name: t.shape for t in inventory(p.source)}
    letters = dict(frameworks.get(p.target.framework).letters[p.target.cell])
    table = Table()
    table.add_column("target")
    table.add_column("where", no_wrap=True)
    table.add_column("gate")
    table.add_column("takes")
    previous = None
    for m in p.moves:
        if previous is not None and m.target != previous:
            table.add_section()
        b = m.target_block
        gate = f"{letters[b.gate]} {p.target.kind.labels[b.gate]}" if b.gate else "projection"
        gate += f" ({b.direction})" if p.target.bidirectional else ""
        takes = " + ".join(f"{name} {where(sb, source_shapes[name])}" for name, sb in m.sources)
        takes += " transposed" if m.transpose else ""
        if m.constant:  # a run-time constant (TF1's forget_bias) moved in or out of the bias
            sign = "+" if m.constant > 0 else "−"
            takes = (f"{takes} {sign} " if takes else ("" if m.constant > 0 else "−")) + f"{abs(m.constant):g} (run-time constant)"
        takes = takes or "zeros"
        table.add_row(m.target if m.target != previous else "", where(b, shapes[m.target]), gate, takes)
        previous = m.target
    head = f"{frameworks.get(p.source.framework).title} → {frameworks.get(p.target.framework).title}"
    return Page([Line.styled(title(p.target, lead=head), "bold"),
                 *call_lines("build the target with: ", p.target_calls),
                 *call_lines("from a source built as: ", p.source_calls),
                 Line.styled(RANGES, "dim"), table])


def diagram_view(spec: Spec, draw: Callable[[int | None], list[str]]) -> Page:
    """The picture and its title, drawn by each format at the width it writes (``draw(width)``)."""
    return Page([Picture(draw, title(spec))])


#: A mark per row status: it survives a plain-text pipe, and reads at a glance in a table.
MARKS = {"pinned": "✓", "consistent": "≈", "mismatch": "✗", "not checked": "·"}
_FORMATS = {"keras3": "Keras 3 model.summary()", "keras2": "Keras 2 / tf.keras model.summary()",
            "torchinfo": "torchinfo summary", "torch_print": "printed PyTorch module"}
_VERDICTS = {"pinned": "every row pinned down", "consistent": "consistent, not every row pinned down",
             "mismatch": "something does not match", "not checked": "nothing could be checked"}


def _headline(report: Report) -> str:
    """The verdict and how many rows and printed totals have each status."""
    counts = ", ".join(f"{n} {status}" for status, n in report.tally.items() if n)
    return f"{_VERDICTS[report.status]} ({counts})" if counts else _VERDICTS[report.status]


_SHOWN = 8  # readings of a row shown under the table; --json has them all


def check_view(result: Check) -> Page:
    parts: list[Block] = []
    if result.cut:
        parts.append(Line.styled("the input was longer than rnncalc reads; it was checked up to there", "bold"))
    for report in result.reports:
        parts.extend(_report_view(report))
    return Page(parts)


def _runs(verdicts: tuple[Verdict, ...]) -> list[tuple[Verdict, int]]:
    """Verdicts with consecutive repeats of one row folded: (verdict, 1), or (last, length) for a run."""
    out: list[tuple[Verdict, int]] = []
    for v in verdicts:
        if v.same_as and out and (out[-1][0].same_as == v.same_as or out[-1][0].row.line == v.same_as):
            last, run = out[-1]
            if run > 1 or last.same_as == v.same_as:
                out[-1] = (v, run + 1) if run > 1 else (v, 2)
                continue
        out.append((v, 1))
    return out


def _report_view(report: Report) -> list[Block]:
    table = Table()
    columns: tuple[tuple[str, Justify], ...] = (("line", "right"), ("layer", "left"), ("printed", "right"), ("rnncalc", "right"),
                                                ("", "center"), ("reading", "left"))
    for name, justify in columns:
        table.add_column(name, justify=justify)
    notes: list[Block] = []
    for v, run in _runs(report.verdicts):
        if run > 1:  # a long summary repeats a row: one line for the run
            table.add_row("", f"... {run - 1:,} more like line {v.same_as}", "", "", MARKS[v.status], "")
            continue
        printed = f"{v.row.params:,}" if v.row.params is not None else "-"
        computed = f"{v.computed:,}" if v.computed is not None else "?"
        reading = v.fits[0].reading if v.fits else v.note
        if v.same_as:
            reading = f"as line {v.same_as}"
        elif v.status == "consistent":
            reading = f"{len(v.fits) + v.more} readings"
        indent = "  " * v.row.depth
        table.add_row(str(v.row.line), f"{indent}{v.row.name} ({v.row.kind})", printed, computed, MARKS[v.status],
                      reading)
        head: tuple[str, Style] = (f"line {v.row.line} {v.row.name}: ", "bold")
        if v.same_as:
            continue  # its readings are under the first row like it
        if v.status == "consistent":
            more = ""
            lines = [Line.of(head, f"{len(v.fits) + v.more} readings give {v.row.params:,}; "
                                         f"{v.decides or 'the summary does not say which'} would decide{more}:")]
            lines += [Line.styled(f"  {f.reading}   {f.formula}" + (f"   ({f.why})" if f.why else "")) for f in v.fits[:_SHOWN]]
            if len(v.fits) > _SHOWN:
                lines.append(Line.styled(f"  ... {len(v.fits) - _SHOWN} more in --json", "dim"))
            if v.note:
                lines.append(Line.styled(f"  {v.note}", "dim"))
            notes.extend(lines)
        elif v.status == "pinned" and v.fits and (v.fits[0].why or v.note) and v.fits[0].spec is not None:
            why = "; ".join(filter(None, [v.fits[0].why, v.note]))
            notes.append(Line.of(head, f"{v.fits[0].formula}; {why}"))
        elif v.status == "mismatch":
            notes.append(Line.of(head, v.note))
    if report.totals:
        table.add_section()
        for t in report.totals:
            if t.printed is None and t.computed is None:  # a byte size: its note holds both figures
                printed = computed = ""
            else:
                printed = f"{t.printed:,}" if t.printed is not None else "-"
                computed = f"{t.computed:,}" if t.computed is not None else "?"
            table.add_row(str(t.line or ""), t.label, printed, computed, MARKS[t.status], t.note)
    s = report.summary
    where = f" at line {s.line}" if s.line > 1 else ""
    name = f' "{s.name}"' if s.name else ""
    return [captioned(f"{_FORMATS[s.format]}{name}{where}: {_headline(report)}", table), *notes]


def answer_view(a: Answer) -> Page:
    given = ", ".join(f"{k}={v}" for k, v in a.fields.items())
    lines: list[Block] = [Line.styled(f"given {given}", "dim")]
    if a.solution is not None:
        s = a.solution
        if s.value is not None:
            lines.append(Line.of((f"{a.unknown} = {s.value}", "bold"), f"   {a.formula(**{a.unknown: s.value})}"))
        else:
            lines.append(Line.styled(f"no integer {a.unknown} gives exactly {s.target:,} parameters", "bold"))
            for side, near in (("below", s.below), ("above", s.above)):
                if near:
                    lines.append(Line.styled(f"  nearest {side}: {a.unknown} = {near[0]} gives {near[1]:,}"
                                      f"   {a.formula(**{a.unknown: near[0]})}"))
    elif a.limit is not None:
        if a.fit:
            lines.append(Line.of((f"{a.unknown} = {a.fit[0]}", "bold"),
                                       f" is the largest that fits {a.limit:,}: {a.formula(**{a.unknown: a.fit[0]})}"))
        else:
            lines.append(Line.styled(f"nothing fits in {a.limit:,} parameters, not even {a.unknown} = 1", "bold"))
    else:
        lo, hi = a.searched or (0, 0)
        if not a.pairs:
            lines.append(Line.styled(f"no (inp, units) with units in {lo}..{hi} gives exactly {a.target:,}", "bold"))
        else:
            table = Table()
            for name in ("inp", "units", "formula"):
                table.add_column(name, justify="right" if name != "formula" else "left")
            for p in a.pairs:
                table.add_row(str(p.inp), str(p.units), a.formula(inp=p.inp, units=p.units))
            lines.append(captioned(f"{len(a.pairs)} solutions with units in {lo}..{hi}", table))
    return Page(lines)


def human_bytes(n: int) -> str:
    """1,234,567 bytes as 1.18 MiB (powers of 1024, as the units say)."""
    value, unit = float(n), "B"
    for next_unit in ("KiB", "MiB", "GiB", "TiB", "PiB"):
        if value < 1024:
            break
        value, unit = value / 1024, next_unit
    return f"{n:,} B" if unit == "B" else f"{value:,.2f} {unit}"


def cost_view(c: Cost) -> Page:
    from rnncalc.features.cost import ACTIVATIONS, RULE, TRAINING

    spec = c.spec
    both = spec.bidirectional
    items = Table()
    items.add_column("layer", justify="right")
    if both:
        items.add_column("direction")
    items.add_column("item")
    items.add_column("MACs", justify="right")
    items.add_column("FLOPs", justify="right")
    items.add_column("formula")
    previous = None
    for i in c.items:
        if previous is not None and (i.layer, i.direction) != previous:
            items.add_section()
        items.add_row(str(i.layer), *([i.direction] if both else []), i.item, i.macs, i.flops, i.formula)
        previous = (i.layer, i.direction)
    items.add_section()
    blanks = [""] * (1 if both else 0)
    items.add_row("", *blanks, Line.styled("per step", "bold"), c.step_macs, c.step_flops, "")
    totals = Table()
    totals.add_column("for")
    totals.add_column("MACs", justify="right")
    totals.add_column("FLOPs", justify="right", style="bold")
    if c.steps is not None and c.lengths is None and c.batch != 1:
        totals.add_row(f"one sample, {c.steps} steps", c.step_macs * c.steps, c.step_flops * c.steps)
    totals.add_row(c.per, c.macs, c.flops)
    totals.add_row("training (3 × forward)", "", c.training_flops)
    totals.add_row(f"streaming: one step for {c.batch or 1} sample{'s' if (c.batch or 1) > 1 else ''}",
                   c.step_macs * (c.batch or 1), c.step_flops * (c.batch or 1))
    m = c.memory
    memory = Table()
    memory.add_column("memory")
    memory.add_column("bytes", justify="right")
    memory.add_column("", justify="right")
    memory.add_row(f"weights ({m.params:,} × {m.dtype})", m.weights, human_bytes(m.weights))
    if m.gradients is not None and m.optimizer_state is not None:
        memory.add_row("gradients", m.gradients, human_bytes(m.gradients))
        step = f", with {m.tensors} float32 step tensors" if m.step_tensors else ""
        memory.add_row(f"{m.optimizer} state{step}", m.optimizer_state, human_bytes(m.optimizer_state))
    if m.activations is not None:
        memory.add_row(f"activations kept for training (batch {c.batch or 1}, {c.steps or 1} steps)", m.activations,
                       human_bytes(m.activations))
    memory.add_row(f"streaming state (h{', c' if spec.kind.has_cell_state else ''}; batch {c.batch or 1})",
                   m.stream_state, human_bytes(m.stream_state))
    parts: list[Block] = [Line.styled(title(spec), "bold"), captioned("one sample, one time step", items),
                   Line.of(("", "dim"), c.formula), captioned("totals", totals), memory]
    if c.compat:
        tools = Table()
        tools.add_column("tool")
        tools.add_column("prints", justify="right", style="bold")
        tools.add_column("unit")
        tools.add_column("how")
        for k in c.compat:
            tools.add_row(k.version, k.value if k.value is not None else "none", k.unit, k.formula)
        parts.append(captioned("what each tool prints for this nn module and input", tools))
        parts += [Line.styled(f"{k.tool} counts {k.counts}", "dim") for k in c.compat]
    parts.append(Line.styled(RULE, "dim"))
    parts.append(Line.styled(TRAINING, "dim"))
    if m.activations is not None:
        parts.append(Line.styled(ACTIVATIONS, "dim"))
    return Page(parts)

"""JSON for machines: stable keys, versioned by ``schema``; see ``rnncalc schema``."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # types only: each command imports just the modules it uses, and none the shapes
    from rnncalc.render import outputs as o
    from rnncalc.features.check import Check, Report
    from rnncalc.features.compare import Comparison
    from rnncalc.features.cost import Cost
    from rnncalc.features.explain import Explanation
    from rnncalc.features.layout import Layout, Lineup
    from rnncalc.features.port import Port
    from rnncalc.model.flow import Named, Shapes
    from rnncalc.features.solve import Answer
    from rnncalc.model.spec import Spec
    from rnncalc.model.tensors import Count, LayerCount, Tensor
    from rnncalc.model.types import Call

__all__ = ["answer_dict", "check_dict", "comparison_dict", "cost_dict", "count_dict", "diagram_dict", "dumps", "explanation_dict", "layout_dict", "lineup_dict",
           "port_dict",
           "shapes_dict", "summary_dict"]


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _spec(spec: Spec) -> o.SpecOut:
    return cast("o.SpecOut", spec.model_dump(mode="json"))


def _spans(spans: tuple[tuple[int, int], ...]) -> list[list[int]]:
    return [list(span) for span in spans]


def tensor_dict(t: Tensor, letters: dict[str, str]) -> o.TensorOut:
    """A tensor, with each block: which index range of which axis holds which gate of which direction."""
    return {
        "name": t.name,
        "shape": list(t.shape),
        "params": t.params,
        "layer": t.layer,
        "directions": list(t.directions),
        "role": t.role,
        "gates": [letters[g] for g in t.gates],
        "blocks": [
            {"spans": _spans(b.spans), "role": b.role, "direction": b.direction,
             "gate": b.gate, "letter": letters.get(b.gate) if b.gate else None, "out_axis": b.out_axis,
             "params": b.size}
            for b in t.blocks
        ],
    }


def layer_dict(row: LayerCount) -> o.LayerRow:
    return {
        "layer": row.layer,
        "direction": row.direction,
        "input_width": row.input_width,
        "units": row.units,
        "params": row.params,
        "formula": f"{row.formula} = {row.params}",
    }


def _tensors(c: Count) -> list[o.TensorOut]:
    from rnncalc import frameworks

    letters = dict(frameworks.get(c.spec.framework).letters[c.spec.cell])
    return [tensor_dict(t, letters) for t in c.tensors]


#: The keys of count_dict, in order (a batch checks --fields against them before counting).
PARAMS_KEYS = ("schema", "spec", "total", "formula", "symbolic", "layers", "tensors", "cost")


def count_dict(c: Count, cost: Cost | None = None) -> o.Params:
    data: o.Params = {
        "schema": "rnncalc.params/2",
        "spec": _spec(c.spec),
        "total": c.total,
        "formula": c.formula,
        "symbolic": c.symbolic,
        "layers": [layer_dict(row) for row in c.layers],
        "tensors": _tensors(c),
    }
    if cost is not None:
        data["cost"] = {"for": cost.per, "batch": cost.batch, "steps": cost.steps, "macs": cost.macs,
                        "flops": cost.flops, "formula": cost.formula}
    return data


def comparison_dict(rows: list[Comparison]) -> o.Compare:
    return {
        "schema": "rnncalc.compare/2",
        "conventions": [
            {
                "label": row.label,
                "framework": row.framework,
                "total": row.count.total if row.count else None,
                "formula": row.count.formula if row.count else None,
                "why": row.why,
                "error": str(row.error) if row.error else None,
                "layers": [layer_dict(layer) for layer in row.count.layers] if row.count else [],
                "tensors": _tensors(row.count) if row.count else [],
            }
            for row in rows
        ],
    }


def _named(n: Named) -> o.NamedOut:
    return {"name": n.name, "shape": list(n.shape), "note": n.note}


def shapes_dict(s: Shapes) -> o.Shapes:
    return {
        "schema": "rnncalc.shapes/1",
        "spec": _spec(s.spec),
        "run": cast("o.Run", asdict(s.run)),
        "step": [
            {"layer": st.layer, "direction": st.direction, "tensors": [_named(n) for n in st.tensors]}
            for st in s.steps
        ],
        "sequence": {"input": _named(s.input), "outputs": [_named(n) for n in s.outputs]},
    }


def explanation_dict(e: Explanation) -> o.Explain:
    head, *rows = e.glossary
    return {
        "schema": "rnncalc.explain/2",
        "spec": _spec(e.spec),
        "terms": [{"term": term, "text": text} for term, text in e.terms],
        "layers": [
            {
                "layer": b.layer,
                "input_width": b.input_width,
                "units": b.units,
                "recurrent_width": b.recurrent_width,
                "gates": [
                    {"gate": g.gate, "role": g.role, "input_weights": list(g.input_weights),
                     "recurrent_weights": list(g.recurrent_weights), "biases": g.biases, "peepholes": g.peepholes,
                     "params": g.params}
                    for g in b.gates
                ],
                "projection": b.projection,
                "per_unit": b.per_unit,
                "per_unit_formula": b.per_unit_formula,
                "per_direction": b.per_direction,
                "directions": b.directions,
                "params": b.params,
            }
            for b in e.layers
        ],
        "bias_rule": e.bias_rule,
        "total": e.total,
        "formula": e.formula,
        "glossary": [dict(zip(["term", *e.glossary_keys], row)) for row in rows],
    }


def _calls(calls: tuple[Call, ...]) -> list[o.CallOut]:
    """Each call as data, with its Python text: what to type to build the network."""
    return [cast("o.CallOut", {"text": c.text(), **c.data()}) for c in calls]


def layout_dict(lay: Layout) -> o.Layout:
    from rnncalc import frameworks
    from rnncalc.model.types import index

    return {
        "schema": "rnncalc.layout/2",
        "spec": _spec(lay.spec),
        "calls": _calls(frameworks.get(lay.spec.framework).calls(lay.spec)),
        "regions": [
            {"tensor": r.tensor, "shape": list(r.shape), "layer": r.layer, "spans": _spans(r.spans),
             "slice": index(r.spans), "where": r.where, "role": r.role, "direction": r.direction, "gate": r.gate,
             "letter": r.letter, "label": r.label, "transposed": r.transposed, "params": r.params}
            for r in lay.regions
        ],
    }


def lineup_dict(up: Lineup) -> o.Lineup:
    return {
        "schema": "rnncalc.layout-lineup/2",
        "frameworks": list(up.frameworks),
        "rows": [{"layer": layer, "direction": direction, "gate": gate, "role": role,
                  "where": dict(zip(up.frameworks, cells))}
                 for (layer, direction, gate, role), cells in zip(up.rows, up.cells)],
        "refused": [{"framework": name, "error": why} for name, why in up.refused],
        "stored_in_out": list(up.transposed),
        "calls": {name: _calls(calls) for name, calls in zip(up.frameworks, up.calls)},
    }


def port_dict(p: Port) -> o.Port:
    from rnncalc.model.tensors import inventory

    layers = {t.name: t.layer for t in inventory(p.target)} if p.target else {}
    return {
        "schema": "rnncalc.port/2",
        "source": _spec(p.source),
        "target": _spec(p.target) if p.target else None,
        "source_calls": _calls(p.source_calls),
        "target_calls": _calls(p.target_calls),
        "found": p.found,
        "reason": p.reason or None,
        "moves": [
            {"target": m.target, "layer": layers[m.target], "target_spans": _spans(m.target_block.spans),
             "target_out_axis": m.target_block.out_axis, "gate": m.target_block.gate, "role": m.target_block.role,
             "direction": m.target_block.direction, "transpose": m.transpose, "constant": m.constant,
             "sources": [{"tensor": name, "spans": _spans(b.spans), "out_axis": b.out_axis}
                         for name, b in m.sources]}
            for m in p.moves
        ],
    }


def diagram_dict(spec: Spec, lines: list[str]) -> o.Diagram:
    return {"schema": "rnncalc.diagram/1", "spec": _spec(spec), "lines": lines}


def summary_dict(spec: Spec, style: str, text: str, batch: int | None, steps: int | None) -> o.Summary:
    """What the framework's summary prints; batch and steps only where given, before the text."""
    data: o.Summary = {"schema": "rnncalc.summary/1", "style": cast(Any, style), "spec": _spec(spec)}  # type: ignore[typeddict-item]
    if batch is not None:
        data["batch"] = batch
    if steps is not None:
        data["steps"] = steps
    data["text"] = text
    return data


def check_dict(result: Check) -> o.Check:
    return {
        "schema": "rnncalc.check/2",
        "status": result.status,
        "ok": result.ok,
        "cut": result.cut,
        "summaries": [_report_dict(r) for r in result.reports],
    }


def _report_dict(report: Report) -> o.Report:
    s = report.summary
    return {
        "format": s.format,
        "line": s.line,
        "name": s.name or None,
        "status": report.status,
        "rows": [
            {
                "line": v.row.line,
                "name": v.row.name,
                "kind": v.row.kind,
                "shape": v.row.shape,
                "depth": v.row.depth,
                "printed": v.row.params,
                "computed": v.computed,
                "status": v.status,
                "readings": [] if v.same_as else [
                    {"reading": f.reading, "formula": f.formula, "count": f.count, "spec": cast("o.SpecOut | None", f.spec), "why": f.why or None}
                    for f in v.fits],
                "more_readings": v.more,
                "same_as": v.same_as,
                "decides": v.decides or None,
                "note": v.note or None,
            }
            for v in report.verdicts
        ],
        "totals": [{"label": t.label, "line": t.line, "printed": t.printed, "computed": t.computed,
                    "status": t.status, "note": t.note or None} for t in report.totals],
    }


def answer_dict(a: Answer) -> o.Solve:
    """One of solve's three shapes (outputs.Solve): an exact count, a budget, or pairs."""
    given = cast("o.Given", a.fields)
    unknown: Any = a.unknown  # "units", "inp" or "inp,units", as the shape says
    if a.searched is not None:
        assert a.target is not None  # pairs are solved for a count (solving.answer)
        return {"schema": "rnncalc.solve/1", "unknown": unknown, "given": given, "params": a.target,
                "max_params": None, "found": a.found, "units_range": list(a.searched),
                "solutions": [{"inp": p.inp, "units": p.units} for p in a.pairs]}
    if a.limit is not None:
        return {"schema": "rnncalc.solve/1", "unknown": unknown, "given": given, "params": None,
                "max_params": a.limit, "found": a.found, "value": a.fit[0] if a.fit else None,
                "total": a.fit[1] if a.fit else None,
                "formula": a.formula(**{a.unknown: a.fit[0]}) if a.fit else None}
    s = a.solution
    assert s is not None and a.target is not None  # solving.answer sets one of searched, limit and solution
    bound: Any = lambda found: {a.unknown: found[0], "params": found[1]} if found else None  # noqa: E731
    return {"schema": "rnncalc.solve/1", "unknown": unknown, "given": given, "params": a.target, "max_params": None,
            "found": a.found, "value": s.value,
            "formula": a.formula(**{s.unknown: s.value}) if s.value is not None else None,
            "below": bound(s.below), "above": bound(s.above)}


def _pair(macs: int, flops: int) -> o.MacsFlops:
    return {"macs": macs, "flops": flops}


def cost_dict(c: Cost) -> o.Cost:
    """The itemised cost (one sample, one step), its totals, the memory, and a peer tool's figure."""
    from rnncalc.features.cost import ACTIVATIONS, RULE, TRAINING

    # Flat dataclasses of ints and strings: their fields copied, not asdict's deep copy (a batch's time).

    m = c.memory
    return {
        "schema": "rnncalc.cost/1",
        "spec": _spec(c.spec),
        "batch": c.batch,
        "steps": c.steps,
        "lengths": list(c.lengths) if c.lengths is not None else None,
        "rule": RULE,
        "training_rule": TRAINING,
        "activations_rule": ACTIVATIONS,
        "items": [cast("o.CostItem", dict(vars(i))) for i in c.items],
        "per_step": _pair(c.step_macs, c.step_flops),
        "per_sequence": (_pair(c.step_macs * c.steps, c.step_flops * c.steps)
                         if c.steps is not None and c.lengths is None else None),
        "totals": {"for": c.per, "macs": c.macs, "flops": c.flops, "training_flops": c.training_flops,
                  "formula": c.formula},
        "stream": {"macs": c.step_macs * (c.batch or 1), "flops": c.step_flops * (c.batch or 1),
                   "state_bytes": m.stream_state},
        "memory": cast("o.CostMemory", dict(vars(m))),
        "compat": [cast("o.CostCompat", dict(vars(k))) for k in c.compat],
    }

"""JSON for machines: stable keys, versioned by ``schema``; see ``rnncalc schema``."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # types only: each command imports just the modules it uses
    from rnncalc.checking import Check, Report
    from rnncalc.compare import Comparison
    from rnncalc.costing import Cost
    from rnncalc.explanation import Explanation
    from rnncalc.layouts import Layout, Lineup
    from rnncalc.porting import Port
    from rnncalc.flow import Named, Shapes
    from rnncalc.solving import Answer
    from rnncalc.spec import Spec
    from rnncalc.tensors import Count, LayerCount, Tensor
    from rnncalc.types import Call

__all__ = ["COST_FIELDS", "answer_dict", "check_dict", "comparison_dict", "cost_dict", "cost_fields", "count_dict", "diagram_dict", "dumps", "explanation_dict", "layout_dict", "lineup_dict",
           "port_dict",
           "shapes_dict"]


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def tensor_dict(t: Tensor, letters: dict[str, str]) -> dict[str, Any]:
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
            {"spans": [list(span) for span in b.spans], "role": b.role, "direction": b.direction,
             "gate": b.gate, "letter": letters.get(b.gate) if b.gate else None, "out_axis": b.out_axis,
             "params": b.size}
            for b in t.blocks
        ],
    }


def layer_dict(row: LayerCount) -> dict[str, Any]:
    return {
        "layer": row.layer,
        "direction": row.direction,
        "input_width": row.input_width,
        "units": row.units,
        "params": row.params,
        "formula": f"{row.formula} = {row.params}",
    }


def _tensors(c: Count) -> list[dict[str, Any]]:
    from rnncalc import frameworks

    letters = dict(frameworks.get(c.spec.framework).letters[c.spec.cell])
    return [tensor_dict(t, letters) for t in c.tensors]


#: The keys of count_dict, in order (a batch checks --fields against them before counting).
PARAMS_KEYS = ("schema", "spec", "total", "formula", "symbolic", "layers", "tensors")


def count_dict(c: Count) -> dict[str, Any]:
    return {
        "schema": "rnncalc.params/2",
        "spec": c.spec.model_dump(mode="json"),
        "total": c.total,
        "formula": c.formula,
        "symbolic": c.symbolic,
        "layers": [layer_dict(row) for row in c.layers],
        "tensors": _tensors(c),
    }


def comparison_dict(rows: list[Comparison]) -> dict[str, Any]:
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


def _named(n: Named) -> dict[str, Any]:
    return {"name": n.name, "shape": list(n.shape), "note": n.note}


def shapes_dict(s: Shapes) -> dict[str, Any]:
    return {
        "schema": "rnncalc.shapes/1",
        "spec": s.spec.model_dump(mode="json"),
        "run": asdict(s.run),
        "step": [
            {"layer": st.layer, "direction": st.direction, "tensors": [_named(n) for n in st.tensors]}
            for st in s.steps
        ],
        "sequence": {"input": _named(s.input), "outputs": [_named(n) for n in s.outputs]},
    }


def explanation_dict(e: Explanation) -> dict[str, Any]:
    head, *rows = e.glossary
    return {
        "schema": "rnncalc.explain/2",
        "spec": e.spec.model_dump(mode="json"),
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


def _calls(calls: tuple[Call, ...]) -> list[dict[str, Any]]:
    """Each call as data, with its Python text: what to type to build the network."""
    return [{"text": c.text(), **c.data()} for c in calls]


def layout_dict(lay: Layout) -> dict[str, Any]:
    from rnncalc import frameworks
    from rnncalc.types import index

    return {
        "schema": "rnncalc.layout/2",
        "spec": lay.spec.model_dump(mode="json"),
        "calls": _calls(frameworks.get(lay.spec.framework).calls(lay.spec)),
        "regions": [
            {"tensor": r.tensor, "shape": list(r.shape), "layer": r.layer, "spans": [list(s) for s in r.spans],
             "slice": index(r.spans), "where": r.where, "role": r.role, "direction": r.direction, "gate": r.gate,
             "letter": r.letter, "label": r.label, "transposed": r.transposed, "params": r.params}
            for r in lay.regions
        ],
    }


def lineup_dict(up: Lineup) -> dict[str, Any]:
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


def port_dict(p: Port) -> dict[str, Any]:
    from rnncalc.tensors import inventory

    layers = {t.name: t.layer for t in inventory(p.target)} if p.target else {}
    return {
        "schema": "rnncalc.port/2",
        "source": p.source.model_dump(mode="json"),
        "target": p.target.model_dump(mode="json") if p.target else None,
        "source_calls": _calls(p.source_calls),
        "target_calls": _calls(p.target_calls),
        "found": p.found,
        "reason": p.reason or None,
        "moves": [
            {"target": m.target, "layer": layers[m.target], "target_spans": [list(s) for s in m.target_block.spans],
             "target_out_axis": m.target_block.out_axis, "gate": m.target_block.gate, "role": m.target_block.role,
             "direction": m.target_block.direction, "transpose": m.transpose, "constant": m.constant,
             "sources": [{"tensor": name, "spans": [list(s) for s in b.spans], "out_axis": b.out_axis}
                         for name, b in m.sources]}
            for m in p.moves
        ],
    }


def diagram_dict(spec: Spec, lines: list[str]) -> dict[str, Any]:
    return {"schema": "rnncalc.diagram/1", "spec": spec.model_dump(mode="json"), "lines": lines}


def check_dict(result: Check) -> dict[str, Any]:
    return {
        "schema": "rnncalc.check/2",
        "status": result.status,
        "ok": result.ok,
        "cut": result.cut,
        "summaries": [_report_dict(r) for r in result.reports],
    }


def _report_dict(report: Report) -> dict[str, Any]:
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
                    {"reading": f.reading, "formula": f.formula, "count": f.count, "spec": f.spec, "why": f.why or None}
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


def answer_dict(a: Answer) -> dict[str, Any]:
    data: dict[str, Any] = {"schema": "rnncalc.solve/1", "unknown": a.unknown, "given": a.fields,
                            "params": a.target, "max_params": a.limit, "found": a.found}
    if a.solution is not None:
        s = a.solution
        data["value"] = s.value
        data["formula"] = a.formula(**{s.unknown: s.value}) if s.value is not None else None
        data["below"] = {a.unknown: s.below[0], "params": s.below[1]} if s.below else None
        data["above"] = {a.unknown: s.above[0], "params": s.above[1]} if s.above else None
    if a.limit is not None:
        data["value"] = a.fit[0] if a.fit else None
        data["total"] = a.fit[1] if a.fit else None
        data["formula"] = a.formula(**{a.unknown: a.fit[0]}) if a.fit else None
    if a.searched is not None:
        data["units_range"] = list(a.searched)
        data["solutions"] = [{"inp": p.inp, "units": p.units} for p in a.pairs]
    return data


def _pair(macs: int, flops: int) -> dict[str, int]:
    return {"macs": macs, "flops": flops}


def cost_dict(c: Cost) -> dict[str, Any]:
    """The itemised cost (one sample, one step), its totals, the memory, and a peer tool's figure."""
    from rnncalc.costing import ACTIVATIONS, RULE, TRAINING

    # Flat dataclasses of ints and strings: their fields copied, not asdict's deep copy (a batch's time).

    m = c.memory
    return {
        "schema": "rnncalc.cost/1",
        "spec": c.spec.model_dump(mode="json"),
        "batch": c.batch,
        "steps": c.steps,
        "lengths": list(c.lengths) if c.lengths is not None else None,
        "rule": RULE,
        "training_rule": TRAINING,
        "activations_rule": ACTIVATIONS,
        "items": [dict(vars(i)) for i in c.items],
        "per_step": _pair(c.step_macs, c.step_flops),
        "per_sequence": (_pair(c.step_macs * c.steps, c.step_flops * c.steps)
                         if c.steps is not None and c.lengths is None else None),
        "totals": {"for": c.per, "macs": c.macs, "flops": c.flops, "training_flops": c.training_flops,
                  "formula": c.formula},
        "stream": {"macs": c.step_macs * (c.batch or 1), "flops": c.step_flops * (c.batch or 1),
                   "state_bytes": m.stream_state},
        "memory": dict(vars(m)),
        "compat": [dict(vars(k)) for k in c.compat],
    }


#: The flat keys ``cost --fields`` keeps (one record a spec in a batch): totals and bytes.
COST_FIELDS = ("macs", "flops", "training_flops", "step_macs", "step_flops", "params", "bytes", "gradient_bytes",
               "optimizer_bytes", "activation_bytes", "stream_bytes")


def cost_fields(data: dict[str, Any]) -> dict[str, Any]:
    """cost_dict's figures as one flat record, keyed by COST_FIELDS (bytes: the weights')."""
    totals, memory = data["totals"], data["memory"]
    return {"macs": totals["macs"], "flops": totals["flops"], "training_flops": totals["training_flops"],
            "step_macs": data["per_step"]["macs"], "step_flops": data["per_step"]["flops"],
            "params": memory["params"], "bytes": memory["weights"], "gradient_bytes": memory["gradients"],
            "optimizer_bytes": memory["optimizer_state"], "activation_bytes": memory["activations"],
            "stream_bytes": memory["stream_state"]}

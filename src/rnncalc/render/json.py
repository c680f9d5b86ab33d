"""JSON for machines: stable keys, versioned by ``schema``; see ``rnncalc schema``."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rnncalc.compare import Comparison
from rnncalc.explain import GLOSSARY, Explanation
from rnncalc.shapes import Named, Shapes
from rnncalc.tensors import Count, LayerCount, Tensor

if TYPE_CHECKING:
    from rnncalc.spec import Spec

__all__ = ["comparison_dict", "count_dict", "diagram_dict", "dumps", "explanation_dict", "shapes_dict"]


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def tensor_dict(t: Tensor) -> dict[str, Any]:
    return {
        "name": t.name,
        "shape": list(t.shape),
        "params": t.params,
        "layer": t.layer,
        "direction": t.direction,
        "role": t.role,
        "gates": list(t.gates),
        "gate_axis": t.gate_axis,
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


def count_dict(c: Count) -> dict[str, Any]:
    return {
        "schema": "rnncalc.params/1",
        "spec": c.spec.model_dump(mode="json"),
        "total": c.total,
        "formula": c.formula,
        "symbolic": c.symbolic,
        "layers": [layer_dict(row) for row in c.layers],
        "tensors": [tensor_dict(t) for t in c.tensors],
    }


def comparison_dict(rows: list[Comparison]) -> dict[str, Any]:
    return {
        "schema": "rnncalc.compare/1",
        "conventions": [
            {
                "label": row.label,
                "framework": row.count.spec.framework if row.count else row.label.split()[0],
                "total": row.count.total if row.count else None,
                "formula": row.count.formula if row.count else None,
                "why": row.why,
                "error": str(row.error) if row.error else None,
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
    head, *rows = GLOSSARY
    return {
        "schema": "rnncalc.explain/1",
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
                     "recurrent_weights": list(g.recurrent_weights), "biases": g.biases, "params": g.params}
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
        "glossary": [dict(zip(["term", "keras", "pytorch", "tf1", "onnx"], row)) for row in rows],
    }


def diagram_dict(spec: Spec, lines: list[str]) -> dict[str, Any]:
    return {"schema": "rnncalc.diagram/1", "spec": spec.model_dump(mode="json"), "lines": lines}

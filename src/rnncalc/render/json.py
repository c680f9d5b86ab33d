"""JSON for machines: stable keys, versioned by ``schema``; see ``rnncalc schema``."""

from __future__ import annotations

import json
from typing import Any

from rnncalc.compare import Comparison
from rnncalc.tensors import Count, LayerCount, Tensor

__all__ = ["comparison_dict", "count_dict", "dumps"]


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

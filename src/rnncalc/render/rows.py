"""Each command's rows, for the row formats (CSV, TSV, JSON Lines): taken from its JSON object,
so a row carries the same keys and values as --json does (sqlite-utils' output_rows is the model).

Row sets per command: params its layers (with --tensors its tensors; -F all its conventions),
shapes its tensors (one step, then the sequence), explain its gates, layout its regions (or,
lined up, one row per gate block), port its moves, check its rows, solve its solutions, cost its items and totals.
diagram is a picture: it has no rows. Each row set is keyed by the output it flattens, as
render/outputs.py declares it, and typed by it; the schema ids are read off those declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from rnncalc.errors import SpecError
from rnncalc.model.types import index

if TYPE_CHECKING:
    from rnncalc.render import outputs as o

__all__ = ["row_sets", "rows"]

Rows = list[dict[str, Any]]


def _params(data: o.Params, tensors: bool) -> Rows:
    if tensors:
        # A row per tensor; its blocks are rows of their own in `rnncalc layout` (a region each):
        # nested here, a tensor of four gates would be a line of some 600 characters.
        return [{k: v for k, v in t.items() if k != "blocks"} for t in data["tensors"]]
    return cast(Rows, data["layers"])


def _shapes(data: o.Shapes, _: bool) -> Rows:
    out = [{"part": "step", "layer": st["layer"], "direction": st["direction"], **t}
           for st in data["step"] for t in st["tensors"]]
    sequence = data["sequence"]
    out.append({"part": "input", "layer": None, "direction": None, **sequence["input"]})
    out += [{"part": "output", "layer": None, "direction": None, **o} for o in sequence["outputs"]]
    return out


def _explain(data: o.Explain, _: bool) -> Rows:
    return [{"layer": b["layer"], "input_width": b["input_width"], "units": b["units"], **g}
            for b in data["layers"] for g in b["gates"]]


def _lineup(data: o.Lineup, _: bool) -> Rows:
    return [{k: v for k, v in row.items() if k != "where"} | row["where"] for row in data["rows"]]


def _call_of(calls: list[o.CallOut], layer: int) -> str:
    """The call that builds ``layer``: a call per layer, or one for the whole network."""
    return calls[layer]["text"] if len(calls) > 1 else calls[0]["text"] if calls else ""


def _port(data: o.Port, _: bool) -> Rows:
    """A row per move, every field of --json kept: spans as Python slices, several sources
    joined with " + " (they are added), and the calls that build the move's layer on both sides.
    Where there is no recipe, one row says so, and why."""
    if not data["found"]:
        return [{"found": False, "reason": data["reason"]}]
    return [{"target": m["target"], "target_slice": index(m["target_spans"]),
             **{k: v for k, v in m.items() if k not in ("target", "target_spans", "sources")},
             "sources": " + ".join(s["tensor"] + index(s["spans"]) for s in m["sources"]),
             "source_out_axes": " + ".join(str(s["out_axis"]) for s in m["sources"]),
             "target_call": _call_of(data["target_calls"], m["layer"]),
             "source_call": _call_of(data["source_calls"], m["layer"])}
            for m in data["moves"]]


def _layout(data: o.Layout, _: bool) -> Rows:
    """A row per region, the spans as a Python slice, and the call that builds its layer."""
    return [{**{k: v for k, v in r.items() if k != "spans"}, "call": _call_of(data["calls"], r["layer"])}
            for r in data["regions"]]


def _check(data: o.Check, _: bool) -> Rows:
    out = []
    for summary in data["summaries"]:
        for row in summary["rows"]:
            first: dict[str, Any] = {**row["readings"][0]} if row["readings"] else {}
            out.append({"summary": summary["line"], "format": summary["format"],
                        **{k: row[k] for k in ("line", "name", "kind", "shape", "printed", "computed", "status")},
                        "readings": len(row["readings"]) + row["more_readings"], "reading": first.get("reading"),
                        "formula": first.get("formula"), "decides": row["decides"], "same_as": row["same_as"],
                        "note": row["note"]})
    return out


def _solve(data: o.Solve, _: bool) -> Rows:
    """Each solution; or the one answer (or no solution) as one row with every key of --json (the
    nearest answers below and above a miss, the fields given), nested values as they are."""
    if data["unknown"] == "inp,units" and data["solutions"]:
        return cast(Rows, data["solutions"])
    return [{k: v for k, v in data.items() if k != "schema"}]


def _cost(data: o.Cost, _: bool) -> Rows:
    """Each item (one sample, one step), then the totals and a peer tool's figure as rows of
    their own, every row with the same keys."""
    out = [{**i, "per": "sample and step"} for i in data["items"]]
    blank = {"layer": None, "direction": None}
    out.append({**blank, "item": "per step", **data["per_step"], "formula": "", "per": "sample and step"})
    if data["per_sequence"]:
        out.append({**blank, "item": "per sequence", **data["per_sequence"], "formula": "",
                    "per": f"sample of {data['steps']} steps"})
    total = data["totals"]
    out.append({**blank, "item": "total", "macs": total["macs"], "flops": total["flops"], "formula": total["formula"],
                "per": total["for"]})
    out.append({**blank, "item": "training", "macs": None, "flops": total["training_flops"],
                "formula": "3 × forward", "per": total["for"]})
    for compat in data["compat"]:
        out.append({**blank, "item": compat["tool"], "macs": compat["value"] if compat["unit"] != "FLOPs" else None,
                    "flops": compat["value"] if compat["unit"] == "FLOPs" else None, "formula": compat["formula"],
                    "per": compat["version"]})
    return out


def _compare(data: o.Compare, _: bool) -> Rows:
    return [{k: v for k, v in c.items() if k not in ("layers", "tensors")} for c in data["conventions"]]


def row_sets() -> dict[str, Callable[[Any, bool], Rows]]:
    """Each output's row set, by the schema id its declaration (render/outputs.py) gives it.
    Imported here, when rows are asked for: a command writing JSON pays for no declaration."""
    from rnncalc.render import outputs

    sets: list[tuple[Any, Callable[[Any, bool], Rows]]] = [
        (outputs.Params, _params), (outputs.Compare, _compare), (outputs.Shapes, _shapes),
        (outputs.Explain, _explain), (outputs.Layout, _layout), (outputs.Lineup, _lineup), (outputs.Port, _port),
        (outputs.Check, _check), (outputs.Solve, _solve), (outputs.Cost, _cost)]
    return {outputs.schema_id(shape): make for shape, make in sets}


def rows(data: Any, tensors: bool = False) -> Rows:
    """The rows of a command's JSON object; SpecError for a result that has none (a picture)."""
    make = row_sets().get(data.get("schema", ""))
    if make is None:
        raise SpecError("format", "this command draws a picture, not rows: use table, text, markdown or json")
    return make(data, tensors)

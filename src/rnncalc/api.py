"""The Python API: one function per command, each returning a Result; the CLI is a thin layer over it.

    >>> import rnncalc
    >>> rnncalc.params(cell="lstm", inp=2, units=3)["total"]
    72
    >>> rnncalc.params(cell="lstm", inp=2, units=3, framework="pytorch").rows()[0]["params"]
    84

A spec is given as keywords (the fields of ``rnncalc schema``), as a dict or a Spec, or both
(keywords win). A Result is the command's JSON object (``result["total"]``,
``result.to_dict()``), its rows (``result.rows()``, what --format csv writes), plain text
(``str(result)``) and a table in a notebook (``_repr_html_``) or a rich console (``__rich__``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rnncalc.render.results import Result, Stream

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rnncalc.model.spec import Spec
    from rnncalc.features.sweep import Sweep

__all__ = ["Result", "Stream", "check", "cost", "diagram", "explain", "layout", "params", "port", "schema", "shapes",
           "solve", "summary", "sweep"]


def _fields(spec: dict[str, Any] | Spec | None, keywords: dict[str, Any]) -> dict[str, Any]:
    """A spec given as a dict, a Spec or keywords; keywords override. Unset keywords are left out."""
    from rnncalc.errors import SpecError
    from rnncalc.model.spec import Spec

    base: dict[str, Any]
    if spec is None:
        base = {}
    elif isinstance(spec, dict):
        base = dict(spec)
    elif isinstance(spec, Spec):
        base = spec.model_dump(exclude_none=True)
    else:
        raise SpecError("spec", "must be a dict of fields or a Spec (or give the fields as keywords)", spec)
    return {**base, **{k: v for k, v in keywords.items() if v is not None}}


def _json() -> Any:
    from rnncalc.render import json

    return json


def _views() -> Any:
    from rnncalc.render import views

    return views


def params(spec: dict[str, Any] | Spec | None = None, /, *, tensors: bool = False, batch: int | None = None,
           steps: int | None = None, **fields: Any) -> Result:
    """Count the parameters: per layer, per tensor (``tensors=True`` for the row formats), with the
    formula. ``framework="all"`` (or "keras,pytorch") sets the conventions side by side. With
    ``steps`` or ``batch``, also what a forward pass costs (``result["cost"]``; rnncalc.cost
    itemises it)."""
    from rnncalc.model.spec import parse_spec
    from rnncalc.model.tensors import count

    from rnncalc.model.spec import selection

    given = _fields(spec, fields)
    names = selection(given.get("framework"))
    if len(names) > 1:
        from rnncalc.features.compare import compare

        if batch is not None or steps is not None:
            from rnncalc.errors import SpecError

            raise SpecError("steps", "a forward pass's cost is one framework's: name it with framework", steps or batch)
        rows = compare({k: v for k, v in given.items() if k != "framework"}, names)
        return Result(lambda: _json().comparison_dict(rows), lambda: _views().comparison_view(rows))
    parsed = parse_spec(given)
    result = count(parsed)
    found = None
    if batch is not None or steps is not None:
        from rnncalc.features.cost import cost

        found = cost(parsed, batch=batch, steps=steps)
    return Result(lambda: _json().count_dict(result, found),
                  lambda: _views().count_view(result, tensors=tensors, cost=found), tensors=tensors)


def _run(batch: int | None, steps: int | None, **flags: bool) -> Any:
    from rnncalc.model.flow import Run

    # Run refuses a flag that is not a bool.
    return Run(batch=batch, steps=steps, **{k: v for k, v in flags.items() if v is not False})


def shapes(spec: dict[str, Any] | Spec | None = None, /, *, batch: int | None = None, steps: int | None = None,
           batch_first: bool = False, unbatched: bool = False, return_sequences: bool = False,
           return_state: bool = False, time_major: bool = False, **fields: Any) -> Result:
    """What flows through the network: one time step, and what the layer call returns."""
    from rnncalc.model.flow import shapes as compute
    from rnncalc.model.spec import parse_spec

    run = _run(batch, steps, batch_first=batch_first, unbatched=unbatched, return_sequences=return_sequences,
               return_state=return_state, time_major=time_major)
    result = compute(parse_spec(_fields(spec, fields)), run)
    return Result(lambda: _json().shapes_dict(result), lambda: _views().shapes_view(result))


def explain(spec: dict[str, Any] | Spec | None = None, /, *, brief: bool = False, **fields: Any) -> Result:
    """Units, cells, layers and gates, and the count derived gate by gate. ``brief=True``: a page
    of the gate tables and the total only (the JSON is the same)."""
    from rnncalc.features.explain import explain as compute
    from rnncalc.model.spec import parse_spec

    result = compute(parse_spec(_fields(spec, fields)))
    return Result(lambda: _json().explanation_dict(result), lambda: _views().explanation_view(result, brief=brief))


def layout(spec: dict[str, Any] | Spec | None = None, /, **fields: Any) -> Result:
    """Where each gate sits in each tensor. ``framework="all"`` (or "keras,pytorch") lines them up."""
    from rnncalc.features.layout import layout as compute
    from rnncalc.features.layout import lineup
    from rnncalc.model.spec import parse_spec, selection

    given = _fields(spec, fields)
    names = selection(given.get("framework"))
    if len(names) > 1:
        up = lineup({k: v for k, v in given.items() if k != "framework"}, names)
        return Result(lambda: _json().lineup_dict(up), lambda: _views().lineup_view(up))
    result = compute(parse_spec(given))
    return Result(lambda: _json().layout_dict(result), lambda: _views().layout_view(result))


def port(spec: dict[str, Any] | Spec | None = None, /, *, to: str, **fields: Any) -> Result:
    """The recipe that moves trained weights from the spec's framework into ``to``;
    ``result.ok`` is False where no exact mapping exists (the reason is in ``result["reason"]``)."""
    from rnncalc.features.port import port as recipe
    from rnncalc.model.spec import framework_of

    from rnncalc.features.port import python

    result = recipe(_fields(spec, fields), framework_of({"framework": to}))
    return Result(lambda: _json().port_dict(result), lambda: _views().port_view(result), ok=result.found,
                  recipe=(lambda: python(result)) if result.found else None)


def diagram(spec: dict[str, Any] | Spec | None = None, /, *, batch: int | None = None, steps: int | None = None,
            batch_first: bool = False, unbatched: bool = False, return_sequences: bool = False,
            return_state: bool = False, time_major: bool = False, **fields: Any) -> Result:
    """The network unrolled in time, as a picture (``result["lines"]``)."""
    from rnncalc.features.diagram import diagram as draw
    from rnncalc.model.spec import parse_spec

    parsed = parse_spec(_fields(spec, fields))
    run = _run(batch, steps, batch_first=batch_first, unbatched=unbatched, return_sequences=return_sequences,
               return_state=return_state, time_major=time_major)
    lines = draw(parsed, run)  # JSON's lines have every detail; a page is drawn at its format's width
    return Result(lambda: _json().diagram_dict(parsed, lines),
                  lambda: _views().diagram_view(parsed, lambda width: lines if width is None else draw(parsed, run, width)),
                  rows=False, what="a picture")


def check(text: str, *, cut: bool = False, strict: bool = False) -> Result:
    """Check every summary pasted in ``text``; ``result.ok`` is False when a row or total is a
    mismatch (with ``strict``, also when one was not checked). SpecError when no summary can be read."""
    from rnncalc.features.check import check_text

    if isinstance(text, (bytes, bytearray)):
        from rnncalc.summaries import decode

        text = decode(bytes(text))
    if not isinstance(text, str):
        from rnncalc.errors import SpecError

        raise SpecError("text", "must be the pasted summary, as str or bytes", type(text).__name__)
    result = check_text(text, cut)
    return Result(lambda: _json().check_dict(result), lambda: _views().check_view(result),
                  ok=result.strict_ok if strict else result.ok)


def solve(spec: dict[str, Any] | Spec | None = None, /, *, params: int | str | None = None,
          max_params: int | str | None = None, units_range: tuple[int, int] | None = None, **fields: Any) -> Result:
    """Which units (or inp) give exactly ``params`` parameters, or fit within ``max_params``;
    leave the unknown out. Counts may be written "1M", "250k"."""
    from rnncalc.errors import SpecError
    from rnncalc.features.solve import answer, parse_amount, parse_range

    if units_range is not None:  # (low, high) or "LOW..HIGH", read as --units LOW..HIGH is
        pair = units_range if isinstance(units_range, (tuple, list)) else None
        if isinstance(units_range, str):
            units_range = parse_range("units_range", units_range)
        elif pair is not None and len(pair) == 2 and all(type(v) is int for v in pair):
            units_range = parse_range("units_range", f"{pair[0]}..{pair[1]}")
        else:
            raise SpecError("units_range", "must be a pair (low, high) of sizes, or 'LOW..HIGH'", units_range)
    if (params is None) == (max_params is None):
        raise SpecError("params", "give exactly one of params and max_params")
    target = parse_amount("params", str(params)) if params is not None else None
    limit = parse_amount("max_params", str(max_params)) if max_params is not None else None
    from rnncalc.model.spec import selection

    given = _fields(spec, fields)
    if len(selection(given.get("framework"))) > 1:
        raise SpecError("framework", "solve answers for one framework at a time", given["framework"])
    result = answer(given, target, limit, units_range)
    return Result(lambda: _json().answer_dict(result), lambda: _views().answer_view(result), ok=result.found)


def summary(spec: dict[str, Any] | Spec | None = None, /, *, style: str | None = None, batch: int | None = None,
            steps: int | None = None, line_length: int | None = None, columns: int | None = None,
            col_width: int | None = None, **fields: Any) -> Result:
    """What ``model.summary()`` (Keras 3 or 2) or torchinfo prints for the network (``str(result)``);
    ``line_length`` as Keras takes it, ``columns`` the terminal Keras 3 would see (default: this one),
    ``col_width`` as torchinfo's summary takes it."""
    from rnncalc.errors import SpecError
    from rnncalc.render.doc import Page, Verbatim
    from rnncalc.model.spec import parse_spec
    from rnncalc.summaries.writers import STYLES, own_style, write

    parsed = parse_spec(_fields(spec, fields))
    chosen = style or own_style(parsed.framework)
    if chosen is None:
        raise SpecError("style", f"name the summary to print ({', '.join(STYLES)}): {parsed.framework} prints none "
                        "of its own", parsed.framework)
    text = write(parsed, chosen, steps, batch, line_length=line_length, columns=columns, col_width=col_width)
    return Result(lambda: _json().summary_dict(parsed, chosen, text, batch, steps),
                  lambda: Page([Verbatim(tuple(text.rstrip("\n").split("\n")))]), rows=False, what="a picture")


def sweep(spec: dict[str, Any] | Spec | None = None, /, *, max_params: str | int | None = None,
          min_params: str | int | None = None, max_macs: str | int | None = None, max_flops: str | int | None = None,
          max_bytes: str | int | None = None, batch: str | int | None = None, steps: str | int | None = None,
          dtype: str | None = None, sort: str | None = None, directions: str | int | None = None,
          **fields: Any) -> Sweep:
    """Count every combination of lists and ranges of any spec fields, a row per point, as they are written.

    Each spec field takes one value, a list, or ranges as the command line writes them:
    cell="lstm,gru", inp="64..1024:x2" (doubling), units="8..64:+8" or "256/128" (a stack of two
    layers), bias="true,false", merge_mode="concat,sum", framework="all"; or a Python value (3,
    True, [3, 4], a list of values). ``max_params``/``min_params`` and the cost bounds
    ``max_macs``/``max_flops``/``max_bytes`` (rnncalc cost's count for ``batch`` sequences of
    ``steps`` steps in ``dtype``) leave out points outside them; ``sort`` names a column or a cost
    figure ("-total": descending), which holds every row first. ``stream.size`` is the number of
    points, counted before the first: at most sweeping.MAX_POINTS, and sweeping.MAX_LAYERS
    layers in all."""
    from rnncalc.features.sweep import sweep as run

    return run(_fields(spec, fields), max_params=max_params, min_params=min_params, max_macs=max_macs,
               max_flops=max_flops, max_bytes=max_bytes, batch=batch, steps=steps, dtype=dtype, sort=sort,
               directions=directions)


def cost(spec: dict[str, Any] | Spec | None = None, /, *, batch: int | None = None, steps: int | None = None,
         lengths: list[int] | tuple[int, ...] | str | None = None, batch_first: bool = False, dtype: str = "fp32",
         optimizer: str = "adam", compat: str | None = None, only: Sequence[str] | None = None,
         **fields: Any) -> Result:
    """MACs, FLOPs and bytes, itemised per layer, direction and step (``result["total"]``); with
    ``compat`` ("ptflops", "thop", "torchinfo", "torch", a comma-separated list, or "all"), the
    figure each tool prints for the same PyTorch module (``result["compat"][0]["value"]``).
    ``lengths`` is a packed batch. ``only`` (figure names: "macs", "flops", "bytes", ...) answers
    just those figures, flat (``result["macs"]``)."""
    from rnncalc.features.cost import cost as compute
    from rnncalc.model.spec import parse_spec

    result = compute(parse_spec(_fields(spec, fields)), batch=batch, steps=steps, lengths=lengths,
                     batch_first=batch_first, dtype=dtype, optimizer=optimizer, compat=compat)
    if only is None:
        return Result(lambda: _json().cost_dict(result), lambda: _views().cost_view(result))
    from rnncalc.errors import SpecError
    from rnncalc.features.cost import figures
    from rnncalc.features.figures import FIGURES

    keep = [only] if isinstance(only, str) else list(only) if isinstance(only, (list, tuple)) else None
    if not keep or any(not isinstance(k, str) or k not in FIGURES for k in keep):
        raise SpecError("only", "names figures of a cost: " + ", ".join(FIGURES), only)
    flat = figures(result)
    return Result(lambda: {k: flat[k] for k in keep}, None, rows=False)


def schema(name: str = "spec") -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a spec (``"spec"``, what ``--spec`` accepts) or of a
    command's JSON output (``"params"``, ``"sweep"``, ...; or a schema id such as
    ``"rnncalc.params/2"``), as a dict: what ``rnncalc schema NAME`` prints."""
    from rnncalc.errors import SpecError

    if not isinstance(name, str):
        raise SpecError("name", "is a schema's name, as a string: spec or a command", type(name).__name__)
    from rnncalc.render.schemas import schema as describe

    return describe(name)

"""Check a pasted summary by itself: recompute every recurrent row and the total.

For each recurrent row rnncalc infers what it can from the summary (units from the output
shape, the input width from the layer before or from "Connected to"), then tries the
framework's defaults first and the known causes of a different count after them: a GRU with
reset_after=False (TF1, Keras < 2.3), no bias, the CuDNN/PyTorch two-bias rule. The first
configuration that reproduces the printed count explains the row; if none does, the row is
wrong as printed, and the nearest explanation is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rnncalc import frameworks
from rnncalc.errors import SpecError
from rnncalc.solve import solve, total
from rnncalc.spec import parse_spec
from rnncalc.summary import Row, Summary, last_dim
from rnncalc.tensors import count

if TYPE_CHECKING:
    from rnncalc.frameworks.base import Convention, Reading

__all__ = ["Report", "Verdict", "check"]


@dataclass(frozen=True)
class Verdict:
    row: Row
    ok: bool | None  # None: the summary prints no count to compare (a PyTorch print)
    computed: int | None
    formula: str
    fields: dict[str, Any] | None  # a spec that reproduces the row, for `rnncalc params --spec`
    note: str
    #: Other specs that reproduce the count too: where the summary leaves the input width or a
    #: Bidirectional's cell unsaid, one count can have several readings, and all are listed.
    alternatives: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Report:
    summary: Summary
    verdicts: tuple[Verdict, ...]
    rows_sum: int | None
    total_ok: bool | None

    @property
    def ok(self) -> bool:
        return all(v.ok is not False for v in self.verdicts) and self.total_ok is not False


def _count(fields: dict[str, Any]) -> int | None:
    try:
        return total(fields)
    except SpecError:
        return None


def _contrast(convention: Convention, fields: dict[str, Any]) -> str:
    """The classic 'why not the other number', in the row's framework's words."""
    for sentence, other in convention.contrasts(fields):
        n = _count(other)
        if n is not None:
            return sentence.format(count=n)
    return ""


def _shape(fields: dict[str, Any]) -> tuple[Any, ...]:
    """What a reading says about the layer's geometry; two readings alike in it are one reading
    (a Keras GRU with reset_after and a CuDNNGRU have the same weights and the same count)."""
    return (fields["cell"], fields["units"], fields["inp"], fields.get("layers", 1), fields.get("bidirectional", False))


def _verdict(row: Row, tries: list[tuple[Convention, Reading]], inp: int | None) -> Verdict:
    printed = row.params
    matches: list[tuple[Convention, Reading, dict[str, Any]]] = []
    for convention, attempt in tries:
        fields = dict(attempt.fields)
        if inp is None:
            try:
                solution = solve(fields, "inp", printed) if printed else None
            except SpecError:  # a reading this framework cannot build
                continue
            if not solution or solution.value is None:
                continue
            fields["inp"] = solution.value
        else:
            fields["inp"] = inp
        if _count(fields) == printed and all(_shape(fields) != _shape(f) for _, _, f in matches):
            matches.append((convention, attempt, fields))
    if matches:
        convention, attempt, fields = matches[0]
        spec = parse_spec(fields)
        reading = convention.describe(fields)
        notes = [attempt.why, reading if (inp is None or row.kind == "Bidirectional" or len(matches) > 1) else ""]
        if inp is None:
            notes.append("the summary does not show the input width, so it is solved from the count")
        if len(matches) > 1:
            others = [c.describe(f) for c, _, f in matches[1:]]
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            notes.append("also consistent with " + "; ".join(others[:3]) + more)
        if inp is not None:
            notes.append(_contrast(convention, fields))
        return Verdict(row, True, printed, count(spec).formula, spec.model_dump(mode="json"),
                       "; ".join(filter(None, notes)),
                       tuple(parse_spec(f).model_dump(mode="json") for _, _, f in matches[1:]))
    # Nothing reproduces the count: show the default, and what would explain the difference.
    if not tries:
        return _unreadable(row)
    if inp is not None:
        first = tries[0][1].fields
        default = {**first, "inp": inp}
        solution = solve(first, "inp", printed) if printed else None
        hint = (f"the count fits {solution.value} input features, but the layer before outputs {inp}"
                if solution and solution.value is not None else "no cell, bias rule or input width gives it")
        computed = _count(default)
        formula = count(parse_spec(default)).formula if computed is not None else ""
        return Verdict(row, False, computed, formula, None, hint)
    return Verdict(row, False, None, "", None, "no integer input width gives this count for any known rule")


def _unreadable(row: Row) -> Verdict:
    return Verdict(row, False, None, "", None, f"cannot read units from the output shape {row.shape!r}")


def _computed(row: Row, reading: Reading) -> Verdict:
    """A row that states its whole configuration and no count (a printed module): count it."""
    spec = parse_spec(reading.fields)
    c = count(spec)
    return Verdict(row, None, c.total, c.formula, spec.model_dump(mode="json"), reading.why)


def _input_width(row: Row, previous: Row | None, widths: dict[str, int | None]) -> int | None:
    if row.args.get("input_shape"):
        return last_dim(str(row.args["input_shape"]))
    if row.connected:
        return widths.get(row.connected[0])
    return last_dim(previous.shape) if previous is not None else None


def check(summary: Summary) -> Report:
    """Recompute every recurrent row of ``summary`` and its total."""
    conventions = sorted((c for c in frameworks.all_conventions() if summary.format in c.summary_formats),
                         key=lambda c: c.reading_rank)
    verdicts, widths, previous = [], {}, None
    for row in summary.rows:
        readings = [(c, r) for c in conventions for r in c.readings(row)]
        if readings and row.params is None and "inp" in readings[0][1].fields:
            verdicts.append(_computed(row, readings[0][1]))
            continue
        if row.recurrent and row.params is not None:
            inp = _input_width(row, previous, widths)
            verdict = _verdict(row, readings, inp)
            if not verdict.ok and inp is not None and summary.format == "torchinfo":
                # torchinfo's row above may be a sibling, not the input: solve the width instead.
                verdict = _verdict(row, readings, None)
            verdicts.append(verdict)
        widths[row.name] = last_dim(row.shape)
        if summary.format != "torchinfo" or row.depth > 0:  # torchinfo's depth-0 row is the whole model
            previous = row
    printed = [row.params for row in summary.rows if row.params is not None]
    rows_sum = sum(printed) if printed and summary.format != "torch_print" else None
    total_ok = None if summary.total is None or rows_sum is None else summary.total == rows_sum
    return Report(summary, tuple(verdicts), rows_sum, total_ok)

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
from typing import Any

from rnncalc.errors import SpecError
from rnncalc.solve import solve, total
from rnncalc.spec import parse_spec
from rnncalc.summary import Row, Summary, last_dim, shapes_in
from rnncalc.tensors import count

__all__ = ["Report", "Verdict", "check"]

_CELL = {"LSTM": "lstm", "CuDNNLSTM": "lstm", "GRU": "gru", "CuDNNGRU": "gru", "SimpleRNN": "rnn", "RNN": "rnn"}


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


@dataclass(frozen=True)
class _Try:
    fields: dict[str, Any]
    why: str  # "" for the framework's default; otherwise the cause this configuration stands for


def _count(fields: dict[str, Any]) -> int | None:
    try:
        return total(fields)
    except SpecError:
        return None


def _keras_tries(row: Row) -> list[_Try]:
    shapes = shapes_in(row.shape)
    if not shapes or shapes[0][-1] is None:
        return []
    last = shapes[0][-1]
    if row.kind == "Bidirectional":
        # Keras does not print what Bidirectional wraps: try each cell, and each merge the width allows.
        merges = ([(last // 2, "concat")] if last % 2 == 0 else []) + [(last, "sum")]
        bases = [dict(cell=c, units=u, bidirectional=True, merge_mode=m) for c in ("lstm", "gru", "rnn")
                 for u, m in merges]
    else:
        bases = [dict(cell=_CELL[row.kind], units=last)]
    tries = []
    for base in bases:
        cudnn = row.kind.startswith("CuDNN")
        default = {**base, "framework": "pytorch" if cudnn else "keras"}
        tries.append(_Try(default, ""))
        if base["cell"] == "gru" and not cudnn:
            tries.append(_Try({**default, "reset_after": False},
                              "reset_after=False: the GRU of TF1 and Keras < 2.3, one bias per gate"))
        tries.append(_Try({**default, "bias": False}, "use_bias=False: no bias vectors"))
        if not cudnn and base.get("merge_mode", "concat") == "concat":
            # A row's own count does not depend on the merge; PyTorch's convention only concatenates.
            tries.append(_Try({**base, "framework": "pytorch"},
                              "two bias vectors per gate: a CuDNNLSTM/CuDNNGRU layer (TF1) or PyTorch's rule"))
    return tries


def _torch_tries(row: Row) -> list[_Try]:
    width = last_dim(row.shape)
    if width is None:
        return []
    tries = []
    for directions in (1, 2):
        if width % directions:
            continue
        for layers in range(1, 5):
            for bias in (True, False):
                # torchinfo prints neither num_layers, bidirectional nor bias: every reading is a guess
                # of equal standing, described by the reading itself.
                tries.append(_Try(dict(cell=_CELL[row.kind], units=width // directions, layers=layers,
                                       bidirectional=directions == 2, bias=bias, framework="pytorch"), ""))
    return tries


def _alternative(fields: dict[str, Any]) -> str:
    """The classic 'why not the other number': the count under the rule people expect instead."""
    if fields.get("framework") == "keras" and fields["cell"] == "gru" and fields.get("bias", True):
        other = {**fields, "reset_after": not fields.get("reset_after", True)}
        era = "TF1 / Keras < 2.3" if fields.get("reset_after", True) else "Keras ≥ 2.3 and 3"
        return f"with reset_after={other['reset_after']} ({era}) it would be {_count(other):,}"
    if fields.get("framework") == "keras" and fields.get("bias", True):
        return f"PyTorch would count {_count({**fields, 'framework': 'pytorch'}):,}: two biases per gate"
    return ""


def _shape(fields: dict[str, Any]) -> tuple[Any, ...]:
    """What a reading says about the layer's geometry; two readings alike in it are one reading
    (a Keras GRU with reset_after and a CuDNNGRU have the same weights and the same count)."""
    return (fields["cell"], fields["units"], fields["inp"], fields.get("layers", 1), fields.get("bidirectional", False))


def _short(fields: dict[str, Any], keras: bool) -> str:
    """One reading of a row in a few words: 'bidirectional GRU(16, reset_after=False) on 7 features'."""
    name = {"lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN" if keras else "RNN"}[fields["cell"]]
    options = [f"{fields['layers']} layers"] if fields.get("layers", 1) > 1 else []
    if fields["cell"] == "gru" and fields.get("reset_after") is False:
        options.append("reset_after=False")
    if fields.get("bias") is False:
        options.append("no bias")
    if keras and fields.get("framework") == "pytorch":
        options.append("CuDNN biases")
    if keras and fields.get("bidirectional"):
        options.append(f"merge {fields['merge_mode']}")
    inner = ", ".join([str(fields["units"]), *options])
    features = "feature" if fields["inp"] == 1 else "features"
    return f"{'bidirectional ' if fields.get('bidirectional') else ''}{name}({inner}) on {fields['inp']} {features}"


def _verdict(row: Row, tries: list[_Try], inp: int | None, keras: bool) -> Verdict:
    printed = row.params
    matches: list[tuple[_Try, dict[str, Any]]] = []
    for attempt in tries:
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
        if _count(fields) == printed and all(_shape(fields) != _shape(f) for _, f in matches):
            matches.append((attempt, fields))
    if matches:
        attempt, fields = matches[0]
        spec = parse_spec(fields)
        reading = _short(fields, keras)
        notes = [attempt.why, reading if (inp is None or row.kind == "Bidirectional" or len(matches) > 1) else ""]
        if inp is None:
            notes.append("the summary does not show the input width, so it is solved from the count")
        if len(matches) > 1:
            others = [_short(f, keras) for _, f in matches[1:]]
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            notes.append("also consistent with " + "; ".join(others[:3]) + more)
        if inp is not None:
            notes.append(_alternative(fields))
        return Verdict(row, True, printed, count(spec).formula, spec.model_dump(mode="json"),
                       "; ".join(filter(None, notes)),
                       tuple(parse_spec(f).model_dump(mode="json") for _, f in matches[1:]))
    # Nothing reproduces the count: show the default, and what would explain the difference.
    if not tries:
        return Verdict(row, False, None, "", None, f"cannot read units from the output shape {row.shape!r}")
    if inp is not None:
        default = {**tries[0].fields, "inp": inp}
        solution = solve(tries[0].fields, "inp", printed) if printed else None
        hint = (f"the count fits {solution.value} input features, but the layer before outputs {inp}"
                if solution and solution.value is not None else "no cell, bias rule or input width gives it")
        computed = _count(default)
        formula = count(parse_spec(default)).formula if computed is not None else ""
        return Verdict(row, False, computed, formula, None, hint)
    return Verdict(row, False, None, "", None, "no integer input width gives this count for any known rule")


def _pytorch_verdict(row: Row) -> Verdict:
    a = row.args
    fields = dict(cell=_CELL[row.kind], inp=a["input_size"], units=a["hidden_size"], layers=a.get("num_layers", 1),
                  bias=a.get("bias", True), bidirectional=a.get("bidirectional", False), framework="pytorch")
    if a.get("proj_size"):
        fields["proj"] = a["proj_size"]
    spec = parse_spec(fields)
    c = count(spec)
    return Verdict(row, None, c.total, c.formula, spec.model_dump(mode="json"), "computed from the constructor")


def _input_width(row: Row, previous: Row | None, widths: dict[str, int | None]) -> int | None:
    if row.args.get("input_shape"):
        return last_dim(str(row.args["input_shape"]))
    if row.connected:
        return widths.get(row.connected[0])
    return last_dim(previous.shape) if previous is not None else None


def check(summary: Summary) -> Report:
    """Recompute every recurrent row of ``summary`` and its total."""
    verdicts, widths, previous = [], {}, None
    for row in summary.rows:
        if summary.format == "pytorch":
            verdicts.append(_pytorch_verdict(row))
            continue
        if row.recurrent and row.params is not None:
            inp = _input_width(row, previous, widths)
            if summary.format == "torchinfo":
                verdict = _verdict(row, _torch_tries(row), inp, keras=False)
                if not verdict.ok and inp is not None:  # the row above may be a sibling, not the input
                    verdict = _verdict(row, _torch_tries(row), None, keras=False)
            else:
                verdict = _verdict(row, _keras_tries(row), inp, keras=True)
            verdicts.append(verdict)
        widths[row.name] = last_dim(row.shape)
        if summary.format != "torchinfo" or row.depth > 0:  # torchinfo's depth-0 row is the whole model
            previous = row
    printed = [row.params for row in summary.rows if row.params is not None]
    rows_sum = sum(printed) if printed and summary.format != "pytorch" else None
    total_ok = None if summary.total is None or rows_sum is None else summary.total == rows_sum
    return Report(summary, tuple(verdicts), rows_sum, total_ok)

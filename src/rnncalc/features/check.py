"""Check a pasted summary by itself: every row, every footer total.

A row is *pinned* (✓) when exactly one configuration the framework can build reproduces its
count from what the summary shows; *consistent* when several do (all are listed, the printing
version's defaults first, with the one fact that would decide); a *mismatch* (✗) when none
does; *not checked* when rnncalc has no rule for the layer or the row prints no count.

The readings of a recurrent row come from the framework conventions that print the summary's
format (frameworks/*.py: ``readings``); check fills in what the summary does not show (the
input width, a stack's depth, the units behind a projection) by solving the count, which is
linear in each of them for a fixed rest, so the search is arithmetic, then confirms every
answer with a real count.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, cast

from rnncalc import frameworks
from rnncalc.features import _layers as layers
from rnncalc.errors import SpecError
from rnncalc.model.spec import MAX_LAYERS, parse_spec
from rnncalc.summaries import Paste, Row, Summary, last_dim, shapes_in
from rnncalc.model.tensors import count, inventory, law, sizes_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rnncalc.frameworks.base import Convention, Reading
    from rnncalc.frameworks.base import Row as ConventionRow
    from rnncalc.summaries.rows import Size

__all__ = ["Check", "Checker", "Fit", "Report", "Status", "Total", "Verdict", "check", "check_text"]

class Status(StrEnum):
    """A row's or a total's verdict; its value is what JSON and the table say."""

    PINNED = "pinned"  # exactly one configuration reproduces the count
    CONSISTENT = "consistent"  # several do
    MISMATCH = "mismatch"  # none does
    NOT_CHECKED = "not checked"  # no rule, no count, or nothing to hold it against


STATUSES = tuple(Status)
#: Readings kept per row (the table shows the first few); more are counted, not kept.
LISTED = 1000
#: With the input width unknown, the search for readings with a different backward layer stops beyond this many.
_FEW_MIXED = 3
#: How far check searches the units behind a projection.
_UNITS_SEARCH = 4096


@dataclass(frozen=True)
class Fit:
    """One configuration that reproduces a row's count."""

    reading: str  # as the framework's user would write it: "GRU(32, reset_after=False) on 10 features"
    formula: str
    count: int
    spec: dict[str, Any] | None = None  # recurrent rows: a spec for `rnncalc params --spec`
    why: str = ""  # the cause it stands for, if not the defaults


@dataclass(frozen=True)
class Verdict:
    row: Row
    status: Status
    computed: int | None  # the count rnncalc gets for the first reading (or the default, on a mismatch)
    fits: tuple[Fit, ...]
    more: int = 0  # readings found beyond those listed
    decides: str = ""  # the fact that would decide between the readings
    note: str = ""
    same_as: int | None = None  # the line of an earlier row with the same verdict (its readings are there)

    @property
    def ok(self) -> bool | None:
        return {Status.PINNED: True, Status.CONSISTENT: True, Status.MISMATCH: False}.get(self.status)


@dataclass(frozen=True)
class Total:
    """A footer line held against the rows: Total, Trainable, Non-trainable params."""

    label: str
    line: int | None
    printed: int | None
    computed: int | None
    status: Status
    note: str = ""


@dataclass(frozen=True)
class Report:
    summary: Summary
    verdicts: tuple[Verdict, ...]
    totals: tuple[Total, ...]

    @property
    def tally(self) -> dict[Status, int]:
        """How many rows and footer lines have each status (a total the paste does not print is no claim)."""
        found = dict.fromkeys(STATUSES, 0)
        for status in [v.status for v in self.verdicts] + [t.status for t in self.totals if t.printed is not None
                                                                     or t.status != Status.NOT_CHECKED]:
            found[status] += 1
        return found

    @property
    def status(self) -> Status:
        """Pinned only when every row and every printed total is; a mismatch anywhere is one;
        not checked when nothing was; else consistent (some rows have several readings or none)."""
        tally = self.tally
        if tally[Status.MISMATCH]:
            return Status.MISMATCH
        if not tally[Status.PINNED] and not tally[Status.CONSISTENT]:
            return Status.NOT_CHECKED
        return Status.PINNED if not tally[Status.CONSISTENT] and not tally[Status.NOT_CHECKED] else Status.CONSISTENT

    @property
    def ok(self) -> bool:
        return self.status != Status.MISMATCH

    @property
    def unchecked(self) -> int:
        """Rows and printed totals not checked: --strict fails the run on any."""
        return self.tally[Status.NOT_CHECKED]


@dataclass(frozen=True)
class Check:
    """Every summary of one paste."""

    reports: tuple[Report, ...]
    cut: bool = False  # the input was longer than summaries.MAX_BYTES and was read up to there

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.reports)

    @property
    def strict_ok(self) -> bool:
        """No mismatch and nothing left unchecked (``check --strict``, for CI)."""
        return self.ok and not any(r.unchecked for r in self.reports)

    @property
    def status(self) -> Status:
        found = {r.status for r in self.reports}
        if Status.MISMATCH in found:
            return Status.MISMATCH
        if found == {Status.PINNED}:
            return Status.PINNED
        return Status.CONSISTENT if found - {Status.NOT_CHECKED} else Status.NOT_CHECKED


#: Work one paste may take, in layers counted (20–60 µs each): a real summary of a thousand rows
#: needs a few thousand; a paste of tens of thousands of distinct rows gets the rest marked not
#: checked, so any input is answered in a few seconds.
BUDGET = 40_000


class _Spent(Exception):
    """The paste's counting budget is spent."""


#: What working out one new row costs besides its counts (readings, formulas, notes), in the same units.
_ROW_COST = 4




def _key(fields: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in fields.items()))






@dataclass(frozen=True)
class _Curve:
    """A count read off its structure's law (tensors.law): ``fixed(u) + inp · per_inp(u) +
    (depth - 1) · per_layer(u)`` at units u, each part a polynomial in u by its powers. A size
    the law was not asked to leave open is already in the numbers."""

    fixed: dict[int, int]
    per_inp: dict[int, int]
    per_layer: dict[int, int]

    @staticmethod
    def _at(p: dict[int, int], u: int) -> int:
        return sum(c * u**power for power, c in p.items())

    def at(self, u: int) -> tuple[int, int, int]:
        return self._at(self.fixed, u), self._at(self.per_inp, u), self._at(self.per_layer, u)


def _by_power(collapsed: dict[tuple[str, ...], int], with_inp: bool) -> dict[int, int] | None:
    """The terms of a collapsed law (Law.collapsed: keys are the open sizes multiplied) with or
    without one factor inp, by their power of the units; None if inp comes squared."""
    out: dict[int, int] = {}
    for names, c in collapsed.items():
        if names.count("inp") > 1:
            return None
        if ("inp" in names) == with_inp:
            power = names.count("units")
            out[power] = out.get(power, 0) + c
    return out


def _describe(convention: Convention, fields: dict[str, Any]) -> str:
    text = convention.describe({"layers": 1, **fields})
    # Only tf.keras 2's PeepholeLSTMCell is read with peepholes (frameworks/tf1.py readings): its words.
    return text.replace("LSTMCell(", "PeepholeLSTMCell(", 1) if fields.get("peepholes") else text


_FACTS = (
    ("inp", "the input width (the layer before it, or the model's input shape)"),
    ("framework", "the layer's class (a CuDNN layer or not)"),
    ("cell", "which layer Bidirectional or RNN wraps"),
    ("bidirectional", "whether it runs in both directions"),
    ("merge_mode", "the Bidirectional merge_mode"),
    ("layers", "the number of stacked layers"),
    ("units", "the hidden size behind the projection"),
    ("proj", "whether the output is projected (proj_size)"),
    ("bias", "whether the layer has biases"),
    ("reset_after", "the GRU's reset_after"),
)


def _decides(specs: list[dict[str, Any]]) -> str:
    for key, fact in _FACTS:
        if len({json.dumps(s.get(key)) for s in specs}) > 1:
            return fact
    return ""












def layers_fit(fit: layers.Fit) -> Fit:
    return Fit(fit.reading, fit.formula, fit.count)


#: Layers with a handful of weights whose class name custom layers often take: keras.layers.Attention
#: has scale and concat_score_weight at most (keras/src/layers/attention/attention.py build), so a
#: row of 1,280 "Attention" weights is a user's own attention pooling, not a wrong count.
_AT_MOST = {"Attention": 2}
#: Layers whose count needs their input width (or vocabulary): without it, the nearest width stands for the default.
_SIZED_BY_INPUT = frozenset({"Dense", "Linear", "TimeDistributed", "Embedding"})


def _other(row: Row, summary: Summary, inp: int | None) -> Verdict:
    printed = row.params
    if printed is None:
        return Verdict(row, Status.NOT_CHECKED, None, (), note=row.problem or "the row prints no count")
    shapes = shapes_in(row.shape)
    first = shapes[0] if shapes else []
    out = first[-1] if first else None
    channels = first[1] if len(first) > 2 else None
    if row.kind in layers.CHANNELS_FIRST and row.input_shape:
        given = shapes_in(row.input_shape)
        inp = given[0][1] if given and len(given[0]) > 2 else None
    if printed > _AT_MOST.get(row.kind, printed):
        return Verdict(row, Status.NOT_CHECKED, None, (), note=f"Keras's {row.kind} has at most "
                       f"{_AT_MOST[row.kind]} weights: a layer of {printed:,} is a custom class of that name")
    found = layers.fits(row.kind, printed, layers.Shown(out, channels, inp))
    if out is None and inp and row.kind in _SIZED_BY_INPUT and row.kind != "Embedding":
        # No output shown but the input is: a Dense's units from its count, inp · out (+ out).
        outs = sorted({n // d for d in (inp + 1, inp) if (n := printed) % d == 0 and n // d})
        found = [f for o in outs for f in layers.fits(row.kind, printed, layers.Shown(o, None, inp)) or []]
    if found is None:
        return Verdict(row, Status.NOT_CHECKED, None, (), note=f"rnncalc has no counting rule for {row.kind or 'this layer'}")
    if not found and out is None:
        return Verdict(row, Status.NOT_CHECKED, None, (), note="the table shows no output shape: its width is unknown")
    if not found:
        what = f" on {inp} features" if inp is not None else ""
        note = f"no {row.kind}{what} with output {row.shape} has this count"
        near = layers.expected(row.kind, printed, layers.Shown(out, channels, inp))
        if not near:
            return Verdict(row, Status.MISMATCH, None, (), note=note)
        # The count rnncalc works out: the defaults' where the row shows every size, else the nearest.
        default = near[0] if inp is not None or row.kind not in _SIZED_BY_INPUT else \
            min(near, key=lambda f: abs(f.count - printed))
        nearest = min(near, key=lambda f: abs(f.count - printed))
        return Verdict(row, Status.MISMATCH, default.count, (layers_fit(default),),
                       note=f"{note}; the nearest count it can have is {nearest.count:,}, {nearest.reading}")
    status = Status.PINNED if len(found) == 1 else Status.CONSISTENT
    decides = "the input width (the layer before it)" if status == Status.CONSISTENT and inp is None else ""
    return Verdict(row, status, found[0].count, tuple(layers_fit(f) for f in found), decides=decides)


def _parent(row: Row, rows: tuple[Row, ...], k: int) -> Verdict:
    """A torchinfo row that prints "--" because its children carry its weights: its count is
    theirs, known when every child was checked."""
    total = _subtree(rows, k)
    if total is not None:
        children = _children(rows, k)
        return Verdict(row, Status.PINNED, total, (Fit(f"{row.kind} of {len(children)} modules", "the sum of its rows",
                                                  total),), note="torchinfo prints its count on its children")
    return Verdict(row, Status.NOT_CHECKED, None, (), note="torchinfo prints no count of its own here (its "
                   "children carry it)")


def _subtree(rows: tuple[Row, ...], k: int) -> int | None:
    """The weights under a torchinfo row that prints "--": its children's, a child that prints "--" in
    turn counting its own children; None when one of them cannot be read. A "(recursive)" child adds
    nothing: its weights are counted at its first row (summaries/torchinfo.py)."""
    total, found = 0, False
    for j in range(k + 1, len(rows)):
        row = rows[j]
        if row.depth <= rows[k].depth:
            break
        if row.depth != rows[k].depth + 1:
            continue
        found = True
        if row.params is not None:
            total += row.params
        elif j + 1 < len(rows) and rows[j + 1].depth > row.depth:
            inner = _subtree(rows, j)
            if inner is None:
                return None
            total += inner
        elif not (row.kind in layers.FREE or row.problem.startswith("(recursive)")):
            return None
    return total if found else None


def _children(rows: tuple[Row, ...], k: int) -> list[Row]:
    """The rows nested directly under ``rows[k]`` (Keras expand_nested)."""
    depth, found = rows[k].depth, []
    for row in rows[k + 1:]:
        if row.depth <= depth:
            break
        if row.depth == depth + 1:
            found.append(row)
    return found


def _container(row: Row, children: list[Row]) -> Verdict:
    if not children:
        return Verdict(row, Status.NOT_CHECKED, None, (), note="a nested model: print it with expand_nested=True to "
                       "check its layers")
    total = sum(c.params or 0 for c in children)
    status = Status.PINNED if total == row.params else Status.MISMATCH
    return Verdict(row, status, total, (Fit(f"{row.kind} of {len(children)} layers", "the sum of its rows", total),),
                   note="" if status == Status.PINNED else "its nested rows add up to another count")


#: Layers whose output is as wide as their input: a row of one tells the width of the row feeding it.
_SAME_WIDTH = frozenset({"Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "Activation",
                         "ReLU", "LeakyReLU", "ELU", "Softmax", "Masking", "BatchNormalization", "LayerNormalization",
                         "Tanh", "Sigmoid", "GELU", "Identity", "LayerNorm"})


def _outputs(summary: Summary) -> list[int | None]:
    """The output width of each row whose shape the table does not show (torchinfo printed with
    only Input Shape and Param #; Keras's "multiple"), where the row it feeds tells it: torchinfo's
    next row's Input Shape (the next module called, unless it is nested inside this one); in
    Keras, the next row fed by it, if that layer keeps the width (Dropout, normalization)."""
    rows = summary.rows
    out: list[int | None] = []
    for k, row in enumerate(rows):
        width: int | None = None
        after = rows[k + 1] if k + 1 < len(rows) else None
        if after is not None and row.params is not None and last_dim(row.shape) is None:
            if summary.format.call_order:
                width = last_dim(after.input_shape) if after.depth <= row.depth else None
            elif after.depth == row.depth and after.kind in _SAME_WIDTH and (not after.connected or row.name in
                                                                              after.connected[:1]):
                width = last_dim(after.shape)
        out.append(width)
    return out


def _widths(summary: Summary) -> list[int | None]:
    """The input width of every row, where the summary tells it: Keras's "Connected to", the
    row before (or, for a model's first nested row, what fed the model), torchinfo's Input Shape."""
    rows = summary.rows
    by_name: dict[str, int | None] = {}
    widths: list[int | None] = []
    for k, row in enumerate(rows):
        width: int | None = None
        if row.input_shape:
            width = last_dim(row.input_shape)
        elif summary.format.call_order:
            width = None  # rows are in call order, not wiring: the row above is a hint, not the input
        elif row.connected:
            width = by_name.get(row.connected[0])
        else:
            before = next((j for j in range(k - 1, -1, -1) if rows[j].depth <= row.depth), None)
            if before is not None:
                width = widths[before] if rows[before].depth < row.depth else last_dim(rows[before].shape)
        widths.append(width)
        by_name[row.name] = last_dim(row.shape)
    return widths






_CONTAINERS = frozenset({"Sequential", "Functional", "Model"})


def _totals(summary: Summary, verdicts: list[Verdict]) -> tuple[Total, ...]:
    if summary.format.constructors:
        counts = [v.computed for v in verdicts]
        computed = sum(c for c in counts if c is not None) if None not in counts else None
        status = Status.NOT_CHECKED if computed is None or summary.total is None else (
            Status.PINNED if summary.total == computed else Status.MISMATCH)
        note = "the sum of the counted modules" if computed is not None else "some modules have no counting rule"
        if "total" in summary.approximate and summary.total is not None:
            status, note = _approximate(summary.total, computed, note)
        elif summary.total is None:
            note += " (the paste prints no total)"
        return (Total("Total params", summary.total_line, summary.total, computed, status, note),)
    rows = summary.model_rows
    printed = [r.params for r in rows if r.params is not None]
    if not printed:
        return ()
    rows_sum = sum(printed)
    totals = []
    optimizer = summary.optimizer or 0
    if summary.total is not None:
        status = Status.PINNED if summary.total == rows_sum + optimizer else Status.MISMATCH
        note = "the sum of the rows" + (" and the optimizer's variables" if optimizer else "")
        if rows_sum + optimizer < summary.total and status == Status.MISMATCH:
            # Printed with layer_range, or a paste that lost rows: the rows are part of the model.
            status, note = Status.CONSISTENT, "the rows add up to less: a part of the model (layer_range) or rows missing"
        if "total" in summary.approximate:
            status, note = _approximate(summary.total, rows_sum + optimizer, note)
        totals.append(Total("Total params", summary.total_line, summary.total, rows_sum + optimizer, status, note))
    if summary.trainable is not None and summary.non_trainable is not None and summary.total is not None:
        parts = summary.trainable + summary.non_trainable + optimizer
        status = Status.PINNED if parts == summary.total else Status.MISMATCH
        totals.append(Total("Trainable + Non-trainable" + (" + Optimizer" if optimizer else ""), None, parts,
                            summary.total, status, "the footer adds up to Total params"))
    totals.extend(_sizes(summary))
    if summary.non_trainable is not None:
        frozen = _non_trainable(summary, verdicts)
        if frozen is not None:
            status = Status.PINNED if frozen == summary.non_trainable else Status.MISMATCH
            note = "frozen layers and normalization statistics"
            shown = any(r.trainable for r in summary.rows)  # show_trainable=True prints which layers are frozen
            if status == Status.MISMATCH and not shown and frozen < summary.non_trainable <= rows_sum:
                # Without show_trainable a frozen layer (Embedding(..., trainable=False)) looks like any
                # other: more frozen than the statistics is a layer frozen, not a wrong footer.
                whole = [r.name for r in rows if r.params and r.params == summary.non_trainable - frozen]
                status = Status.CONSISTENT
                note = ("layers frozen: " + (f"{whole[0]} (trainable=False) would give it" if whole else
                        "the summary does not show which (print it with show_trainable=True)"))
            totals.append(Total("Non-trainable params", None, summary.non_trainable, frozen, status, note))
    return tuple(totals)


#: Bytes per parameter: float32 first (what every summary assumes), then the dtypes that explain other sizes.
_DTYPES = (("float32", 4), ("float16 or bfloat16", 2), ("float64", 8), ("int8", 1))
_SIZE_LABELS = {"total": "Total params", "trainable": "Trainable params", "non_trainable": "Non-trainable params",
                "optimizer": "Optimizer params", "params": "Params size (MB)"}


def _sizes(summary: Summary) -> list[Total]:
    """Each printed byte size held against its count: Keras 3's '(… KB)' is the count × 4 bytes
    for float32 (weight_memory_size), torchinfo's 'Params size (MB)' the same over 10**6; within
    the printed rounding. Another dtype's size is consistent, with the dtype named; none, a mismatch.
    torchinfo's Estimated Total Size is the sum of its three sizes."""
    counts = {"total": summary.total, "trainable": summary.trainable, "non_trainable": summary.non_trainable,
              "optimizer": summary.optimizer, "params": summary.total}
    out: list[Total] = []
    printed = {s.key: s for s in summary.sizes}
    for size in summary.sizes:
        n = counts.get(size.key)
        if size.key not in _SIZE_LABELS or n is None:
            continue
        label = _SIZE_LABELS[size.key] + ("" if size.key == "params" else " size")
        fits = [name for name, b in _DTYPES if abs(n * b - size.amount) <= size.rounding * 1.0001]
        # Keras prints KB/MB of 1024 (readable_memory_size); torchinfo's Params size is in powers of 1000
        # (model_statistics.py), so its note gives bytes, not a 1024-based figure it never printed.
        shown = (f"{size.amount:,.0f} bytes" + (f" (±{size.rounding:,.0f})" if size.rounding else "")
                 if size.key == "params" else _bytes(size.amount))
        own = _parents_own(summary) if size.key == "params" else 0
        if not fits and size.key == "params" and abs(n * 4 * 1e6 / 1024**2 - size.amount) <= size.rounding * 1.0001:
            # torchinfo (torch-summary) before 3d3b887, January 2021: to_bytes was num * 4 / (1024 ** 2).
            out.append(Total(label, size.line, None, n * 4, Status.PINNED,
                             f"{n:,} parameters × 4 bytes (float32) over 1024², as torch-summary and torchinfo "
                             "wrote 'MB' before January 2021"))
            continue
        if not fits and own and abs((n - own) * 4 - size.amount) <= size.rounding * 1.0001:
            # torchinfo 1.8's ModelStatistics adds param_bytes of leaf layers only, while its Total params
            # takes each parent's leftover_params too (fixed after 1.8.0: TylerYep/torchinfo#366).
            out.append(Total(label, size.line, None, (n - own) * 4, Status.PINNED,
                             f"{shown}: {n - own:,} parameters × 4 bytes (float32); torchinfo before #366 (1.8.0 "
                             f"included) leaves out the {own:,} its parent rows hold themselves"))
            continue
        if fits and fits[0] == "float32":
            out.append(Total(label, size.line, None, n * 4, Status.PINNED, f"{shown}: {n:,} parameters × 4 bytes (float32)"))
        elif fits:
            out.append(Total(label, size.line, None, n * 4, Status.CONSISTENT,
                             f"{shown} is {n:,} parameters in {fits[0]}, not float32"))
        else:
            out.append(Total(label, size.line, None, n * 4, Status.MISMATCH,
                             f"{shown} is no dtype's size for {n:,} parameters (float32: {_bytes(n * 4)})"))
    parts = [printed.get(k) for k in ("input", "forward", "params")]
    whole = printed.get("estimated")
    if whole is not None and all(parts):
        total = sum(p.amount for p in parts if p)
        slack = sum(p.rounding for p in parts if p) + whole.rounding
        status = Status.PINNED if abs(total - whole.amount) <= slack * 1.0001 else Status.MISMATCH
        out.append(Total("Estimated Total Size", whole.line, None, None, status,
                         "input, forward/backward pass and params sizes add up to it" if status == Status.PINNED
                         else f"{_bytes(whole.amount)}, but its three parts add up to {_bytes(total)}"))
    adds = printed.get("mult_adds")
    if adds is not None:
        out.extend(_mult_adds(summary, adds))
    return [replace(t, printed=None, computed=None) for t in out]  # a size, not a count: the note says it


#: torchinfo modules whose parameters are all named weight or bias (Linear, Embedding, norms) and those
#: whose are weight_ih_l0, ... (the recurrent layers): layer_info.calculate_macs reads them differently.
_PLAIN_WEIGHTS = frozenset({"Linear", "Embedding", "LayerNorm", "BatchNorm1d"})
_RNN_WEIGHTS = frozenset({"LSTM", "GRU", "RNN"})


def _torchinfo_macs(row: Row) -> int | None:
    """torchinfo 1.8.0's macs of a leaf row (layer_info.calculate_macs): a parameter named weight or
    bias counts × output_size[0] (Conv aside); weight_ih_l0 and the other recurrent ones × prod(output_size[:2]);
    None for any other module, or a shape not printed."""
    shapes = shapes_in(row.shape)
    if row.params is None or not shapes or any(d is None for d in shapes[0][:2]) or len(shapes[0]) < 2:
        return None
    first, second = shapes[0][0], shapes[0][1]
    assert first is not None and second is not None
    if row.kind in _PLAIN_WEIGHTS:
        return first * row.params
    if row.kind in _RNN_WEIGHTS:
        return first * second * row.params
    return None


def _mult_adds(summary: Summary, adds: Size) -> list[Total]:
    """torchinfo's Total mult-adds held against its Mult-Adds column: the footer adds up every leaf
    layer's macs (model_statistics.py: ``if layer_info.is_leaf_layer: total_mult_adds += macs``), a
    recursive call's too; a row cut at the table's depth prints only its leaf children's
    (layer_info.macs_to_str), so the printed rows of no deeper row add up to the footer or less."""
    rows = summary.rows
    leaves = [row for i, row in enumerate(rows) if i + 1 == len(rows) or rows[i + 1].depth <= row.depth]
    shown = [row.macs for row in leaves if row.macs is not None]
    if not shown:  # no Mult-Adds column: torchinfo's own rule, on the printed counts and shapes
        worked = [_torchinfo_macs(row) for row in leaves if row.params]
        if not worked or None in worked or any(r.problem for r in leaves):
            return []
        total = sum(m for m in worked if m is not None)
        if abs(total - adds.amount) <= adds.rounding * 1.0001:
            return [Total("Total mult-adds", adds.line, None, None, Status.PINNED,
                          f"{total:,}: each layer's parameters × torchinfo's output sizes (layer_info.calculate_macs)")]
        return [Total("Total mult-adds", adds.line, None, None, Status.MISMATCH,
                      f"about {adds.amount:,.0f}, but torchinfo counts {total:,} for these rows "
                      "(each layer's parameters × its output sizes)")]
    total, printed = sum(shown), f"{adds.amount:,.0f}"
    if abs(total - adds.amount) <= adds.rounding * 1.0001:
        return [Total("Total mult-adds", adds.line, None, None, Status.PINNED, "the rows' Mult-Adds add up to it")]
    if total > adds.amount:
        return [Total("Total mult-adds", adds.line, None, None, Status.MISMATCH,
                      f"about {printed}, but the rows' Mult-Adds add up to {total:,}")]
    return [Total("Total mult-adds", adds.line, None, None, Status.CONSISTENT,
                  f"about {printed}; the rows' Mult-Adds add up to {total:,}: layers below the table's depth "
                  "would make up the rest")]


def _parents_own(summary: Summary) -> int:
    """The parameters torchinfo prints on parent rows: those modules hold them themselves."""
    if not summary.format.call_order:
        return 0
    rows = summary.rows
    return sum(r.params or 0 for k, r in enumerate(rows) if k + 1 < len(rows) and rows[k + 1].depth > r.depth)


def _bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n < 1024:
            return f"{n:.2f} {unit}"
        n /= 1024
    return f"{n:.2f} PB"


#: How far an estimate may be from the count and still be one of it.
_ROUGH = 0.1


def _approximate(printed: int, computed: int | None, note: str) -> tuple[Status, str]:
    """A total written as an estimate (~185,000, "about 2M") never pins: not checked if near the
    computed count, a mismatch if far from it."""
    if computed is None:
        return Status.NOT_CHECKED, "written as an estimate; " + note
    if abs(printed - computed) <= _ROUGH * computed:
        return Status.NOT_CHECKED, f"written as an estimate, near {note}"
    return Status.MISMATCH, f"written as an estimate, but {note} is {computed:,}"


def _non_trainable(summary: Summary, verdicts: list[Verdict]) -> int | None:
    """What the rows say is not trained: frozen rows whole, and BatchNormalization's statistics."""
    if not summary.format.wired:
        return None
    frozen = 0
    for v in verdicts:
        row = v.row
        if row.depth or row.params is None:
            continue
        if row.trainable == "N":
            frozen += row.params
        elif row.kind == "BatchNormalization" and v.status == Status.PINNED:
            frozen += 2 * (last_dim(row.shape) or 0)
        elif row.params and v.status == Status.NOT_CHECKED and not row.trainable:
            return None
    return frozen


class Checker:
    """Checks the summaries of one paste: it owns the paste's counting budget, its cache of
    counts and its verdicts by row, so a paste's work never leaks into another's (threads, or
    many calls to ``check`` in one process)."""

    def __init__(self, budget: int = BUDGET) -> None:
        self.budget = budget
        self.spent = 0
        self.counts: dict[tuple[Any, ...], int | None] = {}
        #: A long summary (or a paste of many) repeats its rows: a row's verdict depends on its
        #: key alone, so it is worked out once.
        self.seen: dict[tuple[Any, ...], Verdict] = {}

    def _spend(self, fields: dict[str, Any], units: int = 0) -> None:
        layers = fields.get("layers", 1)
        self.spent += units or (layers if isinstance(layers, int) and 0 < layers < 10_000 else 1) * (
            2 if fields.get("bidirectional") else 1)
        if self.spent > self.budget:
            raise _Spent

    def _count(self, fields: dict[str, Any]) -> int | None:
        try:
            key = _key(fields)
        except TypeError:  # a value that does not sort or hash: count it uncached
            key = (json.dumps(fields, sort_keys=True, default=str),)
        counts = self.counts  # a search confirms the same few specs many times
        if key not in counts:
            if len(counts) > 4096:
                counts.clear()
            self._spend(fields)
            try:  # the total alone: a search needs no formulas
                counts[key] = sum(t.params for t in inventory(parse_spec(fields)))
            except SpecError:
                counts[key] = None
        return counts[key]

    def _law(self, fields: dict[str, Any], open_inp: bool, open_units: bool) -> dict[tuple[str, ...], int] | None:
        """The count of ``fields``'s structure as its exact law (tensors.law), in the sizes left
        open (inp, and every layer's units as one "units"); the other sizes take their values in
        ``fields``. None where the spec cannot be built or its law not read."""
        self._spend(fields, 2)  # an inventory of two layers at most, whatever the depth
        try:
            spec = parse_spec(fields)
            the = law(spec)
        except (SpecError, ValueError):  # a spec the framework refuses; a symbol not naming its size
            return None
        names: dict[str, Sequence[int]] = {**({"inp": (0,)} if open_inp else {}),
                 **({"units": tuple(range(1, spec.layers + 1))} if open_units else {})}
        return the.collapsed(sizes_of(spec), names)

    def _curve(self, base: dict[str, Any], open_inp: bool, open_units: bool, open_layers: bool) -> _Curve | None:
        """The count of ``base`` as a _Curve: its law at one layer (if the depth is open) and what
        a further layer adds (the law at two, less that at one: every later layer is alike)."""
        first = self._law({**base, **({"layers": 1} if open_layers else {})}, open_inp, open_units)
        if first is None:
            return None
        fixed, per_inp = _by_power(first, False), _by_power(first, True)
        if fixed is None or per_inp is None:
            return None
        per_layer: dict[int, int] = {}
        second = self._law({**base, "layers": 2}, open_inp, open_units) if open_layers else None
        if second is not None:
            more = {k: c - first.get(k, 0) for k, c in second.items()}
            if any("inp" in names and c for names, c in more.items()):
                return None  # a later layer's input is the layer before's output, never inp
            per_layer = _by_power(more, False) or {}
        return _Curve(fixed, per_inp, per_layer)

    def _solutions(self, convention: Convention, reading: Reading, printed: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        """Fields that reproduce ``printed`` under ``reading`` (at most ``limit``, each confirmed by a
        real count), and how many there are in all. The count is linear in the input width and in
        the depth of a stack beyond its first layer (every further layer has the same input), and a
        quadratic in the units; so each unknown is solved with arithmetic, not searched with counts."""
        fields = dict(reading.fields)
        open_inp = "inp" not in fields
        open_layers = "layers" in reading.solve
        open_units = "units" in reading.solve
        found: list[dict[str, Any]] = []
        total = 0
        i0 = convention.lowest({**fields, "inp": 1, "units": fields.get("units", 1)}, "inp") if open_inp else fields["inp"]
        low = convention.lowest({**fields, "inp": i0}, "units") if open_units else 0

        units = fields["units"] if not open_units else low
        curve = self._curve({**fields, "units": units, "inp": i0}, open_inp, open_units, open_layers)
        if curve is None:
            return [], 0
        budget = 200_000  # loop steps: far more than any real summary needs, and bounded for any input
        for u in range(low, low + _UNITS_SEARCH) if open_units else [fields["units"]]:
            fixed, per_inp, per_layer = curve.at(u if open_units else 0)
            c1 = fixed + i0 * per_inp  # at the lowest input width
            if c1 > printed:
                break  # wider units only add weights
            depths = range(1, MAX_LAYERS + 1) if open_layers and per_layer > 0 else [fields.get("layers", 1)]
            for depth in depths:
                budget -= 1
                at = c1 + (depth - 1) * per_layer if open_layers else c1
                if at > printed or budget < 0:
                    break
                rest = printed - at
                if open_inp:
                    if per_inp <= 0 or rest % per_inp:
                        continue
                    inp = i0 + rest // per_inp
                elif rest:
                    continue
                else:
                    inp = i0
                candidate = {**fields, "units": u, "inp": inp, **({"layers": depth} if open_layers else {})}
                if len(found) < limit:
                    if self._count(candidate) != printed:
                        continue
                    found.append(candidate)
                total += 1
            if budget < 0:
                break
        return found, total

    def _fit(self, convention: Convention, reading: Reading, fields: dict[str, Any]) -> Fit:
        self._spend(fields)
        spec = parse_spec(fields)
        c = count(spec)
        return Fit(_describe(convention, fields), c.formula, c.total, spec.model_dump(mode="json"), reading.why)


    #: The facts that tell readings apart, in the order worth asking about them.

    def _contrast(self, convention: Convention, fields: dict[str, Any]) -> str:
        """The classic 'why not the other number', in the row's framework's words."""
        for sentence, other in convention.contrasts(fields):
            n = self._count(other)
            if n is not None:
                return sentence.format(count=n)
        return ""

    def _recurrent(self, row: Row, tries: list[tuple[Convention, Reading]], inp: int | None, hint: int | None) -> Verdict:
        if inp is None and hint is not None:
            # torchinfo lists modules in call order: the row above usually feeds this one. When
            # its width explains the count, readings on other widths contradict a printed
            # neighbour and are dropped; when it does not, the row is read with its width open.
            fixed = self._recurrent(row, tries, hint, None)
            if fixed.status in (Status.PINNED, Status.CONSISTENT):
                return replace(fixed, note="; ".join(filter(None, [f"the row above outputs {hint} features, read as "
                                                                   "its input", fixed.note])))
        printed = row.params
        assert printed is not None
        matches: list[tuple[Convention, Reading, dict[str, Any]]] = []
        seen: set[str] = set()
        total = 0
        for convention, reading in tries:
            if inp is not None and "inp" not in reading.fields:
                reading = type(reading)({**reading.fields, "inp": inp}, reading.why, reading.solve)
            found, n = self._solutions(convention, reading, printed, LISTED)
            for fields in found:
                key = _describe(convention, fields)
                if key not in seen:
                    seen.add(key)
                    matches.append((convention, reading, fields))
                    total += 1
            total += max(0, n - len(found))
        # Rank: what agrees with the row above first (torchinfo: it usually feeds this one), then
        # shallower stacks; otherwise the conventions' own order (defaults of the printing version first).
        matches.sort(key=lambda m: (hint is not None and m[2]["inp"] != hint, m[2].get("layers", 1)))
        if matches:
            fits = tuple(self._fit(c, r, f) for c, r, f in matches[:LISTED])
            status = Status.PINNED if total == 1 else Status.CONSISTENT
            notes = []
            if status == Status.PINNED and inp is not None:
                notes.append(self._contrast(matches[0][0], matches[0][2]))
            if inp is None and status == Status.CONSISTENT:
                notes.append("the summary does not show the input width")
            return Verdict(row, status, fits[0].count, fits, total - len(fits),
                           _decides([f.spec for f in fits if f.spec]) if status == Status.CONSISTENT else "",
                           "; ".join(filter(None, notes)))
        if not tries:
            return Verdict(row, Status.NOT_CHECKED, None, (), note=f"cannot read units from the output shape {row.shape!r}"
                           if row.shape else "the table shows no output shape: its units are unknown")
        if any("layers" in r.solve and r.fields.get("api") == "cell" for _, r in tries):
            unequal = self._unequal(tries, inp, printed)
            if unequal:
                status = Status.PINNED if len(unequal) == 1 else Status.CONSISTENT
                return Verdict(row, status, printed, tuple(unequal[:LISTED]), max(0, len(unequal) - LISTED),
                               "the first cell's units" if status == Status.CONSISTENT else "")
            return Verdict(row, Status.NOT_CHECKED, None, (), note="no stack of equal cells, nor of two cells, gives this "
                           "count; deeper stacks of unequal cells are not searched")
        if all(r.fields.get("bidirectional") for _, r in tries):
            mixed = self._mixed(tries, inp, printed)
            alike = [fit for fit, same in mixed if same]
            if alike and (inp is not None or len(mixed) <= _FEW_MIXED):
                status = Status.PINNED if len(alike) == 1 else Status.CONSISTENT
                return Verdict(row, status, printed, tuple(alike[:LISTED]), max(0, len(alike) - LISTED),
                               "the backward layer's class and size" if status == Status.CONSISTENT else "")
            if mixed:
                # Only a backward layer of another size (or, with the width unknown, one of many
                # pairs) fits: small layers absorb almost any count (a SimpleRNN(1) adds inp + 2), so
                # a count off by one would pass. A mismatch, with the readings that would explain it
                # named: a real backward_layer is rare, and its user can see it among them.
                named = "; ".join(fit.reading for fit, _ in mixed[:2])
                more = "" if len(mixed) <= 2 else " and others" if inp is None and len(mixed) > _FEW_MIXED else \
                f" and {len(mixed) - 2} more"
                nearest = self._nearest(tries, inp, printed)
                near = f"; the nearest count of one layer is {nearest[2]:,}, {_describe(nearest[0], nearest[1])}" \
                    if nearest else ""
                return Verdict(row, Status.MISMATCH, nearest[2] if nearest else None,
                               tuple(fit for fit, _ in mixed[:LISTED]),
                               note="no Bidirectional of one layer gives this count; only a different backward_layer "
                               f"would: {named}{more}{near}")
        # Nothing reproduces the count: show the default (or, with the width unknown, the nearest
        # count a reading can have), and what would explain the difference.
        convention, first = tries[0]
        default = {**first.fields, "inp": inp} if inp is not None else None
        computed = self._count(default) if default and "layers" not in first.solve else None
        nearest = self._nearest(tries, inp, printed)
        if inp is not None:
            free = type(first)({k: v for k, v in first.fields.items() if k != "inp"}, first.why, first.solve)
            solved, _ = self._solutions(convention, free, printed, 1)
            note = (f"the count fits {solved[0]['inp']} input features, but the layer before outputs {inp}" if solved
                    else "no cell, bias rule or input width gives it")
            whose = self._whose(default, printed) if default else ""
            note = f"{whose}; {note}" if whose else note
        else:
            note = "no configuration of this layer gives this count for any input width"
        if nearest is not None and nearest[2] != computed:
            note += f"; the nearest count it can have is {nearest[2]:,}, {_describe(nearest[0], nearest[1])}"
        if nearest is not None and computed is None:  # the count rnncalc works out: the nearest reading's
            convention, default, computed = nearest
        formula = count(parse_spec(default)).formula if computed is not None and default else ""
        fits = (Fit(_describe(convention, default), formula, computed, None),) if computed is not None and default else ()
        return Verdict(row, Status.MISMATCH, computed, fits, note=note)

    def _nearest(self, tries: list[tuple[Convention, Reading]], inp: int | None,
                 printed: int) -> tuple[Convention, dict[str, Any], int] | None:
        """The reading of one layer whose count is nearest ``printed``, on ``inp`` features or, with
        the width unknown, on the width nearest it (the count is linear in the width: its law)."""
        best: tuple[int, Convention, dict[str, Any], int] | None = None
        for convention, reading in tries:
            if "units" in reading.solve:
                continue
            fields = {**reading.fields, "inp": inp if inp is not None else 1,
                      **({"layers": 1} if "layers" in reading.solve else {})}  # one layer: the nearest
            widths = [inp] if inp is not None else []
            if inp is None and (curve := self._curve(fields, True, False, False)) is not None:
                fixed, per_inp, _ = curve.at(0)
                if per_inp > 0:
                    below = max(1, (printed - fixed) // per_inp)
                    widths = [below, below + 1]
            for width in widths:
                n = self._count({**fields, "inp": width})
                if n is not None and (best is None or abs(n - printed) < best[0]):
                    best = (abs(n - printed), convention, {**fields, "inp": width}, n)
        return best[1:] if best is not None else None

    def _whose(self, fields: dict[str, Any], printed: int) -> str:
        """Whose count a printed number is, when another convention counts this very layer so: a
        Keras summary carrying PyTorch's LSTM count (two bias vectors), cuDNN's, TF1's."""
        named: list[str] = []
        for other in frameworks.all_conventions():
            if other.name == fields.get("framework"):
                continue
            theirs = {**fields, "framework": other.name}
            for choice in ({}, {"reset_after": not fields["reset_after"]} if "reset_after" in fields else None):
                if choice is None:
                    continue
                try:
                    n = self._count({**theirs, **choice})
                except _Spent:
                    raise
                except Exception:  # a field that convention does not take
                    continue
                if n == printed:
                    named.append(f"{other.title}'s for {other.describe({'layers': 1, **theirs, **choice})}")
                    break
        if not named:
            return ""
        return f"{printed:,} is exactly the count of another framework: {'; '.join(named[:3])}"

    def _unequal(self, tries: list[tuple[Convention, Reading]], inp: int | None, printed: int) -> list[Fit]:
        """RNN([cell_a, cell_b]) of two sizes (Keras stacks cells of any sizes): the output shows the
        last cell's units; the first cell's are solved (the count is linear in the input width)."""
        found: list[Fit] = []
        for convention, reading in tries:
            if "layers" not in reading.solve or reading.fields.get("api") != "cell":
                continue
            last = reading.fields["units"]
            for first in range(1, _UNITS_SEARCH):
                if first == last:
                    continue
                base = {**reading.fields, "units": [first, last], "layers": 2}
                fixed = type(reading)(base if inp is None else {**base, "inp": inp}, reading.why)
                solutions, _ = self._solutions(convention, fixed, printed, LISTED)
                low = self._count({**base, "inp": 1})
                found += [self._fit(convention, reading, f) for f in solutions]
                if low is None or low > printed or len(found) >= LISTED:
                    break
        return found

    def _mixed(self, tries: list[tuple[Convention, Reading]], inp: int | None, printed: int) -> list[tuple[Fit, bool]]:
        """A Bidirectional whose backward layer is another layer (Keras's backward_layer): the
        shape shows the forward one; the backward one's class and units (and the input width, if
        unknown) are solved from the count, with the same arithmetic as _solutions: the sum is
        linear in the input width and quadratic in the backward units."""
        found: list[tuple[Fit, bool]] = []  # each with whether the two layers have one size
        seen: set[str] = set()
        one_way: dict[str, tuple[Convention, dict[str, Any]]] = {}
        for c, r in tries:  # each distinct one-directional layer once
            fields = {k: v for k, v in r.fields.items() if k != "merge_mode"} | {"bidirectional": False}
            one_way.setdefault(json.dumps(fields, sort_keys=True), (c, fields))
        i0 = 1 if inp is None else inp
        backwards = {}  # per backward layer: its count as a curve in its units (and the input width, if open)
        for key, (_, other) in one_way.items():
            if (curve := self._curve({**other, "units": 1, "inp": i0}, inp is None, True, False)) is not None:
                backwards[key] = curve
        for convention, forward_base in one_way.values():
            line = self._curve({**forward_base, "inp": i0}, inp is None, False, False)
            if line is None:
                continue
            f_fixed, f_inp, _ = line.at(0)
            forward = (f_fixed + i0 * f_inp, f_inp)  # at the lowest input width, and per feature more
            for key, (_, other) in one_way.items():
                if other["cell"] == forward_base["cell"] and other.get("reset_after") == forward_base.get("reset_after"):
                    continue
                if key not in backwards:
                    continue
                for units in range(1, _UNITS_SEARCH):
                    b_fixed, b_inp, _ = backwards[key].at(units)
                    b1 = b_fixed + i0 * b_inp
                    over = printed - forward[0] - b1
                    if over < 0:
                        break
                    per = forward[1] + b_inp
                    if inp is None and (per <= 0 or over % per) or inp is not None and over:
                        continue
                    width = i0 + (over // per if inp is None else 0)
                    one, two = {**forward_base, "inp": width}, {**other, "units": units, "inp": width}
                    if (self._count(one) or 0) + (self._count(two) or 0) != printed:
                        continue
                    text = f"{_describe(convention, one)} forward, {_describe(convention, two)} backward"
                    if text not in seen:
                        seen.add(text)
                        found.append((Fit(text, f"{self._count(one)} + {self._count(two)}", printed,
                                          parse_spec(one).model_dump(mode="json"),
                                          "backward_layer: a different layer runs backward"),
                                      units == forward_base["units"]))
                    if len(found) >= LISTED or inp is None and len(found) > _FEW_MIXED:
                        return found  # enough to say so: the caller names them, and says there are more
        return found

    def _printed_module(self, row: Row, tries: list[tuple[Convention, Reading]]) -> Verdict:
        """A row that states its whole configuration and no count (a printed module): count it."""
        if tries:
            convention, reading = tries[0]
            try:
                fit = self._fit(convention, reading, reading.fields)
            except SpecError as err:
                return Verdict(row, Status.NOT_CHECKED, None, (), note=str(err))
            return Verdict(row, Status.PINNED, fit.count, (fit,), note="counted from the constructor")
        printed = layers.printed_fits(row.kind, row.args)
        if printed is None:
            return Verdict(row, Status.NOT_CHECKED, None, (), note=f"rnncalc has no counting rule for {row.kind}")
        return Verdict(row, Status.PINNED, printed.count, (layers_fit(printed),), note="counted from the constructor")

    def _verdict(self, summary: Summary, conventions: list[Convention], k: int, inp: int | None, hint: int | None) -> Verdict:
        row = summary.rows[k]
        in_call_order = summary.format.call_order
        # A historical or a cell class name (UnifiedLSTM, LSTMCell in Keras) is read as the class
        # whose weights it has, in the printing format; the verdict keeps the printed row.
        family = summary.format.family(row.kind)
        as_read = replace(row, kind=family) if family != row.kind else row
        # summaries.Row is what a convention reads (frameworks.base.Row describes it structurally).
        tries = [(c, r) for c in conventions for r in c.readings(cast("ConventionRow", as_read), summary.era)]
        if row.args or summary.format.constructors:
            return self._printed_module(row, tries)
        if row.problem and row.params is None:
            return Verdict(row, Status.NOT_CHECKED, None, (), note=row.problem)
        if in_call_order and row.params is None:
            if row.kind in layers.FREE:  # torchinfo prints "--" for a layer without weights
                return Verdict(row, Status.PINNED, 0, (Fit(f"{row.kind}: no weights", "0", 0),))
            return _parent(row, summary.rows, k)
        nested = k + 1 < len(summary.rows) and summary.rows[k + 1].depth > row.depth
        if in_call_order and not nested and row.kind in ("Sequential", "ModuleList", "ModuleDict"):
            # torchinfo 1.8 layer_info.num_params_to_str: at reached_max_depth a module prints all it holds.
            return Verdict(row, Status.NOT_CHECKED, None, (), note=f"a {row.kind} cut at torchinfo's depth: its count "
                           "is all it holds, whose layers the table does not show (a larger depth= shows them)")
        if in_call_order and nested:  # torchinfo 1.8 layer_info.leftover_params: a parent's own nn.Parameters
            return Verdict(row, Status.NOT_CHECKED, None, (), note=f"{row.kind} is a module around the rows under "
                           "it; torchinfo prints here the parameters it holds itself, not in them, which no layer "
                           "rule counts (Total params includes them)")
        if not in_call_order and (row.kind in _CONTAINERS or nested):
            if row.params is None:
                return Verdict(row, Status.NOT_CHECKED, None, (), note="the row prints no count")
            return _container(row, _children(summary.rows, k))
        if row.recurrent or tries:
            if row.params is None:
                return Verdict(row, Status.NOT_CHECKED, None, (), note=row.problem or "the row prints no count")
            if not tries and last_dim(row.shape) is not None:  # CuDNNLSTM in a Keras 3 table: no such layer there
                return Verdict(row, Status.NOT_CHECKED, None, (), note=f"no framework that prints this summary has "
                               f"a {row.kind} layer")
            return self._recurrent(row, tries, inp, hint)
        if inp is None and hint is not None:  # the row above, as for a recurrent row
            fixed = _other(row, summary, hint)
            if fixed.status in (Status.PINNED, Status.CONSISTENT):
                return replace(fixed, note=f"the row above outputs {hint} features, read as its input")
        return _other(row, summary, inp)

    def report(self, summary: Summary) -> Report:
        """Every row of ``summary`` recomputed, and its footer totals held against the rows."""
        conventions = sorted((c for c in frameworks.all_conventions() if summary.format in c.summary_formats),
                             key=lambda c: c.reading_rank)
        verdicts: list[Verdict] = []
        in_call_order = summary.format.call_order
        printed = summary
        # A row whose table shows no output width takes it from the row it feeds (the next row's
        # input): every reading then has that width, so none contradicts the printed neighbour.
        outputs = _outputs(summary)
        if any(w is not None for w in outputs):
            summary = replace(summary, rows=tuple(replace(r, shape=f"(None, {w})") if w is not None else r
                                                  for r, w in zip(summary.rows, outputs, strict=True)))
        widths = _widths(summary)
        previous: Row | None = None
        # A long summary (or a paste of many) repeats its rows: a row's verdict depends on these
        # alone, so it is worked out once.
        seen = self.seen
        for k, row in enumerate(summary.rows):
            hint = last_dim(previous.shape) if in_call_order and previous is not None else None
            key = (summary.format, summary.era, row.kind, row.shape, row.params, widths[k], hint, row.input_shape, row.trainable, repr(row.args),
                   row.problem, k + 1 < len(summary.rows) and summary.rows[k + 1].depth > row.depth,
                   _subtree(summary.rows, k) if in_call_order else None)  # a parent's count is what is under it
            if key in seen:
                first = seen[key]
                verdict = replace(first, row=row, fits=first.fits[:1], more=0, same_as=first.row.line)
            else:
                try:
                    self._spend({}, _ROW_COST)
                    verdict = self._verdict(summary, conventions, k, widths[k], hint)
                except _Spent:
                    verdict = Verdict(row, Status.NOT_CHECKED, None, (), note="not recomputed: the paste has more distinct "
                                      f"rows than rnncalc checks in one go ({self.budget:,} layers counted)")
                seen[key] = verdict
            if outputs[k] is not None:  # the verdict is on the printed row; the note says where its width came from
                told = f"its output width, {outputs[k]}, is the next row's input"
                verdict = replace(verdict, row=printed.rows[k], note="; ".join(filter(None, [told, verdict.note])))
            verdicts.append(verdict)
            parent = k + 1 < len(summary.rows) and summary.rows[k + 1].depth > row.depth
            # torchinfo's whole-model row, and any module around the rows under it: its output is what its
            # children made, not what its first child takes in.
            if not (in_call_order and (parent or row.depth == 0 and row.params is None)):
                previous = row
        summary = printed
        return Report(summary, tuple(verdicts), _totals(summary, verdicts))


def check_text(text: str, cut: bool = False) -> Check:
    """Check every summary in a pasted ``text``; SpecError if there is none to read."""
    from rnncalc.summaries import read

    paste: Paste = read(text, cut)
    checker = Checker()
    return Check(tuple(checker.report(s) for s in paste.summaries), paste.cut)


def check(summary: Summary) -> Report:
    """Every row of one ``summary`` recomputed, and its footer totals held against the rows, by a
    checker of its own."""
    return Checker().report(summary)

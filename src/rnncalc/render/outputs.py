"""Each command's JSON output, declared once: the shape of every object ``--json`` writes.

render/json.py builds these (mypy checks it against them), render/rows.py flattens them into
rows, and ``rnncalc schema`` generates each one's JSON Schema from them (render/schemas.py,
with pydantic's TypeAdapter, at schema time only). A key every output of a shape has is
required; a key only some have is ``NotRequired``; where an output has several shapes, it is a
union of them (solve). A class's docstring, and ``About``'s text, are its schema's descriptions.

Nothing here runs on a command's way: json.py imports this module for types only, so start-up
pays for none of it. Annotations are evaluated (no ``from __future__ import annotations``) so
that rows.py and render/schemas.py can read a shape's schema id off its ``schema`` key.
"""

from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from annotated_types import Ge, Le, Len
# typing_extensions' TypedDict (what pydantic reads on Python < 3.12); pydantic loads it anyway.
from typing_extensions import NotRequired, TypedDict

from rnncalc.model.spec import MAX_LAYERS, MAX_SIZE
from rnncalc.model.types import DIRECTIONS
from rnncalc.model.types import Role as _Role

__all__ = ["OUTPUTS", "About", "schema_id"]


class About:
    """What a value's schema says beyond its type: a description, the names it takes (read when a
    schema is made, not here: the conventions and cells say them), or, for an object keyed by
    names, those keys. Only ``rnncalc schema`` reads it (pydantic calls the method below)."""

    def __init__(self, text: str = "", names: Callable[[], Sequence[str]] | None = None,
                 keys: Callable[[], Sequence[str]] | None = None) -> None:
        self.text, self.names, self.keys = text, names, keys

    def __get_pydantic_json_schema__(self, core: Any, handler: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
        schema = handler(core)
        if self.names is not None:
            schema = {"enum": list(self.names())}
        if self.keys is not None:
            keys = list(self.keys())
            schema = {"type": "object", "properties": {k: {"type": "string"} for k in keys}, "required": keys,
                      "additionalProperties": False}
        return {**schema, "description": self.text} if self.text else schema


def _cells() -> Sequence[str]:
    from rnncalc.model.cells import CELLS

    return tuple(CELLS)


def _frameworks() -> Sequence[str]:
    from rnncalc.frameworks import NAMES

    return NAMES


def _gates() -> Sequence[str]:
    from rnncalc.model.cells import CELLS

    return tuple(dict.fromkeys(g for c in CELLS.values() for g in c.gates))


def _roles() -> Sequence[str]:
    return get_args(_Role)


def _summary_formats() -> Sequence[str]:
    from rnncalc.summaries.rows import Format

    return tuple(f.value for f in Format)


def _statuses() -> Sequence[str]:
    from rnncalc.features.check import Status

    return tuple(s.value for s in Status)


def _glossary_keys() -> Sequence[str]:
    return ("term", *_frameworks())


Count = Annotated[int, Ge(0)]
Index = Annotated[int, Ge(0)]
Size = Annotated[int, Ge(1), Le(MAX_SIZE)]
Layers = Annotated[int, Ge(1), Le(MAX_LAYERS)]
LineNo = Annotated[int, Ge(1)]
Span = Annotated[list[Index], Len(2, 2)]
Dim = Union[int, str, None]
Direction = Annotated[str, About(names=lambda: DIRECTIONS)]
Role = Annotated[str, About(names=_roles)]
Status = Annotated[str, About(names=_statuses)]
CellName = Annotated[str, About(names=_cells)]
FrameworkName = Annotated[str, About(names=_frameworks)]
Gate = Annotated[str, About(names=_gates)]
MergeMode = Literal["concat", "sum", "mul", "ave", "none"]


class SpecOut(TypedDict):
    """The spec as rnncalc resolved it: every field, names canonical, units one size per layer,
    and the framework's defaults filled in (merge_mode of a bidirectional layer, a GRU's reset_after)."""

    cell: CellName
    inp: Size
    units: Annotated[list[Size], Len(1, MAX_LAYERS)]
    layers: Layers
    bidirectional: bool
    merge_mode: Union[MergeMode, None]
    bias: bool
    framework: FrameworkName
    reset_after: Union[bool, None]
    proj: Union[Size, None]
    peepholes: bool
    api: Literal["layer", "cell"]


class Given(TypedDict, total=False):
    """The spec fields solve was given, as given (the unknown left out; names in any case)."""

    cell: str
    inp: Size
    units: Union[Size, Annotated[list[Size], Len(1, MAX_LAYERS)]]
    layers: Layers
    bidirectional: bool
    merge_mode: Union[str, None]
    bias: bool
    framework: Union[str, None]
    reset_after: Union[bool, None]
    proj: Union[Size, None]
    peepholes: bool
    api: str


class CallOut(TypedDict):
    """A call as the framework's user writes it; nested calls are {callee, args, kwargs} alike."""

    text: Annotated[str, About("As Python source: torch.nn.GRU(input_size=3, hidden_size=4).")]
    callee: Annotated[str, About("What is called, importable: torch.nn.GRU, onnx.helper.make_node.")]
    args: Annotated[list[Any], About("Positional arguments.")]
    kwargs: Annotated[dict[str, Any], About("Keyword arguments, by the framework's own names.")]


# params

class Block(TypedDict):
    """Which index range of each axis of a tensor holds which gate of which direction."""

    spans: list[Span]
    role: Role
    direction: Direction
    gate: Union[Gate, None]
    letter: Union[str, None]
    out_axis: Index
    params: Count


class TensorOut(TypedDict):
    name: str
    shape: list[Count]
    params: Count
    layer: Index
    directions: list[Direction]
    role: Role
    gates: list[str]
    blocks: list[Block]


class LayerRow(TypedDict):
    layer: Index
    direction: Direction
    input_width: Size
    units: Size
    params: Count
    formula: str


#: What one forward pass costs, as rnncalc cost counts it (it itemises the same figures); "for"
#: is a Python keyword: the functional form.
CostLine = TypedDict("CostLine", {
    "for": Annotated[str, About("What the figures count: a sample or a batch, a step or a sequence.")],
    "batch": Union[Size, None], "steps": Union[Size, None],
    "macs": Count, "flops": Count,
    "formula": Annotated[str, About("The figures per sample and step, times B and T.")]})


class Params(TypedDict):
    """rnncalc params --json: the count, per layer and direction, and per tensor."""

    schema: Literal["rnncalc.params/2"]
    spec: SpecOut
    total: Count
    formula: str
    symbolic: str
    layers: list[LayerRow]
    tensors: list[TensorOut]
    cost: NotRequired[Annotated[CostLine, About("Only with --steps or --batch: the forward pass's MACs and FLOPs.")]]


class Convention(TypedDict):
    """A convention that builds the network (its count), or cannot (its error; the rest null or empty)."""

    label: str
    framework: FrameworkName
    total: Union[Count, None]
    formula: Union[str, None]
    why: str
    error: Union[str, None]
    layers: list[LayerRow]
    tensors: list[TensorOut]


class Compare(TypedDict):
    """rnncalc params --framework all --json: the network counted in every convention."""

    schema: Literal["rnncalc.compare/2"]
    conventions: list[Convention]


# shapes

class Run(TypedDict):
    batch: Union[Size, None]
    steps: Union[Size, None]
    batch_first: bool
    unbatched: bool
    return_sequences: bool
    return_state: bool
    time_major: bool


class NamedOut(TypedDict):
    """An activation: its shape's dimensions are sizes, or the symbols the framework writes (None as null)."""

    name: str
    shape: list[Dim]
    note: str


class Step(TypedDict):
    layer: Index
    direction: Direction
    tensors: list[NamedOut]


class SequenceOut(TypedDict):
    input: NamedOut
    outputs: list[NamedOut]


class Shapes(TypedDict):
    """rnncalc shapes --json: one time step of each layer and direction, and the layer call."""

    schema: Literal["rnncalc.shapes/1"]
    spec: SpecOut
    run: Run
    step: list[Step]
    sequence: SequenceOut


# explain

class Term(TypedDict):
    term: str
    text: str


class GateOut(TypedDict):
    gate: str
    role: str
    input_weights: Annotated[list[Count], Len(2, 2)]
    recurrent_weights: Annotated[list[Count], Len(2, 2)]
    biases: Count
    peepholes: Count
    params: Count


class Breakdown(TypedDict):
    layer: Index
    input_width: Size
    units: Size
    recurrent_width: Size
    gates: list[GateOut]
    projection: Count
    per_unit: Count
    per_unit_formula: str
    per_direction: Count
    directions: Annotated[int, Ge(1), Le(2)]
    params: Count


class Explain(TypedDict):
    """rnncalc explain --json: units, cells, layers and gates, and the count gate by gate."""

    schema: Literal["rnncalc.explain/2"]
    spec: SpecOut
    terms: list[Term]
    layers: list[Breakdown]
    bias_rule: str
    total: Count
    formula: str
    glossary: list[Annotated[dict[str, str], About("One term, in every framework's words (keys: the framework "
                                                   "names).", keys=_glossary_keys)]]


# layout

class Region(TypedDict):
    tensor: str
    shape: list[Count]
    layer: Index
    spans: list[Span]
    slice: Annotated[str, About("The spans as a NumPy index, half-open: [0:3, 0:2].")]
    where: Annotated[str, About("rows 0:3, cols 3:6: Python slices, the end excluded.")]
    role: Role
    direction: Direction
    gate: Union[Gate, None]
    letter: Union[str, None]
    label: str
    transposed: bool
    params: Count


class Layout(TypedDict):
    """rnncalc layout --json: every block of every tensor."""

    schema: Literal["rnncalc.layout/2"]
    spec: SpecOut
    calls: Annotated[list[CallOut], About("What builds this network: every argument the layout assumes.")]
    regions: list[Region]


class LineupRow(TypedDict):
    layer: Index
    direction: Direction
    gate: Annotated[str, About("The gate's label (\"input gate\"), or the role of a block of no gate.")]
    role: Role
    where: Annotated[dict[FrameworkName, str], About("Each framework's \"tensor where\"; \"\" where it has none.")]


class RefusedFramework(TypedDict):
    framework: FrameworkName
    error: str


class Lineup(TypedDict):
    """rnncalc layout --framework all --json: where each framework keeps each gate's weights."""

    schema: Literal["rnncalc.layout-lineup/2"]
    frameworks: Annotated[list[FrameworkName], Len(1)]
    rows: list[LineupRow]
    refused: list[RefusedFramework]
    stored_in_out: list[FrameworkName]
    calls: Annotated[dict[FrameworkName, list[CallOut]], About("What builds the network in each framework.")]


# port

class Source(TypedDict):
    tensor: str
    spans: list[Span]
    out_axis: Index


class Move(TypedDict):
    target: str
    layer: Index
    target_spans: list[Span]
    target_out_axis: Index
    gate: Union[Gate, None]
    role: Role
    direction: Direction
    transpose: bool
    constant: float
    sources: list[Source]


class Port(TypedDict):
    """rnncalc port --json: the recipe that moves trained weights (found), or why there is none
    (the reason; then no target, no target calls, no moves)."""

    schema: Literal["rnncalc.port/2"]
    source: SpecOut
    target: Union[SpecOut, None]
    source_calls: Annotated[list[CallOut], About("What built the source: the arguments the recipe assumes.")]
    target_calls: Annotated[list[CallOut], About("What to build the target with: every argument it needs.")]
    found: bool
    reason: Union[str, None]
    moves: list[Move]


# diagram, summary

class Diagram(TypedDict):
    """rnncalc diagram --json: the picture, line by line."""

    schema: Literal["rnncalc.diagram/1"]
    spec: SpecOut
    lines: list[str]


class Summary(TypedDict):
    """rnncalc summary --json: what the framework's summary prints."""

    schema: Literal["rnncalc.summary/1"]
    style: Literal["keras3", "keras2", "torchinfo"]
    spec: SpecOut
    batch: NotRequired[Annotated[Size, About("Only when given.")]]
    steps: NotRequired[Annotated[Size, About("Only when given.")]]
    text: str


# check

class Reading(TypedDict):
    reading: str
    formula: str
    count: Count
    spec: Annotated[Union[SpecOut, None], About("For a recurrent row: a spec for `rnncalc params --spec`.")]
    why: Union[str, None]


class CheckedRow(TypedDict):
    line: LineNo
    name: str
    kind: str
    shape: str
    depth: Index
    printed: Union[Count, None]
    computed: Union[Count, None]
    status: Status
    readings: list[Reading]
    more_readings: Count
    same_as: Annotated[Union[LineNo, None], About("The line of an earlier row with this verdict (its readings are "
                                                   "there).")]
    decides: Union[str, None]
    note: Union[str, None]


class CheckedTotal(TypedDict):
    label: str
    line: Union[LineNo, None]
    printed: Union[Count, None]
    computed: Union[Count, None]
    status: Status
    note: Union[str, None]


class Report(TypedDict):
    format: Annotated[str, About(names=_summary_formats)]
    line: LineNo
    name: Union[str, None]
    status: Status
    rows: list[CheckedRow]
    totals: list[CheckedTotal]


class Check(TypedDict):
    """rnncalc check --json: every summary of the paste, row by row and total by total."""

    schema: Literal["rnncalc.check/2"]
    status: Status
    ok: bool
    cut: bool
    summaries: list[Report]


# solve: one of three shapes, told apart by unknown, params and max_params

class BoundUnits(TypedDict):
    units: Size
    params: Count


class BoundInp(TypedDict):
    inp: Size
    params: Count


class SolveExact(TypedDict):
    """rnncalc solve --params N --json, units or inp unknown: the value, or the nearest either side."""

    schema: Literal["rnncalc.solve/1"]
    unknown: Literal["units", "inp"]
    given: Given
    params: Count
    max_params: None
    found: bool
    value: Union[Size, None]
    formula: Union[str, None]
    below: Union[BoundUnits, BoundInp, None]
    above: Union[BoundUnits, BoundInp, None]


class SolveBudget(TypedDict):
    """rnncalc solve --max-params N --json: the largest unknown that fits, and its count."""

    schema: Literal["rnncalc.solve/1"]
    unknown: Literal["units", "inp"]
    given: Given
    params: None
    max_params: Count
    found: bool
    value: Union[Size, None]
    total: Union[Count, None]
    formula: Union[str, None]


class Pair(TypedDict):
    inp: Size
    units: Size


class SolvePairs(TypedDict):
    """rnncalc solve --params N --json with inp and units unknown: every pair in the units range."""

    schema: Literal["rnncalc.solve/1"]
    unknown: Literal["inp,units"]
    given: Given
    params: Count
    max_params: None
    found: bool
    units_range: Annotated[list[Size], Len(2, 2)]
    solutions: list[Pair]


Solve = Annotated[Union[SolveExact, SolveBudget, SolvePairs],
                  About("rnncalc solve --json: one of three shapes, told apart by unknown, params and max_params.")]


# sweep: an array, not an object, so its id is declared beside it

_SWEPT = About("Only when the sweep varies it (a list or a range of it was given).")
_FIGURE = About("rnncalc cost's figure for --batch sequences of --steps steps; only in a costed sweep (a cost bound, "
                "--batch, --steps, --dtype, or a sort on it).")


class SweepPoint(TypedDict):
    """One point of the sweep, counted: its fields (units one size per layer, as a spec's), those it varies beyond
    them, the cost figures of a costed sweep, and its total."""

    point: LineNo
    cell: CellName
    inp: Size
    units: Annotated[list[Size], Len(1, MAX_LAYERS)]
    layers: Layers
    bidirectional: bool
    bias: bool
    framework: FrameworkName
    merge_mode: NotRequired[Annotated[Union[MergeMode, None], _SWEPT]]
    reset_after: NotRequired[Annotated[Union[bool, None], _SWEPT]]
    proj: NotRequired[Annotated[Union[Size, None], _SWEPT]]
    peepholes: NotRequired[Annotated[bool, _SWEPT]]
    api: NotRequired[Annotated[Literal["layer", "cell"], _SWEPT]]
    macs: NotRequired[Annotated[Count, _FIGURE]]
    flops: NotRequired[Annotated[Count, _FIGURE]]
    bytes: NotRequired[Annotated[Count, _FIGURE]]
    training_flops: NotRequired[Annotated[Count, _FIGURE]]
    step_macs: NotRequired[Annotated[Count, _FIGURE]]
    step_flops: NotRequired[Annotated[Count, _FIGURE]]
    gradient_bytes: NotRequired[Annotated[Count, _FIGURE]]
    optimizer_bytes: NotRequired[Annotated[Count, _FIGURE]]
    activation_bytes: NotRequired[Annotated[Count, _FIGURE]]
    stream_bytes: NotRequired[Annotated[Count, _FIGURE]]
    total: Count
    error: None


class SweepRefused(TypedDict):
    """One point of the sweep that is not a network rnncalc can count, and why."""

    point: LineNo
    total: None
    error: str


Sweep = Annotated[list[Union[SweepPoint, SweepRefused]],
                  About("rnncalc sweep --json: one row per point, in order (or sorted by --sort), as one array "
                        "written as the points are counted (a batch's --json is an array too).")]
SWEEP_ID = "rnncalc.sweep/4"  # /4: the fields it varies beyond the base columns, and cost figures


# cost

class CostItem(TypedDict):
    """One line of the itemised count: one layer and direction, one sample, one time step."""

    layer: Index
    direction: Direction
    item: str
    macs: Count
    flops: Count
    formula: str


class MacsFlops(TypedDict):
    macs: Count
    flops: Count


#: "for" is a Python keyword: the functional form.
CostTotal = TypedDict("CostTotal", {
    "for": Annotated[str, About("What the totals are for: one sample and step, a batch, packed sequences.")],
    "macs": Count, "flops": Count, "training_flops": Count, "formula": str})


class CostStream(TypedDict):
    macs: Count
    flops: Count
    state_bytes: Count


class CostMemory(TypedDict):
    dtype: Literal["fp32", "bf16", "fp16", "int8"]
    params: Count
    tensors: Count
    weights: Count
    gradients: Annotated[Union[Count, None], About("null for int8, an inference format")]
    optimizer: Literal["sgd", "momentum", "adam", "adamw"]
    optimizer_state: Union[Count, None]
    step_tensors: Count
    stream_state: Count
    activations: Annotated[Union[Count, None], About("Kept for backpropagation through time; null for int8.")]


class CostCompat(TypedDict):
    tool: Literal["ptflops", "thop", "torchinfo", "torch"]
    version: str
    value: Annotated[Union[Count, None], About("null where the tool cannot count the input")]
    unit: Literal["MACs", "FLOPs", "mult-adds"]
    counts: str
    formula: str


class Cost(TypedDict):
    """rnncalc cost --json: the itemised cost, its totals, the memory, and a peer tool's figure."""

    schema: Literal["rnncalc.cost/1"]
    spec: SpecOut
    batch: Union[Size, None]
    steps: Union[Size, None]
    lengths: Union[list[Size], None]
    rule: str
    training_rule: str
    activations_rule: str
    items: list[CostItem]
    per_step: MacsFlops
    per_sequence: Union[MacsFlops, None]
    totals: CostTotal
    stream: CostStream
    memory: CostMemory
    compat: Annotated[list[CostCompat], About("One per tool --compat names, in its order; empty without it.")]


#: Each command's output (compare is ``params --framework all``, lineup is ``layout --framework all``).
OUTPUTS: dict[str, Any] = {
    "params": Params,
    "compare": Compare,
    "shapes": Shapes,
    "explain": Explain,
    "layout": Layout,
    "lineup": Lineup,
    "port": Port,
    "diagram": Diagram,
    "check": Check,
    "solve": Solve,
    "summary": Summary,
    "sweep": Sweep,
    "cost": Cost,
}


def schema_id(shape: Any) -> str:
    """The schema id an output of ``shape`` carries in its "schema" key (a union's: its members')."""
    if shape is Sweep:
        return SWEEP_ID
    if get_origin(shape) is Annotated:
        shape = get_args(shape)[0]
    members = get_args(shape) if get_origin(shape) is Union else (shape,)
    (found,) = {get_args(member.__annotations__["schema"])[0] for member in members}
    return str(found)

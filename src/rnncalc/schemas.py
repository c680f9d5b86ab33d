"""JSON Schemas of what rnncalc reads and writes: the spec (what ``--spec FILE`` accepts) and
every command's ``--json`` object, generated from the pydantic models below.

Only ``rnncalc schema`` and the tests import this module: building these models costs start-up,
which no command that computes should pay. The models forbid extra keys, so an output that
gains, loses or renames a key fails the tests (tests/test_schemas.py validates real outputs of
every command against them) until its model says so too.

The spec schema accepts what ``parse_spec`` accepts, with three exceptions JSON Schema cannot
express (see ``SPEC_GAPS``): it says yes and rnncalc says no to

* a whole number written as a float (``3.0``, ``1e3``): JSON Schema's ``integer`` is any number
  with no fraction, while rnncalc takes sizes as JSON integers only;
* ``layers`` given together with a list of ``units`` of another length (it compares two values);
* a PyTorch ``proj`` that is not smaller than every layer's ``units`` (it compares two values).

Names are matched as rnncalc matches them: case-insensitively and with surrounding whitespace
ignored (``" LSTM "``), which is what each name's ``pattern`` spells out, Unicode included.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, WithJsonSchema, create_model

from rnncalc import frameworks
from rnncalc.cells import ALIASES, CELLS
from rnncalc.errors import SpecError
from rnncalc.spec import MAX_LAYERS, MAX_SIZE, MergeMode, Spec, having, refuse
from rnncalc.types import DIRECTIONS, Role

__all__ = ["DRAFT", "IDS", "MODELS", "NAMES", "SPEC_GAPS", "schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Where a schema's "$id" puts it: an identifier, not an address anything is served from.
BASE = "https://rnncalc/schemas/"

#: What ``schema(name)`` takes: "spec", then each command's JSON output (compare is ``params
#: --framework all``, lineup is ``layout --framework all``).
IDS: dict[str, str] = {
    "spec": "rnncalc.spec/1",
    "params": "rnncalc.params/2",
    "compare": "rnncalc.compare/2",
    "shapes": "rnncalc.shapes/1",
    "explain": "rnncalc.explain/2",
    "layout": "rnncalc.layout/2",
    "lineup": "rnncalc.layout-lineup/2",
    "port": "rnncalc.port/2",
    "diagram": "rnncalc.diagram/1",
    "check": "rnncalc.check/2",
    "solve": "rnncalc.solve/1",
    "summary": "rnncalc.summary/1",
    "sweep": "rnncalc.sweep/3",
    "cost": "rnncalc.cost/1",
}
NAMES: tuple[str, ...] = tuple(IDS)

#: Where the spec schema says yes and parse_spec says no: (the SpecError field, what JSON Schema
#: cannot say). The tests hold every difference they find to this list.
SPEC_GAPS = (
    ("*", "a whole number written as a float (3.0): JSON Schema counts it as an integer"),
    ("layers", "layers given with a list of units of another length"),
    ("proj", "a PyTorch proj not smaller than every layer's units"),
)


# Matching names as parse_spec does: value.strip().lower(), then the cell aliases.

#: What str.strip() takes off: every character whose str.isspace() is true (all below U+3001;
#: the tests check the whole of Unicode).
WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
#: Characters other than X and x that str.lower() turns into the ASCII letter x (the Kelvin sign
#: is a k); the tests check the whole of Unicode.
LOWERS_TO: dict[str, str] = {"k": "\u212a"}


def _char(c: str) -> str:
    return c if c.isascii() and (c.isalnum() or c == "_") else f"\\u{ord(c):04x}"


def _chars(chars: str) -> str:
    """A character class of ``chars``, runs written as ranges."""
    codes, out, i = sorted(map(ord, chars)), "", 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        out += _char(chr(codes[i])) + ("-" + _char(chr(codes[j])) if j > i + 1 else
                                       _char(chr(codes[j])) if j > i else "")
        i = j + 1
    return f"[{out}]"


def _spelled(name: str) -> str:
    return "".join(_chars(c.lower() + c.upper() + LOWERS_TO.get(c.lower(), "")) if c.isascii() and c.isalpha()
                   else _char(c) for c in name)


def name_pattern(names: list[str] | tuple[str, ...]) -> str:
    """A regular expression (the same in ECMA-262 and Python) for what ``name.strip().lower()``
    turns into one of ``names``: any case, any whitespace around."""
    space = _chars(WHITESPACE) + "*"
    return "^" + space + "(?:" + "|".join(_spelled(n) for n in names) + ")" + space + "$"


def cell_names(cells: tuple[str, ...] | list[str]) -> list[str]:
    """``cells`` and their aliases, as the user may write them."""
    return [*cells, *(alias for alias, cell in ALIASES.items() if cell in cells)]


def framework_names(names: list[str] | tuple[str, ...]) -> list[str]:
    """``names`` and their aliases (-F torch), as the user may write them."""
    from rnncalc._conventions import ALIASES

    return [*names, *(alias for alias, name in ALIASES.items() if name in names)]


def _named(names: list[str], what: str) -> dict[str, Any]:
    # The enum is what editors offer; the pattern is what rnncalc takes (case, whitespace).
    return {"anyOf": [{"enum": names}, {"type": "string", "pattern": name_pattern(names)}],
            "description": what}


# The spec a user writes (--spec FILE, the API's dict): the fields of rnncalc.spec.Spec.

Size = Annotated[int, Field(ge=1, le=MAX_SIZE)]
Layers = Annotated[int, Field(ge=1, le=MAX_LAYERS)]
Units = Union[Size, Annotated[list[Size], Field(min_length=1, max_length=MAX_LAYERS)]]


def _about(name: str) -> str | None:
    return Spec.model_fields[name].description


def _spec_fields(required: bool) -> dict[str, Any]:
    """The fields of a spec as users write them; ``required=False``: all of them optional."""
    need = ... if required else None
    cells, names = cell_names(tuple(CELLS)), framework_names(frameworks.NAMES)
    return {
        "cell": (Annotated[str, WithJsonSchema(_named(cells, _about("cell") or ""))], need),
        "inp": (Size, Field(need, description=_about("inp"))),
        "units": (Units, Field(need, description=_about("units"))),
        "layers": (Layers, Field(1, description=f"{_about('layers')} Defaults to the length of a list of units.")),
        "bidirectional": (bool, False),
        "merge_mode": (Union[MergeMode, None], Field(None, description=_about("merge_mode"))),
        "bias": (bool, True),
        "framework": (Annotated[str, WithJsonSchema(_named(names, _about("framework") or ""))], frameworks.DEFAULT),
        "reset_after": (Union[bool, None], Field(None, description=_about("reset_after"))),
        "proj": (Union[Size, None], Field(None, description=_about("proj"))),
        "peepholes": (bool, Field(False, description=_about("peepholes"))),
        "api": (Literal["layer", "cell"], Field("layer", description=_about("api"))),
    }


# Cross-field rules, as JSON Schema conditions: each rule is {"not": what parse_spec refuses}.
# Conditions on names are long patterns, so they are named, once, in "$defs".

def _named_condition(name: str, condition: Any) -> dict[str, Any]:
    """A reference to ``condition`` under ``name``; the condition rides along (_DEFINED) until
    _hoisted moves it into "$defs", once, so no table of conditions outlives a schema."""
    return {"$ref": f"#/$defs/{name}", _DEFINED: condition}


_DEFINED = "(defined)"


def _hoisted(node: Any, defs: dict[str, Any]) -> Any:
    """``node`` with every named condition's definition moved into ``defs``."""
    if isinstance(node, list):
        return [_hoisted(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if _DEFINED in node:
        defs[node["$ref"].rsplit("/", 1)[1]] = _hoisted(node[_DEFINED], defs)
    return {key: _hoisted(value, defs) for key, value in node.items() if key != _DEFINED}


def _has(field: str, value: Any) -> dict[str, Any]:
    return {"required": [field], "properties": {field: {"const": value}}}


def _given(field: str) -> dict[str, Any]:
    return {"required": [field], "properties": {field: {"not": {"type": "null"}}}}


def _cell(cell: str) -> dict[str, Any]:
    """The spec's cell is ``cell`` (or an alias of it), in any case."""
    return _named_condition(f"cell-is-{cell}", {"required": ["cell"], "properties": {
        "cell": {"type": "string", "pattern": name_pattern(cell_names((cell,)))}}})


def _framework(names: list[str], name: str) -> Any:
    """The spec's framework is one of ``names`` (or an alias of one; no framework means the default)."""
    if not names:
        return False
    named = {"required": ["framework"], "properties": {"framework": {"type": "string",
                                                                     "pattern": name_pattern(framework_names(names))}}}
    return _named_condition(name, {"anyOf": [named, {"not": {"required": ["framework"]}}]}
                            if frameworks.DEFAULT in names else named)


def _stacked() -> dict[str, Any]:
    """More than one layer: "layers" above 1, or a list of more than one size."""
    return _named_condition("stacked", {"anyOf": [
        {"required": ["layers"], "properties": {"layers": {"type": "integer", "minimum": 2}}},
        {"required": ["units"], "properties": {"units": {"type": "array", "minItems": 2}}}]})


def _all(*conditions: Any) -> dict[str, Any]:
    return {"allOf": list(conditions)}


def _general_rules() -> list[tuple[str, Any]]:
    """What rnncalc.spec refuses whatever the framework, and what each option needs of it."""
    rules: list[tuple[str, Any]] = [
        ("merge_mode applies to bidirectional layers only",
         _all(_given("merge_mode"), {"not": _has("bidirectional", True)})),
        ("merge_mode 'none' cannot feed a stacked layer", _all(_has("merge_mode", "none"), _stacked())),
        ("reset_after applies to GRU only", _all(_given("reset_after"), {"not": _cell("gru")})),
        ("peepholes apply to LSTM only", _all(_has("peepholes", True), {"not": _cell("lstm")})),
    ]
    chosen = {"proj": _given("proj"), "peepholes": _has("peepholes", True),
              "merge_mode": _all(_given("merge_mode"), {"not": _has("merge_mode", "concat")}),
              "api": _has("api", "cell")}
    for option, condition in chosen.items():
        lacking = [c.name for c in frameworks.all_conventions() if option not in c.options]
        rules.append((f"{option} is an option of {having(option)} only",
                      _all(condition, _framework(lacking, f"framework-without-{option}"))))
    return rules


def _atoms() -> dict[str, tuple[Any, dict[str, Any]]]:
    """What a convention may refuse, one choice at a time: each as a JSON Schema
    condition, and the fields a spec takes to make that choice."""
    return {
        "bidirectional": (_has("bidirectional", True), {"bidirectional": True}),
        "stacked": (_stacked(), {"units": (4, 4)}),
        "no bias": (_has("bias", False), {"bias": False}),
        "reset_after": (_has("reset_after", True), {"cell": "gru", "reset_after": True}),
        "reset_before": (_has("reset_after", False), {"cell": "gru", "reset_after": False}),
        "proj": (_given("proj"), {"proj": 2}),
        "peepholes": (_has("peepholes", True), {"cell": "lstm", "peepholes": True}),
        "cell api": (_has("api", "cell"), {"api": "cell"}),
        **{cell: (_cell(cell), {"cell": cell}) for cell in CELLS},
    }


def _witnesses(choices: tuple[str, ...], atoms: dict[str, tuple[Any, dict[str, Any]]],
               name: str) -> list[Spec] | None:
    """Specs of framework ``name`` that make ``choices`` and vary the rest (cell, directions,
    depth); None if the choices contradict each other."""
    fields: dict[str, Any] = {}
    for choice in choices:
        for key, value in atoms[choice][1].items():
            if fields.get(key, value) != value:
                return None
            fields[key] = value
    cells = [fields.pop("cell")] if "cell" in fields else list(CELLS)
    sides = [True] if "bidirectional" in choices else [False, True]
    depths = [fields.pop("units")] if "units" in fields else [(4,), (4, 4)]
    base = {"inp": 2, "merge_mode": None, "bias": True, "framework": name, "reset_after": None, "proj": None,
            "peepholes": False, "api": "layer"}
    # What a convention's refusals see: a spec past spec.py's own checks, before the defaults are filled in.
    return [Spec.model_construct(**{**base, **fields, "cell": cell, "bidirectional": side, "units": units,
                                    "layers": len(units)})
            for cell in cells for side in sides for units in depths]


def _refusals() -> list[tuple[str, str, tuple[str, ...]]]:
    """(framework, why, choices): what each framework's refusals (knobs.Refusal) refuse, found by
    asking it, so a framework added later is covered. A combination of up to three choices is a
    rule when the framework refuses every spec that makes it, and no smaller combination is
    one already. What it refuses beyond these choices (PyTorch's proj < units) is in SPEC_GAPS,
    or is a gap the tests find."""
    from collections import Counter
    from itertools import combinations

    atoms = _atoms()

    def implied(choices: tuple[str, ...]) -> set[str]:  # a GRU's reset_after is the choice "gru" too
        return {*choices, *(atoms[c][1]["cell"] for c in choices if "cell" in atoms[c][1])}

    candidates = sorted((c for size in (1, 2, 3) for c in combinations(atoms, size)), key=lambda c: len(implied(c)))
    found: list[tuple[str, str, tuple[str, ...]]] = []
    for convention in frameworks.all_conventions():
        rules: list[set[str]] = []
        for choices in candidates:
            specs = _witnesses(choices, atoms, convention.name)
            if not specs or any(rule <= implied(choices) for rule in rules):
                continue
            errors = []
            for spec in specs:
                try:
                    refuse(spec, convention.refusals)
                except SpecError as err:
                    errors.append(err)
            if len(errors) == len(specs):
                # Its own words, from a refusal that names one of the choices if one does.
                fields = {key.replace("units", "layers") for c in choices for key in atoms[c][1]}
                named = [e for e in errors if e.field in fields] or errors
                why = Counter(f"{e.field} {e.message}" for e in named).most_common(1)[0][0]
                rules.append(implied(choices))
                found.append((convention.name, f"{convention.title}: {why}", choices))
    return found


def _with_rules(generated: dict[str, Any]) -> dict[str, Any]:
    """The spec's schema with the cross-field rules pydantic's field types cannot carry."""
    rules = [{"description": why, "not": condition} for why, condition in _general_rules()]
    atoms = _atoms()
    for name, why, choices in _refusals():
        rules.append({"description": why, "not": _all(_framework([name], f"framework-is-{name}"),
                                                      *(atoms[c][0] for c in choices))})
    defs: dict[str, Any] = {}
    rules = _hoisted(rules, defs)
    return {**generated, "allOf": rules, "$comment": "Not expressed: " + "; ".join(w for _, w in SPEC_GAPS) + ".",
            "$defs": {**generated.get("$defs", {}), **dict(sorted(defs.items()))}}


SpecFile = create_model(
    "SpecFile",
    __config__=ConfigDict(extra="forbid"),
    __doc__="A stacked recurrent network, as --spec FILE and the Python API take it. Names are case-insensitive; "
            "units is one size for every layer or a list of one size per layer. A --spec file may leave out "
            "fields the command line gives (flags override the file).",
    **_spec_fields(required=True),
)
#: The fields `solve` was given: a spec with its unknown (inp, units or both) left out.
GivenFields = create_model(
    "GivenFields",
    __config__=ConfigDict(extra="forbid"),
    __doc__="The spec fields solve was given, as given (the unknown left out).",
    **_spec_fields(required=False),
)


# Output models. Every key an output has is required; a key that only some outputs have is
# modelled by one model per shape (solve, port, compare) or left out of "required" (summary).

class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _absent_by_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


def left_out(**kwargs: Any) -> Any:
    """A key that is left out, not null, when there is nothing to say."""
    return Field(None, json_schema_extra=_absent_by_default, **kwargs)


Count = Annotated[int, Field(ge=0)]
Index = Annotated[int, Field(ge=0)]
Line = Annotated[int, Field(ge=1)]
CellName = Literal[tuple(CELLS)]  # type: ignore[valid-type]
FrameworkName = Literal[frameworks.NAMES]  # type: ignore[valid-type]
Direction = Literal[DIRECTIONS]  # type: ignore[valid-type]
Gate = Literal[tuple(dict.fromkeys(g for c in CELLS.values() for g in c.gates))]  # type: ignore[valid-type]
Span = tuple[Index, Index]
Dim = Union[int, str, None]
Status = Literal["pinned", "consistent", "mismatch", "not checked"]


class SpecOut(Out):
    """The spec as rnncalc resolved it: every field, names canonical, units one size per layer,
    and the framework's defaults filled in (merge_mode of a bidirectional layer, a GRU's reset_after)."""

    cell: CellName
    inp: Size
    units: Annotated[list[Size], Field(min_length=1, max_length=MAX_LAYERS)]
    layers: Layers
    bidirectional: bool
    merge_mode: Union[MergeMode, None]
    bias: bool
    framework: FrameworkName
    reset_after: Union[bool, None]
    proj: Union[Size, None]
    peepholes: bool
    api: Literal["layer", "cell"]


class Block(Out):
    """Which index range of each axis of a tensor holds which gate of which direction."""

    spans: list[Span]
    role: Role
    direction: Direction
    gate: Union[Gate, None]
    letter: Union[str, None]
    out_axis: Index
    params: Count


class TensorOut(Out):
    name: str
    shape: list[Count]
    params: Count
    layer: Index
    directions: list[Direction]
    role: Role
    gates: list[str]
    blocks: list[Block]


class LayerRow(Out):
    layer: Index
    direction: Direction
    input_width: Size
    units: Size
    params: Count
    formula: str


class Params(Out):
    """rnncalc params --json: the count, per layer and direction, and per tensor."""

    schema_: Literal["rnncalc.params/2"] = Field(alias="schema")
    spec: SpecOut
    total: Count
    formula: str
    symbolic: str
    layers: list[LayerRow]
    tensors: list[TensorOut]


class Counted(Out):
    """A convention that builds the network."""

    label: str
    framework: FrameworkName
    total: Count
    formula: str
    why: str
    error: None
    layers: list[LayerRow]
    tensors: list[TensorOut]


class Refused(Out):
    """A convention that cannot build the network, and why."""

    label: str
    framework: FrameworkName
    total: None
    formula: None
    why: Literal[""]
    error: str
    layers: Annotated[list[LayerRow], Field(max_length=0)]
    tensors: Annotated[list[TensorOut], Field(max_length=0)]


class Compare(Out):
    """rnncalc params --framework all --json: the network counted in every convention."""

    schema_: Literal["rnncalc.compare/2"] = Field(alias="schema")
    conventions: list[Union[Counted, Refused]]


class Run(Out):
    batch: Union[Size, None]
    steps: Union[Size, None]
    batch_first: bool
    unbatched: bool
    return_sequences: bool
    return_state: bool
    time_major: bool


class NamedOut(Out):
    """An activation: its shape's dimensions are sizes, or the symbols the framework writes (None as null)."""

    name: str
    shape: list[Dim]
    note: str


class Step(Out):
    layer: Index
    direction: Direction
    tensors: list[NamedOut]


class SequenceOut(Out):
    input: NamedOut
    outputs: list[NamedOut]


class Shapes(Out):
    """rnncalc shapes --json: one time step of each layer and direction, and the layer call."""

    schema_: Literal["rnncalc.shapes/1"] = Field(alias="schema")
    spec: SpecOut
    run: Run
    step: list[Step]
    sequence: SequenceOut


class Term(Out):
    term: str
    text: str


class GateOut(Out):
    gate: str
    role: str
    input_weights: tuple[Count, Count]
    recurrent_weights: tuple[Count, Count]
    biases: Count
    peepholes: Count
    params: Count


class Breakdown(Out):
    layer: Index
    input_width: Size
    units: Size
    recurrent_width: Size
    gates: list[GateOut]
    projection: Count
    per_unit: Count
    per_unit_formula: str
    per_direction: Count
    directions: Literal[1, 2]
    params: Count


GlossaryRow = create_model(
    "GlossaryRow",
    __config__=ConfigDict(extra="forbid"),
    __doc__="One term, in every framework's words (keys: the framework names).",
    term=(str, ...),
    **{name.replace("-", "_"): (str, Field(alias=name)) for name in frameworks.NAMES},
)


class Explain(Out):
    """rnncalc explain --json: units, cells, layers and gates, and the count gate by gate."""

    schema_: Literal["rnncalc.explain/2"] = Field(alias="schema")
    spec: SpecOut
    terms: list[Term]
    layers: list[Breakdown]
    bias_rule: str
    total: Count
    formula: str
    glossary: list[GlossaryRow]  # type: ignore[valid-type]


class CallOut(Out):
    """A call as the framework's user writes it; nested calls are {callee, args, kwargs} alike."""

    text: str = Field(description="As Python source: torch.nn.GRU(input_size=3, hidden_size=4).")
    callee: str = Field(description="What is called, importable: torch.nn.GRU, onnx.helper.make_node.")
    args: list[Any] = Field(description="Positional arguments.")
    kwargs: dict[str, Any] = Field(description="Keyword arguments, by the framework's own names.")


class Region(Out):
    tensor: str
    shape: list[Count]
    layer: Index
    spans: list[Span]
    slice: str = Field(description="The spans as a NumPy index, half-open: [0:3, 0:2].")
    where: str = Field(description="rows 0:3, cols 3:6: Python slices, the end excluded.")
    role: Role
    direction: Direction
    gate: Union[Gate, None]
    letter: Union[str, None]
    label: str
    transposed: bool
    params: Count


class Layout(Out):
    """rnncalc layout --json: every block of every tensor."""

    schema_: Literal["rnncalc.layout/2"] = Field(alias="schema")
    spec: SpecOut
    calls: list[CallOut] = Field(description="What builds this network: every argument the layout assumes.")
    regions: list[Region]


class LineupRow(Out):
    layer: Index
    direction: Direction
    gate: str = Field(description="The gate's label (\"input gate\"), or the role of a block of no gate.")
    role: Role
    where: dict[FrameworkName, str] = Field(description="Each framework's \"tensor where\"; \"\" where it has none.")


class RefusedFramework(Out):
    framework: FrameworkName
    error: str


class Lineup(Out):
    """rnncalc layout --framework all --json: where each framework keeps each gate's weights."""

    schema_: Literal["rnncalc.layout-lineup/2"] = Field(alias="schema")
    frameworks: Annotated[list[FrameworkName], Field(min_length=1)]
    rows: list[LineupRow]
    refused: list[RefusedFramework]
    stored_in_out: list[FrameworkName]
    calls: dict[FrameworkName, list[CallOut]] = Field(description="What builds the network in each framework.")


class Source(Out):
    tensor: str
    spans: list[Span]
    out_axis: Index


class Move(Out):
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


class PortFound(Out):
    """rnncalc port --json, with a recipe."""

    schema_: Literal["rnncalc.port/2"] = Field(alias="schema")
    source: SpecOut
    target: SpecOut
    source_calls: list[CallOut] = Field(description="What built the source: the arguments the recipe assumes.")
    target_calls: list[CallOut] = Field(description="What to build the target with: every argument it needs.")
    found: Literal[True]
    reason: None
    moves: list[Move]


class PortNotFound(Out):
    """rnncalc port --json, where no exact recipe exists: the reason says why."""

    schema_: Literal["rnncalc.port/2"] = Field(alias="schema")
    source: SpecOut
    target: None
    source_calls: list[CallOut]
    target_calls: Annotated[list[CallOut], Field(max_length=0)]
    found: Literal[False]
    reason: str
    moves: Annotated[list[Move], Field(max_length=0)]


class Diagram(Out):
    """rnncalc diagram --json: the picture, line by line."""

    schema_: Literal["rnncalc.diagram/1"] = Field(alias="schema")
    spec: SpecOut
    lines: list[str]


class Reading(Out):
    reading: str
    formula: str
    count: Count
    spec: Union[SpecOut, None] = Field(description="For a recurrent row: a spec for `rnncalc params --spec`.")
    why: Union[str, None]


class CheckedRow(Out):
    line: Line
    name: str
    kind: str
    shape: str
    depth: Index
    printed: Union[Count, None]
    computed: Union[Count, None]
    status: Status
    readings: list[Reading]
    more_readings: Count
    same_as: Union[Line, None] = Field(description="The line of an earlier row with this verdict (its readings are there).")
    decides: Union[str, None]
    note: Union[str, None]


class CheckedTotal(Out):
    label: str
    line: Union[Line, None]
    printed: Union[Count, None]
    computed: Union[Count, None]
    status: Status
    note: Union[str, None]


class Report(Out):
    format: Literal["keras3", "keras2", "torchinfo", "torch_print"]
    line: Line
    name: Union[str, None]
    status: Status
    rows: list[CheckedRow]
    totals: list[CheckedTotal]


class Check(Out):
    """rnncalc check --json: every summary of the paste, row by row and total by total."""

    schema_: Literal["rnncalc.check/2"] = Field(alias="schema")
    status: Status
    ok: bool
    cut: bool
    summaries: list[Report]


class BoundUnits(Out):
    units: Size
    params: Count


class BoundInp(Out):
    inp: Size
    params: Count


class _Solve(Out):
    schema_: Literal["rnncalc.solve/1"] = Field(alias="schema")
    given: GivenFields  # type: ignore[valid-type]
    found: bool


class SolveUnits(_Solve):
    """rnncalc solve --params N --json, units unknown: the units, or the nearest either side."""

    unknown: Literal["units"]
    params: Count
    max_params: None
    value: Union[Size, None]
    formula: Union[str, None]
    below: Union[BoundUnits, None]
    above: Union[BoundUnits, None]


class SolveInp(_Solve):
    """rnncalc solve --params N --json, inp unknown: the input width, or the nearest either side."""

    unknown: Literal["inp"]
    params: Count
    max_params: None
    value: Union[Size, None]
    formula: Union[str, None]
    below: Union[BoundInp, None]
    above: Union[BoundInp, None]


class SolveBudget(_Solve):
    """rnncalc solve --max-params N --json: the largest unknown that fits, and its count."""

    unknown: Literal["units", "inp"]
    params: None
    max_params: Count
    value: Union[Size, None]
    total: Union[Count, None]
    formula: Union[str, None]


class Pair(Out):
    inp: Size
    units: Size


class SolvePairs(_Solve):
    """rnncalc solve --params N --json with inp and units unknown: every pair in the units range."""

    unknown: Literal["inp,units"]
    params: Count
    max_params: None
    units_range: tuple[Size, Size]
    solutions: list[Pair]


class Summary(Out):
    """rnncalc summary --json: what the framework's summary prints."""

    schema_: Literal["rnncalc.summary/1"] = Field(alias="schema")
    style: Literal["keras3", "keras2", "torchinfo"]
    spec: SpecOut
    batch: Size = left_out(description="Only when given.")
    steps: Size = left_out(description="Only when given.")
    text: str


class SweepPoint(Out):
    """One point of the sweep, counted: its fields (units one size per layer, as a spec's) and its total."""

    point: Line
    cell: CellName
    inp: Size
    units: Annotated[list[Size], Field(min_length=1)]
    layers: Layers
    bidirectional: bool
    bias: bool
    framework: FrameworkName
    total: Count
    error: None


class SweepRefused(Out):
    """One point of the sweep that is not a network rnncalc can count, and why."""

    point: Line
    total: None
    error: str


#: rnncalc sweep --json: one row per point, in order (or sorted by --sort), as one array
#: written as the points are counted (a batch's --json is an array too).
Sweep = list[Union[SweepPoint, SweepRefused]]


class CostItem(Out):
    """One line of the itemised count: one layer and direction, one sample, one time step."""

    layer: Index
    direction: Direction
    item: str
    macs: Count
    flops: Count
    formula: str


class MacsFlops(Out):
    macs: Count
    flops: Count


class CostTotal(Out):
    for_: str = Field(alias="for", description="What the totals are for: one sample and step, a batch, packed sequences.")
    macs: Count
    flops: Count
    training_flops: Count
    formula: str


class CostStream(Out):
    macs: Count
    flops: Count
    state_bytes: Count


class CostMemory(Out):
    dtype: Literal["fp32", "bf16", "fp16", "int8"]
    params: Count
    tensors: Count
    weights: Count
    gradients: Count | None = Field(description="null for int8, an inference format")
    optimizer: Literal["sgd", "momentum", "adam", "adamw"]
    optimizer_state: Count | None
    step_tensors: Count
    stream_state: Count
    activations: Count | None = Field(description="Kept for backpropagation through time; null for int8.")


class CostCompat(Out):
    tool: Literal["ptflops", "thop", "torchinfo", "torch"]
    version: str
    value: Count | None = Field(description="null where the tool cannot count the input")
    unit: Literal["MACs", "FLOPs", "mult-adds"]
    counts: str
    formula: str


class Cost(Out):
    """rnncalc cost --json: the itemised cost, its totals, the memory, and a peer tool's figure."""

    schema_: Literal["rnncalc.cost/1"] = Field(alias="schema")
    spec: SpecOut
    batch: Size | None
    steps: Size | None
    lengths: list[Size] | None
    rule: str
    training_rule: str
    activations_rule: str
    items: list[CostItem]
    per_step: MacsFlops
    per_sequence: MacsFlops | None
    totals: CostTotal
    stream: CostStream
    memory: CostMemory
    compat: list[CostCompat] = Field(description="One per tool --compat names, in its order; empty without it.")


#: Each schema id's model (or union of models, one per shape of the output).
MODELS: dict[str, Any] = {
    "rnncalc.spec/1": SpecFile,
    "rnncalc.params/2": Params,
    "rnncalc.compare/2": Compare,
    "rnncalc.shapes/1": Shapes,
    "rnncalc.explain/2": Explain,
    "rnncalc.layout/2": Layout,
    "rnncalc.layout-lineup/2": Lineup,
    "rnncalc.port/2": Union[PortFound, PortNotFound],
    "rnncalc.diagram/1": Diagram,
    "rnncalc.check/2": Check,
    "rnncalc.solve/1": Union[SolveUnits, SolveInp, SolveBudget, SolvePairs],
    "rnncalc.summary/1": Summary,
    "rnncalc.sweep/3": Sweep,
    "rnncalc.cost/1": Cost,
}

_DESCRIPTIONS = {
    "rnncalc.port/2": "rnncalc port --json: the recipe that moves trained weights, or why there is none.",
    "rnncalc.solve/1": "rnncalc solve --json: one of four shapes, told apart by unknown, params and max_params.",
}


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``name``: "spec" or a command (see NAMES), or a schema id."""
    key = IDS.get(name, name)
    if key not in MODELS:
        raise SpecError("schema", "unknown schema; choose " + ", ".join(NAMES), name)
    generated = TypeAdapter(MODELS[key]).json_schema(ref_template="#/$defs/{model}")
    generated.pop("title", None)
    head = {"$schema": DRAFT, "$id": BASE + key, "title": key}
    if key in _DESCRIPTIONS:
        head["description"] = _DESCRIPTIONS[key]
    return {**head, **(_with_rules(generated) if key == IDS["spec"] else generated)}

"""JSON Schemas of what rnncalc reads and writes: the spec (what ``--spec FILE`` accepts), from
the model below, and every command's ``--json`` output, generated from its one declaration in
render/outputs.py (the TypedDicts render/json.py returns).

Only ``rnncalc schema`` and the tests import this module: generating schemas costs start-up,
which no command that computes should pay. Every object of an output is closed to other keys,
so an output that gains, loses or renames a key fails the tests (tests/test_schemas.py
validates real outputs of every command against them) until its declaration says so too.

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

from pydantic import ConfigDict, Field, TypeAdapter, WithJsonSchema, create_model

from rnncalc import frameworks
from rnncalc.model.cells import ALIASES, CELLS
from rnncalc.errors import SpecError
from rnncalc.render.outputs import OUTPUTS, schema_id
from rnncalc.model.spec import MAX_LAYERS, MAX_SIZE, MergeMode, Spec, having

__all__ = ["DRAFT", "IDS", "MODELS", "NAMES", "SPEC_GAPS", "schema"]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Where a schema's "$id" puts it: an identifier, not an address anything is served from.
BASE = "https://rnncalc/schemas/"

#: What ``schema(name)`` takes: "spec", then each command's JSON output (compare is ``params
#: --framework all``, lineup is ``layout --framework all``), and the id of each.
IDS: dict[str, str] = {"spec": "rnncalc.spec/1", **{name: schema_id(shape) for name, shape in OUTPUTS.items()}}
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
    from rnncalc.model._conventions import ALIASES

    return [*names, *(alias for alias, name in ALIASES.items() if name in names)]


def _named(names: list[str], what: str) -> dict[str, Any]:
    # The enum is what editors offer; the pattern is what rnncalc takes (case, whitespace).
    return {"anyOf": [{"enum": names}, {"type": "string", "pattern": name_pattern(names)}],
            "description": what}


# The spec a user writes (--spec FILE, the API's dict): the fields of rnncalc.model.spec.Spec.

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
    """What rnncalc.model.spec refuses whatever the framework, and what each option needs of it."""
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


def _one_of(field: str, values: tuple[object, ...]) -> Any:
    """The spec's ``field`` is one of ``values`` as a convention's refusals see it (knobs.Refusal:
    a field left out is its default; layers is the depth, however given)."""
    if field == "cell":
        return {"anyOf": [_cell(str(cell)) for cell in values]}
    if field == "layers":
        if values != (1,):  # a depth other than one: no refusal says it yet; say it here first
            raise ValueError(f"a refusal of layers other than (1,): {values}")
        return {"not": _stacked()}
    given = {"required": [field], "properties": {field: {"enum": list(values)}}}
    return {"anyOf": [given, {"not": {"required": [field]}}]} if Spec.model_fields[field].default in values else given


def _refusal_rules() -> list[tuple[str, Any]]:
    """Each convention's refusals (knobs.Refusal, declared as data), as JSON Schema conditions,
    so a framework added later is covered. A refusal that compares two values (PyTorch's proj
    < units) is in SPEC_GAPS."""
    rules: list[tuple[str, Any]] = []
    for convention in frameworks.all_conventions():
        for refusal in convention.refusals:
            if refusal.below is not None:
                continue
            refused = _all(_framework([convention.name], f"framework-is-{convention.name}"),
                           *(_one_of(field, among) for field, among in refusal.when),
                           {"not": _one_of(refusal.field, refusal.allowed)})
            rules.append((f"{convention.title}: {refusal.field} {refusal.why}", refused))
    return rules


def _with_rules(generated: dict[str, Any]) -> dict[str, Any]:
    """The spec's schema with the cross-field rules pydantic's field types cannot carry."""
    rules = [{"description": why, "not": condition} for why, condition in _general_rules() + _refusal_rules()]
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
#: Each schema id's declaration: the spec's, then each command's output (render/outputs.py).
MODELS: dict[str, Any] = {IDS["spec"]: SpecFile, **{IDS[name]: shape for name, shape in OUTPUTS.items()}}


# Every command's output: generated from its one declaration.

def _closed(node: Any) -> Any:
    """``node`` with every object of named keys closed to others: an output that gains a key
    fails the tests (tests/test_schemas.py) until its declaration says so too."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _closed(value) for key, value in node.items()}
    if "properties" in out and out.get("type") == "object":
        out.setdefault("additionalProperties", False)
    return out


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of ``name``: "spec" or a command (see NAMES), or a schema id."""
    key = IDS.get(name, name)
    if key not in MODELS:
        raise SpecError("schema", "unknown schema; choose " + ", ".join(NAMES), name)
    generated = TypeAdapter(MODELS[key]).json_schema(ref_template="#/$defs/{model}")
    generated.pop("title", None)
    head = {"$schema": DRAFT, "$id": BASE + key, "title": key}
    return {**head, **(_with_rules(generated) if key == IDS["spec"] else _closed(generated))}

"""The pydantic model of a stacked recurrent network: what the user tells rnncalc.

Everything rnncalc computes is a pure function of a ``Spec``. The model is frozen, rejects
unknown keys, and takes sizes as exact integers only (no floats, no booleans, no strings),
because a calculator that guesses what ``"3.5"`` units means is worse than one that says no.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from rnncalc.model import _conventions as declared
from rnncalc.model import knobs
from rnncalc.model.cells import ALIASES, CELLS, Cell
from rnncalc.errors import SpecError

__all__ = ["MAX_LAYERS", "MAX_SIZE", "Run", "Spec", "framework_of", "parse_spec", "selection"]

# No framework builds a recurrent layer wider than int32 indexing allows (cuDNN and TF take
# int32 sizes); anything larger is a typo, and saying so beats printing a 40-digit count.
MAX_SIZE = 2**31 - 1
MAX_LAYERS = 1024

Size = Annotated[StrictInt, Field(ge=1, le=MAX_SIZE)]
MergeMode = Literal["concat", "sum", "mul", "ave", "none"]


class Spec(BaseModel):
    """A stack of ``layers`` recurrent layers of one cell type, in one framework's convention."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    cell: Literal["rnn", "lstm", "gru"] = Field(
        description="Cell type: rnn (Elman; aliases simplernn, elman), lstm or gru."
    )
    inp: Size = Field(description="Input features of the first layer.")
    units: tuple[Size, ...] = Field(
        description="Hidden size of each layer (an integer means the same size for every layer)."
    )
    layers: Annotated[StrictInt, Field(ge=1, le=MAX_LAYERS)] = Field(
        1, description="Number of stacked layers."
    )
    bidirectional: StrictBool = False
    merge_mode: MergeMode | None = Field(
        None,
        description="How Keras Bidirectional merges the two directions (default concat).",
    )
    bias: StrictBool = True
    framework: str = Field(declared.DEFAULT, description="Naming and bias convention: " + ", ".join(declared.NAMES))
    reset_after: StrictBool | None = Field(
        None, description="GRU only: apply the reset gate after the recurrent matmul."
    )
    proj: Size | None = Field(None, description="LSTM projection size (PyTorch proj_size).")
    peepholes: StrictBool = Field(False, description="LSTM only: the gates also see c (ONNX P, TF1 use_peepholes).")
    api: Literal["layer", "cell"] = Field(
        "layer", description="layer: the framework's recurrent layer; cell: its one-step cell classes "
                             "(PyTorch nn.LSTMCell, Keras RNN(LSTMCell))."
    )

    def __init__(self, **data: Any) -> None:
        """Spec(cell=..., ...) raises SpecError, as parse_spec does, not pydantic's error."""
        unknown = next((key for key in data if key not in Spec.model_fields), None)
        if unknown is not None:  # named before pydantic makes an error of every unknown key
            raise _unknown_key(unknown, data[unknown])
        try:
            super().__init__(**data)
        except ValidationError as err:
            raise _spec_error(err) from None

    @model_validator(mode="before")
    @classmethod
    def _spread_units(cls, data: Any) -> Any:
        # `units` may be one size for all layers or one per layer; store one per layer.
        if not isinstance(data, Mapping) or "units" not in data:
            return data
        data = dict(data)
        # An int of another type (an IntEnum, numpy's ints are not ints) is its plain value.
        for key in ("inp", "layers", "proj"):
            if isinstance(data.get(key), int) and not isinstance(data[key], bool):
                data[key] = int(data[key])
        if isinstance(data["units"], int) and not isinstance(data["units"], bool):
            data["units"] = int(data["units"])
        elif isinstance(data["units"], (list, tuple)):
            data["units"] = [int(u) if isinstance(u, int) and not isinstance(u, bool) else u for u in data["units"]]
        units, layers = data["units"], data.get("layers")
        layers_ok = type(layers) is int and 1 <= layers <= MAX_LAYERS
        if not isinstance(units, (list, tuple)):
            # One size for every layer; a bad `layers` is reported on its own, as `layers`.
            data["units"] = (units,) * (layers if layers_ok else 1)
        else:
            if not units:
                raise SpecError("units", "needs at least one size", list(units))
            if "layers" not in data:
                data["layers"] = len(units)
            elif layers_ok and layers != len(units):
                raise SpecError(
                    "layers", f"does not match the {len(units)} sizes given in units {list(units)}", layers
                )
        return data

    @field_validator("cell", "framework", mode="before")
    @classmethod
    def _known_name(cls, value: Any, info: ValidationInfo) -> Any:
        # Names are case-insensitive and cells have aliases; anything else gets the choices.
        if not isinstance(value, str):  # pydantic would turn b"3" into "3" past this check
            raise SpecError(info.field_name or "name", "must be a name, as a string", value)
        return cell_of(value) if info.field_name == "cell" else framework_of({"framework": value})

    @model_validator(mode="after")
    def _resolve(self) -> Spec:
        if self.merge_mode is not None and not self.bidirectional:
            raise SpecError("merge_mode", "applies to bidirectional layers only", self.merge_mode)
        if self.merge_mode == "none" and self.layers > 1:
            raise SpecError(
                "merge_mode",
                "'none' returns the two directions as two tensors, which a stacked layer cannot take",
                self.merge_mode,
            )
        if self.reset_after is not None and self.cell != "gru":
            raise SpecError("reset_after", f"applies to GRU only, not {self.cell}", self.reset_after)
        if self.peepholes and self.cell != "lstm":
            raise SpecError("peepholes", f"apply to LSTM only, not {self.cell}", self.peepholes)
        name = self.framework
        # A choice only some frameworks have is refused, generically, by every other one.
        for knob in knobs.SPEC:
            value = getattr(self, knob.name)
            if knob.framework_specific and value not in knob.neutral and knob.name not in declared.OPTIONS[name]:
                have = having(knob.name)
                raise SpecError(knob.name, f"is not an option of {declared.TITLES[name]}; {have} "
                                f"{'has' if ' and ' not in have else 'have'} it", value)
        refuse(self, declared.REFUSALS[name])
        # Fill in what the framework would default to, so the spec that comes out states every
        # choice that affects a count. object.__setattr__ is the frozen-model way to do that once.
        if self.bidirectional and self.merge_mode is None:
            object.__setattr__(self, "merge_mode", "concat")
        if self.cell == "gru" and self.reset_after is None:
            object.__setattr__(self, "reset_after", declared.RESET_AFTER[name])
        return self

    # Geometry shared by every framework.

    @property
    def kind(self) -> Cell:
        return CELLS[self.cell]

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    def state_width(self, layer: int) -> int:
        """Width of h_t: the projection size if there is one, else the units."""
        return self.proj or self.units[layer]

    def output_width(self, layer: int) -> int:
        """Width of what layer ``layer`` hands to the next one (directions concatenated or merged)."""
        joined = self.directions if self.merge_mode in (None, "concat") else 1
        return joined * self.state_width(layer)

    def input_width(self, layer: int) -> int:
        return self.inp if layer == 0 else self.output_width(layer - 1)


def having(knob: str) -> str:
    """Which frameworks have ``knob``, for the error that says it is not this one's."""
    titles = [declared.TITLES[name] for name in declared.HAVING.get(knob, ())]
    return " and ".join(titles) if titles else "no framework"


def refuse(spec: Spec, refusals: tuple[knobs.Refusal, ...]) -> None:
    """SpecError for the first of a convention's ``refusals`` (knobs.Refusal) that ``spec`` breaks,
    naming its field and value; nothing if it breaks none."""
    values = {name: getattr(spec, name) for name in _FIELDS}
    for refusal in refusals:
        if not refusal.refuses(values):
            continue
        value = values[refusal.field]
        if refusal.below is None:
            raise SpecError(refusal.field, refusal.why, value)
        sizes = values[refusal.below]
        layer, size = next((k, s) for k, s in enumerate(sizes) if value >= s)
        field = refusal.field if len(set(sizes)) == 1 else f"{refusal.field} (layer {layer} has {size} units)"
        raise SpecError(field, f"{refusal.why} ({size})", value)


_FIELDS = tuple(Spec.model_fields)


def _field(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "spec"


def _spec_error(err: ValidationError) -> SpecError:
    """The first problem pydantic found, as one SpecError naming the field and the value."""
    errors = err.errors(include_url=False)
    # An unknown key first: "unit" misspelt says so, not that "units" is missing.
    errors.sort(key=lambda e: e["type"] != "extra_forbidden")
    missing = [_field(e["loc"]) for e in errors if e["type"] == "missing"]
    if len(missing) > 1:  # every missing field at once, not one per run
        return SpecError(", ".join(missing), "are required")
    first = errors[0]
    original = (first.get("ctx") or {}).get("error")
    if isinstance(original, SpecError):
        return original
    field = _field(first["loc"])
    if first["type"] == "extra_forbidden":
        return _unknown_key(first["loc"][-1], first["input"])
    if first["type"] == "missing":
        return SpecError(field, "is required")
    message = first["msg"]
    return SpecError(field, message[:1].lower() + message[1:], first["input"])


def _unknown_key(key: Any, value: Any) -> SpecError:
    from difflib import get_close_matches

    near = get_close_matches(str(key), list(Spec.model_fields), n=1)
    hint = f"did you mean {near[0]}? " if near else ""
    return SpecError(_field((key,)), f"unknown key; {hint}the keys are {', '.join(Spec.model_fields)}", value)


def cell_of(value: str) -> str:
    """The cell ``value`` names (case-insensitive, aliases taken); SpecError if none."""
    name = value.strip().lower()
    name = ALIASES.get(name, name)
    if name not in CELLS:
        raise SpecError("cell", "unknown cell; choose rnn (or simplernn, elman), lstm or gru", value)
    return name


def framework_of(fields: Mapping[str, Any]) -> str:
    """The framework ``fields`` name (case-insensitive), or the default; SpecError if unknown."""
    value = fields.get("framework", declared.DEFAULT)
    if not isinstance(value, str):
        raise SpecError("framework", "must be a name, as a string", value)
    name = value.strip().lower()
    name = declared.ALIASES.get(name, name)
    if name in declared.AMBIGUOUS:
        meant = declared.AMBIGUOUS[name]
        raise SpecError("framework", f"could mean {', '.join(f'{n} ({declared.TITLES[n]})' for n in meant)}: "
                        "name one", value)
    if name not in declared.NAMES:
        raise SpecError("framework", "unknown framework; choose " + ", ".join(declared.NAMES), value)
    return name


def selection(value: Any) -> tuple[str, ...]:
    """A choice of conventions, the one way every command and the API read it: one name, names
    joined by commas ("keras,pytorch"), or "all" (every convention, the default first); None or
    "" is the default. Names as framework_of takes them; SpecError naming the first unknown."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (declared.DEFAULT,)
    if not isinstance(value, str):
        return (framework_of({"framework": value}),)
    if value.strip().lower() == "all":
        return tuple(sorted(declared.NAMES, key=lambda name: name != declared.DEFAULT))
    names = tuple(framework_of({"framework": part}) for part in value.split(","))
    return tuple(dict.fromkeys(names))  # each once, in the order given


def parse_spec(data: Mapping[str, Any]) -> Spec:
    """Validate ``data`` into a Spec; raise SpecError (one field, one value) if it is not one."""
    if not isinstance(data, Mapping):
        raise SpecError("spec", "must be a JSON object of fields", data)
    # An unknown key is named before pydantic sees it: pydantic builds an error for every unknown
    # key (a million of them took 1.2 GB) where the first is all that is said.
    unknown = next((key for key in data if key not in Spec.model_fields), None)
    if unknown is not None:
        raise _unknown_key(unknown, data[unknown])
    try:
        return Spec.model_validate(data)
    except ValidationError as err:
        raise _spec_error(err) from None


@dataclass(frozen=True)
class Run:
    """How the network is run: sizes of the data, and the framework's return options."""

    batch: int | None = None
    steps: int | None = None
    batch_first: bool = False  # batch-major input and output
    unbatched: bool = False  # one sequence, no batch dimension at all
    return_sequences: bool = False  # the last layer returns every step, not only the last
    return_state: bool = False  # the last layer also returns its final states
    time_major: bool = False  # time-major input and output where batch-major is the default

    def __post_init__(self) -> None:
        for field in ("batch_first", "unbatched", "return_sequences", "return_state", "time_major"):
            if type(getattr(self, field)) is not bool:  # "no" would be true
                raise SpecError(field, "is a switch: True or False", getattr(self, field))
        for field in ("batch", "steps"):
            value = getattr(self, field)
            if value is not None and (type(value) is not int or not 1 <= value <= MAX_SIZE):
                raise SpecError(field, f"must be a whole number from 1 to {MAX_SIZE}", value)
        if self.unbatched and self.batch is not None:
            raise SpecError("batch", "cannot be given with --unbatched (there is no batch dimension)", self.batch)
        if self.unbatched and self.batch_first:
            raise SpecError("batch_first", "means nothing with --unbatched (there is no batch dimension)", True)
        if self.batch_first and self.time_major:
            raise SpecError("time_major", "contradicts --batch-first", True)

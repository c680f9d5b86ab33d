"""What a network costs to run: multiply-accumulates, FLOPs and bytes, read off the inventory.

rnncalc's own count is itemised per layer and direction, per sample and time step: the MACs of
each weight block (every weight is used once per sample and step: one multiply-accumulate), the
bias additions (one per bias element), and the element-wise gate work of the cell (the sum of
the input and recurrent matmuls, the activations, the products and sums that update the state).
Everything else is that per-step figure times the samples and steps: closed form, so a huge
--steps or --batch costs no more than a small one.

``compat`` gives the figure a peer tool prints for the same PyTorch module and input, each rule
read from the tool's source (cited below), and checked against the real tool in
tests/crosscheck/test_cost_live.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from rnncalc import frameworks
from rnncalc.errors import SpecError
from rnncalc.model.flow import check_run
from rnncalc.model.spec import MAX_SIZE, Run
from rnncalc.model.tensors import inventory
from rnncalc.model.types import DIRECTIONS

if TYPE_CHECKING:
    from rnncalc.model.spec import Spec
    from rnncalc.model.tensors import Tensor

__all__ = ["ACTIVATIONS", "COMPAT", "DTYPES", "OPTIMIZERS", "RULE", "TRAINING", "Compat", "Cost", "Item", "Memory",
           "cost", "costing", "figures", "parse_compat", "parse_lengths"]

#: Bytes per element of each --dtype.
DTYPES = {"fp32": 4, "bf16": 2, "fp16": 2, "int8": 1}
#: State tensors torch.optim keeps per parameter, each of the parameter's size: SGD none, SGD with
#: momentum its momentum_buffer, Adam and AdamW exp_avg and exp_avg_sq.
OPTIMIZERS = {"sgd": 0, "momentum": 1, "adam": 2, "adamw": 2}
#: torch >= 2 keeps Adam's ``step`` as a float32 scalar tensor per parameter tensor
#: (torch/optim/adam.py, _init_group: torch.tensor(0.0, dtype=_get_scalar_dtype())).
STEP_BYTES = 4
#: The tools --compat knows, and the versions whose source the rules were read from.
COMPAT = {"ptflops": "ptflops 0.7.5", "thop": "thop 0.1.1.post2209072238", "torchinfo": "torchinfo 1.8.0",
          "torch": "torch 2.13.0 FlopCounterMode"}
#: The convention whose modules the peer tools (--compat) count and torch.optim trains (as a
#: summary format's module names the convention it prints: summaries/).
BUILDS = "pytorch"
#: The most sequences --lengths may list.
MAX_LENGTHS = 100_000

RULE = ("FLOPs = 2 × MACs (a matmul's or peephole's multiply-accumulate is one multiply and one add) "
        "+ 1 per bias addition, gate sum, activation (sigmoid or tanh) and element-wise product or sum")
TRAINING = ("training = forward + backward = 3 × forward: each matmul's backward is two matmuls of its size (the "
            "input's gradient and the weights'); the element-wise work is taken to cost twice its forward too")

_MATMULS = {"input_weights": "input matmul", "recurrent_weights": "recurrent matmul", "projection": "projection"}
_BIASES = ("bias", "input_bias", "recurrent_bias")


@dataclass(frozen=True)
class Item:
    """One line of the itemised count: one layer and direction, one sample, one time step."""

    layer: int
    direction: str
    item: str
    macs: int
    flops: int
    formula: str


@dataclass(frozen=True)
class Compat:
    """The figure one peer tool prints for the same PyTorch module and input."""

    tool: str
    version: str
    value: int | None  # None where the tool cannot count the input at all
    unit: str
    counts: str  # one line: what the tool counts and what it leaves out
    formula: str


@dataclass(frozen=True)
class Memory:
    """Bytes: weights, their gradients and the optimizer's state in training, and the state that
    streaming inference carries from one step to the next (for the batch, or one sample)."""

    dtype: str
    params: int
    tensors: int
    weights: int
    gradients: int | None  # None for int8, an inference format
    optimizer: str
    optimizer_state: int | None
    step_tensors: int  # bytes of torch's per-parameter `step` tensors (Adam, AdamW), within optimizer_state
    stream_state: int
    activations: int | None  # kept for backpropagation through time; None for int8


@dataclass(frozen=True)
class Cost:
    spec: Spec
    batch: int | None
    steps: int | None
    lengths: tuple[int, ...] | None
    items: tuple[Item, ...]
    memory: Memory
    compat: tuple[Compat, ...]  # one per tool asked for, in the order asked

    # Worked out once: the JSON, the page and the totals each read these.
    @cached_property
    def step_macs(self) -> int:
        """One sample, one time step, every layer and direction."""
        return sum(i.macs for i in self.items)

    @cached_property
    def step_flops(self) -> int:
        return sum(i.flops for i in self.items)

    @property
    def sample_steps(self) -> int | None:
        """Samples × steps actually computed: the sum of --lengths for a packed batch (no
        padding is computed), else batch × steps; None when either is not given."""
        if self.lengths is not None:
            return sum(self.lengths)
        if self.batch is None or self.steps is None:
            return None
        return self.batch * self.steps

    @property
    def multiplier(self) -> int:
        """What the per-step figure is multiplied by for the total: samples × steps as far as given."""
        if self.lengths is not None:
            return sum(self.lengths)
        return (self.batch or 1) * (self.steps or 1)

    @property
    def per(self) -> str:
        """What the total is for, in words."""
        if self.lengths is not None:
            return f"{len(self.lengths)} packed sequences, {sum(self.lengths)} steps in all"
        if self.batch is None and self.steps is None:
            return "one sample, one step (× B · T for a batch of B sequences of T steps)"
        if self.batch is None:
            return f"one sample of {self.steps} steps (× B for a batch of B)"
        if self.steps is None:
            return f"a batch of {self.batch}, one step (× T for T steps)"
        return f"a batch of {self.batch}, {self.steps} steps"

    @property
    def macs(self) -> int:
        return self.step_macs * self.multiplier

    @property
    def flops(self) -> int:
        return self.step_flops * self.multiplier

    @property
    def training_flops(self) -> int:
        return 3 * self.flops

    @property
    def formula(self) -> str:
        """The totals' products: MACs = per step × samples × steps, in B and T where not given."""
        if self.lengths is not None:
            shown = " + ".join(map(str, self.lengths)) if len(self.lengths) <= 8 else f"{len(self.lengths)} lengths"
            factors = f"({shown})"
        else:
            b, t = self.batch if self.batch is not None else "B", self.steps if self.steps is not None else "T"
            factors = f"{b} × {t}"
        # The products themselves stand beside it in every format (the totals' macs and flops),
        # so the line stays short at any size.
        return f"MACs = {self.step_macs} × {factors}; FLOPs = {self.step_flops} × {factors}"


def figures(found: Cost) -> dict[str, int | None]:
    """A cost's figures as one flat record: the totals, the per-step count, and the bytes (the
    weights' as ``bytes``); None where a figure does not apply (int8 trains nothing)."""
    memory = found.memory  # the keys in FIGURES' order (features/figures.py)
    return {"macs": found.macs, "flops": found.flops, "training_flops": found.training_flops,
            "step_macs": found.step_macs, "step_flops": found.step_flops, "params": memory.params,
            "bytes": memory.weights, "gradient_bytes": memory.gradients, "optimizer_bytes": memory.optimizer_state,
            "activation_bytes": memory.activations, "stream_bytes": memory.stream_state}


#: A packed batch's lengths, as a user gives them: a list, or text ("7,3,1").
Lengths = list[int] | tuple[int, ...] | str | None


def parse_lengths(text: str) -> tuple[int, ...]:
    """--lengths 7,3,1: each sequence's length, in the packed batch."""
    parts = [p.strip() for p in str(text).split(",")]
    if len(parts) > MAX_LENGTHS:
        raise SpecError("lengths", f"lists at most {MAX_LENGTHS:,} sequences", text)
    try:
        lengths = tuple(int(p) for p in parts)
    except ValueError:
        raise SpecError("lengths", "is a comma-separated list of whole numbers: 7,3,1", text) from None
    if not lengths or any(not 1 <= n <= MAX_SIZE for n in lengths):
        raise SpecError("lengths", f"each length is a whole number from 1 to {MAX_SIZE}", text)
    return lengths


def _size(name: str, value: int | None) -> int | None:
    if value is not None and (type(value) is not int or not 1 <= value <= MAX_SIZE):
        raise SpecError(name, f"must be a whole number from 1 to {MAX_SIZE}", value)
    return value


def cost(spec: Spec, *, batch: int | None = None, steps: int | None = None, lengths: Lengths = None,
         batch_first: bool = False, dtype: str = "fp32", optimizer: str = "adam", compat: str | None = None) -> Cost:
    """The cost of running ``spec`` on ``batch`` sequences of ``steps`` steps (or a packed batch
    of ``lengths``), itemised; and with ``compat``, the figure that tool prints for it."""
    return costing(batch=batch, steps=steps, lengths=lengths, batch_first=batch_first, dtype=dtype,
                   optimizer=optimizer, compat=compat)(spec)


def costing(*, batch: int | None = None, steps: int | None = None, lengths: Lengths = None,
            batch_first: bool = False, dtype: str = "fp32", optimizer: str = "adam",
            compat: str | None = None) -> Callable[[Spec], Cost]:
    """cost(spec, ...) for any spec, with these options checked once (what a batch of specs
    shares): raises their SpecError now, as cost() would for any spec. The options as a user
    gives them: lengths as a list or as text ("7,3,1"), dtype and optimizer in any case."""
    _size("batch", batch)
    _size("steps", steps)
    if isinstance(lengths, str):
        lengths = parse_lengths(lengths)
    elif lengths is not None and not isinstance(lengths, (list, tuple)):
        raise SpecError("lengths", "is each sequence's length: [7, 3, 1] or '7,3,1'", type(lengths).__name__)
    dtype, optimizer = str(dtype).strip().lower(), str(optimizer).strip().lower()
    if lengths is not None:
        lengths = tuple(lengths)
        if len(lengths) > MAX_LENGTHS:
            raise SpecError("lengths", f"lists at most {MAX_LENGTHS:,} sequences", f"{len(lengths):,} of them")
        if not lengths or any(type(n) is not int or not 1 <= n <= MAX_SIZE for n in lengths):
            raise SpecError("lengths", f"each length is a whole number from 1 to {MAX_SIZE}", list(lengths))
        if batch is not None and batch != len(lengths):
            raise SpecError("batch", f"contradicts --lengths, which lists {len(lengths)} sequences", batch)
        if steps is not None and steps != max(lengths):
            raise SpecError("steps", f"contradicts --lengths, whose longest sequence has {max(lengths)} steps", steps)
        batch, steps = len(lengths), max(lengths)
    if dtype not in DTYPES:
        raise SpecError("dtype", "choose " + ", ".join(DTYPES), dtype)
    if optimizer not in OPTIMIZERS:
        raise SpecError("optimizer", "choose " + ", ".join(OPTIMIZERS), optimizer)
    run = Run(batch_first=batch_first)

    def costed(spec: Spec) -> Cost:
        check_run(frameworks.get(spec.framework), run)
        tensors = inventory(spec)
        items = tuple(_items(spec, tensors))
        memory = _memory(spec, tensors, batch, steps, lengths, dtype, optimizer)
        # --compat is read after the spec's own checks, as it always was: a spec the run refuses says so first.
        found = tuple(_compat(spec, tool, batch, steps, lengths, batch_first) for tool in parse_compat(compat))
        return Cost(spec, batch, steps, lengths, items, memory, found)

    return costed


def parse_compat(text: str | None) -> tuple[str, ...]:
    """--compat thop, thop,torch or all: the tools, in the order given, each once."""
    if text is None:
        return ()
    names = [n.strip().lower() for n in str(text).split(",") if n.strip()]
    if names == ["all"]:
        return tuple(COMPAT)
    unknown = [n for n in names if n not in COMPAT]
    if unknown or not names:
        raise SpecError("compat", "choose " + ", ".join(COMPAT) + ", a list of them, or all", text)
    return tuple(dict.fromkeys(names))


# rnncalc's own count.


def _items(spec: Spec, tensors: tuple[Tensor, ...]) -> list[Item]:
    cell = spec.kind
    gates = len(cell.gates)
    # One pass files every weight block under its layer and direction, by role: a block's MACs
    # are its size (linear in the tensors, however deep the stack).
    matmuls_of: dict[tuple[int, str], dict[str, list[tuple[int, tuple[int, ...]]]]] = {}
    biases_of: dict[tuple[int, str], int] = {}
    peepholes_of: dict[tuple[int, str], int] = {}
    for t in tensors:
        for b in t.blocks:
            key = (t.layer, b.direction)
            if b.role in _MATMULS:
                matmuls_of.setdefault(key, {}).setdefault(b.role, []).append((b.size, _block_shape(b.spans)))
            elif b.role in _BIASES:
                biases_of[key] = biases_of.get(key, 0) + b.size
            elif b.role == "peephole":
                peepholes_of[key] = peepholes_of.get(key, 0) + b.size
    out: list[Item] = []
    for layer in range(spec.layers):
        u = spec.units[layer]
        for direction in DIRECTIONS[: spec.directions]:
            matmuls = matmuls_of.get((layer, direction), {})
            biases, peepholes = biases_of.get((layer, direction), 0), peepholes_of.get((layer, direction), 0)

            def add(item: str, macs: int, flops: int, formula: str) -> None:
                if macs or flops:
                    out.append(Item(layer, direction, item, macs, flops, formula))

            for role, name in _MATMULS.items():
                blocks = matmuls.get(role, [])
                macs = sum(size for size, _ in blocks)
                add(name, macs, 2 * macs, _blocks_formula(blocks) + f" = {macs}")
            add("peepholes", peepholes, 2 * peepholes, f"{peepholes} (p ⊙ c, added to a gate)")
            add("bias adds", 0, biases, f"{biases}")
            add("gate sums", 0, gates * u, f"{gates} · {u} (x·W + h·U, per gate element)")
            activations = {"rnn": (u, f"{u} tanh"), "lstm": (5 * u, f"5 · {u} (3 sigmoid, 2 tanh)"),
                           "gru": (3 * u, f"3 · {u} (2 sigmoid, 1 tanh)")}[spec.cell]
            add("activations", 0, activations[0], activations[1])
            update = {"rnn": (0, ""),
                      "lstm": (4 * u, f"4 · {u} (c = f⊙c + i⊙g: 2 products, 1 sum; h = o⊙tanh(c))"),
                      "gru": (5 * u, f"5 · {u} (r⊙: 1 product; h = (1−z)⊙n + z⊙h: 2 products, 2 sums)")}[spec.cell]
            add("state update", 0, update[0], update[1])
            if direction == DIRECTIONS[1] and spec.merge_mode in ("sum", "mul", "ave"):
                width = spec.state_width(layer)
                per = 2 if spec.merge_mode == "ave" else 1
                add(f"merge ({spec.merge_mode})", 0, per * width, f"{per} · {width}")
    return out


def _block_shape(spans: tuple[tuple[int, int], ...]) -> tuple[int, ...]:
    """A block's shape, without the direction axis of a tensor that stacks both (ONNX's W)."""
    shape = tuple(end - start for start, end in spans)
    return shape[1:] if len(shape) > 2 and shape[0] == 1 else shape


def _blocks_formula(blocks: list[tuple[int, tuple[int, ...]]]) -> str:
    """4 × (4·3): equal blocks counted, each block's shape written out."""
    groups: dict[tuple[int, ...], int] = {}
    for _, shape in blocks:
        groups[shape] = groups.get(shape, 0) + 1
    parts = []
    for shape, n in groups.items():
        dims = "·".join(map(str, shape)) or "1"
        parts.append(dims if n == 1 else f"{n} × ({dims})" if len(shape) > 1 else f"{n} × {dims}")
    return " + ".join(parts)


#: What autograd keeps per sample and step of one layer and direction, in units, for a loop of
#: eager cells (torch.nn.RNNCell/LSTMCell/GRUCell on the CPU, read with
#: torch.autograd.graph.saved_tensors_hooks, tests/crosscheck/test_cost_live.py): RNN its output
#: h_t; LSTM the activated gates (4), h_(t-1), c_(t-1) and tanh(c_t); GRU the gates' storage (3),
#: h_(t-1), n and two more tensors of units. Then what a sequence adds or saves once: RNN h_0,
#: LSTM one less (h_0 and c_0 are one zero tensor, and the last c_t is never saved).
KEPT = {"rnn": (1, 1), "lstm": (7, -1), "gru": (7, 0)}
ACTIVATIONS = ("activations: what autograd saves for eager cells (a fused oneDNN or cuDNN kernel keeps its own "
               "workspace): each layer's input; per step RNN h, LSTM 4 gates, h, c, tanh(c), GRU 3 gates, h, 3 more")


def _activations(spec: Spec, batch: int, steps: int, lengths: tuple[int, ...] | None) -> int:
    """Units kept for backpropagation through time: each layer's input sequence once (both
    directions read it; a later layer's is the earlier one's outputs, stacked), then each
    direction's per-step tensors (KEPT)."""
    computed = sum(lengths) if lengths is not None else batch * steps
    per_step, once = KEPT[spec.cell]
    kept = 0
    for layer in range(spec.layers):
        u = spec.units[layer]
        # The projection's input, o ⊙ tanh(c_t): by the rule of a matmul's saved input, not
        # measured (nn.LSTMCell has no projection).
        extra = computed * u if spec.proj else 0
        kept += spec.input_width(layer) * computed
        kept += spec.directions * (per_step * u * computed + once * u * batch + extra)
    return kept


def _memory(spec: Spec, tensors: tuple[Tensor, ...], batch: int | None, steps: int | None, lengths: tuple[int, ...] | None,
            dtype: str, optimizer: str) -> Memory:
    size = DTYPES[dtype]
    params = sum(t.params for t in tensors)
    trains = dtype != "int8"
    # torch's per-parameter step tensors; Keras keeps one `iterations` counter for the whole model.
    counters = len(tensors) * STEP_BYTES if optimizer in ("adam", "adamw") and spec.framework == BUILDS else 0
    state = sum(spec.state_width(layer) + (spec.units[layer] if spec.kind.has_cell_state else 0)
                for layer in range(spec.layers)) * spec.directions
    return Memory(dtype, params, len(tensors), params * size, params * size if trains else None, optimizer,
                  OPTIMIZERS[optimizer] * params * size + counters if trains else None, counters if trains else 0,
                  state * size * (batch or 1),
                  _activations(spec, batch or 1, steps or 1, lengths) * size if trains else None)


# The peer tools' figures, each for one torch.nn.RNN/LSTM/GRU module on one input.


def _terms(values: list[int]) -> str:
    """a + b + b + b as a + 3 × b: equal layers grouped, so a deep stack's formula stays one short line."""
    runs: list[list[int]] = []
    for value in values:
        if runs and runs[-1][0] == value:
            runs[-1][1] += 1
        else:
            runs.append([value, 1])
    return " + ".join(str(value) if n == 1 else f"{n} × {value}" for value, n in runs)

_COUNTS = {
    "ptflops": "per sample: weight_ih, weight_hh, biases, an element-wise term per layer, × 2 if bidirectional, ÷ "
               "its batch counter; shape[0] as batch (ignores batch_first); no weight_hr",
    "thop": "(input + hidden) · hidden per gate, an add per gate, biases, element-wise products, × steps × batch; "
            "hidden_size for every width (no proj_size); packed: the padded rectangle",
    "torchinfo": "mult-adds = every parameter (weights and biases) × prod(output.shape[:2]) = batch × steps; "
                 "nothing element-wise",
    "torch": "FLOPs (2 per multiply-accumulate) of the matmuls aten runs (addmm, mm): input, recurrent and "
             "projection weights × samples × steps computed; no biases, nothing element-wise",
}


def _compat(spec: Spec, tool: str, batch: int | None, steps: int | None, lengths: tuple[int, ...] | None,
            batch_first: bool) -> Compat:
    if spec.framework != BUILDS:
        raise SpecError("compat", f"counts a PyTorch module; this spec is {spec.framework}'s: give -F {BUILDS}", tool)
    if spec.api != "layer":
        raise SpecError("compat", "counts one nn.RNN, nn.LSTM or nn.GRU layer module, not a cell", tool)
    if len(set(spec.units)) > 1:
        raise SpecError("compat", "counts one nn.RNN/LSTM/GRU module, which has one hidden_size for every layer",
                        tool)
    if batch is None or steps is None:
        raise SpecError("compat", "runs the tool on an input of (batch, steps, inp): give --batch and --steps, "
                                  "or --lengths", tool)
    h = spec.units[0]
    width = spec.proj or h  # what weight_hh and the next layer see
    g = len(spec.kind.gates)
    d = spec.directions
    packed = lengths is not None
    version = COMPAT[tool]
    if tool == "ptflops":
        # ptflops/pytorch_ops.py rnn_flops, rnn_flops_counter_hook: per layer w_ih.numel + w_hh.numel
        # + an element-wise term (RNN h, GRU h + 3h + 3h, LSTM 4h + 3h + 3h) + b_ih + b_hh, read off
        # the forward direction's tensors; × shape[0] × shape[1], × 2 if bidirectional; then
        # pytorch_engine.compute_average_flops_cost divides by __batch_counter__ = len(input) = shape[0].
        if packed:
            return Compat(tool, version, None, "MACs", _COUNTS[tool],
                          "cannot count a PackedSequence: its hook reads input.shape, which a PackedSequence "
                          "lacks, and get_model_complexity_info returns None")
        elementwise = {"rnn": 1, "gru": 7, "lstm": 10}[spec.cell]
        per_layer = [g * h * spec.input_width(layer) + g * h * width + elementwise * h
                     + (2 * g * h if spec.bias else 0) for layer in range(spec.layers)]
        lead = steps if batch_first else batch  # shape[1]
        value = sum(per_layer) * lead * d
        formula = (f"({_terms(per_layer)}) × {lead} ({'steps' if batch_first else 'batch'}: the "
                   f"input's shape[1]){' × 2' if d == 2 else ''} = {value}")
        return Compat(tool, version, value, "MACs", _COUNTS[tool], formula)
    if tool == "thop":
        # thop/rnn_hooks.py _count_{rnn,gru,lstm}_cell and count_{rnn,gru,lstm}: layer 0 takes
        # input_size, the later ones hidden_size · D; num_steps × batch_size, or for a PackedSequence
        # len(batch_sizes) × max(batch_sizes).
        extra = {"rnn": 0, "gru": 4 * h, "lstm": 4 * h}[spec.cell]

        def cell(inp: int) -> int:
            return g * (h * (inp + h) + h + (2 * h if spec.bias else 0)) + extra

        per_layer = [d * cell(spec.inp if layer == 0 else h * d) for layer in range(spec.layers)]
        rect_steps, rect_batch = (max(lengths), len(lengths)) if lengths is not None else (steps, batch)
        value = sum(per_layer) * rect_steps * rect_batch
        formula = f"({_terms(per_layer)}) × {rect_steps} steps × {rect_batch} batch = {value}"
        return Compat(tool, version, value, "MACs", _COUNTS[tool], formula)
    if tool == "torchinfo":
        # torchinfo/layer_info.py calculate_macs: a parameter named weight_*/bias_* adds
        # prod(output_size[:2]) · numel (the same rule rnncalc's summary writer uses).
        if packed:
            return Compat(tool, version, None, "mult-adds", _COUNTS[tool],
                          "cannot count a PackedSequence input: summary(input_data=...) fails in "
                          "traverse_input_data rebuilding it (torchinfo.py)")
        params = sum(t.params for t in inventory(spec))
        value = params * batch * steps
        return Compat(tool, version, value, "mult-adds", _COUNTS[tool],
                      f"{params} params × {batch} × {steps} = {value}")
    # torch: FlopCounterMode counts aten.addmm/aten.mm at 2·m·n·k (torch/utils/flop_counter.py
    # addmm_flop, mm_flop). On a CPU build nn.LSTM without proj_size on a padded tensor runs
    # oneDNN's fused aten.mkldnn_rnn_layer (aten/src/ATen/native/RNN.cpp use_mkldnn), which has no
    # flop formula: 0. A PackedSequence, a projection, GRU and RNN decompose into addmm/mm.
    if spec.cell == "lstm" and not spec.proj and not packed:
        return Compat(tool, version, 0, "FLOPs", _COUNTS[tool],
                      "0: a CPU build runs nn.LSTM as oneDNN's aten.mkldnn_rnn_layer, which it has no formula for")
    macs = sum(t.params for t in inventory(spec) if t.role in _MATMULS)
    computed = sum(lengths) if lengths is not None else batch * steps
    value = 2 * macs * computed
    return Compat(tool, version, value, "FLOPs", _COUNTS[tool], f"2 × {macs} weights × {computed} = {value}")

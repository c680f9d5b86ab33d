"""rnncalc cost against the real tools: ptflops 0.7.5, thop 0.1.1.post2209072238, torchinfo 1.8.0
and torch's FlopCounterMode, run on the real torch.nn module built from the call rnncalc states;
and rnncalc's own count against a NumPy forward pass that counts what it computes.

A tool that cannot run fails here (its import is at module level), never skips.
"""

import contextlib
import io
import warnings

import numpy as np
import pytest
import ptflops
import thop
import torch
import torchinfo
from torch.nn.utils.rnn import pack_padded_sequence
from torch.utils.flop_counter import FlopCounterMode

import rnncalc
from rnncalc import frameworks, parse_spec
from rnncalc.features.cost import COMPAT

# The versions the rules were read from; a different one may count differently.
VERSIONS = {"ptflops": "0.7.5", "thop": "0.1.1.post2209072238", "torchinfo": "1.8.0"}


def test_pinned_versions():
    from importlib.metadata import version

    from packaging.version import Version

    for tool, pinned in VERSIONS.items():
        assert Version(version(tool)) == Version(pinned), tool  # thop's metadata spells it 0.1.1-2209072238
        assert pinned in COMPAT[tool]
    assert torch.__version__.split("+")[0] in COMPAT["torch"]


def build(spec):
    """The module from the one call rnncalc states for the spec (torch.nn.LSTM(...))."""
    (call,) = frameworks.get(spec.framework).calls(spec)
    data = call.data()
    assert data["callee"].startswith("torch.nn.")
    torch.manual_seed(0)
    return getattr(torch.nn, data["callee"].removeprefix("torch.nn."))(*data["args"], **data["kwargs"])


def real_input(spec, batch, steps, lengths, batch_first):
    if lengths is not None:
        padded = torch.randn(max(lengths), len(lengths), spec.inp)
        return pack_padded_sequence(padded, torch.tensor(lengths), enforce_sorted=False)
    return torch.randn(batch, steps, spec.inp) if batch_first else torch.randn(steps, batch, spec.inp)


def measured(tool, module, x):
    """The figure the tool prints (as a number) for the module run on x; None where it cannot."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if tool == "ptflops":
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                macs, _ = ptflops.get_model_complexity_info(module, (1,), input_constructor=lambda _: x,
                                                            as_strings=False, print_per_layer_stat=False)
            return macs
        if tool == "thop":
            macs, _ = thop.profile(module, inputs=(x,), verbose=False)
            assert macs == int(macs)
            return int(macs)
        if tool == "torchinfo":
            try:
                return torchinfo.summary(module, input_data=[x], verbose=0).total_mult_adds
            except Exception:  # a PackedSequence: its input traversal cannot rebuild one
                if isinstance(x, torch.nn.utils.rnn.PackedSequence):
                    return None
                raise
        with FlopCounterMode(display=False) as counter:
            module(x)
        return counter.get_total_flops()


# A handful of networks that between them take every branch of every rule: each cell, 1-3 layers,
# both directions, bias off, proj_size, batch_first, and a padded and a packed input.
NETWORKS = [
    dict(cell="rnn", inp=3, units=4),
    dict(cell="lstm", inp=3, units=4),
    dict(cell="gru", inp=5, units=3, layers=2, bidirectional=True, bias=False),
    dict(cell="lstm", inp=2, units=5, layers=3, bidirectional=True, proj=3),
    dict(cell="rnn", inp=4, units=2, layers=2, bidirectional=True),
    dict(cell="gru", inp=3, units=4, layers=3),
    dict(cell="lstm", inp=4, units=3, layers=2, bias=False),
]
INPUTS = [  # (batch, steps, lengths, batch_first)
    (1, 100, None, True),
    (3, 4, None, False),
    (2, 6, None, True),
    (None, None, (5, 3, 1), False),
]


@pytest.mark.parametrize("fields", NETWORKS, ids=lambda f: "-".join(f"{k}{v}" for k, v in f.items()))
@pytest.mark.parametrize("batch,steps,lengths,batch_first", INPUTS)
def test_compat_equals_the_tool(fields, batch, steps, lengths, batch_first):
    spec = parse_spec({**fields, "framework": "pytorch"})
    module = build(spec)
    module.batch_first = batch_first  # the run's choice, as the user's nn.LSTM(..., batch_first=...) states it
    x = real_input(spec, batch, steps, lengths, batch_first)
    ours = rnncalc.cost(spec, batch=batch, steps=steps, lengths=lengths, batch_first=batch_first,
                        compat="all")["compat"]
    for tool, figure in zip(COMPAT, ours, strict=True):
        assert figure["tool"] == tool
        assert figure["value"] == measured(tool, module, x), figure


def test_issue_figures():
    """The figures the issue quotes, nn.LSTM(3, 4) and nn.RNN(3, 4) over 100 steps."""
    def figure(cell, tool):
        return rnncalc.cost(cell=cell, inp=3, units=4, framework="pytorch", batch=1, steps=100, batch_first=True,
                            compat=tool)["compat"][0]["value"]

    assert [figure("lstm", t) for t in ("ptflops", "thop", "torchinfo")] == [18_400, 17_600, 14_400]
    assert [figure("rnn", t) for t in ("ptflops", "thop", "torchinfo")] == [4_000, 4_000, 3_600]


# rnncalc's own count, against a forward pass that counts what it computes.


class Counted:
    """NumPy arithmetic that tallies each operation by the item rnncalc files it under."""

    def __init__(self):
        self.tally = {}

    def _add(self, item, n):
        self.tally[item] = self.tally.get(item, 0) + n

    def matmul(self, item, x, w):  # x [N, k] · w[m, k]^T: one multiply-accumulate per weight per row
        self._add(item, w.size * x.shape[0])
        return x @ w.T

    def op(self, item, result):
        self._add(item, result.size)
        return result

    def sigmoid(self, x):
        return self.op("activations", 1 / (1 + np.exp(-x)))

    def tanh(self, x):
        return self.op("activations", np.tanh(x))


def counted_step(c, cell, p, suffix, x, h, cs, bias):
    w_ih, w_hh = p[f"weight_ih{suffix}"], p[f"weight_hh{suffix}"]
    gi = c.matmul("input matmul", x, w_ih)
    gh = c.matmul("recurrent matmul", h, w_hh)
    if bias:
        gi = c.op("bias adds", gi + p[f"bias_ih{suffix}"])
        gh = c.op("bias adds", gh + p[f"bias_hh{suffix}"])
    if cell == "rnn":
        return c.tanh(c.op("gate sums", gi + gh)), None
    if cell == "lstm":
        g = c.op("gate sums", gi + gh)
        i, f, cand, o = np.split(g, 4, axis=1)
        i, f, o, cand = c.sigmoid(i), c.sigmoid(f), c.sigmoid(o), c.tanh(cand)
        cs = c.op("state update", c.op("state update", f * cs) + c.op("state update", i * cand))
        h = c.op("state update", o * c.tanh(cs))
        if f"weight_hr{suffix}" in p:
            h = c.matmul("projection", h, p[f"weight_hr{suffix}"])
        return h, cs
    (ir, iz, inew), (hr, hz, hnew) = np.split(gi, 3, axis=1), np.split(gh, 3, axis=1)
    r = c.sigmoid(c.op("gate sums", ir + hr))
    z = c.sigmoid(c.op("gate sums", iz + hz))
    n = c.tanh(c.op("gate sums", inew + c.op("state update", r * hnew)))
    keep = c.op("state update", 1 - z)
    return c.op("state update", c.op("state update", keep * n) + c.op("state update", z * h)), None


def counted_forward(spec, module, x):
    """The stack over x [T, N, inp], time-major; its output, and the tally."""
    p = {name: t.detach().numpy().astype(np.float64) for name, t in module.named_parameters()}
    c = Counted()
    y = x
    for layer in range(spec.layers):
        outs = []
        for direction in range(spec.directions):
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            n = y.shape[1]
            h = np.zeros((n, spec.state_width(layer)))
            cs = np.zeros((n, spec.units[layer]))
            seq = []
            for t in (reversed(range(len(y))) if direction else range(len(y))):
                h, cs = counted_step(c, spec.cell, p, suffix, y[t], h, cs, spec.bias)
                seq.append(h)
            outs.append(np.stack(seq[::-1] if direction else seq))
        y = np.concatenate(outs, axis=2)
    return y, c.tally


@pytest.mark.parametrize("fields", NETWORKS, ids=lambda f: "-".join(f"{k}{v}" for k, v in f.items()))
def test_own_count_equals_a_counted_forward_pass(fields):
    spec = parse_spec({**fields, "framework": "pytorch"})
    module = build(spec)
    batch, steps = 2, 3
    x = np.random.default_rng(0).standard_normal((steps, batch, spec.inp))
    y, tally = counted_forward(spec, module, x)
    with torch.no_grad():
        real, _ = module(torch.from_numpy(x).float())
    np.testing.assert_allclose(y, real.numpy(), rtol=1e-4, atol=1e-5)  # the equations are the module's
    ours = rnncalc.cost(spec, batch=batch, steps=steps)
    by_item = {}
    for item in ours["items"]:
        by_item[item["item"]] = by_item.get(item["item"], 0) + (item["macs"] or item["flops"])
    assert {k: v * batch * steps for k, v in by_item.items()} == tally
    matmuls = sum(tally.get(k, 0) for k in ("input matmul", "recurrent matmul", "projection"))
    assert ours["totals"]["macs"] == matmuls
    assert ours["totals"]["flops"] == sum(tally.values()) + matmuls  # 2 per MAC, 1 per other operation


# Memory: the real module's and the real optimizer's bytes.


@pytest.mark.parametrize("dtype,torch_dtype", [("fp32", torch.float32), ("bf16", torch.bfloat16),
                                               ("fp16", torch.float16)])
def test_weight_and_adam_bytes(dtype, torch_dtype):
    spec = parse_spec(dict(cell="lstm", inp=3, units=4, layers=2, bidirectional=True, proj=2, framework="pytorch"))
    module = build(spec).to(torch_dtype)
    memory = rnncalc.cost(spec, dtype=dtype, optimizer="adam")["memory"]
    assert memory["weights"] == sum(p.numel() * p.element_size() for p in module.parameters())
    optimizer = torch.optim.Adam(module.parameters())
    for p in module.parameters():
        p.grad = torch.ones_like(p)
    assert memory["gradients"] == sum(p.grad.numel() * p.grad.element_size() for p in module.parameters())
    optimizer.step()
    state = sum(t.numel() * t.element_size() for s in optimizer.state.values() for t in s.values())
    assert memory["optimizer_state"] == state
    assert memory["step_tensors"] == sum(s["step"].numel() * s["step"].element_size()
                                         for s in optimizer.state.values())


# Activations: the tensors autograd saves for a loop of eager cells, each layer fed the stacked
# outputs of the one before (both directions concatenated), as one writes it by hand.


def saved_bytes(spec, batch, steps):
    kind = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}[spec.cell]
    torch.manual_seed(0)
    cells = [[kind(spec.input_width(layer), spec.units[layer], bias=spec.bias) for _ in range(spec.directions)]
             for layer in range(spec.layers)]
    params = {p.untyped_storage().data_ptr() for row in cells for c in row for p in c.parameters()}
    kept = {}

    def pack(t):
        storage = t.untyped_storage()
        if storage.data_ptr() not in params:
            kept[storage.data_ptr()] = storage.nbytes()
        return t

    y = torch.randn(steps, batch, spec.inp)
    with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
        for row in cells:
            outputs = []
            for direction, cell in enumerate(row):
                state, seq = None, []
                for t in (reversed(range(steps)) if direction else range(steps)):
                    state = cell(y[t], state)
                    seq.append(state[0] if spec.cell == "lstm" else state)
                outputs.append(torch.stack(seq[::-1] if direction else seq))
            y = torch.cat(outputs, dim=2) if len(outputs) > 1 else outputs[0]
    return sum(kept.values())


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("layers,bidirectional,bias", [(1, False, True), (2, False, False), (2, True, True)])
def test_activations_are_what_autograd_saves(cell, layers, bidirectional, bias):
    spec = parse_spec(dict(cell=cell, inp=3, units=4, layers=layers, bidirectional=bidirectional, bias=bias,
                           framework="pytorch"))
    for batch, steps in ((1, 1), (2, 5)):
        assert rnncalc.cost(spec, batch=batch, steps=steps)["memory"]["activations"] == saved_bytes(spec, batch, steps)

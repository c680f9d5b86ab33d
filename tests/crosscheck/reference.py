"""A framework-free recurrent network in NumPy, fed only through rnncalc's blocks.

``weights(spec, arrays)`` reads every gate's W, U, biases and peephole out of a convention's
tensors by their blocks (canonical gate, role, direction, out_axis), and ``run`` computes the
canonical equations with them. Run beside the real framework on the same arrays, it proves
that the blocks say truly which rows or columns are which gate: a wrong gate order, a
missed transpose or a misplaced bias changes the numbers.
"""

from collections import defaultdict

import numpy as np

from rnncalc import frameworks, inventory


def canonical(array, block):
    """The block as [out, in] (weights) or [out] (biases, peepholes), whatever the packing."""
    part = array[tuple(slice(s, e) for s, e in block.spans)]
    n = block.spans[block.out_axis][1] - block.spans[block.out_axis][0]
    matrix = np.moveaxis(part, block.out_axis, 0).reshape(n, -1)
    return matrix if "weights" in block.role or block.role == "projection" else matrix.ravel()


def weights(spec, arrays):
    """{(layer, direction): {(gate, role): array}}; a constant the framework adds at run time
    (TF1's forget_bias) is one more bias of its gate, under the role "constant"."""
    out = defaultdict(dict)
    constants = frameworks.get(spec.framework).constant_biases.get(spec.cell, {})
    for t in inventory(spec):
        for b in t.blocks:
            out[(t.layer, b.direction)][(b.gate, b.role)] = canonical(arrays[t.name], b)
            out[(t.layer, b.direction)].update({(gate, "constant"): value for gate, value in constants.items()})
    return out


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _step(cell, w, x, h, c, reset_after, act):
    def lin(gate, inp, state):
        y = inp @ w[(gate, "input_weights")].T
        for role in ("bias", "input_bias", "constant"):
            if (gate, role) in w:
                y = y + w[(gate, role)]
        r = state @ w[(gate, "recurrent_weights")].T
        if (gate, "recurrent_bias") in w:
            r = r + w[(gate, "recurrent_bias")]
        return y, r

    if cell == "rnn":
        y, r = lin("hidden", x, h)
        return act(y + r), None
    if cell == "gru":
        yr, rr = lin("reset", x, h)
        yz, rz = lin("update", x, h)
        reset, update = sigmoid(yr + rr), sigmoid(yz + rz)
        if reset_after:
            yn, rn = lin("new", x, h)
            new = np.tanh(yn + reset * rn)
        else:
            # The reset gate scales h before the recurrent matmul; a recurrent bias, if kept
            # separately (ONNX Rbh), is added after it.
            yn, _ = lin("new", x, h)
            rn = (reset * h) @ w[("new", "recurrent_weights")].T
            if ("new", "recurrent_bias") in w:
                rn = rn + w[("new", "recurrent_bias")]
            new = np.tanh(yn + rn)
        return update * h + (1 - update) * new, None
    pre = {g: sum(lin(g, x, h)) for g in ("input", "forget", "candidate", "output")}
    peep = {g: w.get((g, "peephole"), 0) for g in ("input", "forget", "output")}
    i = sigmoid(pre["input"] + peep["input"] * c)
    f = sigmoid(pre["forget"] + peep["forget"] * c)
    c = f * c + i * np.tanh(pre["candidate"])
    o = sigmoid(pre["output"] + peep["output"] * c)
    h = o * np.tanh(c)
    if (None, "projection") in w:
        h = h @ w[(None, "projection")].T
    return h, c


#: Keras's Bidirectional merge modes other than concatenation, the one every other framework has.
MERGES = {"sum": np.add, "mul": np.multiply, "ave": lambda a, b: (a + b) / 2}


def merge(spec, parts):
    """The directions' outputs as the next layer reads them (or the network returns them)."""
    return MERGES[spec.merge_mode](*parts) if spec.merge_mode in MERGES else np.concatenate(parts, axis=-1)


def run(spec, arrays, x, act=np.tanh):
    """x: [T, N, inp] -> (outputs [T, N, D·H_last] or merged, {(layer, direction): (h, c)})."""
    ws = weights(spec, arrays)
    finals = {}
    for layer in range(spec.layers):
        outs = []
        for direction in ("forward", "backward")[: spec.directions]:
            w = ws[(layer, direction)]
            n = x.shape[1]
            h = np.zeros((n, spec.state_width(layer)), np.float64)
            c = np.zeros((n, spec.units[layer]), np.float64)
            steps = range(x.shape[0]) if direction == "forward" else reversed(range(x.shape[0]))
            seq = [None] * x.shape[0]
            for t in steps:
                h, c2 = _step(spec.cell, w, x[t], h, c, spec.reset_after, act)
                c = c2 if c2 is not None else c
                seq[t] = h
            outs.append(np.stack(seq))
            finals[(layer, direction)] = (h, c)
        x = merge(spec, outs)
    return x, finals

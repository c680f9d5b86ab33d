"""Each framework's real layer, filled with given arrays by rnncalc's tensor names and run.

run(spec, arrays, x) takes x as [T, N, inp] and returns every step's output as [T, N, D·H],
whatever the framework's own layout, and the final states as {(layer, direction): (h, c)}
(c None but for LSTM), so two frameworks can be compared. The Flax runners compile (jit)
once per network shape and reuse it.
"""

import functools
import os

os.environ.setdefault("KERAS_BACKEND", "torch")
os.environ.setdefault("JAX_PLATFORMS", "cpu")

import flax.linen as nn  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
import torch  # noqa: E402
from flax import nnx  # noqa: E402
from flax.traverse_util import unflatten_dict  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from rnncalc import inventory, parse_spec  # noqa: E402

TORCH = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
KERAS = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}
ONNX_OPS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}
LINEN = {"rnn": nn.SimpleCell, "lstm": nn.LSTMCell, "gru": nn.GRUCell}
NNX = {"rnn": nnx.SimpleCell, "lstm": nnx.LSTMCell, "gru": nnx.GRUCell}


def finals(spec, states):
    """{(layer, direction): (h, c)} from states listed layer by layer, forward then backward,
    each (h, c) for LSTM and h otherwise."""
    keys = [(k, d) for k in range(spec.layers) for d in ("forward", "backward")[: spec.directions]]
    lstm = spec.cell == "lstm"
    return {key: (np.asarray(s[0]), np.asarray(s[1])) if lstm else (np.asarray(s), None)
            for key, s in zip(keys, states, strict=True)}


def torch_run(spec, arrays, x):
    assert len(set(spec.units)) == 1
    module = TORCH[spec.cell](spec.inp, spec.units[0], num_layers=spec.layers, bias=spec.bias,
                              bidirectional=spec.bidirectional)
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.from_numpy(arrays[name]))
        out, state = module(torch.from_numpy(x))
    # h_n (and c_n): [layers·D, N, H], layer-major.
    h_n, c_n = (s.numpy() for s in state) if spec.cell == "lstm" else (state.numpy(), None)
    return out.numpy(), finals(spec, [(h, c_n[k]) if c_n is not None else h for k, h in enumerate(h_n)])


def torch_forward(spec, arrays, x):
    """The outputs alone (test_cudnn's check through PyTorch)."""
    return torch_run(spec, arrays, x)[0]


def keras_run(spec, arrays, x):
    keras.backend.clear_session()
    inputs = keras.Input((x.shape[0], spec.inp))
    y, states = inputs, []
    for size in spec.units:
        kwargs = {"use_bias": spec.bias, "return_sequences": True, "return_state": True}
        if spec.cell == "gru":
            kwargs["reset_after"] = spec.reset_after
        layer = KERAS[spec.cell](size, **kwargs)
        # [outputs, *states], the states (h, c) for LSTM, h otherwise; Bidirectional's
        # forward states, then backward.
        y, *more = (keras.layers.Bidirectional(layer) if spec.bidirectional else layer)(y)
        states += more
    model = keras.Model(inputs, [y, *states])
    for w in model.weights:
        w.assign(arrays[w.path.removeprefix(f"{model.name}/")])
    out, *states = (keras.ops.convert_to_numpy(a) for a in model(np.swapaxes(x, 0, 1)))
    per = 2 if spec.cell == "lstm" else 1
    return np.swapaxes(out, 0, 1), finals(spec, [states[i:i + per] if per == 2 else states[i]
                                                 for i in range(0, len(states), per)])


def onnx_model(spec, arrays, input_shape, batch_first=False, every_state=False):
    """One operator per layer, initializers named and shaped as rnncalc's tensors. The graph's
    outputs are the last operator's; every_state adds every layer's Y_h (and Y_c) after them."""
    tensors = inventory(spec)
    nodes, x, outputs, states = [], "X", [], []
    for layer in range(spec.layers):
        mine = {t.name.rsplit("/", 1)[-1]: t.name for t in tensors if t.layer == layer}
        inputs = [x, mine["W"], mine["R"], mine.get("B", "")]
        if spec.cell == "lstm" and "P" in mine:
            inputs += ["", "", "", mine["P"]]
        outputs = [f"Y{layer}", f"Y_h{layer}"] + ([f"Y_c{layer}"] if spec.cell == "lstm" else [])
        attrs = dict(hidden_size=spec.units[layer], direction="bidirectional" if spec.bidirectional else "forward",
                     layout=int(batch_first))
        if spec.cell == "gru":
            attrs["linear_before_reset"] = int(spec.reset_after)
        nodes.append(helper.make_node(ONNX_OPS[spec.cell], inputs, outputs, **attrs))
        states += outputs[1:]
        if layer < spec.layers - 1:  # the next operator reads [.., .., D·H]
            y = outputs[0]
            if not batch_first:  # [T, D, N, H] -> [T, N, D, H]
                nodes.append(helper.make_node("Transpose", [y], [f"{y}t"], perm=[0, 2, 1, 3]))
                y = f"{y}t"
            nodes.append(helper.make_node("Reshape", [y, "flat"], [f"X{layer + 1}"]))
            x = f"X{layer + 1}"
    inits = [numpy_helper.from_array(a, name) for name, a in arrays.items()]
    inits.append(numpy_helper.from_array(np.array([0, 0, -1], np.int64), "flat"))
    ranks = [4, 3, 3][: len(outputs)]
    if every_state:
        outputs, ranks = [outputs[0], *states], [4] + [3] * len(states)
    g = helper.make_graph(nodes, "rnncalc", [helper.make_tensor_value_info("X", TensorProto.FLOAT, input_shape)],
                          [helper.make_tensor_value_info(o, TensorProto.FLOAT, [None] * r)
                           for o, r in zip(outputs, ranks)], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 22)])


def onnx_run(spec, arrays, x):
    model = onnx_model(spec, arrays, x.shape, every_state=True)
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    y, *states = session.run(None, {"X": x})  # Y [T, D, N, H]; per layer Y_h (and Y_c) [D, N, H]
    per = 2 if spec.cell == "lstm" else 1
    # Y_h then Y_c: (h, c), as finals wants them.
    flat = [(states[i][d], states[i + 1][d]) if per == 2 else states[i][d]
            for i in range(0, len(states), per) for d in range(spec.directions)]
    return np.transpose(y, (0, 2, 1, 3)).reshape(y.shape[0], y.shape[2], -1), finals(spec, flat)


def tf1_session(spec, arrays, x, time_major=False):
    """Build the TF1 graph a user writes for ``spec``, load ``arrays`` by variable name, run it.

    x is [T, N, inp]; returns (the outputs and states dynamic_rnn returns, as arrays, flattened
    in order; the variables' (name, shape) in creation order)."""
    import tensorflow as tf

    v1, cells = tf.compat.v1, tf.compat.v1.nn.rnn_cell

    def cell(k):
        if spec.cell == "lstm":
            return cells.LSTMCell(spec.units[k], use_peepholes=spec.peepholes, num_proj=spec.proj)
        return (cells.GRUCell if spec.cell == "gru" else cells.BasicRNNCell)(spec.units[k])

    graph = tf.Graph()
    with graph.as_default():
        feed = x if time_major else np.swapaxes(x, 0, 1)
        inputs = v1.placeholder(tf.float32, feed.shape)
        if spec.bidirectional:
            result = v1.nn.bidirectional_dynamic_rnn(cell(0), cell(0), inputs, dtype=tf.float32, time_major=time_major)
        else:
            stack = cell(0) if spec.layers == 1 else cells.MultiRNNCell([cell(k) for k in range(spec.layers)])
            result = v1.nn.dynamic_rnn(stack, inputs, dtype=tf.float32, time_major=time_major)
        variables = v1.global_variables()
        names = [(v.name.removesuffix(":0"), tuple(v.shape.as_list())) for v in variables]
        with v1.Session(graph=graph) as session:
            for v in variables:
                v.load(arrays[v.name.removesuffix(":0")] if arrays else np.zeros(v.shape.as_list(), np.float32),
                       session)
            values = session.run(tf.nest.flatten(result), {inputs: feed})
    return values, names


def tf1_run(spec, arrays, x):
    values, _ = tf1_session(spec, arrays, x)
    # (outputs, state), bidirectional ((outputs_fw, outputs_bw), (state_fw, state_bw)), outputs
    # [N, T, H]; a state is LSTMStateTuple(c, h) for LSTMCell, h otherwise, MultiRNNCell's one
    # per layer.
    n = spec.directions
    out, states = np.swapaxes(np.concatenate(values[:n], axis=-1), 0, 1), values[n:]
    if spec.cell == "lstm":
        states = [(states[i + 1], states[i]) for i in range(0, len(states), 2)]
    return out, finals(spec, states)


def linen_model(spec):
    """The obvious code: nn.RNN(cell), Bidirectional(fwd, bwd), a stack in nn.Sequential."""

    def layer(k):
        def rnn():
            return nn.RNN(LINEN[spec.cell](spec.units[k]))

        return nn.Bidirectional(rnn(), rnn()) if spec.bidirectional else rnn()

    layers = [layer(k) for k in range(spec.layers)]
    return layers[0] if spec.layers == 1 else nn.Sequential(layers)


def nnx_model(spec):
    """The same in NNX, whose cells take their input width up front."""
    rngs = nnx.Rngs(0)

    def layer(k):
        def rnn():
            return nnx.RNN(NNX[spec.cell](spec.input_width(k), spec.units[k], rngs=rngs))

        return nnx.Bidirectional(rnn(), rnn()) if spec.bidirectional else rnn()

    layers = [layer(k) for k in range(spec.layers)]
    return layers[0] if spec.layers == 1 else nnx.Sequential(*layers)


def _carries(layers, x):
    """Each layer called with return_carry=True, in turn, as Sequential calls them: the last
    outputs, and every layer's carry, ((c, h) for LSTM, h otherwise; Bidirectional's
    (forward, backward)) flattened to one per layer and direction."""
    carries = []
    for layer in layers:
        carry, x = layer(x, return_carry=True)
        carries += list(carry) if isinstance(layer, (nn.Bidirectional, nnx.Bidirectional)) else [carry]
    return x, carries


def _linen_layers(module, x):
    return _carries(module.layers if isinstance(module, nn.Sequential) else [module], x)


@functools.cache
def _flax(framework, cell, inp, units, bidirectional):
    """One network shape's jitted run: (the arrays, batch-major x) -> (outputs, carries)."""
    spec = parse_spec(dict(cell=cell, inp=inp, units=list(units), bidirectional=bidirectional, framework=framework))
    if framework == "flax-linen":
        model = linen_model(spec)
        return jax.jit(lambda arrays, x: model.apply({"params": unflatten_dict(arrays, sep="/")}, x,
                                                     method=_linen_layers))
    graphdef, params, rest = nnx.split(nnx_model(spec), nnx.Param, ...)
    paths = {"/".join(map(str, path)): path for path, _ in nnx.to_flat_state(params)}

    # The RNG streams (rest) go in as an argument: the RNNs draw from them for their initial
    # carries, and a stream captured from outside the trace cannot be advanced inside it.
    def run(arrays, x, rest):
        model = nnx.merge(graphdef, nnx.from_flat_state({paths[name]: a for name, a in arrays.items()}), rest)
        return _carries(model.layers if isinstance(model, nnx.Sequential) else [model], x)

    return functools.partial(jax.jit(run), rest=rest)


def flax_run(spec, arrays, x):
    run = _flax(spec.framework, spec.cell, spec.inp, tuple(spec.units), spec.bidirectional)
    out, carries = run({name: jnp.asarray(a) for name, a in arrays.items()}, np.swapaxes(x, 0, 1))
    # A Flax LSTM carry is (c, h): finals wants (h, c).
    return np.swapaxes(np.asarray(out), 0, 1), finals(spec, [c[::-1] if spec.cell == "lstm" else c for c in carries])


RUN = {"pytorch": torch_run, "keras": keras_run, "onnx": onnx_run, "tf1": tf1_run,
       "flax-linen": flax_run, "flax-nnx": flax_run}

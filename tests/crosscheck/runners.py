"""Each framework's real network, built from the calls rnncalc states, filled with given
arrays by rnncalc's tensor names, and run.

A runner takes the calls as the user is shown them (``Call.data()``: {"callee", "args",
"kwargs"}, nested alike; the port recipe's SOURCE and TARGET) and adds only the wiring: the
inputs, the flags that make every state come out, the stacking of the calls in turn. An
argument rnncalc does not state is the framework's default, so a recipe that needs one it
forgot fails here. Without calls, a runner takes the ones rnncalc states for the spec.

run(spec, calls, arrays, x) takes x as [T, N, inp] and returns every step's output as [T, N,
D·H], whatever the framework's own layout, and the final states as {(layer, direction): (h,
c)} (c None but for LSTM), so two frameworks can be compared. The Flax runners compile (jit)
once per network and reuse it.
"""

import functools
import importlib
import json
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

from rnncalc import frameworks  # noqa: E402

# The classes whose call runs a sequence: the wiring asks them for every step and state.
KERAS_SEQUENCES = {"SimpleRNN", "LSTM", "GRU", "RNN"}


def stated(spec):
    """The calls rnncalc states for ``spec``, as the user is shown them."""
    return [call.data() for call in frameworks.get(spec.framework).calls(spec)]


def resolve(callee):
    """'torch.nn.GRU' -> the object: attributes where they are, modules imported where not."""
    parts = callee.split(".")
    found = importlib.import_module(parts[0])
    for i, part in enumerate(parts[1:], 2):
        try:
            found = getattr(found, part)
        except AttributeError:
            found = importlib.import_module(".".join(parts[:i]))
    return found


def make(call, wiring=lambda callee: {}):
    """Call a stated call for real, nested calls first; ``wiring(callee)`` adds keyword
    arguments that only connect it (inputs, return_state), never one the network depends on."""
    def value(v):
        if isinstance(v, dict) and "callee" in v:
            return make(v, wiring)
        return [value(x) for x in v] if isinstance(v, list) else v

    args = [value(a) for a in call["args"]]
    kwargs = {k: value(v) for k, v in call["kwargs"].items()}
    extra = wiring(call["callee"])
    assert not extra.keys() & kwargs.keys(), "the wiring must not override a stated argument"
    return resolve(call["callee"])(*args, **kwargs, **extra)


def finals(spec, states):
    """{(layer, direction): (h, c)} from states listed layer by layer, forward then backward,
    each (h, c) for LSTM and h otherwise."""
    keys = [(k, d) for k in range(spec.layers) for d in ("forward", "backward")[: spec.directions]]
    lstm = spec.cell == "lstm"
    return {key: (np.asarray(s[0]), np.asarray(s[1])) if lstm else (np.asarray(s), None)
            for key, s in zip(keys, states, strict=True)}


def torch_run(spec, calls, arrays, x):
    """One module, or one per layer run in turn (rnncalc names those as an nn.ModuleList)."""
    modules = [make(call) for call in calls or stated(spec)]
    named = modules[0] if len(modules) == 1 else torch.nn.ModuleList(modules)
    h_n, c_n = [], []
    with torch.no_grad():
        for name, p in named.named_parameters():
            p.copy_(torch.from_numpy(arrays[name]))
        y = torch.from_numpy(x)
        for module in modules:
            y, state = module(y)
            h, c = state if spec.cell == "lstm" else (state, None)
            h_n += list(h.numpy())  # [layers·D, N, H], layer-major
            c_n += list(c.numpy()) if c is not None else []
    return y.numpy(), finals(spec, [(h, c_n[k]) if c_n else h for k, h in enumerate(h_n)])


def torch_forward(spec, arrays, x):
    """The outputs alone (test_cudnn's check through PyTorch)."""
    return torch_run(spec, None, arrays, x)[0]


def keras_run(spec, calls, arrays, x):
    keras.backend.clear_session()
    inputs = keras.Input((x.shape[0], spec.inp))
    y, states = inputs, []

    def wiring(callee):
        last = callee.rsplit(".", 1)[-1]
        return {"return_sequences": True, "return_state": True} if last in KERAS_SEQUENCES else {}

    for call in calls or stated(spec):
        # [outputs, *states], the states (h, c) for LSTM, h otherwise; Bidirectional's
        # forward states, then backward.
        y, *more = make(call, wiring)(y)
        states += more
    model = keras.Model(inputs, [y, *states])
    for w in model.weights:
        w.assign(arrays[w.path.removeprefix(f"{model.name}/")])
    out, *states = (keras.ops.convert_to_numpy(a) for a in model(np.swapaxes(x, 0, 1)))
    per = 2 if spec.cell == "lstm" else 1
    return np.swapaxes(out, 0, 1), finals(spec, [states[i:i + per] if per == 2 else states[i]
                                                 for i in range(0, len(states), per)])


def onnx_model(spec, arrays, input_shape, batch_first=False, every_state=False, calls=None):
    """The stated operators, one per layer, each reading and writing the names it states; the
    initializers are ``arrays`` by name. Between two operators, the wiring the ONNX returns
    describe: the layer before's Y, [T, D, N, H], reshaped into the next one's D·H features.
    The graph's outputs are the last operator's; every_state adds every layer's Y_h (and Y_c)
    after them. batch_first is the run's layout=1, the wiring's to add."""
    nodes, states, previous = [], [], []
    calls = calls or stated(spec)
    for layer, call in enumerate(calls):
        inputs, outputs = call["kwargs"]["inputs"], call["kwargs"]["outputs"]
        if layer:  # the next operator reads [.., .., D·H]
            y = previous[0]
            if not batch_first:  # [T, D, N, H] -> [T, N, D, H]
                nodes.append(helper.make_node("Transpose", [y], [f"{y}t"], perm=[0, 2, 1, 3]))
                y = f"{y}t"
            nodes.append(helper.make_node("Reshape", [y, "flat"], [inputs[0]]))
        nodes.append(make(call, lambda _: {"layout": int(batch_first)}))
        states += outputs[1:]
        previous = outputs
    inits = [numpy_helper.from_array(a, name) for name, a in arrays.items()]
    inits.append(numpy_helper.from_array(np.array([0, 0, -1], np.int64), "flat"))
    outputs, ranks = previous, [4, 3, 3][: len(previous)]
    if every_state:
        outputs, ranks = [previous[0], *states], [4] + [3] * len(states)
    x = calls[0]["kwargs"]["inputs"][0]  # "X", as the ONNX returns name the input
    g = helper.make_graph(nodes, "rnncalc", [helper.make_tensor_value_info(x, TensorProto.FLOAT, input_shape)],
                          [helper.make_tensor_value_info(o, TensorProto.FLOAT, [None] * r)
                           for o, r in zip(outputs, ranks)], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 22)])


def onnx_run(spec, calls, arrays, x):
    model = onnx_model(spec, arrays, x.shape, every_state=True, calls=calls)
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    y, *states = session.run(None, {"X": x})  # Y [T, D, N, H]; per layer Y_h (and Y_c) [D, N, H]
    per = 2 if spec.cell == "lstm" else 1
    # Y_h then Y_c: (h, c), as finals wants them.
    flat = [(states[i][d], states[i + 1][d]) if per == 2 else states[i][d]
            for i in range(0, len(states), per) for d in range(spec.directions)]
    return np.transpose(y, (0, 2, 1, 3)).reshape(y.shape[0], y.shape[2], -1), finals(spec, flat)


def tf1_session(spec, arrays, x, time_major=False, calls=None):
    """Build the stated TF1 graph, load ``arrays`` by variable name, run it.

    x is [T, N, inp]; returns (the outputs and states dynamic_rnn returns, as arrays, flattened
    in order; the variables' (name, shape) in creation order)."""
    import tensorflow as tf

    v1 = tf.compat.v1
    graph = tf.Graph()
    with graph.as_default():
        feed = x if time_major else np.swapaxes(x, 0, 1)
        inputs = v1.placeholder(tf.float32, feed.shape)

        def wiring(callee):
            if callee.endswith("dynamic_rnn"):  # dynamic_rnn, bidirectional_dynamic_rnn
                return {"inputs": inputs, "dtype": tf.float32, "time_major": time_major}
            return {}

        (call,) = calls or stated(spec)
        result = make(call, wiring)
        variables = v1.global_variables()
        names = [(v.name.removesuffix(":0"), tuple(v.shape.as_list())) for v in variables]
        with v1.Session(graph=graph) as session:
            for v in variables:
                v.load(arrays[v.name.removesuffix(":0")] if arrays else np.zeros(v.shape.as_list(), np.float32),
                       session)
            values = session.run(tf.nest.flatten(result), {inputs: feed})
    return values, names


def tf1_run(spec, calls, arrays, x):
    values, _ = tf1_session(spec, arrays, x, calls=calls)
    # (outputs, state), bidirectional ((outputs_fw, outputs_bw), (state_fw, state_bw)), outputs
    # [N, T, H]; a state is LSTMStateTuple(c, h) for LSTMCell, h otherwise, MultiRNNCell's one
    # per layer.
    n = spec.directions
    out, states = np.swapaxes(np.concatenate(values[:n], axis=-1), 0, 1), values[n:]
    if spec.cell == "lstm":
        states = [(states[i + 1], states[i]) for i in range(0, len(states), 2)]
    return out, finals(spec, states)


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
def _flax(framework, text):
    """One network's jitted run: (the arrays, batch-major x) -> (outputs, carries)."""
    (call,) = json.loads(text)
    model = make(call)
    if framework == "flax-linen":
        return jax.jit(lambda arrays, x: model.apply({"params": unflatten_dict(arrays, sep="/")}, x,
                                                     method=_linen_layers))
    graphdef, params, rest = nnx.split(model, nnx.Param, ...)
    paths = {"/".join(map(str, path)): path for path, _ in nnx.to_flat_state(params)}

    # The RNG streams (rest) go in as an argument: the RNNs draw from them for their initial
    # carries, and a stream captured from outside the trace cannot be advanced inside it.
    def run(arrays, x, rest):
        model = nnx.merge(graphdef, nnx.from_flat_state({paths[name]: a for name, a in arrays.items()}), rest)
        return _carries(model.layers if isinstance(model, nnx.Sequential) else [model], x)

    return functools.partial(jax.jit(run), rest=rest)


def flax_run(spec, calls, arrays, x):
    run = _flax(spec.framework, json.dumps(calls or stated(spec), sort_keys=True))
    out, carries = run({name: jnp.asarray(a) for name, a in arrays.items()}, np.swapaxes(x, 0, 1))
    # A Flax LSTM carry is (c, h): finals wants (h, c).
    return np.swapaxes(np.asarray(out), 0, 1), finals(spec, [c[::-1] if spec.cell == "lstm" else c for c in carries])


RUN = {"pytorch": torch_run, "keras": keras_run, "onnx": onnx_run, "tf1": tf1_run,
       "flax-linen": flax_run, "flax-nnx": flax_run}

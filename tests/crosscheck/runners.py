"""Each framework's real layer, filled with given arrays by rnncalc's tensor names and run.

forward(spec, arrays, x) takes x as [T, N, inp] and returns every step's output as
[T, N, D·H], whatever the framework's own layout, so two frameworks can be compared.
"""

import os

os.environ.setdefault("KERAS_BACKEND", "torch")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import onnxruntime  # noqa: E402
import torch  # noqa: E402
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from rnncalc import inventory  # noqa: E402

TORCH = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}
KERAS = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM, "gru": keras.layers.GRU}
ONNX_OPS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}


def torch_forward(spec, arrays, x):
    assert len(set(spec.units)) == 1
    module = TORCH[spec.cell](spec.inp, spec.units[0], num_layers=spec.layers, bias=spec.bias,
                              bidirectional=spec.bidirectional)
    with torch.no_grad():
        for name, p in module.named_parameters():
            p.copy_(torch.from_numpy(arrays[name]))
        out, _ = module(torch.from_numpy(x))
    return out.numpy()


def keras_forward(spec, arrays, x):
    keras.backend.clear_session()
    stack = [keras.Input((x.shape[0], spec.inp))]
    for size in spec.units:
        kwargs = {"use_bias": spec.bias, "return_sequences": True}
        if spec.cell == "gru":
            kwargs["reset_after"] = spec.reset_after
        layer = KERAS[spec.cell](size, **kwargs)
        stack.append(keras.layers.Bidirectional(layer) if spec.bidirectional else layer)
    model = keras.Sequential(stack)
    for w in model.weights:
        w.assign(arrays[w.path.removeprefix(f"{model.name}/")])
    return np.swapaxes(keras.ops.convert_to_numpy(model(np.swapaxes(x, 0, 1))), 0, 1)


def onnx_model(spec, arrays, input_shape, batch_first=False):
    """One operator per layer, initializers named and shaped as rnncalc's tensors."""
    tensors = inventory(spec)
    nodes, x, outputs = [], "X", []
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
    g = helper.make_graph(nodes, "rnncalc", [helper.make_tensor_value_info("X", TensorProto.FLOAT, input_shape)],
                          [helper.make_tensor_value_info(o, TensorProto.FLOAT, [None] * r)
                           for o, r in zip(outputs, ranks)], inits)
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 22)])


def onnx_forward(spec, arrays, x):
    model = onnx_model(spec, arrays, x.shape)
    session = onnxruntime.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    y = session.run(None, {"X": x})[0]  # [T, D, N, H]
    return np.transpose(y, (0, 2, 1, 3)).reshape(y.shape[0], y.shape[2], -1)


FORWARD = {"pytorch": torch_forward, "keras": keras_forward, "onnx": onnx_forward}


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


def tf1_forward(spec, arrays, x):
    values, _ = tf1_session(spec, arrays, x)
    if spec.bidirectional:  # (outputs_fw, outputs_bw), each [N, T, H]
        return np.swapaxes(np.concatenate(values[:2], axis=-1), 0, 1)
    return np.swapaxes(values[0], 0, 1)


FORWARD["tf1"] = tf1_forward

"""cuDNN as Keras 2 / tf_keras exposes it: ``CuDNNLSTM`` and ``CuDNNGRU``.

Source: tf_keras/src/layers/rnn/cudnn_{lstm,gru}.py (tf_keras 2.21). Keras names and shapes
(``kernel`` [inp, G·units], ``recurrent_kernel`` [units, G·units]) with one ``bias`` of
2·G·units: cuDNN's input biases, then its recurrent biases. ``_process_batch`` hands cuDNN the
canonical per-gate matrices: LSTM kernel[:, :u], [u:2u], ... as cuDNN's i, f, c, o; GRU
kernel[:, u:2u], [:u], [2u:] as cuDNN's r, z, h, so Keras's own column order z, r, h stays,
and the bias halves follow the kernels. cuDNN's GRU applies the reset gate after the
recurrent matmul (reset_after=True, its only mode). There is no use_bias and no SimpleRNN.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rnncalc.frameworks.base import Convention, packed, split, times
from rnncalc.frameworks.keras import Keras
from rnncalc.model.knobs import Refusal
from rnncalc.model.types import BIAS_ROLES, Arg, Tensor

if TYPE_CHECKING:
    from rnncalc.model.spec import Spec


class CuDNN(Keras):
    name = "cudnn"
    title = "cuDNN (Keras 2)"
    aliases = ("tf", "tensorflow")  # tf.keras, its CuDNN layers, or tf.compat.v1: ambiguous, so refused naming each
    source = "tf_keras/src/layers/rnn/cudnn_lstm.py, cudnn_gru.py, tf_keras 2.21"
    vocabulary = {
        "hidden size": "units",
        "one time step": "(inside cuDNN)",
        "the layer over time": "CuDNNLSTM / CuDNNGRU",
        "input weights": "kernel [inp, G·u]",
        "recurrent weights": "recurrent_kernel [u, G·u]",
        "biases per gate": "2 (bias = [input, recurrent])",
        "stacking": "Sequential of layers",
        "both directions": "Bidirectional(layer)",
        "final states": "return_state=True",
    }
    class_names = {"lstm": "CuDNNLSTM", "gru": "CuDNNGRU", "rnn": "(none)"}
    cell_classes = {"lstm": "(inside cuDNN)", "gru": "(inside cuDNN)", "rnn": "(none)"}
    layer_names = {"lstm": "cu_dnnlstm", "gru": "cu_dnngru", "rnn": "(none)"}
    cell_scope = False
    # tf.compat.v1.keras.layers: tf_keras's CuDNN layers (TF_USE_LEGACY_KERAS=1 makes it tf_keras).
    package = "tensorflow.compat.v1.keras.layers"
    options = frozenset({"merge_mode"})  # Bidirectional's merge, but no cell API: cuDNN runs whole layers
    summary_formats = ("keras2",)
    reading_rank = 1  # a Keras 2 row is a plain Keras layer first, a CuDNN one after
    default_reset_after = True

    refusals = (
        Refusal("cell", ("lstm", "gru"), "cuDNN layers exist for LSTM and GRU only, not a SimpleRNN"),
        Refusal("bias", (True,), "CuDNNLSTM and CuDNNGRU have no use_bias: cuDNN always keeps its biases"),
        Refusal("reset_after", (None, True), "cuDNN's GRU always applies the reset gate after the matmul"),
    )

    def arguments(self, spec: Spec, layer: int) -> tuple[Arg, ...]:
        # CuDNNLSTM(units), CuDNNGRU(units): no use_bias, no reset_after, nothing else to choose.
        return (Arg("units", spec.units[layer]),)

    def why(self, spec: Spec) -> str:
        return "two biases per gate in one bias vector: cuDNN's input and recurrent biases"

    def bias(self, spec: Spec, path: str, layer: int, direction: str) -> Tensor:
        gates, u = self.gate_order(spec.cell), spec.units[layer]
        dims = (times(2, packed(spec.cell, u)),)
        pieces = [(u, role, direction, g) for role in BIAS_ROLES for g in gates]
        return Tensor(f"{path}/bias", dims, layer, "bias", split(dims, 0, pieces))

    # Neither Keras's two GRU eras nor its "PyTorch would count" contrast apply: cuDNN has one rule.
    variants = Convention.variants
    contrasts = Convention.contrasts


CONVENTION = CuDNN()

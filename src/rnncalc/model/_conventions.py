"""Generated from the conventions by `python -m rnncalc.generate`; tests/test_knobs.py keeps it equal.

What the model (model/spec.py) needs of each convention without importing one: names, titles, the
framework-specific knobs each has (model/knobs.py), its GRU default and the values it refuses.
Do not edit by hand."""

from rnncalc.model.knobs import Refusal

DEFAULT = 'keras'
NAMES = ('cudnn', 'flax-linen', 'flax-nnx', 'keras', 'onnx', 'pytorch', 'tf1')
ALIASES = {'linen': 'flax-linen', 'nnx': 'flax-nnx', 'torch': 'pytorch'}
#: Names several conventions answer to (tf): refused, naming each.
AMBIGUOUS = {'tensorflow': ('cudnn', 'keras', 'tf1'), 'tf': ('cudnn', 'keras', 'tf1')}

TITLES = {
    'cudnn': 'cuDNN (Keras 2)',
    'flax-linen': 'Flax Linen',
    'flax-nnx': 'Flax NNX',
    'keras': 'Keras 3',
    'onnx': 'ONNX',
    'pytorch': 'PyTorch',
    'tf1': 'TF1',
}

OPTIONS = {
    'cudnn': ('merge_mode',),
    'flax-linen': (),
    'flax-nnx': (),
    'keras': ('api', 'merge_mode'),
    'onnx': ('peepholes',),
    'pytorch': ('api', 'proj'),
    'tf1': ('peepholes', 'proj'),
}

RUN_OPTIONS = {
    'cudnn': ('return_sequences', 'return_state'),
    'flax-linen': ('time_major',),
    'flax-nnx': ('time_major',),
    'keras': ('return_sequences', 'return_state'),
    'onnx': ('batch_first',),
    'pytorch': ('batch_first', 'unbatched'),
    'tf1': ('time_major',),
}

RESET_AFTER = {
    'cudnn': True,
    'flax-linen': True,
    'flax-nnx': True,
    'keras': True,
    'onnx': False,
    'pytorch': True,
    'tf1': False,
}

REFUSALS = {
    'cudnn': (
        Refusal(field='cell', allowed=('lstm', 'gru'), why='cuDNN layers exist for LSTM and GRU only, not a SimpleRNN', when=(), below=None),
        Refusal(field='bias', allowed=(True,), why='CuDNNLSTM and CuDNNGRU have no use_bias: cuDNN always keeps its biases', when=(), below=None),
        Refusal(field='reset_after', allowed=(None, True), why="cuDNN's GRU always applies the reset gate after the matmul", when=(), below=None),
    ),
    'flax-linen': (
        Refusal(field='bias', allowed=(True,), why="Flax Linen's cells have no use_bias switch: their biases are always there", when=(), below=None),
        Refusal(field='reset_after', allowed=(None, True), why="Flax Linen's GRUCell always applies the reset gate after the matmul", when=(), below=None),
    ),
    'flax-nnx': (
        Refusal(field='bias', allowed=(True,), why="Flax NNX's cells have no use_bias switch: their biases are always there", when=(), below=None),
        Refusal(field='reset_after', allowed=(None, True), why="Flax NNX's GRUCell always applies the reset gate after the matmul", when=(), below=None),
    ),
    'keras': (
        Refusal(field='layers', allowed=(1,), why='Bidirectional(RNN([cells])) stacks each direction on its own; use --api layer for stacked bidirectional layers', when=(('api', ('cell',)), ('bidirectional', (True,))), below=None),
    ),
    'onnx': (
    ),
    'pytorch': (
        Refusal(field='layers', allowed=(1,), why="PyTorch's nn.RNNCell, nn.LSTMCell and nn.GRUCell are one layer, one direction, no projection", when=(('api', ('cell',)),), below=None),
        Refusal(field='bidirectional', allowed=(False,), why="PyTorch's nn.RNNCell, nn.LSTMCell and nn.GRUCell are one layer, one direction, no projection", when=(('api', ('cell',)),), below=None),
        Refusal(field='proj', allowed=(None,), why="PyTorch's nn.RNNCell, nn.LSTMCell and nn.GRUCell are one layer, one direction, no projection", when=(('api', ('cell',)),), below=None),
        Refusal(field='reset_after', allowed=(None, True), why="PyTorch's GRU always applies the reset gate after the matmul", when=(), below=None),
        Refusal(field='proj', allowed=(None,), why="PyTorch's proj_size exists for LSTM only", when=(('cell', ('rnn', 'gru')),), below=None),
        Refusal(field='proj', allowed=(), why='must be smaller than units', when=(), below='units'),
    ),
    'tf1': (
        Refusal(field='bias', allowed=(True,), why="TF1's rnn_cell cells have no use_bias: they always keep a bias", when=(), below=None),
        Refusal(field='reset_after', allowed=(None, False), why="TF1's GRUCell applies the reset gate before the matmul", when=(), below=None),
        Refusal(field='proj', allowed=(None,), why='num_proj exists for LSTMCell only', when=(('cell', ('rnn', 'gru')),), below=None),
        Refusal(field='layers', allowed=(1,), why="stacked bidirectional layers need tf.contrib's stack_bidirectional_dynamic_rnn, which TF2's compat.v1 does not have", when=(('bidirectional', (True,)),), below=None),
    ),
}

#: Which conventions have each framework-specific knob.
HAVING = {
    'api': ('keras', 'pytorch'),
    'batch_first': ('onnx', 'pytorch'),
    'merge_mode': ('cudnn', 'keras'),
    'peepholes': ('onnx', 'tf1'),
    'proj': ('pytorch', 'tf1'),
    'return_sequences': ('cudnn', 'keras'),
    'return_state': ('cudnn', 'keras'),
    'time_major': ('flax-linen', 'flax-nnx', 'tf1'),
    'unbatched': ('pytorch',),
}

"""Generated from the conventions by `python -m rnncalc.generate`; tests/test_knobs.py keeps it equal.

Which frameworks have each framework-specific knob (rnncalc/knobs.py). Do not edit by hand."""

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

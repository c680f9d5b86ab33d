"""The cross-checks build real PyTorch and Keras objects; they need the [crosscheck] extra.

They import torch and keras at module level on purpose: where the frameworks are missing,
collection fails and so does CI. A cross-check that cannot run must never pass as skipped.
"""

import os

# Keras 3 picks its backend at import time; torch is the one this project installs.
os.environ.setdefault("KERAS_BACKEND", "torch")
# tf.compat.v1.nn.rnn_cell (the TF1 cells) exists only with tf_keras as TF's Keras; it must be
# said before tensorflow is imported. Keras 3 itself does not read it.
os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def pytest_collection_modifyitems(items):
    import pytest

    for item in items:
        item.add_marker(pytest.mark.crosscheck)

"""The cross-checks build real PyTorch and Keras objects; they need the [crosscheck] extra.

They import torch and keras at module level on purpose: where the frameworks are missing,
collection fails and so does CI. A cross-check that cannot run must never pass as skipped.
"""

import os

# Keras 3 picks its backend at import time; torch is the one this project installs.
os.environ.setdefault("KERAS_BACKEND", "torch")


def pytest_collection_modifyitems(items):
    import pytest

    for item in items:
        item.add_marker(pytest.mark.crosscheck)

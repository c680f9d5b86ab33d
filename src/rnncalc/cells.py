"""What each recurrent cell type is, independent of any framework.

A cell is one time step's function over all units. What differs between cell types is how many
gates it packs side by side in its weight matrices (G) and which states it carries. How a
framework orders those gates and how many bias vectors it keeps lives in ``frameworks/``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ALIASES", "CELLS", "Cell"]


@dataclass(frozen=True)
class Cell:
    name: str
    title: str
    gates: int
    states: tuple[str, ...]
    #: What each gate does, under every letter a framework uses for it.
    gate_roles: dict[str, str]


CELLS: dict[str, Cell] = {
    "rnn": Cell("rnn", "Elman RNN", 1, ("h",), {"h": "the new hidden state, tanh(x_t·W + h_(t-1)·U + b)"}),
    "lstm": Cell("lstm", "LSTM", 4, ("h", "c"), {
        "i": "input gate (sigmoid): how much of the candidate to write into c_t",
        "f": "forget gate (sigmoid): how much of c_(t-1) to keep",
        "g": "cell candidate (tanh): the new content (Keras calls it c)",
        "c": "cell candidate (tanh): the new content (PyTorch calls it g)",
        "o": "output gate (sigmoid): how much of tanh(c_t) to show as h_t",
    }),
    "gru": Cell("gru", "GRU", 3, ("h",), {
        "r": "reset gate (sigmoid): how much of h_(t-1) the candidate sees",
        "z": "update gate (sigmoid): keep h_(t-1) (z=1) or take the candidate (z=0)",
        "n": "candidate state (tanh) (Keras calls it h)",
        "h": "candidate state (tanh) (PyTorch calls it n)",
    }),
}

# Other names people use for the same cell: Keras calls the Elman RNN SimpleRNN.
ALIASES: dict[str, str] = {"simplernn": "rnn", "simple_rnn": "rnn", "elman": "rnn"}


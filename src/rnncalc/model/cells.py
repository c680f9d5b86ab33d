"""What each recurrent cell type is, independent of any framework.

A cell is one time step's function over all units. What differs between cell types is which
gates it computes and which states it carries. The gates here are canonical: every convention
maps its own letters to them (Keras ``c``, PyTorch ``g`` and TF1 ``j`` are all ``candidate``),
which is what lets ``layout`` and ``port`` match a gate across frameworks.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ALIASES", "CELLS", "Cell"]


@dataclass(frozen=True)
class Cell:
    name: str
    title: str
    #: Canonical gates, in the order the equations read them.
    gates: tuple[str, ...]
    #: What each canonical gate does.
    roles: dict[str, str]
    #: The states carried from step to step: ("h",) or ("h", "c").
    states: tuple[str, ...]
    #: Each gate's short name: "forget gate".
    labels: dict[str, str]

    @property
    def has_cell_state(self) -> bool:
        return "c" in self.states


CELLS: dict[str, Cell] = {
    "rnn": Cell("rnn", "Elman RNN", ("hidden",),
                {"hidden": "the new hidden state, tanh(x_t·W + h_(t-1)·U + b)"}, ("h",), {"hidden": "hidden state"}),
    "lstm": Cell("lstm", "LSTM", ("input", "forget", "candidate", "output"), {
        "input": "input gate (sigmoid): how much of the candidate to write into c_t",
        "forget": "forget gate (sigmoid): how much of c_(t-1) to keep",
        "candidate": "cell candidate (tanh): the new content",
        "output": "output gate (sigmoid): how much of tanh(c_t) to show as h_t",
    }, ("h", "c"), {"input": "input gate", "forget": "forget gate", "candidate": "cell candidate",
                    "output": "output gate"}),
    "gru": Cell("gru", "GRU", ("reset", "update", "new"), {
        "reset": "reset gate (sigmoid): how much of h_(t-1) the candidate sees",
        "update": "update gate (sigmoid): keep h_(t-1) (z=1) or take the candidate (z=0)",
        "new": "candidate state (tanh)",
    }, ("h",), {"reset": "reset gate", "update": "update gate", "new": "candidate state"}),
}

# Other names people use for the same cell: Keras calls the Elman RNN SimpleRNN.
ALIASES: dict[str, str] = {"simplernn": "rnn", "simple_rnn": "rnn", "elman": "rnn"}

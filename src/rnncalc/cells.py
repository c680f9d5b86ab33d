"""What each recurrent cell type is, independent of any framework.

A cell is one time step's function over all units. What differs between cell types is how many
gates it packs side by side in its weight matrices (G) and which states it carries. How a
framework orders those gates and how many bias vectors it keeps lives in ``frameworks/``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CELLS", "ALIASES", "Cell", "cell"]


@dataclass(frozen=True)
class Cell:
    name: str
    title: str
    gates: int
    states: tuple[str, ...]


CELLS: dict[str, Cell] = {
    "rnn": Cell("rnn", "Elman RNN", 1, ("h",)),
    "lstm": Cell("lstm", "LSTM", 4, ("h", "c")),
    "gru": Cell("gru", "GRU", 3, ("h",)),
}

# Other names people use for the same cell: Keras calls the Elman RNN SimpleRNN.
ALIASES: dict[str, str] = {"simplernn": "rnn", "simple_rnn": "rnn", "elman": "rnn"}


def cell(name: str) -> Cell:
    return CELLS[name]

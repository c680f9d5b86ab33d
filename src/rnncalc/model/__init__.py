"""The model: a network described without any framework (spec, types, cells, knobs), its tensors and the
exact law of their count (tensors), and what flows through it (flow). Imports no convention."""

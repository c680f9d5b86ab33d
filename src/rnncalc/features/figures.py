"""The figures of a cost (features/cost.py's ``figures``), named once: cost's --fields, the
command table's help and the sweep read them. Light on purpose: the command line imports it on
every start."""

__all__ = ["COST_FIGURES", "FIGURES"]

#: Every figure, in the order of a flat record (cost --fields, costing.figures): the totals,
#: the per-step count, the parameters and the bytes (``bytes``: the weights').
FIGURES = ("macs", "flops", "training_flops", "step_macs", "step_flops", "params", "bytes", "gradient_bytes",
           "optimizer_bytes", "activation_bytes", "stream_bytes")

#: What a sweep can show, bound and sort by (its rows have the count as total): the three a
#: costed sweep shows first, then the rest, each only where sorted on.
_SHOWN = ("macs", "flops", "bytes")
COST_FIGURES = (*_SHOWN, *(f for f in FIGURES if f not in (*_SHOWN, "params")))

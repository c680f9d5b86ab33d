"""The figures of a cost (features/cost.py's ``figures``) a sweep shows, bounds and sorts by, named
once: the command table's help and the sweep read them. Light on purpose: the command line
imports it on every start."""

__all__ = ["COST_FIGURES"]

#: The three a costed sweep shows first, then the rest, each only where sorted on.
COST_FIGURES = ("macs", "flops", "bytes", "training_flops", "step_macs", "step_flops", "gradient_bytes",
                "optimizer_bytes", "activation_bytes", "stream_bytes")

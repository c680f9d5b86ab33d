"""How the cost of one answer grows with the depth of the stack: count, formula, solve.

    python benchmarks/scaling.py [--runs 3] [--framework pytorch]

For 1 to 1,024 bidirectional LSTM layers, in-process (start-up excluded): the inventory, count()
(per-layer rows and formulas), Count.formula and the table drawn as plain text (both from a
count made beforehand), and solve for the units, for the input width, for a budget, and for
every (inp, units) pair in 1..99,999 (whose answers are confirmed by one real count each).
Each figure is the best of --runs, with its cost per layer: flat columns mean linear. A
measurement, not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))

LAYERS = (1, 4, 16, 64, 256, 1024)


def best(runs: int, work: Callable[[Any], Any], prepare: Callable[[], Any] = lambda: None) -> float:
    """The fastest of ``runs`` runs of ``work`` (on what ``prepare`` gives, untimed), in milliseconds."""
    times = []
    for _ in range(runs):
        given = prepare()
        begin = time.perf_counter()
        work(given)
        times.append(time.perf_counter() - begin)
    return min(times) * 1000


def figures(fields: dict[str, Any], runs: int) -> list[float]:
    """The milliseconds of each column for the stack ``fields``."""
    from rnncalc import api
    from rnncalc.render import plain
    from rnncalc.render.views import count_view
    from rnncalc.model.spec import parse_spec
    from rnncalc.model.tensors import count, inventory

    spec = parse_spec(fields)
    target = count(spec).total
    no_units = {k: v for k, v in fields.items() if k != "units"}
    no_inp = {k: v for k, v in fields.items() if k != "inp"}
    no_sizes = {k: v for k, v in no_units.items() if k != "inp"}
    return [
        best(runs, lambda _: inventory(spec)),
        best(runs, lambda _: count(spec)),
        best(runs, lambda counted: counted.formula, lambda: count(spec)),
        best(runs, lambda counted: plain.text(count_view(counted)), lambda: count(spec)),
        best(runs, lambda _: api.solve(no_units, params=target + 1).to_dict()),  # no exact answer: both sides
        best(runs, lambda _: api.solve(no_inp, params=target).to_dict()),
        best(runs, lambda _: api.solve(no_units, max_params=target).to_dict()),
        best(runs, lambda _: api.solve(no_sizes, params=target, units_range=(1, 99_999)).to_dict()),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--framework", default="pytorch")
    args = parser.parse_args()

    from rnncalc import api

    api.solve({"cell": "lstm", "inp": 2}, params=72)  # imports and first-use caches out of the figures
    base = {"cell": "lstm", "inp": 300, "units": 64, "bidirectional": True, "framework": args.framework}
    print(f"{args.framework}, bidirectional LSTM, inp 300, units 64: milliseconds (and µs per layer)")
    columns = ("inventory", "count()", "formula", "table", "solve units", "solve inp", "budget", "pairs")
    print(f"{'layers':>6} " + " ".join(f"{c:>18}" for c in columns))
    for layers in LAYERS:
        row = figures({**base, "layers": layers}, args.runs)
        print(f"{layers:6} " + " ".join(f"{ms:9.2f} ({ms * 1000 / layers:6.0f})" for ms in row))


if __name__ == "__main__":
    main()

"""Throughput of batch and sweep, on one core, beside two references.

    python benchmarks/throughput.py [--specs 100000] [--runs 3] [--quick]

Batch: distinct specs of 1–4 layers (every convention, a third bidirectional) as JSON Lines
through `rnncalc params --spec - --format jsonl`, with `--fields total` and with the whole
object (every tensor with its gate blocks: 6 kB a spec on average); the same specs through
`rnncalc cost --spec - --format jsonl --batch 32 --steps 50`, with `--fields macs,flops,bytes`
and with the whole cost object (itemised: 4 kB a spec), each beside params' row; sweep: rows per second
of a grid streamed as JSON Lines; solve at 1,024 layers (target: under 100 ms); how the
time of one spec grows with its layers (1 to 1,024), and how a batch's and a sweep's time
grow with their size (left out with --quick).
The references: `python -c pass`, and a bare loop that parses and writes the same JSON Lines
in one process (the floor of any JSON pipeline). Prints medians and the ratios to the
targets. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

TARGETS = {"batch --fields total": 100_000, "batch, whole object": 30_000,
           "cost --fields macs,flops,bytes": 100_000}
#: Each cost row beside the params row it is held to (issue 22: "as fast as params").
BESIDE = {"cost --fields macs,flops,bytes": "batch --fields total", "cost, whole object": "batch, whole object"}
COST = ["cost", "--spec", "-", "--format", "jsonl", "--batch", "32", "--steps", "50"]
FRAMEWORKS = ["keras", "pytorch", "onnx", "tf1", "cudnn", "flax-linen", "flax-nnx"]


def specs(n: int, seed: int = 7) -> str:
    """``n`` specs, each one its convention accepts (cuDNN has no SimpleRNN, TF1 no stacked
    bidirectional layers: rnncalc's own validation says which), as JSON Lines."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    from rnncalc import SpecError, parse_spec

    rng = random.Random(seed)
    lines: list[str] = []
    while len(lines) < n:
        layers = rng.randint(1, 4)
        spec = {"cell": rng.choice(["rnn", "lstm", "gru"]), "inp": rng.randint(1, 1024),
                "units": [rng.randint(1, 1024) for _ in range(layers)],
                "framework": rng.choice(FRAMEWORKS), "bidirectional": rng.random() < 0.3}
        try:
            parse_spec(spec)
        except SpecError:
            continue
        lines.append(json.dumps(spec))
    return "\n".join(lines) + "\n"


def timed(command: list[str], stdin: str | None, runs: int) -> float:
    """Median seconds of ``command`` over ``runs``; output discarded."""
    # Bytecode cached, as an installed package runs; stdout buffered, as in any pipeline.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE")}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, input=stdin, text=True, stdout=subprocess.DEVNULL, check=False, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


BARE = """
import json, sys
encode = json.JSONEncoder(separators=(",", ":")).encode
out = sys.stdout.write
for n, line in enumerate(sys.stdin, 1):
    spec = json.loads(line)
    out(encode({"line": n, "total": spec["inp"] * len(spec["units"])}) + "\\n")
"""


def solve_ms(runs: int) -> float:
    """Median milliseconds of solving a 1,024-layer stack for its units and for its inp, in-process."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    from rnncalc import api

    fields = {"cell": "lstm", "layers": 1024, "bidirectional": True}
    total = api.params({**fields, "inp": 300, "units": 64}).to_dict()["total"]
    api.solve({**fields, "inp": 300}, params=total)  # imports out of the way
    times = []
    for _ in range(max(runs, 5)):
        begin = time.perf_counter()
        api.solve({**fields, "inp": 300}, params=total)
        api.solve({**fields, "units": 64}, params=total)
        times.append(time.perf_counter() - begin)
    return statistics.median(times) * 1000 / 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--specs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="the targets only: no growth with size or depth")
    args = parser.parse_args()
    rnncalc = [sys.executable, "-m", "rnncalc"]
    text = specs(args.specs)

    floor = timed([sys.executable, "-c", "pass"], None, args.runs)
    start = timed(rnncalc + ["params", "-c", "lstm", "-i", "2", "-u", "3", "--json"], None, args.runs)
    rows = [
        ("python -c pass", floor, 1),
        ("bare json loop (reference)", timed([sys.executable, "-c", BARE], text, args.runs), args.specs),
        ("batch --fields total", timed(rnncalc + ["params", "--spec", "-", "--format", "jsonl", "--fields", "total"],
                                       text, args.runs), args.specs),
        ("batch, whole object", timed(rnncalc + ["params", "--spec", "-", "--format", "jsonl"], text, args.runs),
         args.specs),
        ("cost --fields macs,flops,bytes", timed(rnncalc + [*COST, "--fields", "macs,flops,bytes"], text, args.runs),
         args.specs),
        ("cost, whole object", timed(rnncalc + COST, text, args.runs), args.specs),
        ("sweep, jsonl rows", timed(rnncalc + ["sweep", "-c", "lstm,gru,rnn", "-i", "1..100", "-u", "1..100", "-l",
                                               "1..4", "-f", "jsonl"], None, args.runs), 120_000),
    ]
    print(f"{'':32} {'seconds':>9} {'items':>9} {'per second':>12} {'target':>9} {'ratio':>7} {'÷ params':>9}")
    rates: dict[str, float] = {}
    for label, seconds, items in rows:
        rate = rates[label] = items / max(seconds - (start if label.startswith(("batch", "sweep", "cost")) else 0),
                                          1e-9)
        target = TARGETS.get(label)
        ratio = f"{rate / target:.2f}" if target else ""
        beside = f"{rate / rates[BESIDE[label]]:.2f}" if label in BESIDE else ""
        print(f"{label:32} {seconds:9.3f} {items:9,} {rate:12,.0f} {target or '':>9} {ratio:>7} {beside:>9}")
    print(f"(rates after start-up: rnncalc params --json takes {start * 1000:.0f} ms)")
    print(f"solve at 1,024 layers (bidirectional LSTM, for units, then for inp): {solve_ms(args.runs):.1f} ms "
          "(target: under 100 ms)")
    if args.quick:
        return

    print("\nas a batch or a sweep grows (µs per item after start-up; flat is linear; the whole object")
    print("pays for a template per structure first, some 150 of them in these batches):")
    for n in (1_000, 10_000, 100_000):
        batch = timed(rnncalc + ["params", "--spec", "-", "--format", "jsonl", "--fields", "total"], specs(n, seed=n),
                      args.runs)
        whole = timed(rnncalc + ["params", "--spec", "-", "--format", "jsonl"], specs(n, seed=n), args.runs)
        widths = n // 120  # 3 cells × 10 inp × 4 layers: 120 points per units value
        sweep = timed(rnncalc + ["sweep", "-c", "lstm,gru,rnn", "-i", "1..10", "-u", f"1..{widths}", "-l", "1..4",
                                 "-f", "jsonl"], None, args.runs)
        print(f"  {n:7,} items: batch --fields total {(batch - start) / n * 1e6:6.2f} µs, "
              f"whole object {(whole - start) / n * 1e6:6.2f} µs, sweep {(sweep - start) / (120 * widths) * 1e6:6.2f} µs")

    print("\none spec as its layers grow (params --json, whole object; and the bulk total in-process):")
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
    from rnncalc.model.spec import parse_spec
    from rnncalc.model.tensors import count, total

    for layers in (1, 4, 16, 64, 256, 1024):
        spec = parse_spec({"cell": "lstm", "inp": 300, "units": 64, "layers": layers, "bidirectional": True})
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"cell": "lstm", "inp": 300, "units": 64, "layers": layers, "bidirectional": True}, f)
        whole_s = timed(rnncalc + ["params", "--spec", f.name, "--json"], None, args.runs)
        os.unlink(f.name)
        begin = time.perf_counter()
        count(spec)
        counted = time.perf_counter() - begin
        total(spec)
        begin = time.perf_counter()
        total(spec)
        bulk = time.perf_counter() - begin
        print(f"  {layers:5} layers: {whole_s * 1000:8.1f} ms whole command, count() {counted * 1000:8.2f} ms, "
              f"bulk total {bulk * 1e6:7.1f} µs")


if __name__ == "__main__":
    main()

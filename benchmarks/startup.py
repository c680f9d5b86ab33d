"""Start-up of rnncalc against `python -c pass` and a minimal typer app of the same shape.

    python benchmarks/startup.py [--runs 30]

Prints the median wall time of each command over repeated, interleaved runs and the ratios.
A measurement, not a test: timings depend on the machine; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

import tab  # benchmarks/tab.py, beside this script

SHELLS = ("bash", "zsh", "fish")

# The floor any typer CLI pays: one command, one small pydantic model, JSON out.
MINIMAL_APP = '''
import json
import typer
from pydantic import BaseModel, Field


class Spec(BaseModel):
    cell: str
    inp: int = Field(ge=1)
    units: int = Field(ge=1)


app = typer.Typer()


@app.command()
def params(cell: str = "lstm", inp: int = 2, units: int = 3, version: bool = False) -> None:
    if version:
        print("minimal 0")
        return
    spec = Spec(cell=cell, inp=inp, units=units)
    print(json.dumps({"total": 4 * spec.units * (spec.inp + spec.units + 1)}))


if __name__ == "__main__":
    app()
'''

LSTM = ["params", "--cell", "lstm", "--inp", "2", "--units", "3"]


# As an installed package runs: with its bytecode cached. (pip compiles site-packages at install
# time; an editable install writes __pycache__ on the first run, unless this is set.)
BASE_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def measure(rows: list[tuple[str, list[str], dict[str, str] | None]], runs: int) -> dict[str, float]:
    """Median wall time per command in ms. Commands run round-robin, one run each per round,
    so that load changes on the machine fall on every command alike."""
    times: dict[str, list[float]] = {label: [] for label, _, _ in rows}
    for round_ in range(runs + 2):
        for label, command, env in rows:
            environment = {**BASE_ENV, **(env or {})}
            start = time.perf_counter()
            subprocess.run(command, env=environment, stdout=subprocess.DEVNULL, check=True)
            if round_ >= 2:  # the first two rounds warm the disk cache
                times[label].append(time.perf_counter() - start)
    return {label: statistics.median(samples) * 1000 for label, samples in times.items()}


#: (row, what it is compared with, the most it may cost): issue 10's targets.
TARGETS = {
    "rnncalc params --json": ("minimal", 0.75),
    "rnncalc params (table)": ("minimal", 0.90),
    "rnncalc shapes --json": ("minimal", 0.75),
    "rnncalc shapes (table)": ("minimal", 0.90),
    "rnncalc check --json": ("minimal", 0.75),
    "rnncalc check (table)": ("minimal", 0.90),
    "rnncalc --version": ("python", 2.0),
    "rnncalc --help": ("minimal", 0.50),
    "TAB, bash": ("python", 3.0),
    "TAB, zsh": ("python", 3.0),
    "TAB, fish": ("python", 3.0),
}

SUMMARY = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ lstm (LSTM)                     │ (None, 3)              │            72 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, 1)              │             4 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 76 (304.00 B)
 Trainable params: 76 (304.00 B)
 Non-trainable params: 0 (0.00 B)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--markdown", action="store_true", help="print the README's table")
    args = parser.parse_args()

    py = sys.executable
    rnncalc = [py, "-m", "rnncalc"]
    with tempfile.TemporaryDirectory() as tmp:
        minimal = Path(tmp) / "minimal.py"
        minimal.write_text(MINIMAL_APP)
        summary = Path(tmp) / "summary.txt"
        summary.write_text(SUMMARY, encoding="utf-8")
        rows = [
            ("python -c pass", [py, "-c", "pass"], None),
            ("minimal typer app, JSON", [py, str(minimal)], None),
            ("rnncalc params --json", [*rnncalc, *LSTM, "--json"], None),
            ("rnncalc params (table)", [*rnncalc, *LSTM], None),
            ("rnncalc shapes --json", [*rnncalc, "shapes", *LSTM[1:], "--json"], None),
            ("rnncalc shapes (table)", [*rnncalc, "shapes", *LSTM[1:]], None),
            ("rnncalc check --json", [*rnncalc, "check", str(summary), "--json"], None),
            ("rnncalc check (table)", [*rnncalc, "check", str(summary)], None),
            ("rnncalc --version", [*rnncalc, "--version"], None),
            ("rnncalc --help", [*rnncalc, "--help"], None),
        ]
        if find_spec("torch"):
            one_liner = "import torch; print(sum(p.numel() for p in torch.nn.LSTM(2, 3).parameters()))"
            rows.append(("torch one-liner", [py, "-c", one_liner], None))
        results = measure(rows, args.runs)
    # A TAB starts no Python (completions/ are static scripts): timed inside each running shell
    # by benchmarks/tab.py, as the time from TAB to the offered list.
    if all(shutil.which(shell) for shell in SHELLS):
        tabs = tab.latency(Path(__file__).resolve().parent.parent / "completions", "", args.runs)
        torch_row = results.pop("torch one-liner", None)
        results.update({f"TAB, {shell}": tabs[shell] for shell in SHELLS})
        if torch_row is not None:
            results["torch one-liner"] = torch_row

    bases = {"python": results["python -c pass"], "minimal": results["minimal typer app, JSON"]}
    table = []
    for label, ms in results.items():
        target = ""
        if label in TARGETS:
            base, most = TARGETS[label]
            ratio = ms / bases[base]
            target = f"≤ {most:.2f}× {'python' if base == 'python' else 'minimal'}: {'met' if ratio <= most else 'NOT met'}"
        table.append((label, ms, ms / bases["python"], ms / bases["minimal"], target))
    if args.markdown:
        print("| command | ms | × `python -c pass` | × minimal typer app | target |")
        print("|---|---:|---:|---:|---|")
        for label, ms, x_python, x_minimal, target in table:
            print(f"| {label} | {ms:.1f} | {x_python:.1f} | {x_minimal:.2f} | {target} |")
        return
    print(f"median of {args.runs} runs, Python {sys.version.split()[0]}\n")
    print(f"{'command':26} {'ms':>8} {'× python':>9} {'× minimal typer':>16}   target")
    for label, ms, x_python, x_minimal, target in table:
        print(f"{label:26} {ms:8.1f} {x_python:9.1f} {x_minimal:16.2f}   {target}")


if __name__ == "__main__":
    main()

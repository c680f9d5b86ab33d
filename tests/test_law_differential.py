"""Every answer byte for byte as main gave it at ca9a152, before the count became one law.

Every convention, cell and option (as the conventions declare them, tests/strategies.py), at
1, 2, 3, 5 and 24 layers with equal and unequal units: params as JSON and text, solve for the
units, for inp, for a budget and for (inp, units) pairs, and a batch of all of them through
the CLI (whole objects and --fields total), several specs a structure so templates are made.
The golden holds a digest of each output; ``pytest --update-goldens`` rewrites it (only from
code known to be right).
"""

import hashlib
import json
import subprocess
import sys
from itertools import product
from pathlib import Path

from strategies import builds

from rnncalc import SpecError, api, parse_spec
from rnncalc.model.cells import CELLS
from rnncalc.frameworks import NAMES, get

GOLDEN = Path(__file__).parent / "golden" / "law-differential.json"
LAYERS = (1, 2, 3, 5, 24)


def structures():
    for framework in NAMES:
        options = get(framework).options
        for cell in sorted(CELLS):
            if not builds(framework, cell=cell):
                continue
            for bidirectional, bias in product((False, True), (True, False)):
                if not bias and not builds(framework, bias=False):
                    continue
                extras = [{}]
                if cell == "gru":
                    extras += [{"reset_after": v} for v in (True, False) if builds(framework, cell="gru", reset_after=v)]
                if "merge_mode" in options and bidirectional:
                    extras += [{"merge_mode": m} for m in ("sum", "mul", "ave")]
                if cell == "lstm" and "proj" in options:
                    extras += [{"proj": 2}]
                if cell == "lstm" and "peepholes" in options:
                    extras += [{"peepholes": True}, {"peepholes": True, "proj": 2}] if "proj" in options else \
                        [{"peepholes": True}]
                for extra in extras:
                    yield {"cell": cell, "framework": framework, "bidirectional": bidirectional, "bias": bias, **extra}


def cases():
    for base in structures():
        for layers in LAYERS:
            for units in ([5] * layers, [3 + (k * 7) % 11 for k in range(layers)]):
                fields = {**base, "inp": 7, "units": units if len(set(units)) > 1 else units[0], "layers": layers}
                try:
                    parse_spec(fields)
                except SpecError:
                    continue
                yield fields


def _text(result) -> str:
    try:
        return str(result)
    except SpecError as error:
        return f"error: {error}"


def _solve(fields, **kw) -> str:
    try:
        result = api.solve(fields, **kw)
    except SpecError as error:
        return f"error: {error}"
    return json.dumps(result.to_dict(), sort_keys=True) + "\n" + _text(result)


def outputs() -> dict[str, str]:
    found: dict[str, str] = {}
    lines = []
    for fields in cases():
        name = json.dumps(fields, sort_keys=True)
        result = api.params(fields)
        found[f"params {name}"] = json.dumps(result.to_dict(), sort_keys=True) + "\n" + _text(result)
        total = result.to_dict()["total"]
        no_units = {k: v for k, v in fields.items() if k != "units"}
        no_inp = {k: v for k, v in fields.items() if k != "inp"}
        if isinstance(fields["units"], int):
            found[f"solve units {name}"] = _solve(no_units, params=total)
            found[f"solve units+1 {name}"] = _solve(no_units, params=total + 1)
            found[f"budget units {name}"] = _solve(no_units, max_params=total)
            if fields["layers"] <= 5:
                found[f"pairs {name}"] = _solve({k: v for k, v in no_units.items() if k != "inp"}, params=total,
                                                units_range=(1, 300))
        found[f"solve inp {name}"] = _solve(no_inp, params=total)
        found[f"budget inp {name}"] = _solve(no_inp, max_params=total - 1)
        for inp, scale in ((7, 1), (1, 2), (300, 1), (2, 3), (7, 1)):
            units = fields["units"]
            units = units * scale if isinstance(units, int) else [u * scale for u in units]
            lines.append(json.dumps({**fields, "inp": inp, "units": units}))
    text = "".join(line + "\n" for line in lines)
    for keep in ([], ["--fields", "total"]):
        run = subprocess.run([sys.executable, "-m", "rnncalc", "params", "--spec", "-", "--format", "jsonl", *keep],
                             input=text, capture_output=True, text=True, check=False)
        found[f"batch {keep}"] = f"{run.returncode}\n{run.stdout}{run.stderr}"
    return found


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def test_every_answer_is_what_main_gave_before_the_law(update_goldens):
    now = {name: digest(text) for name, text in outputs().items()}
    if update_goldens:
        GOLDEN.write_text(json.dumps(now, indent=0, sort_keys=True) + "\n")
    golden = json.loads(GOLDEN.read_text())
    assert now.keys() == golden.keys()
    assert [name for name in now if now[name] != golden[name]] == []

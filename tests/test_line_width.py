"""No line over 200 characters in the formats people read, table and markdown: every command in
each of them it takes, on a spread of specs from the smallest to deep, wide, bidirectional and
projected ones. text is never cut or wrapped; csv, tsv, jsonl and json are records, one value
per cell or one JSON value per line, as long as their data: they are exempt."""

import pytest

from rnncalc.cli import table
from rnncalc.render import formats

WIDEST = 200
READ = ("table", "markdown")  # the formats people read; the others' lines are their data's

SPECS = {
    "tiny": ["--cell", "rnn", "--inp", "1", "--units", "1"],
    "lstm": ["--cell", "lstm", "--inp", "2", "--units", "3"],
    "wide": ["--cell", "gru", "--inp", "300", "--units", "1024,512", "--bidirectional", "-F", "pytorch"],
    "huge": ["--cell", "lstm", "--inp", "2147483647", "--units", "2147483646", "--proj", "7", "-F", "pytorch"],
    "deep": ["--cell", "lstm", "--inp", "80", "--units", "64", "--layers", "40", "--bidirectional", "-F", "onnx"],
    "merged": ["--cell", "gru", "--inp", "8", "--units", "16", "--merge-mode", "sum", "--bidirectional", "--layers",
               "3"],
    "peepholes": ["--cell", "lstm", "--inp", "3", "--units", "4", "--peepholes", "-F", "onnx"],
    "cells": ["--cell", "rnn", "--inp", "5", "--units", "6", "--api", "cell", "-F", "pytorch"],
}

EXTRA = {
    "port": ["--to", "pytorch"],
    "check": None,  # reads a paste: its own cases below
    "summary": ["--style", "torchinfo", "--batch", "2", "--steps", "3"],
    "solve": ["--params", "1M"],
    "cost": ["--batch", "32", "--steps", "100", "--compat", "all"],
    "shapes": ["--batch", "2", "--steps", "5"],
    "diagram": ["--steps", "12"],
    "schema": None,
    "sweep": None,
}

def case(*values, name):
    return pytest.param(*values, id=name)


CASES = [case(command, fmt.name, spec, name=f"{command}-{fmt.name}-{spec}") for command, parts in ((c.name, c.parts) for c in table.COMMANDS)
         if EXTRA.get(command, []) is not None
         for fmt in formats.formats(parts) if fmt.name in READ for spec in SPECS]


def assert_fits(result, *what):
    assert result.exit_code in (0, 1, 2), result.stderr
    if result.exit_code == 2:  # a spec this command refuses (one line): nothing written
        assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
        return
    long = [line for line in result.stdout.splitlines() if len(line) > WIDEST]
    assert not long, (what, len(long[0]), long[0][:400])


@pytest.mark.parametrize("command,fmt,name", CASES)
def test_no_line_over_200_characters(rnncalc, command, fmt, name):
    spec = SPECS[name]
    args = list(spec)
    if command == "solve":  # units is what it finds
        args = [a for i, a in enumerate(spec) if a != "--units" and (i == 0 or spec[i - 1] != "--units")]
    if command == "summary" and "-F" not in spec:
        args = [*spec, "-F", "pytorch"]
    assert_fits(rnncalc(command, *args, *EXTRA.get(command, []), "-f", fmt, env={"COLUMNS": "200"}), command, fmt, spec)


SWEEPS = {
    "all": ["-c", "lstm,gru,rnn", "-i", "1..4:x2", "-u", "8..64:x2", "-F", "all", "--directions", "1,2"],
    "costed": ["-c", "lstm", "-i", "300", "-u", "1024/512/256/128/64,2147483647", "--steps", "100", "--batch", "32",
               "--sort", "activation_bytes", "--proj", "7", "-F", "pytorch"],
    "deep": ["-c", "gru", "-i", "3", "-u", "4", "--layers", "1,40", "--bias", "true,false", "--reset-after",
             "true,false"],
}


@pytest.mark.parametrize("fmt,args", [case(f.name, args, name=f"sweep-{f.name}-{name}")
                                      for f in formats.formats(table.command("sweep").parts) if f.name in READ
                                      for name, args in SWEEPS.items()])
def test_no_sweep_line_over_200_characters(rnncalc, fmt, args):
    assert_fits(rnncalc("sweep", *args, "-f", fmt, env={"COLUMNS": "200"}), fmt, args)


PASTE = """Model: "sequential"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 lstm (LSTM)                 (None, 3)                 72
=================================================================
Total params: 72 (288.00 Byte)
Trainable params: 72 (288.00 Byte)
Non-trainable params: 0 (0.00 Byte)
_________________________________________________________________
"""


@pytest.mark.parametrize("fmt", [case(f.name, name=f"check-{f.name}") for f in formats.formats(table.command("check").parts)
                                 if f.name in READ])
def test_no_check_line_over_200_characters(rnncalc, fmt):
    assert_fits(rnncalc("check", "-", "-f", fmt, input=PASTE, env={"COLUMNS": "200"}), fmt)

"""Tally `rnncalc check` verdicts over the corpus (issue 20's closing figures): summaries per format,
and rows pinned / consistent / not checked / mismatch, all rows and recurrent rows. Not a test.

    PYTHONPATH=src python tests/corpus/tally.py tests/corpus [NAME-FRAGMENT] [-v]

-v lists every row that is not pinned, with its note."""
import sys, json
from collections import Counter, defaultdict
from pathlib import Path
from rnncalc.features.check import check_text
corpus = Path(sys.argv[1])
files = Counter(); rows = defaultdict(Counter); rec = defaultdict(Counter)
REC = {"LSTM","GRU","SimpleRNN","RNN","CuDNNLSTM","CuDNNGRU","Bidirectional","LSTMCell","GRUCell","UnifiedLSTM","UnifiedGRU","PeepholeLSTMCell","SimpleRNNCell","StackedRNNCells","RNNCell","ConvLSTM1D","ConvLSTM2D","ConvLSTM3D"}
verbose = "-v" in sys.argv
args = [a for a in sys.argv[2:] if a != "-v"]
only = args[0] if args else ""
for p in sorted([*corpus.glob("captured/*.txt"), *corpus.glob("quoted/*.txt")]):
    if only and only not in p.name: continue
    try:
        res = check_text(p.read_text(encoding="utf-8"))
    except Exception as e:
        files["refused"] += 1; print("REFUSED", p.name, e); continue
    for r in res.reports:
        fmt = str(r.summary.format)
        files[fmt] += 1
        for v in r.verdicts:
            rows[fmt][str(v.status)] += 1
            if v.row.kind in REC: rec[fmt][str(v.status)] += 1
            if verbose and str(v.status) != "pinned":
                print(f"{p.parent.name}/{p.name}:{v.row.line} {v.row.name} ({v.row.kind}) {v.status}: {v.note[:150]}")
print("summaries per format:", dict(files))
for fmt in rows:
    print(f"{fmt:12} all rows: {dict(rows[fmt])}   recurrent: {dict(rec[fmt])}")
tot = sum(rows.values(), Counter()); print("TOTAL all rows:", dict(tot), " recurrent:", dict(sum(rec.values(), Counter())))

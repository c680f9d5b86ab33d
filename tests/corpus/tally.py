"""Tally `rnncalc check` verdicts over the corpus (issue 20's closing figures): summaries per format,
and rows pinned / consistent / not checked / mismatch, all rows and recurrent rows. Not a test.

    PYTHONPATH=src python tests/corpus/tally.py tests/corpus [NAME-FRAGMENT] [-v]

-v lists every row that is not pinned, with its note."""

import sys
from collections import Counter, defaultdict
from pathlib import Path

from rnncalc.errors import SpecError
from rnncalc.features.check import check_text

RECURRENT = {"LSTM", "GRU", "SimpleRNN", "RNN", "CuDNNLSTM", "CuDNNGRU", "Bidirectional", "LSTMCell", "GRUCell",
             "UnifiedLSTM", "UnifiedGRU", "PeepholeLSTMCell", "SimpleRNNCell", "StackedRNNCells", "RNNCell",
             "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"}


def main(corpus: Path, only: str, verbose: bool) -> None:
    files: Counter[str] = Counter()
    rows: defaultdict[str, Counter[str]] = defaultdict(Counter)
    recurrent: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for path in sorted([*corpus.glob("captured/*.txt"), *corpus.glob("quoted/*.txt")]):
        if only not in path.name:
            continue
        try:
            result = check_text(path.read_text(encoding="utf-8"))
        except SpecError as err:
            files["refused"] += 1
            print("REFUSED", path.name, err)
            continue
        for report in result.reports:
            fmt = str(report.summary.format)
            files[fmt] += 1
            for v in report.verdicts:
                rows[fmt][str(v.status)] += 1
                if v.row.kind in RECURRENT:
                    recurrent[fmt][str(v.status)] += 1
                if verbose and str(v.status) != "pinned":
                    print(f"{path.parent.name}/{path.name}:{v.row.line} {v.row.name} ({v.row.kind}) {v.status}: "
                          f"{v.note[:150]}")
    print("summaries per format:", dict(files))
    for fmt in rows:
        print(f"{fmt:12} all rows: {dict(rows[fmt])}   recurrent: {dict(recurrent[fmt])}")
    print("TOTAL all rows:", dict(sum(rows.values(), Counter())),
          " recurrent:", dict(sum(recurrent.values(), Counter())))


if __name__ == "__main__":
    args = [a for a in sys.argv[2:] if a != "-v"]
    main(Path(sys.argv[1]), args[0] if args else "", "-v" in sys.argv)

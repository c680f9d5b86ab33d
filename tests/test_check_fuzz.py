"""`rnncalc check` never crashes, never hangs: adversarial inputs, driven through the CLI in-process.

The contract: whatever the input (binary, a directory, /dev/zero, invalid UTF-8, UTF-16 with a
BOM, 100k-character lines, 20,000 rows, deep nesting, unicode digits in shapes, counts that are
only commas or have more digits than int() converts, real summaries mangled in every way a paste
mangles them), `check` answers (exit 0 or 1, and --json prints JSON) or exits 2 with exactly
one line on stderr; never a traceback, within LIMIT seconds per input and bounded memory.

Inputs come from mutating every summary in tests/corpus/captured and tests/corpus/quoted (globbed
when the tests are collected, so new captures are fuzzed too), from raw bytes written to a file,
and from near-summaries built out of the headers' own grammar. The runs are derandomized (the same
examples every run) and not shrunk (a slow example would be re-run hundreds of times): a failing
input is written to a file whose path the failure message gives, with a short description of how
it was made as the example's repr.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import assert_one_line_error, examples
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

#: CPU seconds an input may take in-process (the contract says < 2 s); RNNCALC_FUZZ_LIMIT overrides it.
LIMIT = float(os.environ.get("RNNCALC_FUZZ_LIMIT", "10.0"))  # catches hangs; speed is measured by benchmarks/, not here
#: An input still running after this many CPU seconds is interrupted (SIGVTALRM), so a hang fails fast.
HARD_LIMIT = 2 * LIMIT
CORPUS = Path(__file__).parent / "corpus"
SEED_PATHS = sorted([*CORPUS.glob("captured/*.txt"), *CORPUS.glob("quoted/*.txt")])
SEEDS = [(p.parent.name + "/" + p.name, p.read_bytes().decode("utf-8", errors="replace")) for p in SEED_PATHS]
FAILURES = Path(tempfile.gettempdir()) / "rnncalc-check-fuzz-failures"

FUZZ = settings(
    deadline=None,  # timing is checked per call below, against LIMIT, and interrupted at HARD_LIMIT
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: see the module docstring
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)

# ---------------------------------------------------------------------------------------------
# Running one input and checking the contract


class Interrupted(BaseException):
    """Raised by SIGVTALRM inside a run that took too long (BaseException: CliRunner lets it through)."""


@contextmanager
def hard_limit(seconds: float):
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def interrupt(signum, frame):
        raise Interrupted()

    # CPU time of this process (ITIMER_VIRTUAL), not the wall clock: a machine busy with other
    # work makes a run wait for a core, which is not the slowness this guards against.
    previous = signal.signal(signal.SIGVTALRM, interrupt)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def _save(data: str | bytes) -> Path:
    raw = data if isinstance(data, bytes) else data.encode("utf-8", errors="surrogatepass")
    FAILURES.mkdir(parents=True, exist_ok=True)
    path = FAILURES / (hashlib.sha1(raw).hexdigest()[:12] + ".txt")
    path.write_bytes(raw)
    return path


def _no_constant(name: str):
    raise ValueError(f"not JSON: {name}")


def run_check(rnncalc, data: str | bytes, *, as_json: bool = False, path: Path | None = None,
              limit: float = LIMIT):
    """`rnncalc check` on ``data`` (on stdin, or written to ``path`` and passed as FILE): the contract."""
    args = ["check", "-"] if path is None else ["check", str(path)]
    if as_json:
        args.append("--json")
    if path is not None:
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    start = time.process_time()  # CPU seconds: what the input costs, whatever else the machine runs
    try:
        with hard_limit(max(HARD_LIMIT, 2 * limit)):
            result = rnncalc(*args, input=None if path is not None else data)
    except Interrupted:
        raise AssertionError(f"check did not finish in {max(HARD_LIMIT, 2 * limit):.0f} s "
                             f"(interrupted; input saved to {_save(data)})") from None
    elapsed = time.process_time() - start
    where = f"input saved to {_save(data)}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        tb = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else repr(result.exception)
        raise AssertionError(f"traceback ({where}):\n{tb[-3000:]}")
    assert elapsed < limit, f"check took {elapsed:.2f} s, over {limit} s ({where})"
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.stderr[-500:], where)
    assert "Traceback" not in result.stderr, where
    if result.exit_code == 2:
        try:
            assert_one_line_error(result)
        except AssertionError as err:
            raise AssertionError(f"exit 2 is not one line ({where}): {result.stderr[-500:]!r}") from err
    else:
        assert result.stdout.strip(), f"exit {result.exit_code} with nothing on stdout ({where})"
        if as_json:
            try:
                data_out = json.loads(result.stdout, parse_constant=_no_constant)
            except ValueError as err:
                raise AssertionError(f"--json printed no JSON ({where}): {err}: {result.stdout[:300]!r}") from None
            assert isinstance(data_out, dict), where
    return result


class Case:
    """An input (text or bytes) and how it was made; the repr is the recipe, so a failure report
    stays readable (the input itself is saved to a file, whose path the message gives)."""

    def __init__(self, text: str | bytes, recipe: str) -> None:
        self.text, self.recipe = text, recipe

    def __repr__(self) -> str:
        unit = "bytes" if isinstance(self.text, bytes) else "chars"
        return f"Case({self.recipe}; {len(self.text)} {unit}; starts {self.text[:60]!r})"


# ---------------------------------------------------------------------------------------------
# Material

UNICODE_DIGITS = ["²", "³", "¹", "⁰", "⁹", "₃", "٣", "۴", "߃", "३", "০", "๓", "１", "𝟑", "①", "½", "Ⅳ", "〇", "¼", "𝟗"]
SEPARATORS = [",", "(", ")", "[", "]", "│", "┃", "|", " ", ":", "-", "─", "="]
ODD = [
    "\u200f", "\u200e", "\u202e", "\u202d", "\u2066", "\u2069", "\u061c",  # bidi marks and overrides
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad",  # zero-width
    "😀", "👍🏽", "👨\u200d👩\u200d👧", "🇩🇪", "\U0001f9e0",  # emoji, modifiers, ZWJ, flags
    "─", "━", "│", "┃", "┏", "┓", "┗", "┛", "├", "┤", "┬", "┴", "┼", "╇", "╈", "┡", "┩", "└", "┘", "═", "║", "╔",
    "\u0301", "\u0338", "e\u0301", "\u00a0", "\u2007", "\u3000", "\u2028", "\u2029", "\u0085",
    "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\r", "\x00", "\x7f", "\x1b[31m", "\t", "\ufffd", "\uffff", "\U0010ffff",
    "Ω", "ß", "İ", "ﬁ", "Å", "ǅ", "\u0130", "中文", "𝔏𝔖𝔗𝔐",
]
KINDS = ["LSTM", "GRU", "SimpleRNN", "RNN", "Bidirectional", "CuDNNLSTM", "CuDNNGRU", "Dense", "InputLayer",
         "Embedding", "ConvLSTM2D", "TimeDistributed", "Bidirection", "SimpleRN", "LSTMCell", "GRUCell", "RNNCell",
         "Functional", "Sequential", "Dropout", "Linear", "lstm", "", "L", "LSTM_", "_", "Lstm"]
LONG_CHARS = [" ", "(", ")", ",", "─", "9", "0", "[", "│", "┃", "|", "-", "=", "_", "a", ">", "\t", "┏", "(None, ",
              "[0][0]", "1,", "├─", "│    ", "LSTM(", "a_", "((", "\u200b"]
HUGE = [19, 40, 300, 4299, 4300, 4301, 5000, 20000]
ALWAYS_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=20)

ascii_digit = re.compile(r"[0-9]")
number_token = re.compile(r"[0-9][0-9,]*")


# ---------------------------------------------------------------------------------------------
# (a) mutations of real summaries


def _pick(draw, seq):
    return draw(st.integers(0, len(seq) - 1)) if seq else 0


def _line_index(draw, lines):
    return _pick(draw, lines)


def _m_drop(draw, lines):
    if lines:
        del lines[_line_index(draw, lines)]
    return "drop"


def _m_dup(draw, lines):
    if lines:
        i = _line_index(draw, lines)
        lines[i:i] = [lines[i]] * draw(st.integers(1, 3))
    return "duplicate"


def _m_swap(draw, lines):
    if len(lines) > 1:
        i, j = _line_index(draw, lines), _line_index(draw, lines)
        lines[i], lines[j] = lines[j], lines[i]
    return "swap"


def _m_truncate_line(draw, lines):
    if lines:
        i = _line_index(draw, lines)
        lines[i] = lines[i][: draw(st.integers(0, max(0, len(lines[i]))))]
    return "truncate-line"


def _m_truncate_text(draw, lines):
    keep = draw(st.integers(0, len(lines)))
    del lines[keep:]
    if lines:
        lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    return "truncate-text"


def _sub_in_line(draw, lines, pattern, replacement_strategy, label):
    candidates = [i for i, line in enumerate(lines) if pattern.search(line)]
    if not candidates:
        return label + "(none)"
    i = draw(st.sampled_from(candidates))
    matches = list(pattern.finditer(lines[i]))
    m = matches[_pick(draw, matches)]
    lines[i] = lines[i][: m.start()] + draw(replacement_strategy) + lines[i][m.end():]
    return label


def _m_digit(draw, lines):
    return _sub_in_line(draw, lines, ascii_digit, st.sampled_from("0123456789"), "digit")


def _m_unicode_digit(draw, lines):
    return _sub_in_line(draw, lines, ascii_digit, st.sampled_from(UNICODE_DIGITS), "unicode-digit")


def _m_number(draw, lines):
    replacement = st.one_of(
        st.sampled_from([",", ",,", ",,,,,,", "-1", "0", "1.5", "1e3", "1M", "72k", "--", "?", "None", "1,2,3", "١٢٣",
                         "²²", "0x10", "1_000", "٣,٤٥٦", "12,34,5", "9223372036854775808", "-0", "+7", "7 7", "∞"]),
        st.integers(0, 10**30).map(str),
        st.integers(0, 10**12).map("{:,}".format),
    )
    return _sub_in_line(draw, lines, number_token, replacement, "number")


def _m_separator(draw, lines):
    sep = draw(st.sampled_from(SEPARATORS))
    candidates = [i for i, line in enumerate(lines) if sep in line]
    if not candidates:
        return f"separator({sep!r}, none)"
    i = draw(st.sampled_from(candidates))
    how = draw(st.sampled_from(["delete-one", "delete-all", "double-one", "double-all", "swap"]))
    line = lines[i]
    at = line.find(sep, draw(st.integers(0, len(line))))
    at = line.find(sep) if at < 0 else at
    if how == "delete-one":
        line = line[:at] + line[at + 1:]
    elif how == "delete-all":
        line = line.replace(sep, "")
    elif how == "double-one":
        line = line[:at] + sep + line[at:]
    elif how == "double-all":
        line = line.replace(sep, sep * 2)
    else:
        line = line[:at] + draw(st.sampled_from(SEPARATORS)) + line[at + 1:]
    lines[i] = line
    return f"separator({sep!r}, {how})"


def _m_insert(draw, lines):
    if not lines:
        lines.append("")
    i = _line_index(draw, lines)
    what = draw(st.one_of(st.sampled_from(ODD), ALWAYS_TEXT, st.sampled_from(UNICODE_DIGITS)))
    at = draw(st.integers(0, len(lines[i])))
    lines[i] = lines[i][:at] + what + lines[i][at:]
    return f"insert({what[:8]!r})"


def _m_tabs(draw, lines):
    how = draw(st.sampled_from(["runs", "all", "expand-one"]))
    if how == "runs":
        lines[:] = [re.sub(r" {2,}", "\t", line) for line in lines]
    elif how == "all":
        lines[:] = [line.replace(" ", "\t") for line in lines]
    elif lines:
        i = _line_index(draw, lines)
        lines[i] = "\t" + lines[i].replace("  ", "\t ")
    return f"tabs({how})"


def _m_quote(draw, lines):
    prefix = draw(st.sampled_from(["> ", ">", ">> ", "> > ", " > ", ">\t", "| ", "    ", "# ", "// ", "> |"]))
    every = draw(st.booleans())
    lines[:] = [prefix + line if every or k % 2 else line for k, line in enumerate(lines)]
    return f"quote({prefix!r}, {'all' if every else 'some'})"


def _m_markdown(draw, lines):
    how = draw(st.sampled_from(["wrap", "boxes-to-pipes", "collapse-spaces", "strip-boxes", "code-fence"]))
    if how == "wrap":
        lines[:] = ["| " + re.sub(r" {2,}", " | ", line.strip()) + " |" for line in lines]
    elif how == "boxes-to-pipes":
        lines[:] = [line.translate(str.maketrans("│┃┏┓┗┛├┤┡┩└┘╇┼━─", "||++++||||++++--")) for line in lines]
    elif how == "collapse-spaces":
        lines[:] = [re.sub(r" +", " ", line) for line in lines]
    elif how == "strip-boxes":
        lines[:] = [re.sub(r"[│┃┏┓┗┛├┤┡┩└┘╇┼━─┳┻╈]", "", line) for line in lines]
    else:
        lines[:] = ["```", *lines, "```"]
    return f"markdown({how})"


def _m_kind(draw, lines):
    kinds = re.compile(r"\b(LSTM|GRU|SimpleRNN|RNN|Bidirectional|Dense|InputLayer|Embedding)\b")
    return _sub_in_line(draw, lines, kinds, st.sampled_from(KINDS), "kind")


def _m_case(draw, lines):
    if lines:
        i = _line_index(draw, lines)
        lines[i] = draw(st.sampled_from([str.upper, str.lower, str.swapcase, str.strip]))(lines[i])
    return "case"


def _m_blank(draw, lines):
    i = draw(st.integers(0, len(lines)))
    lines[i:i] = [draw(st.sampled_from(["", " ", "\t", "   │", "─" * 40, "=" * 80, "_" * 65, "Total params:",
                                        "Total params: ", "Layer (type)", "Model: \"x\""]))]
    return "insert-line"


def _m_splice(draw, lines):
    _, other = draw(st.sampled_from(SEEDS))
    other_lines = other.splitlines()
    if other_lines:
        a = _pick(draw, other_lines)
        b = draw(st.integers(a, min(len(other_lines), a + 8)))
        i = draw(st.integers(0, len(lines)))
        lines[i:i] = other_lines[a:b]
    return "splice"


def _m_reverse(draw, lines):
    if lines:
        i = _line_index(draw, lines)
        lines[i] = lines[i][::-1]
    return "reverse-line"


MUTATIONS = [_m_drop, _m_dup, _m_swap, _m_truncate_line, _m_truncate_text, _m_digit, _m_unicode_digit, _m_number,
             _m_separator, _m_insert, _m_tabs, _m_quote, _m_markdown, _m_kind, _m_case, _m_blank, _m_splice,
             _m_reverse]


def _join(draw, lines):
    ending = draw(st.sampled_from(["\n", "\n", "\n", "\r\n", "\r", "\n\n", "\u2028", "\x85"]))
    tail = draw(st.sampled_from(["", ending, " ", "\x00"]))
    return ending.join(lines) + tail, ending


@st.composite
def mutated(draw, min_ops=1, max_ops=6):
    name, text = draw(st.sampled_from(SEEDS))
    lines = text.splitlines()
    ops = [draw(st.sampled_from(MUTATIONS))(draw, lines) for _ in range(draw(st.integers(min_ops, max_ops)))]
    joined, ending = _join(draw, lines)
    return Case(joined, f"{name} + {', '.join(ops)} + join {ending!r}")


# Heavy mutations: one per input, fewer examples.


def _h_repeat(draw, lines):
    if not lines:
        lines.append("lstm (LSTM)  (None, 3)  72")
    i = _line_index(draw, lines)
    lines[i:i + 1] = [lines[i]] * 5000
    return "line repeated 5,000 times"


def _h_huge_count(draw, lines):
    digits = draw(st.sampled_from(HUGE))
    fill = draw(st.sampled_from(["9", "1", ",", "9,", "٣", "²"]))
    big = (fill * digits)[:max(digits, 1)]
    return _sub_in_line(draw, lines, number_token, st.just(big), f"number -> {len(big)} x {fill!r}")


def _h_long_line(draw, lines):
    fill = draw(st.sampled_from(LONG_CHARS))
    long = (fill * (100_000 // len(fill) + 1))[:100_000]
    i = draw(st.integers(0, len(lines)))
    how = draw(st.sampled_from(["own-line", "append", "prepend", "inside"]))
    if how == "own-line" or not lines or i == len(lines):
        lines.insert(i, long)
    elif how == "append":
        lines[i] = lines[i] + long
    elif how == "prepend":
        lines[i] = long + lines[i]
    else:
        at = draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + long + lines[i][at:]
    return f"100k x {fill!r} ({how})"


def _h_long_row(draw, lines):
    if not lines:
        lines.append("lstm (LSTM)  (None, 3)  72")
    i = _line_index(draw, lines)
    line = lines[i] or "x"
    lines[i] = (line * (100_000 // len(line) + 1))[:100_000]
    return "a line repeated within itself to 100k chars"


def _h_nesting(draw, lines):
    depth = draw(st.sampled_from([100, 1000, 5000, 50_000]))
    shape = draw(st.sampled_from(["paren", "bracket", "mixed", "unclosed", "closers"]))
    bits = {"paren": "(" * depth + "None, 3" + ")" * depth, "bracket": "[" * depth + "1, 3" + "]" * depth,
            "mixed": "([" * depth + "3" + "])" * depth, "unclosed": "(None, " * depth, "closers": ")]" * depth}[shape]
    return _sub_in_line(draw, lines, re.compile(r"[(\[][^()\[\]]*[)\]]"), st.just(bits), f"nesting({shape}, {depth})")


HEAVY = [_h_repeat, _h_huge_count, _h_long_line, _h_long_row, _h_nesting]


@st.composite
def heavy(draw):
    name, text = draw(st.sampled_from(SEEDS))
    lines = text.splitlines()
    op = draw(st.sampled_from(HEAVY))(draw, lines)
    extra = [draw(st.sampled_from(MUTATIONS))(draw, lines) for _ in range(draw(st.integers(0, 2)))]
    joined, ending = _join(draw, lines)
    return Case(joined, f"{name} + {op} + {', '.join(extra)} + join {ending!r}")


@pytest.mark.parametrize("name", [name for name, _ in SEEDS])
def test_every_seed_as_is(rnncalc, name):
    text = dict(SEEDS)[name]
    run_check(rnncalc, text)
    run_check(rnncalc, text, as_json=True)


@settings(FUZZ, max_examples=examples(100))
@given(mutated(), st.booleans())
def test_mutated_summaries(rnncalc, case, as_json):
    run_check(rnncalc, case.text, as_json=as_json)


@settings(FUZZ, max_examples=examples(30))
@given(heavy(), st.booleans())
def test_heavy_mutations(rnncalc, case, as_json):
    run_check(rnncalc, case.text, as_json=as_json)


# ---------------------------------------------------------------------------------------------
# (b) bytes, through a file


ENCODINGS = ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32", "latin-1", "cp1252", "shift_jis", "gb18030"]


@st.composite
def encoded(draw):
    name, text = draw(st.sampled_from(SEEDS))
    lines = text.splitlines()
    ops = [draw(st.sampled_from(MUTATIONS))(draw, lines) for _ in range(draw(st.integers(0, 2)))]
    text, _ = _join(draw, lines)
    encoding = draw(st.sampled_from(ENCODINGS))
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"") if draw(st.booleans()) else b""
    data = bom + text.encode(encoding, errors="replace")
    damage = draw(st.sampled_from(["none", "cut", "flip", "insert", "odd-length"]))
    if damage == "cut" and data:
        data = data[: draw(st.integers(0, len(data)))]
    elif damage == "flip" and data:
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, len(data) - 1))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    elif damage == "insert":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00", b"\xef\xbb\xbf",
                                                 b"\xff\xfe", b"\x80\x80\x80", b"\xf4\x90\x80\x80"])) + data[at:]
    elif damage == "odd-length":
        data += b"\x00"
    return Case(data, f"{name} + {', '.join(ops)} as {encoding} bom={bool(bom)} damage={damage}")


BYTES = st.one_of(
    st.binary(max_size=3000).map(lambda b: Case(b, "random bytes")),
    st.binary(max_size=300).map(lambda b: Case(b"\xff\xfe" + b, "UTF-16 BOM + random bytes")),
    st.binary(max_size=300).map(lambda b: Case(b"\xef\xbb\xbf" + b, "UTF-8 BOM + random bytes")),
    encoded(),
)


@settings(FUZZ, max_examples=examples(100))
@given(BYTES, st.booleans(), st.booleans())
def test_bytes_through_a_file(rnncalc, tmp_path, case, as_json, via_stdin):
    if via_stdin:
        run_check(rnncalc, case.text, as_json=as_json)
    else:
        run_check(rnncalc, case.text, as_json=as_json, path=tmp_path / "summary.txt")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
@pytest.mark.parametrize("name", [n for n in ("captured/keras3-two-inputs.txt", "quoted/keras2-functional-lstm-50.txt",
                                              "captured/torchinfo-bigru.txt", "captured/pytorch-print-net.txt")
                                  if n in dict(SEEDS)])
def test_real_summary_in_other_encodings(rnncalc, tmp_path, name, encoding):
    data = dict(SEEDS)[name].encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = (b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff") + data
    run_check(rnncalc, data, path=tmp_path / "summary.txt")
    run_check(rnncalc, data, as_json=True)


# ---------------------------------------------------------------------------------------------
# (c) near-summaries from the headers' grammar, with garbage


NUMBERS = st.one_of(
    st.integers(0, 10**7).map(str),
    st.integers(0, 10**18).map(str),
    st.integers(0, 10**12).map("{:,}".format),
    st.sampled_from(["--", "", ",", ",,,", "0", "-5", "1.5M", "²", "٣", "12³", "1,,2", ",1", "1,", "(recursive)",
                     "9" * 19, "9" * 4301, "1" + ",000" * 1500, "None", "3 (12 B)", "72\u200b", "٣,٤٥٦"]),
    ALWAYS_TEXT,
)
DIMS = st.one_of(st.just("None"), st.integers(0, 4096).map(str), st.integers(0, 10**18).map(str),
                 st.sampled_from(["2147483647", "2147483648", "100000", "1024", "1025"]),
                 st.sampled_from(["-1", "²", "٣", "𝟑", "1e3", "9" * 30, "9" * 5000, "", " ", "?", "None,", "B"]))
SHAPES = st.one_of(
    st.lists(DIMS, max_size=5).map(lambda d: "(" + ", ".join(d) + ")"),
    st.lists(DIMS, max_size=5).map(lambda d: "[" + ", ".join(d) + "]"),
    st.lists(st.lists(DIMS, max_size=3).map(lambda d: "(" + ", ".join(d) + ")"), max_size=4)
    .map(lambda s: "[" + ", ".join(s) + "]"),
    st.sampled_from(["multiple", "?", "(None, 3", "None, 3)", "[(None, 4), (None,", "()", "[]", "(,)", "((", "]["]),
    ALWAYS_TEXT,
)
NAMES = st.one_of(st.sampled_from(["lstm", "lstm_1", "gru", "bidirectional", "input_1", "dense", "a.b", "x/y:0", "",
                                   "名前", "l" * 300]), ALWAYS_TEXT)
LAYER_KINDS = st.one_of(st.sampled_from(KINDS), ALWAYS_TEXT)
HEADERS = ["Layer (type)", "Output Shape", "Param #", "Connected to", "Trainable", "Layer (type:depth-idx)",
           "Input Shape", "Kernel Shape", "Mult-Adds", "Total params:", "Trainable params:", "Non-trainable params:",
           "Model: \"sequential\"", "Param", "Layer (type (var_name))", "Layer (type (var_name):depth-idx)"]
GARBAGE = st.one_of(ALWAYS_TEXT, st.sampled_from(ODD), st.sampled_from(SEPARATORS), st.sampled_from(HEADERS))


@st.composite
def near_row(draw, style):
    cells = [f"{draw(NAMES)} ({draw(LAYER_KINDS)})" if draw(st.integers(0, 9)) else draw(NAMES),
             draw(SHAPES), draw(NUMBERS)]
    if draw(st.booleans()):
        cells.append(draw(st.sampled_from(["", "-", "lstm[0][0]", "a[0][0], b[0][0]", "x[", "[0][0]"])))
    if draw(st.integers(0, 4)) == 0:
        cells.insert(draw(st.integers(0, len(cells))), draw(GARBAGE))
    if style == "boxed":
        return "│ " + " │ ".join(cells) + " │"
    if style == "markdown":
        return "| " + " | ".join(cells) + " |"
    if style == "torchinfo":
        tree = draw(st.sampled_from(["├─", "└─", "│    └─", "│    │    ├─", "|    └─", "+-", "`-", "", "│" * 50]))
        kind = draw(LAYER_KINDS)
        depth = draw(st.sampled_from(["1-1", "2-3", "0", "99999999999999999999-1", "²-1", "-", "1-", ""]))
        return f"{tree}{kind}: {depth}" + "".join(" " * draw(st.integers(0, 30)) + c for c in cells[1:])
    return "".join(" " * draw(st.integers(0, 30)) + c for c in cells)


@st.composite
def near_summary(draw):
    style = draw(st.sampled_from(["boxed", "markdown", "torchinfo", "columns"]))
    header_cells = draw(st.lists(st.one_of(st.sampled_from(HEADERS), GARBAGE), min_size=1, max_size=6))
    if style == "torchinfo":
        header_cells.insert(0, draw(st.sampled_from(["Layer (type:depth-idx)", "Layer (type (var_name):depth-idx)"])))
    elif draw(st.integers(0, 5)):
        header_cells.insert(0, "Layer (type)")
    joiner = {"boxed": " ┃ ", "markdown": " | ", "torchinfo": "    ", "columns": "    "}[style]
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(['Model: "sequential"', "=" * 90, "┏" + "━" * 30 + "┓", "_" * 65, ""])))
    lines.append(("┃ " if style == "boxed" else "") + joiner.join(header_cells) + (" ┃" if style == "boxed" else ""))
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["┡━━━╇━━━┩", "=" * 90, "| --- | --- | --- |", "─" * 90])))
    for _ in range(draw(st.integers(0, 12))):
        what = draw(st.integers(0, 9))
        if what < 6:
            lines.append(draw(near_row(style)))
        elif what < 8:
            lines.append(draw(st.sampled_from(["├────┼────┤", "└────┴────┘", "", "=" * 90, "_" * 65, " " * 65])))
        else:
            lines.append(draw(GARBAGE))
    for label in draw(st.lists(st.sampled_from(["Total params:", "Trainable params:", "Non-trainable params:",
                                                "Optimizer params:", "Total mult-adds (M):"]), max_size=4)):
        size = draw(st.sampled_from(["", " (1.45 KB)", " (", " B)", " (0.00 Byte)"]))
        lines.append(f"{label} {draw(NUMBERS)}{size}")
    joined, ending = _join(draw, lines)
    return Case(joined, f"near-summary({style}, {len(lines)} lines)")


TORCH_KINDS = ["LSTM", "GRU", "RNN", "LSTMCell", "GRUCell", "RNNCell", "Linear", "Embedding", "Conv1d", "LayerNorm",
               "nn.LSTM", "Sequential", "ModuleList", "lstm", "LSTM ", "Bidirectional"]
ARG = st.one_of(
    st.integers(-3, 5000).map(str),
    st.integers(0, 10**18).map(str),
    st.sampled_from(["num_layers=2", "num_layers=0", "num_layers=-1", "num_layers=" + "9" * 30, "bias=False",
                     "batch_first=True", "bidirectional=True", "proj_size=5", "proj_size=20", "proj_size=0",
                     "dropout=0.5", "nonlinearity=relu", "nonlinearity='relu'", "²", "٣", "𝟑", "1" * 5000,
                     "(3,)", "(1, 2)", "[1, 2]", "None", "True", "x=", "=", "=3", "hidden_size=", "input_size=3",
                     "hidden_size=4", "input_size=٣", "LSTM(1, 2)", "(", ")", "((", "))", "", "...", "*args"]),
    ALWAYS_TEXT,
)


@st.composite
def torch_print(draw):
    lines = [draw(st.sampled_from(["Net(", "Sequential(", "Model(", ""]))]
    indent = "  "
    for k in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(TORCH_KINDS))
        args = ", ".join(draw(st.lists(ARG, max_size=6)))
        close = draw(st.sampled_from([")", ")", ")", "", "))", ") )"]))
        name = draw(st.sampled_from([f"({k}): ", "(rnn): ", "(encoder.lstm): ", "(): ", "(", "", "(x)", "((a)): "]))
        if draw(st.integers(0, 6)) == 0:
            lines.append(f"{indent}{name}{draw(st.sampled_from(['Sequential(', 'ModuleList(', 'Encoder(']))}")
            indent += "  "
        lines.append(f"{indent}{name}{kind}({args}{close}")
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(GARBAGE))
    lines.append(")")
    if draw(st.booleans()):
        lines.append(f"Total params: {draw(NUMBERS)}")
    joined, ending = _join(draw, lines)
    return Case(joined, f"torch-print({len(lines)} lines)")


@settings(FUZZ, max_examples=examples(100))
@given(near_summary(), st.booleans())
def test_near_summaries(rnncalc, case, as_json):
    run_check(rnncalc, case.text, as_json=as_json)


@settings(FUZZ, max_examples=examples(60))
@given(torch_print(), st.booleans())
def test_near_torch_prints(rnncalc, case, as_json):
    run_check(rnncalc, case.text, as_json=as_json)


@settings(FUZZ, max_examples=examples(60))
@given(st.lists(st.one_of(st.sampled_from(HEADERS), st.sampled_from(TORCH_KINDS).map(lambda k: k + "(10, 20)"),
                          SHAPES, NUMBERS, GARBAGE, st.just("\n")), max_size=40), st.booleans())
def test_token_soup(rnncalc, tokens, as_json):
    run_check(rnncalc, " ".join(tokens), as_json=as_json)


# ---------------------------------------------------------------------------------------------
# Fixed adversarial inputs (cheap, and they name the contract's cases one by one)

KERAS2_HEAD = "Layer (type)                 Output Shape              Param #   \n" + "=" * 65 + "\n"
KERAS3_HEAD = "┃ Layer (type)                ┃ Output Shape              ┃         Param # ┃\n"
TORCHINFO_HEAD = "Layer (type:depth-idx)                   Output Shape              Param #\n" + "=" * 90 + "\n"

FIXED = {
    "empty": "",
    "newlines": "\n" * 100_000,
    "nul": "\x00",
    "bom": "\ufeff",
    "total-commas": "Total params: ,,,,\n",
    "total-4301-digits": "Total params: " + "9" * 4301 + "\n",
    "total-5000-commas": "Total params: " + "," * 5000 + "\n",
    "total-superscript": "Total params: ²\n",
    "keras2-count-commas": KERAS2_HEAD + "lstm (LSTM)                  (None, 3)                 ,,,       \n",
    "keras2-count-5000-digits": KERAS2_HEAD + "lstm (LSTM)    (None, 3)     " + "7" * 5000 + "\n",
    "keras2-count-4300-digits": KERAS2_HEAD + "lstm (LSTM)    (None, 3)     " + "7" * 4300 + "\n",
    "keras2-count-superscript": KERAS2_HEAD + "lstm (LSTM)    (None, 3)     7²\n",
    "keras2-shape-superscript": KERAS2_HEAD + "input_1 (InputLayer)  (None, 5, ²)   0\nlstm (LSTM)    (None, 3)   72\n",
    "keras2-shape-arabic": KERAS2_HEAD + "input_1 (InputLayer)  (None, 5, ٢)   0\nlstm (LSTM)    (None, ٣)   72\n",
    "keras2-shape-5000-digits": KERAS2_HEAD + "input_1 (InputLayer)  (None, " + "9" * 5000 + ")  0\n"
                                "lstm (LSTM)    (None, 3)   72\n",
    "keras2-shape-fullwidth": KERAS2_HEAD + "lstm (LSTM)    (None, ３)   72\n",
    "keras2-connected-100k": KERAS2_HEAD + "lstm (LSTM)   (None, 3)   72   " + "a" * 100_000 + "\n",
    "keras2-name-100k": KERAS2_HEAD + "a" * 100_000 + " (LSTM)   (None, 3)   72\n",
    "keras2-spaces-100k": KERAS2_HEAD + "lstm" + " " * 100_000 + "(LSTM)\n",
    "keras2-bidirectional-unexplained": "    Layer (type)   Param # \n"
                                        "    bidirectional (Bidirectional (None, None, 608)         1444800",
    "keras2-bidirectional-no-input": KERAS2_HEAD + "b (Bidirectional)   (None, 6)   999999999999\n",
    "keras2-500-bidirectional-summaries": "".join(KERAS2_HEAD + f"b (Bidirectional)   (None, 6)   {1000 + i}\n"
                                                  for i in range(500)),
    "keras3-count-commas": KERAS3_HEAD + "│ lstm (LSTM)                 │ (None, 3)                 │"
                                         "             ,,, │\n",
    "keras3-count-5000-digits": KERAS3_HEAD + "│ lstm (LSTM) │ (None, 3) │ " + "7" * 5000 + " │\n",
    "keras3-50k-columns": "┃ Layer (type) ┃" + " ┃" * 50_000 + " Param # ┃\n"
                          + "│ lstm (LSTM) │ (None, 3) │ 72 │\n" * 2000,
    "keras3-100k-bars": KERAS3_HEAD + "│" * 100_000 + "\n",
    "keras3-type-100k-parens": KERAS3_HEAD + "│ a" + "(" * 100_000 + " │ (None, 3) │ 72 │\n",
    "torchinfo-count-commas": TORCHINFO_HEAD + "├─LSTM: 1-1                               [2, 7, 32]"
                                               "                ,,\n",
    "torchinfo-depth-superscript": TORCHINFO_HEAD + "├─LSTM: ²-1      [2, 7, 32]      2,496\n",
    "torchinfo-deep-tree": TORCHINFO_HEAD + "".join("│    " * d + f"└─Sequential: {d + 1}-1      [2, 7]      --\n"
                                                  for d in range(500))
                           + "│    " * 500 + "└─LSTM: 501-1   [2, 7, 3]   72\n",
    "torchinfo-tree-100k": TORCHINFO_HEAD + "─" * 100_000 + "x\n",
    "torchinfo-spaces-100k": TORCHINFO_HEAD + "A" + " " * 100_000 + "B\n",
    "torch-missing-comma": "LSTM(2, 1 proj_size=1)",
    "torch-cell-without-sizes": "Sequential(\n  ((a)): GRUCell(...) )\n)",
    "torch-unknown-module-positional": "Net(\r\n  (0): ModuleList((1, 2), 1, (1, 2)\r\n)",
    "torch-superscript": "LSTM(², 3)",
    "torch-arabic": "LSTM(٣, 3)",
    "torch-5000-digits": "LSTM(" + "9" * 5000 + ", 3)",
    "torch-num-layers-huge": "LSTM(10, 20, num_layers=" + "9" * 30 + ")",
    "torch-nested-calls": "LSTM(LSTM(LSTM(1, 2), 3), 4)",
    "torch-deep-modules": "".join("  " * d + f"({d}): Sequential(\n" for d in range(3000)) + "  (rnn): LSTM(10, 20)\n"
                          + ")\n" * 3000,
    "torch-100k-commas": "LSTM(" + "," * 100_000 + ")",
    "torch-100k-parens": "LSTM(" + "(" * 100_000,
    "torch-repeated-calls": "LSTM(x " * 20_000,
    "parens-100k": "(" * 100_000,
    "brackets-nested": "[" * 50_000 + "]" * 50_000,
    "quote-100k": ">" * 100_000 + " Layer (type)  Output Shape  Param #\n",
    "header-only-100k": "Layer (type)" + " " * 100_000 + "Param #\n" + "x" * 100_000 + "\n",
}


@pytest.mark.parametrize("name", FIXED)
@pytest.mark.parametrize("as_json", [False, True], ids=["table", "json"])
def test_fixed_adversarial_inputs(rnncalc, name, as_json):
    run_check(rnncalc, FIXED[name], as_json=as_json)


def test_empty_stdin(rnncalc):
    assert run_check(rnncalc, "").exit_code == 2


def test_directory(rnncalc, tmp_path):
    assert_one_line_error(rnncalc("check", str(tmp_path)))


def _lstm_chain(n: int, distinct: bool) -> list[tuple[int, int, int]]:
    """(time steps, units, Keras count) of n stacked LSTMs on 8 features: all alike, or each row
    its own (its own shape, its own size: nothing a cache of verdicts keyed by the row can reuse)."""
    chain, inp = [], 8
    for i in range(n):
        units = (i * 37 % 97) + 1 if distinct else 8
        chain.append((i + 1 if distinct else 40, units, 4 * (units * (inp + units) + units)))
        inp = units
    return chain


def _keras2_rows(n: int, distinct: bool) -> str:
    chain = _lstm_chain(n - 1, distinct)
    rows = " input_1 (InputLayer)        [(None, 40, 8)]           0         \n\n"
    rows += "".join(f" lstm_{i} (LSTM)".ljust(29) + f"(None, {t}, {u})".ljust(26) + f"{c:<10,}\n\n"
                    for i, (t, u, c) in enumerate(chain))
    total = sum(c for _, _, c in chain)
    return KERAS2_HEAD + rows + "=" * 65 + f"\nTotal params: {total:,}\nTrainable params: {total:,}\n"


def _keras3_rows(n: int, distinct: bool) -> str:
    chain = _lstm_chain(n - 1, distinct)
    rule = "├─────────────────────────────┼───────────────────────────┼─────────────────┤\n"
    rows = "│ input_layer (InputLayer)    │ (None, 40, 8)             │               0 │\n"
    rows += "".join(rule + f"│ {f'lstm_{i} (LSTM)':<27} │ {f'(None, {t}, {u})':<25} │ {c:>15,} │\n"
                    for i, (t, u, c) in enumerate(chain))
    total = sum(c for _, _, c in chain)
    return ('Model: "big"\n' + KERAS3_HEAD
            + "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩\n"
            + rows + "└─────────────────────────────┴───────────────────────────┴─────────────────┘\n"
            + f" Total params: {total:,} (1.00 MB)\n")


def _torchinfo_rows(n: int, distinct: bool) -> str:
    chain = [(t, u, c + 4 * u) for t, u, c in _lstm_chain(n - 1, distinct)]  # PyTorch: two bias vectors
    rows = "Net                                      [2, 40, 8]                --\n"
    rows += "".join(f"├─LSTM: 1-{k + 1}".ljust(41) + f"{f'[2, {t}, {u}]':<26}{c:,}\n"
                    for k, (t, u, c) in enumerate(chain))
    return TORCHINFO_HEAD + rows + "=" * 90 + f"\nTotal params: {sum(c for _, _, c in chain):,}\n"


def _torch_print_rows(n: int, distinct: bool) -> str:
    chain = _lstm_chain(n, distinct)
    widths = [8] + [u for _, u, _ in chain]
    return "Net(\n" + "".join(f"  (lstm_{k}): LSTM({widths[k]}, {u}, batch_first=True)\n"
                              for k, (_, u, _) in enumerate(chain)) + ")\n"


BIG = {"keras2": _keras2_rows, "keras3": _keras3_rows, "torchinfo": _torchinfo_rows, "torch_print": _torch_print_rows}


@pytest.mark.parametrize("fmt,distinct,as_json", [
    ("keras2", False, True), ("keras2", False, False), ("keras2", True, True), ("keras2", True, False),
    ("keras3", True, True), ("torchinfo", True, True), ("torch_print", True, True),
], ids=lambda v: {True: "T", False: "F"}.get(v, v) if isinstance(v, bool) else v)
def test_20000_rows_answer_within_seconds(rnncalc, fmt, distinct, as_json):
    """20,000 rows (a real summary is well under 1,000): an answer, within a few seconds, alike
    rows or each its own size, as JSON or as the table."""
    result = run_check(rnncalc, BIG[fmt](20_000, distinct), as_json=as_json, limit=max(5.0, 2 * LIMIT))
    assert result.exit_code in (0, 1), result.stderr


def _limited_run(args, stdin=None, timeout=10.0):
    def limit_memory():
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    return subprocess.run([sys.executable, "-m", "rnncalc", *args],
                          stdin=stdin if stdin is not None else subprocess.DEVNULL, capture_output=True,
                          timeout=timeout, preexec_fn=limit_memory, env=env)


def _answered_or_refused(proc):
    stderr = proc.stderr.decode("utf-8", errors="replace")
    stdout = proc.stdout.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr[-2000:]
    assert "MemoryError" not in stderr, stderr[-2000:]
    assert proc.returncode in (0, 1, 2), (proc.returncode, stderr[-2000:])
    if proc.returncode == 2:
        assert stdout == "" and len(stderr.splitlines()) == 1 and stderr.startswith("rnncalc: error: "), stderr
    else:
        said = re.search(r"\bcut\b|longer than|truncat", stdout + stderr, re.IGNORECASE)
        assert said, "an answer about an endless input must say it was cut: " + (stdout + stderr)[:500]


@pytest.mark.skipif(not Path("/dev/zero").exists() or sys.platform == "win32", reason="needs /dev/zero and rlimits")
def test_dev_zero_as_file_is_bounded():
    _answered_or_refused(_limited_run(["check", "/dev/zero"]))


@pytest.mark.skipif(not Path("/dev/zero").exists() or sys.platform == "win32", reason="needs /dev/zero and rlimits")
def test_dev_zero_on_stdin_is_bounded():
    with open("/dev/zero", "rb") as zero:
        _answered_or_refused(_limited_run(["check", "-", "--json"], stdin=zero))


@pytest.mark.skipif(sys.platform == "win32", reason="needs rlimits")
def test_16_mb_of_random_bytes_is_bounded(tmp_path):
    """/dev/urandom, made repeatable: more than anything rnncalc reads, arbitrary bytes."""
    import random

    path = tmp_path / "random.bin"
    path.write_bytes(random.Random(20_000).randbytes(16 * 2**20))
    _answered_or_refused(_limited_run(["check", str(path)]))

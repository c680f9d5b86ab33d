"""A linter for the sentences rnncalc generates: every page of params, shapes, explain, layout,
port and diagram, over every convention × cell × option, read as prose. Code (a call to type,
styled "code") is not prose and is skipped; the glossary, which lines up every framework's words
whatever the spec, is held to the grammar rules but not to the spec's own (directions, gates).

The rules: an article agrees with the sound of its noun (a GRU, an LSTM, an Elman RNN); a list of
frameworks takes a plural verb and one framework a singular one; no parenthesis opens inside
another in prose; a one-direction network is described with no direction words; a SimpleRNN,
which has no gates, gets no "per gate"; no word is doubled.
"""

import itertools
import re
from functools import lru_cache

import pytest

import rnncalc
from rnncalc import SpecError
from rnncalc.frameworks import NAMES, all_conventions
from rnncalc.render.doc import Line, Panel, Picture, Table
from rnncalc.features._words import a, listed, verb

COMMANDS = ("params", "shapes", "explain", "layout", "diagram")
RUNS = ({}, {"return_sequences": True}, {"return_state": True}, {"batch_first": True}, {"unbatched": True},
        {"time_major": True})


def options(cell):
    return {"gru": [{"reset_after": True}, {"reset_after": False}],
            "lstm": [{}, {"proj": 2}, {"peepholes": True}]}.get(cell, [{}])


@lru_cache(maxsize=1)
def every_spec():
    found = []
    for framework, cell, both, layers, bias in itertools.product(NAMES, ("rnn", "lstm", "gru"), (False, True), (1, 2),
                                                                 (True, False)):
        for more in options(cell):
            spec = dict(framework=framework, cell=cell, inp=2, units=3, layers=layers, bidirectional=both, bias=bias,
                        **more)
            try:
                rnncalc.params(spec)
            except SpecError:
                continue
            found.append(spec)
    return found


def prose(page):
    """(text, generic) for every piece of prose on a page; generic: the glossary's cells."""
    for block in page.blocks:
        if isinstance(block, Line):
            yield " ".join(text for text, style in block.parts if style != "code"), False
        elif isinstance(block, Picture):
            yield from ((line, False) for line in block.draw(None))
            yield block.title, False
        elif isinstance(block, (Table, Panel)):
            table = block.body if isinstance(block, Panel) else block
            if isinstance(table, tuple):
                yield from ((line, False) for line in table)
                continue
            generic = bool(table.columns) and table.columns[0].header == "term" or not table.show_header and False
            generic = generic or (bool(table.rows) and table.rows[0][0] == "hidden size")
            yield table.caption, False
            for row in table.rows:
                for cell in row:
                    yield (cell.text if isinstance(cell, Line) else str(cell)), generic


def pages():
    """(what, spec, page) for every command's page over every spec, and port to every convention."""
    for spec in every_spec():
        for command in COMMANDS:
            runs = RUNS if command in ("shapes", "diagram") else ({},)
            for run in runs:
                try:
                    yield f"{command} {spec} {run}", spec, getattr(rnncalc, command)(spec, **run).page()
                except SpecError:
                    continue
        yield f"params all {spec}", spec, rnncalc.params({**spec, "framework": "all"}).page()
        yield f"layout all {spec}", spec, rnncalc.layout({**spec, "framework": "all"}).page()
        for target in NAMES:
            yield f"port {spec} to {target}", spec, rnncalc.port(spec, to=target).page()


TITLES = "|".join(re.escape(c.title) for c in all_conventions())
PLURAL_SUBJECT = re.compile(rf"(?:{TITLES})(?:, (?:{TITLES}))* and (?:{TITLES}) (has|is|does|stores|keeps|takes)\b")
SINGLE_SUBJECT = re.compile(rf"(?<!, )(?<!and )(?<![\w.'])(?:{TITLES}) (have|are|do|store|keep|take)\b")
ARTICLE = re.compile(r"(?<![\w.'/=-])([Aa]n?) ([A-Za-z][\w.-]*)")
DOUBLED = re.compile(r"\b([A-Za-z]+) \1\b")
MATH = re.compile(r"\((?=[^()]*[·+×])[\w\s·+×*/−-]*\)")
DIRECTIONS = re.compile(r"\b(forward|backward|reverse|directions?|bidirectional)\b", re.IGNORECASE)


def nested_parentheses(text):
    """Whether a prose parenthesis (one after a space or at the start) opens inside another;
    f(x) and h_(t-1) are notation, not prose."""
    while True:  # arithmetic groups, innermost first: 2 · (4 · 3 · (2 + 3 + 2) + 3) is math
        plain = MATH.sub("0", text)
        if plain == text:
            break
        text = plain
    stack = []
    for i, char in enumerate(text):
        if char == "(":
            is_prose = i == 0 or text[i - 1] in " \t[\"'"
            if is_prose and any(stack):
                return True
            stack.append(is_prose)
        elif char == ")" and stack:
            stack.pop()
    return False


def defects(spec, text, generic):
    found = []
    for article, word in ARTICLE.findall(text):
        if article.lower() != a(word).split()[0]:
            found.append(f"article: {article} {word}")
    found += [f"plural subject, singular verb: {m.group(0)}" for m in PLURAL_SUBJECT.finditer(text)]
    found += [f"single subject, plural verb: {m.group(0)}" for m in SINGLE_SUBJECT.finditer(text)]
    if nested_parentheses(text):
        found.append("parenthesis inside a parenthesis")
    found += [f"doubled word: {m.group(0)}" for m in DOUBLED.finditer(text)]
    if not generic and not spec["bidirectional"] and DIRECTIONS.search(text):
        found.append(f"direction words for one direction: {DIRECTIONS.search(text).group(0)}")
    if not generic and spec["cell"] == "rnn" and "per gate" in text:
        found.append("per gate, for a cell with no gates")
    return found


def test_generated_sentences_are_english():
    seen, bad = set(), {}
    for what, spec, page in pages():
        for text, generic in prose(page):
            key = (text, generic, spec["bidirectional"], spec["cell"] == "rnn")
            if not text or key in seen:
                continue
            seen.add(key)
            for defect in defects(spec, text, generic):
                bad.setdefault(defect, (what, text))
    assert len(seen) > 3000  # the generator reached the pages it means to lint
    assert not bad, "\n".join(f"{d}\n    in {what}\n    {text[:300]}" for d, (what, text) in sorted(bad.items()))


@pytest.mark.parametrize("text,expected", [
    ("a GRU cell", []), ("An GRU cell", ["article: An GRU"]), ("an LSTM cell", []), ("a LSTM", ["article: a LSTM"]),
    ("an Elman RNN cell", []), ("a unit", []), ("an h_t", []),
    ("cuDNN (Keras 2) and Keras 3 has it", ["plural subject, singular verb: cuDNN (Keras 2) and Keras 3 has"]),
    ("Keras 3 store W and U", ["single subject, plural verb: Keras 3 store"]),
    ("PyTorch and TF1 have it", []), ("Keras 3 and cuDNN (Keras 2) store W", []),
    ("not a neuron (cuDNN (Keras 2) (inside cuDNN), …", ["parenthesis inside a parenthesis"]),
    ("h_(t-1) in (see f(x))", []), ("= 2 · (4 · 3 · (2 + 3 + 2) + 3 · 3)", []),
    ("final h of the forward layer", ["direction words for one direction: forward"]),
    ("one bias vector per gate", ["per gate, for a cell with no gates"]), ("the the", ["doubled word: the the"]),
])
def test_the_linter_finds_the_issue_examples(text, expected):
    assert defects({"bidirectional": False, "cell": "rnn"}, text, False) == expected


def test_words():
    assert [a(w) for w in ("GRU cell", "LSTM cell", "Elman RNN cell", "SimpleRNN", "unit", "input")] == [
        "a GRU cell", "an LSTM cell", "an Elman RNN cell", "a SimpleRNN", "a unit", "an input"]
    assert [listed(x) for x in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]
    assert verb(["A"], "has", "have") == "has" and verb(["A", "B"], "has", "have") == "have"

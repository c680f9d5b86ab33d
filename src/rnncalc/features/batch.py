"""Many specs in one run: JSON Lines (or several JSON values) on --spec, and sweeps.

Each JSON value is one spec, answered in order as it is read, so a long input streams; a
value that is not a spec gives an error record with its line number and the rest go on.
Totals come from the law of each structure (tensors.law: its count as an exact polynomial of the sizes), and specs
that differ only in their sizes share one validation of everything else (Specs), so a batch of
totals costs about as much as reading and writing its JSON. Whole answers are written from a
template per structure (features/templates.py), at the cost of filling in its numbers. A batch
of costs (cost_batch) goes the same way: its figures are each structure's polynomials of the
sizes, read off cost run once with symbolic sizes: a template per structure, whole or not.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from rnncalc.errors import SpecError

if TYPE_CHECKING:
    from rnncalc.render.results import Stream, Tally
    from rnncalc.model.spec import Spec
    from rnncalc.model.tensors import Law

__all__ = ["Answer", "Specs", "answers", "cost_batch", "each_spec", "spec_batch", "values"]

_WHITESPACE = " \t\r\n"
_HEAD = '{"line":0'  # how every record of line 0 starts


def values(text: str) -> Iterator[tuple[int, Any]]:
    """(line, value) for every JSON value in ``text``, or (line, SpecError) for one that is not
    JSON; after an error, reading goes on at the next line."""
    scan = json.JSONDecoder().scan_once  # type: ignore[attr-defined]  # the C scanner raw_decode wraps (typeshed leaves it out)
    pos, line, end = 0, 1, len(text)
    while True:
        while pos < end and text[pos] in _WHITESPACE:
            if text[pos] == "\n":
                line += 1
            pos += 1
        if pos >= end:
            return
        try:
            value, stop = scan(text, pos)
        except (StopIteration, ValueError, RecursionError) as err:
            # StopIteration: no value begins here, as raw_decode says it.
            message = ("Expecting value" if isinstance(err, StopIteration) else
                       err.msg if isinstance(err, json.JSONDecodeError) else str(err))
            yield line, SpecError("--spec", f"line {line} is not JSON: {message}")
            stop = text.find("\n", pos)
            stop = end if stop < 0 else stop
        else:
            yield line, value
        line += text.count("\n", pos, stop)
        pos = stop


class Answer(NamedTuple):
    """One spec's answer. A named tuple, not a dataclass: a batch makes one per spec, and a
    tuple is made in a fraction of a frozen dataclass's time."""

    line: int
    fields: dict[str, Any] | None  # the spec as given, merged with the command line's flags
    data: dict[str, Any] | None  # the answer's keys, or None for an error or a text
    error: str = ""
    text: str = ""  # the whole record, encoded by a template (with its stand-ins: templates.restore)


class Specs:
    """parse_spec (and the total) for a stream of specs, validating once what they share.

    Specs that differ only in inp and units (a batch's usual case) share a structure: every
    other field, exactly as given. The first spec of a structure is validated whole by the
    model. Each later one has its sizes validated by pydantic (the model's own Size type) and
    the framework's size rules (PyTorch: proj < units) run on it; it is then the first one
    with its sizes replaced. A size refused, or anything unusual, is validated whole instead,
    so every error is parse_spec's own.
    """

    #: Structures remembered; a stream of more distinct structures starts again.
    LIMIT = 4096

    def __init__(self) -> None:
        from pydantic import TypeAdapter

        from rnncalc import frameworks
        from rnncalc.model._conventions import REFUSALS
        from rnncalc.model.spec import Size, parse_spec, refuse
        from rnncalc.model.tensors import grouping

        # Only the refusals that read a size can refuse one spec of a structure and not another:
        # the rest read fields the structure fixes, and its first spec was validated whole.
        sized = {"inp", "units"}
        self._refusals = {name: tuple(r for r in refusals if {r.field, r.below, *(f for f, _ in r.when)} & sized)
                          for name, refusals in REFUSALS.items()}
        self._parse, self._refuse, self._frameworks = parse_spec, refuse, frameworks
        self._grouping = grouping
        self._validate_sizes = TypeAdapter(list[Size]).validator.validate_python
        # Per structure: its first spec, a private copy that takes each spec's sizes for the
        # framework's rules, and its law: the count as a polynomial of the sizes (tensors.law).
        self._known: dict[tuple[Any, ...], tuple[Spec, Spec, Law]] = {}

    def parse(self, fields: dict[str, Any]) -> Spec:
        """The Spec of ``fields``, as parse_spec(fields) gives it (or raises)."""
        known = self._sized(fields)
        if known is not None:
            return known[0].model_copy(update={"inp": fields["inp"], "units": known[2]})
        spec = self._parse(fields)
        key = _structure(fields)
        if key is not None and key not in self._known:
            if len(self._known) >= self.LIMIT:
                self._known.clear()
            from rnncalc.model.tensors import law

            self._known[key] = (spec, spec.model_copy(), law(spec))
        return spec

    def total(self, fields: dict[str, Any]) -> int:
        """The parameter count of ``fields``, as tensors.total(parse_spec(fields)) gives it (or
        raises): its structure's law (tensors.law) at its sizes."""
        known = self._sized(fields)
        if known is None:
            spec = self.parse(fields)  # validated whole: its error, or its structure known from now on
            known = self._sized(fields)
            if known is None:  # a structure that cannot be a key
                from rnncalc.model.tensors import total

                return total(spec)
        first, law, units = known
        return law((fields["inp"], *units, first.proj or 0))

    def sized(self, fields: dict[str, Any], learn: bool = False) -> tuple[tuple[Any, ...], Spec, tuple[int, ...]] | None:
        """The structure of ``fields`` with its framework's layout of these sizes, its first
        spec, and the sizes of ``fields`` as given (given()); None where ``fields`` must be
        validated whole (by parse). ``learn``: the first of its structure is validated whole
        first (its SpecError raised), and then it is known."""
        given = self.given(fields, learn)
        if given is None:
            return None
        key, first, sizes = given
        return (key, self.layout(self._known[key][1])), first, sizes  # the layout of the sizes' copy

    def given(self, fields: dict[str, Any], learn: bool = False) -> tuple[tuple[Any, ...], Spec, tuple[int, ...]] | None:
        """The structure of ``fields``, its first spec, and the sizes of ``fields`` as given (inp,
        then units: one size or one per layer, then proj if it has one) once they pass; None
        where ``fields`` must be validated whole (by parse). ``learn`` as for sized()."""
        key = _structure(fields)
        known = self._sized(fields, key) if key is not None else None
        if known is None and learn and key is not None:
            self.parse(fields)  # the first of its structure: validated whole, then it is known
            known = self._sized(fields, key)
        if known is None or key is None:
            return None
        first = known[0]
        units = fields["units"]
        sizes = (fields["inp"], *units) if type(units) is list else (fields["inp"], units)
        return key, first, sizes if first.proj is None else (*sizes, first.proj)

    def layout(self, spec: Spec) -> tuple[Any, Any]:
        """What of ``spec``'s sizes decides its answer's form beyond the numbers: its framework's
        layout (Convention.layout), and the layers its formula writes as one (tensors.grouping)."""
        return self._frameworks.get(spec.framework).layout(spec), self._grouping(spec)

    def _sized(self, fields: dict[str, Any], key: tuple[Any, ...] | None = None) -> tuple[Spec, Law, tuple[int, ...]] | None:
        """The first spec and law of the structure of ``fields`` (``key``, if known), and
        its units (one per layer), once its sizes pass; None where ``fields`` must be validated whole."""
        key = _structure(fields) if key is None else key
        known = self._known.get(key) if key is not None else None
        if known is None:
            return None
        first, scratch, the = known
        inp, units = fields["inp"], fields["units"]
        try:
            self._validate_sizes([inp, *units] if type(units) is list else [inp, units])
        except ValueError:  # pydantic's ValidationError
            return None
        units = tuple(units) if type(units) is list else (units,) * first.layers
        # The framework's rules and layout (sized) see these sizes on the structure's own copy,
        # which nothing else reads (a frozen model is updated this way, as Spec itself does once).
        object.__setattr__(scratch, "inp", inp)
        object.__setattr__(scratch, "units", units)
        refusals = self._refusals[first.framework]
        if refusals:
            try:
                self._refuse(scratch, refusals)
            except SpecError:
                return None
        return first, the, units


def _structure(fields: dict[str, Any]) -> tuple[Any, ...] | None:
    """Every field but the sizes, typed (1, 1.0 and True validate differently), and how many
    units are listed; None without both sizes, or where a value cannot be a key."""
    if "inp" not in fields or "units" not in fields:
        return None
    units = fields["units"]
    rest = fields.copy()
    del rest["inp"], rest["units"]
    key = (len(units) if type(units) is list else None, tuple(rest.items()), tuple(map(type, rest.values())))
    try:
        hash(key)
    except TypeError:
        return None
    return key


def answers(items: Iterable[tuple[int, Any]], flags: dict[str, Any], full: bool,
            keep: tuple[str, ...] | None = None, encode: Callable[[Any], str] | None = None) -> Iterator[Answer]:
    """params for every spec: the total (and the whole JSON object when ``full``; only the keys
    in ``keep`` when given, so a batch asking for totals pays for nothing else). With
    ``encode`` (and ``full``), each answer is its record already encoded, from a template per
    structure (features/templates.py)."""
    dump = keep is None or "spec" in keep
    from rnncalc.model.tensors import count

    specs = Specs()
    templated = None
    if full and encode is not None:
        from rnncalc.render.json import count_dict
        from rnncalc.features.templates import Templates

        def answer(spec: Spec) -> dict[str, Any]:
            return record(Answer(0, None, cast(dict[str, Any], count_dict(count(spec)))), keep)

        templated = Templates(answer, encode, specs.layout)
    for line, value in items:
        if isinstance(value, SpecError):
            yield Answer(line, None, None, str(value))
            continue
        if not isinstance(value, dict):
            yield Answer(line, None, None, f"--spec: line {line} must hold a JSON object, not {type(value).__name__}")
            continue
        fields = {**value, **flags} if flags else value
        try:
            if templated is not None:
                sized = specs.sized(fields, learn=True)
                if sized is not None:
                    yield Answer(line, fields, None, "", templated.text(line, *sized))
                    continue
            if full:
                from rnncalc.render.json import count_dict

                data = cast(dict[str, Any], count_dict(count(specs.parse(fields))))
            elif dump:
                spec = specs.parse(fields)
                data = {"total": specs.total(fields), "spec": spec.model_dump(mode="json")}
            else:
                data = {"total": specs.total(fields)}
        except SpecError as err:
            yield Answer(line, fields, None, str(err))
            continue
        yield Answer(line, fields, data)


def record(answer: Answer, keep: tuple[str, ...] | None) -> dict[str, Any]:
    """One answer as the object a JSON Lines reader gets: its line first, then its keys (only
    those in ``keep``, when given), or its error."""
    if answer.data is None:
        return {"line": answer.line, "error": answer.error}
    data = answer.data if keep is None else {k: answer.data.get(k) for k in keep if k != "line"}
    return {"line": answer.line, **data}


def row(answer: Answer) -> dict[str, Any]:
    """One answer as a flat row (csv, tsv, the table): the spec's fields, the total, the error."""
    if answer.data is None:
        return {"line": answer.line, "total": None, "error": answer.error}
    if "spec" not in answer.data:
        return {"line": answer.line, "total": answer.data["total"], "error": None}
    spec = answer.data["spec"]
    return {"line": answer.line, "cell": spec["cell"], "inp": spec["inp"],
            "units": list(spec["units"]), "layers": spec["layers"],
            "bidirectional": spec["bidirectional"], "bias": spec["bias"], "framework": spec["framework"],
            "total": answer.data["total"], "error": None}


# Batches and sweeps as results: streams of one record per spec (results.Stream).

#: A flat row's columns (row()), as csv, tsv and the table write them.
ROW_COLUMNS = ["line", "cell", "inp", "units", "layers", "bidirectional", "bias", "framework", "total", "error"]
_NUMBERS = ("line", "point", "inp", "layers", "total")  # aligned right in the table


def _encoder() -> Callable[[Any], str]:
    return json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def spec_batch(text: str, flags: dict[str, Any], keep: tuple[str, ...] | None) -> Stream:
    """params for every spec of ``text``: rows for csv, tsv and the table; for json and jsonl
    each spec's object (only the keys in ``keep``, when given), written from a template per
    structure where it can be."""
    from rnncalc.render.results import Stream

    def rows(tally: Tally) -> Iterator[dict[str, Any]]:
        wanted = None if keep is None else (*keep, "spec")
        for answer in answers(values(text), flags, False, wanted):
            tally.read += answer.fields is not None
            tally.failed += bool(answer.error)
            data = row(answer)
            yield {k: v for k, v in data.items() if k in ("line", *keep, "error")} if keep is not None else data

    def lines(tally: Tally) -> Iterator[tuple[str, bool]]:
        encode = _encoder()
        # The whole object where asked for: every key, or any key beyond the total and the spec.
        full = keep is None or any(k not in ("total", "spec") for k in keep)
        totals = keep == ("total",)  # each record is {"line": n, "total": t}, both integers
        for answer in answers(values(text), flags, full, keep, encode):
            tally.read += answer.fields is not None
            tally.failed += bool(answer.error)
            if answer.text:
                yield answer.text, True  # a template's: with stand-ins for some characters
            elif totals and answer.data is not None:  # the usual batch: written as the encoder would
                yield f'{{"line":{answer.line},"total":{answer.data["total"]}}}', False
            else:
                yield encode(record(answer, keep)), False

    columns = ROW_COLUMNS if keep is None else [c for c in ROW_COLUMNS if c in ("line", *keep, "error")]
    return Stream(rows=rows, lines=lines, columns=columns, right=_NUMBERS)


def each_spec(text: str, flags: dict[str, Any], answer: Callable[[dict[str, Any]], Any]) -> Stream:
    """A batch for a command whose answer is one JSON object: each object with the spec's line
    first; a bad spec gives {"line", "error"} and the rest go on."""
    from rnncalc.render.results import Stream

    def lines(tally: Tally) -> Iterator[tuple[str, bool]]:
        encode = _encoder()
        for line, value in values(text):
            if isinstance(value, SpecError):
                found = {"line": line, "error": str(value)}
            elif not isinstance(value, dict):
                found = {"line": line, "error": f"--spec: line {line} must hold a JSON object, not "
                                                f"{type(value).__name__}"}
            else:
                tally.read += 1
                try:
                    found = {"line": line, **answer({**value, **flags}).to_dict()}
                except SpecError as err:
                    found = {"line": line, "error": str(err)}
            tally.failed += "error" in found
            yield encode(found), False

    return Stream(rows=None, lines=lines, columns=[], what="a batch of specs")


def cost_batch(text: str, flags: dict[str, Any], answer: Callable[[dict[str, Any]], Any], options: dict[str, Any],
               keep: tuple[str, ...] | None) -> Stream:
    """cost for every spec of ``text``, as each_spec writes ``answer``'s (api.cost with
    ``options``: batch, steps, lengths, batch_first, dtype, optimizer, compat), at the speed of
    a params batch: only the figures in ``keep`` when given, else the whole object.

    The options are checked once, and each structure is validated once (Specs). Each record is
    written from a template per structure (features/templates.py): features/cost.py's own
    computation run once with symbolic sizes, so that every figure is its exact polynomial of
    the sizes, evaluated per spec. A spec that fails, or any spec where the options are
    refused, is answered by ``answer`` itself, so every error record is its own; and the
    first record written the fast way is held to ``answer``'s, or the batch goes on with ``answer``.
    """
    from rnncalc.render.results import Stream

    def lines(tally: Tally) -> Iterator[tuple[str, bool]]:
        from rnncalc.features.templates import Template, Templates, restore_text, symbolic

        encode = _encoder()
        costed = _costed(options, keep)
        specs = Specs()
        # The figures alone are numbers: a law per structure (below), whichever --compat. The whole
        # object comes from a template per structure, but with --compat, whose formulas group a
        # stack's equal layers by value (which a template cannot follow): that is worked out per spec.
        templated = None
        if costed is not None and keep is None and not options.get("compat"):
            templated = Templates(costed, encode, specs.layout)

        # Per structure, its figures as polynomials of its sizes (a Template of its record), or None
        # where they cannot be (the direct way answers it); and before that, the sizes and
        # record of its first spec, which the law is held to.
        laws: dict[tuple[Any, ...], Template | None] = {}
        firsts: dict[tuple[Any, ...], tuple[tuple[int, ...], str]] = {}

        def fast(line: int, fields: dict[str, Any]) -> tuple[str, bool]:
            """The record of ``fields``, from its structure's template or law where it has one;
            with whether it holds a template's stand-ins. Raises parse_spec's or cost's SpecError."""
            assert costed is not None
            if templated is not None:
                sized = specs.sized(fields, learn=True)
                if sized is not None:
                    return templated.text(line, *sized), True
            elif keep is not None:
                given = specs.given(fields, learn=True)
                if given is not None:
                    key, first, sizes = given
                    law = laws.get(key)
                    if law is not None:  # (figures and their names are ASCII: no stand-ins)
                        return law.fill(line, sizes), False
                    if key not in laws:
                        seen = firsts.get(key)
                        if seen is not None and seen[0] != sizes:
                            del firsts[key]
                            if len(laws) >= Specs.LIMIT:
                                laws.clear()
                            law = laws[key] = figures_law(first, sizes, seen)
                            if law is not None:
                                return law.fill(line, sizes), False
                        elif seen is None:
                            if len(firsts) >= Specs.LIMIT:
                                firsts.clear()
                            direct = encode(costed(specs.parse(fields)))
                            firsts[key] = (sizes, direct)
                            return f'{{"line":{line}{direct[len(_HEAD):]}', False
            return encode({**costed(specs.parse(fields)), "line": line}), False

        def figures_law(first: Spec, sizes: tuple[int, ...], seen: tuple[tuple[int, ...], str]) -> Template | None:
            """The figures of ``first``'s structure as polynomials: cost worked out once with
            symbolic ``sizes``, held to the record of the first spec seen of it (at other sizes,
            so that a number the arithmetic did not carry shows)."""
            assert costed is not None
            try:
                law = Template.of(costed(symbolic(first, sizes)), len(sizes), encode)
            except (SpecError, TypeError, ValueError):  # a size cost cannot carry symbolically (or --compat refuses it)
                return None
            return law if law.fill(0, seen[0]) == seen[1] else None

        held = False
        for line, value in values(text):
            if isinstance(value, SpecError):
                found, marked, failed = encode({"line": line, "error": str(value)}), False, True
            elif not isinstance(value, dict):
                found = encode({"line": line, "error": f"--spec: line {line} must hold a JSON object, not "
                                                       f"{type(value).__name__}"})
                marked, failed = False, True
            else:
                tally.read += 1
                fields = {**value, **flags} if flags else value
                found, marked, failed = "", False, True
                if costed is not None:
                    try:
                        found, marked = fast(line, fields)
                        failed = False
                    except SpecError:  # answer says it in its own words
                        pass
                if not found or not held:
                    try:
                        expected, failed = encode({"line": line, **answer(fields).to_dict()}), False
                    except SpecError as err:
                        expected, failed = encode({"line": line, "error": str(err)}), True
                    if found and (restore_text(found) if marked else found) != expected:
                        costed = templated = None  # the options read otherwise than api.cost reads them
                    held = held or bool(found)  # the first record made the fast way, held to answer's once
                    found, marked = expected, False
            tally.failed += failed
            yield found, marked

    return Stream(rows=None, lines=lines, columns=[], what="a batch of specs")


def _costed(options: dict[str, Any], keep: tuple[str, ...] | None) -> Callable[[Spec], dict[str, Any]] | None:
    """The record ``{"line": 0, ...}`` of one spec's cost with ``options`` (api.cost's keywords),
    or None where they are refused."""
    from rnncalc.features.cost import costing, figures

    try:
        compute = costing(**options)
    except SpecError:
        return None
    if keep is None:
        from rnncalc.render.json import cost_dict

        return lambda spec: {"line": 0, **cost_dict(compute(spec))}

    def record(spec: Spec) -> dict[str, Any]:
        flat = figures(compute(spec))
        return {"line": 0, **{k: flat[k] for k in keep}}

    return record

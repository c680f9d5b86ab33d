"""Every generated file, written from its one declaration: ``python -m rnncalc.generate``.

- model/_conventions.py: what the model needs of each convention (names, titles, knobs, refusals);
- completions/: the shell scripts (bash, zsh, fish), from the command table (cli/completion.py).

Build-time code: nothing at run time imports this module, which imports the conventions and
the completion scripts' generator (so none of them needs to import another to write its
table). Tests keep each file equal to what this writes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from rnncalc.cli.completion import write as write_scripts

HERE = Path(__file__).parent
INDEX = HERE / "model/_conventions.py"


def index_source() -> str:
    """The text of model/_conventions.py for the conventions as they are now."""
    from rnncalc.frameworks import DEFAULT, NAMES, all_conventions

    conventions = all_conventions()
    having: dict[str, list[str]] = {}
    for convention in conventions:
        for name in sorted(convention.options | convention.run_options):
            having.setdefault(name, []).append(convention.name)

    claims: dict[str, tuple[str, ...]] = {}
    for c in conventions:
        for alias in c.aliases:
            claims[alias] = (*claims.get(alias, ()), c.name)

    def table(what: str, value: Any) -> list[str]:
        return [f"{what} = {{", *(f"    {c.name!r}: {value(c)!r}," for c in conventions), "}"]

    lines = ['"""Generated from the conventions by `python -m rnncalc.generate`; tests/test_knobs.py keeps it equal.',
             "",
             "What the model (model/spec.py) needs of each convention without importing one: names, titles, the",
             "framework-specific knobs each has (model/knobs.py), its GRU default and the values it refuses.",
             'Do not edit by hand."""',
             "", "from rnncalc.model.knobs import Refusal", "",
             f"DEFAULT = {DEFAULT!r}", f"NAMES = {NAMES!r}",
             f"ALIASES = {dict(sorted((a, cs[0]) for a, cs in claims.items() if len(cs) == 1))!r}",
             "#: Names several conventions answer to (tf): refused, naming each.",
             f"AMBIGUOUS = {dict(sorted((a, cs) for a, cs in claims.items() if len(cs) > 1))!r}", "",
             *table("TITLES", lambda c: c.title), "",
             *table("OPTIONS", lambda c: tuple(sorted(c.options))), "",
             *table("RUN_OPTIONS", lambda c: tuple(sorted(c.run_options))), "",
             *table("RESET_AFTER", lambda c: c.default_reset_after), "",
             "REFUSALS = {"]
    for c in conventions:
        lines.append(f"    {c.name!r}: (")
        lines += [f"        {refusal!r}," for refusal in c.refusals]
        lines.append("    ),")
    lines += ["}", "", "#: Which conventions have each framework-specific knob.", "HAVING = {"]
    lines += [f"    {name!r}: {tuple(names)!r}," for name, names in sorted(having.items())]
    lines.append("}")
    return "\n".join(lines) + "\n"


def files() -> dict[Path, str]:
    """Each generated file under src/, and the text it must hold."""
    return {INDEX: index_source()}


if __name__ == "__main__":
    for path, text in files().items():
        path.write_text(text, encoding="utf-8")
        print(path)
    for path in write_scripts(Path(sys.argv[1] if len(sys.argv) > 1 else "completions")):
        print(path)

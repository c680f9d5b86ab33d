"""The design rule, checked: conventions produce, everything else derives.

No module outside frameworks/ names a framework (a string constant equal to a framework's
name, other than docstrings and help text) or imports a convention's module directly; and
types.py stays a leaf, so the dependency graph cannot grow its cycles back.
"""

import ast
from pathlib import Path

import pytest

from rnncalc.frameworks import NAMES

SRC = Path(__file__).parent.parent / "src" / "rnncalc"
OUTSIDE = sorted(p for p in SRC.rglob("*.py") if "frameworks" not in p.relative_to(SRC).parts)


def docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def help_texts(tree: ast.AST) -> set[int]:
    return {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.keyword) and node.arg == "help"}


def format_builds(tree: ast.AST) -> set[int]:
    """A summary format's module says which convention's model it prints: BUILDS = "keras"."""
    return {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "BUILDS" for t in node.targets)}


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_outside_frameworks_names_a_framework(path):
    tree = ast.parse(path.read_text())
    skip = docstrings(tree) | help_texts(tree) | format_builds(tree)
    names = {n.lower() for n in NAMES} | {n.replace("-", "_") for n in NAMES}
    named = [(node.lineno, node.value) for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
             and node.value.strip().lower() in names]
    assert not named, f"{path.name} names a framework: {named}"
    imports = [node for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))]
    direct = [a.name for node in imports for a in node.names
              if any(f"frameworks.{n.replace('-', '_')}" in f"{getattr(node, 'module', '') or ''}.{a.name}"
                     for n in NAMES)]
    assert not direct, f"{path.name} imports a convention directly: {direct}"


def test_types_is_a_leaf():
    tree = ast.parse((SRC / "types.py").read_text())
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [m for m in imported if m.startswith("rnncalc")]


def test_framework_modules_are_discovered_not_listed():
    modules = {p.stem.replace("_", "-") for p in (SRC / "frameworks").glob("*.py") if not p.stem.startswith("_")} - {"base"}
    assert set(NAMES) == modules

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
# Generated files (python -m rnncalc.generate) are written from the conventions, and tests keep
# them equal to what the conventions say: data derived from frameworks/, not a second source.
GENERATED = {SRC / "_conventions.py", SRC / "tab_table.py"}
OUTSIDE = sorted(p for p in SRC.rglob("*.py") if "frameworks" not in p.relative_to(SRC).parts and p not in GENERATED)


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


def _imports() -> dict[str, set[str]]:
    """Each module of rnncalc -> the modules of rnncalc it imports, at any depth of the code
    (inside functions and under TYPE_CHECKING too), a registry's import_module(f"{__name__}.…")
    counting as an import of every module of its package."""
    modules = {}
    for path in SRC.rglob("*.py"):
        parts = ["rnncalc", *path.relative_to(SRC).with_suffix("").parts]
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        edges = graph.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                edges.update(a.name for a in node.names if a.name in modules)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], *([base] if base else [])])
                for alias in node.names:
                    edges.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
            elif (isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "import_module"
                  and node.args and isinstance(node.args[0], ast.JoinedStr)):
                edges.update(m for m in modules if m.rpartition(".")[0] == name)
        edges.discard(name)
        edges.intersection_update(modules)
    return graph


def test_no_import_cycles():
    graph = _imports()
    done: set[str] = set()

    def visit(name: str, path: list[str]) -> None:
        if name in path:
            raise AssertionError("import cycle: " + " -> ".join([*path[path.index(name):], name]))
        if name in done:
            return
        for other in sorted(graph[name]):
            visit(other, [*path, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


@pytest.mark.parametrize("model", ["rnncalc.spec", "rnncalc.types", "rnncalc.cells", "rnncalc.knobs"])
def test_the_model_imports_no_convention(model):
    graph, seen, todo = _imports(), set(), [model]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    assert not {m for m in seen if m.startswith("rnncalc.frameworks")}, seen

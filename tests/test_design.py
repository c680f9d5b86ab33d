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
GENERATED = {SRC / "model" / "_conventions.py"}
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
    tree = ast.parse((SRC / "model" / "types.py").read_text())
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


@pytest.mark.parametrize("model", ["rnncalc.model.spec", "rnncalc.model.types", "rnncalc.model.cells", "rnncalc.model.knobs",
                                   "rnncalc.model.sizes", "rnncalc.model._conventions"])
def test_the_model_imports_no_convention(model):
    graph, seen, todo = _imports(), set(), [model]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name])
    assert not {m for m in seen if m.startswith("rnncalc.frameworks")}, seen


# The folders, lowest first: a module imports only from its own level or below. The model, the
# conventions and the summaries describe a network and what frameworks print of it; the features
# and the output derive from them; the API is the library's boundary; the command line sits on
# top, and only the entry point and the generator above it.
LEVELS = {"errors": 0, "model": 1, "frameworks": 1, "summaries": 1, "features": 2, "render": 2, "api": 3,
          "rnncalc": 3, "cli": 4, "__main__": 5, "generate": 5}


def test_each_folder_imports_only_its_level_and_below():
    def level(module: str) -> int:
        parts = module.split(".")
        return LEVELS[parts[1] if len(parts) > 1 else "rnncalc"]

    upward = sorted(f"{a} -> {b}" for a, bs in _imports().items() for b in bs if level(b) > level(a))
    assert not upward, upward


def test_every_module_sits_in_a_folder_of_the_layout():
    top = {p.stem if p.is_file() else p.name for p in SRC.iterdir() if p.suffix == ".py" or
           (p.is_dir() and (p / "__init__.py").exists())}
    assert top - {"__init__"} == set(LEVELS) - {"rnncalc"}

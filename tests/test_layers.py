"""The package's layers (docs/architecture.md, after the house style): a module imports only
from its own layer or below, and no import cycle exists, lazy or not.

Every import is read from the source (the AST of each module, imports inside functions
included), so an import hidden in a function body cannot hide a cycle or a backwards
dependency. An import made only for type checkers (under ``if TYPE_CHECKING:``) must respect
the layers too, but it runs nowhere, so it cannot close a cycle.
"""

from __future__ import annotations

import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "slalang"

LAYERS: dict[int, tuple[str, ...]] = {
    1: ("source", "diagnostics", "suggestions", "units", "output_file", "limits", "located_yaml", "zones", "user_cache", "native", "lazy_names",
        "collector"),
    2: ("syntax", "ast"),
    3: ("model", "model_json", "conditions", "timeline"),
    4: ("compiler", "fmt"),
    5: ("evaluation",),
    6: ("analysis", "simulation", "attainment", "credits", "bridges", "policytest", "api"),
    7: ("report", "__init__"),
    8: ("cli", "server", "lsp", "arrow", "spark", "scaffold", "__main__"),
}
"""Lowest first, by the first name under ``slalang/``. ``api`` (``Policy``: compile, then
check, evaluate or simulate) sits with the computations it calls; ``__init__`` is the
package itself (``import slalang``: the public API)."""

LAYER_OF = {name: layer for layer, names in LAYERS.items() for name in names}


def module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, pathlib.Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imported_modules(name: str, path: pathlib.Path, typing_only: bool = True) -> set[str]:
    """The slalang modules ``name`` imports, anywhere in its source (``typing_only`` False:
    leaving out the imports made only for type checkers)."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    skipped = set() if typing_only else {id(node) for node in type_checking_imports(tree)}
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:  # `from pkg import sub` imports the module pkg.sub
                submodule = f"{source}.{alias.name}"
                found.add(submodule if submodule in MODULES else source)
    return {owner(f) for f in found if f == "slalang" or f.startswith("slalang.")} - {name}


def type_checking_imports(tree: ast.AST) -> list[ast.AST]:
    """The import statements inside ``if TYPE_CHECKING:`` blocks."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found += [inner for statement in node.body for inner in ast.walk(statement) if isinstance(inner, (ast.Import, ast.ImportFrom))]
    return found


def owner(dotted: str) -> str:
    """The module of ``dotted`` (a module, or a name inside one)."""
    while dotted not in MODULES and "." in dotted:
        dotted = dotted.rpartition(".")[0]
    return dotted


GRAPH = {name: imported_modules(name, path) for name, path in MODULES.items()}
RUNTIME_GRAPH = {name: imported_modules(name, path, typing_only=False) for name, path in MODULES.items()}


def layer(module: str) -> int:
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else "__init__"
    return LAYER_OF[top]


def test_every_part_of_the_package_has_a_layer():
    tops = {m.split(".")[1] if "." in m else "__init__" for m in MODULES}
    assert sorted(tops - set(LAYER_OF)) == [], "give each new module or package a layer in LAYERS"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_its_layer_or_below(module):
    above = sorted(f"{target} (layer {layer(target)})" for target in GRAPH[module] if layer(target) > layer(module))
    assert above == [], f"{module} (layer {layer(module)}) imports a higher layer"


def test_there_is_no_import_cycle():
    cycles = [component for component in strongly_connected(RUNTIME_GRAPH) if len(component) > 1]
    assert cycles == []


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (sorted, for a stable message)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph.get(target, ())))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def test_the_cycle_finder_finds_cycles():
    """The check above can fail: a cycle through a lazy import is a cycle."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert [c for c in strongly_connected(graph) if len(c) > 1] == [["a", "b", "c"]]


def test_imports_inside_functions_are_seen_and_type_only_ones_run_nowhere(tmp_path):
    source = tmp_path / "lazy.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .api import Policy\n"
        "def f():\n    from .evaluation import batch\n    import slalang.cli.main\n"
    )
    MODULES["slalang.lazy"] = source
    try:
        runtime = {"slalang.evaluation.batch", "slalang.cli.main"}
        assert imported_modules("slalang.lazy", source) == runtime | {"slalang.api"}
        assert imported_modules("slalang.lazy", source, typing_only=False) == runtime
    finally:
        del MODULES["slalang.lazy"]

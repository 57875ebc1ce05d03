"""The package's modules: each in docs/design.md's map, none in an import circle, examples running."""

import ast
import doctest
import importlib

import pytest

from .conftest import ROOT

PACKAGE = ROOT / "cleanwire"
FILES = sorted(p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py"))


def _module(path: str) -> str:
    name = path[: -len(".py")].replace("/", ".")
    return name[: -len(".__init__")] if name.endswith(".__init__") else name


MODULES = sorted(_module(path) for path in FILES)


def test_every_module_is_in_the_design_map():
    page = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    missing = [
        path
        for path in FILES
        if f"`{path}`" not in page and not (path.endswith("/__init__.py") and path.startswith("cleanwire/data/"))
    ]
    assert not missing, f"docs/design.md's module map does not list {missing}"


def _imports(path: str) -> set[str]:
    """The package's modules that ``path`` imports, at the top or inside a function."""
    module = _module(path)
    package = module if path.endswith("__init__.py") else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        for name in names:
            # A package and its own modules are one unit: an __init__ re-exports them.
            if name in MODULES and name != module and not name.startswith(module + ".") and not module.startswith(name + "."):
                found.add(name)
    return found


def test_no_module_imports_one_that_imports_it():
    graph = {_module(path): _imports(path) for path in FILES}
    circles = []
    for start in graph:
        # Every module reachable from ``start``; a circle if ``start`` is one of them.
        seen, todo = set(), list(graph[start])
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(graph[name])
        if start in seen:
            circles.append(start)
    assert not circles, f"modules in an import circle: {circles}"


#: ``python -m cleanwire`` runs the command when imported.
DOCTESTED = [m for m in MODULES if m != "cleanwire.__main__"]


@pytest.mark.parametrize("name", DOCTESTED)
def test_docstring_examples(name):
    if name == "cleanwire.integrations.dask":
        pytest.importorskip("dask")
    result = doctest.testmod(importlib.import_module(name))
    assert result.failed == 0

"""Imports belong at the top of a module, where a reader (and import-linter) sees them.

An import inside a function hides a dependency, and often a cycle. Two places may
keep one, each with a comment saying why: `AppConfig.ready()` (the app registry
must be ready first) and a PostgreSQL-only branch that imports django.contrib.postgres.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["core", "schools", "accounts", "networks", "courses", "sjuharad"]


def local_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if function.name == "ready" and path.name == "apps.py":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}()"


@pytest.mark.parametrize("package", PACKAGES)
def test_no_imports_hide_inside_functions(package):
    modules = [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]
    found = [hit for module in modules for hit in local_imports(module)]
    assert found == []

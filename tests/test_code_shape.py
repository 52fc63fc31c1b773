"""Rules about the shape of the code that ruff and import-linter do not check.

- Imports belong at the top of a module, where a reader (and import-linter) sees
  them. An import inside a function hides a dependency, and often a cycle. Only
  `AppConfig.ready()` keeps one (the app registry must be ready first).
- Views and services stay short: a function over 60 lines says why in a comment
  that starts with "# Long:".
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "schools", "accounts", "networks", "courses", "events", "meetings", "programme",
        "initiatives", "sjuharad"]
MAX_LINES = 60


def modules(package):
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


def functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def local_imports(path: Path):
    for function in functions(path):
        if function.name == "ready" and path.name == "apps.py":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}()"


@pytest.mark.parametrize("package", APPS)
def test_no_imports_hide_inside_functions(package):
    found = [hit for module in modules(package) for hit in local_imports(module)]
    assert found == []


def is_view_or_service(path: Path) -> bool:
    parts = {path.stem, path.parent.name}
    return bool(parts & {"views", "services"})


@pytest.mark.parametrize("package", APPS)
def test_views_and_services_are_short_or_say_why(package):
    too_long = []
    for module in filter(is_view_or_service, modules(package)):
        lines = module.read_text(encoding="utf-8").splitlines()
        for function in functions(module):
            length = function.end_lineno - function.lineno + 1
            body = lines[function.lineno - 1:function.end_lineno]
            if length > MAX_LINES and not any("# Long:" in line for line in body):
                too_long.append(f"{module.relative_to(ROOT)}:{function.lineno} "
                                f"{function.name}() has {length} lines")
    assert too_long == []

"""Only lock waits become the friendly "busy" message, through one helper (core/locks.py):
no other module catches a database error, so every other one is an error (a 500)."""

import ast
from pathlib import Path

from django.conf import settings

APPS = ["core", "schools", "accounts", "networks", "courses", "events", "meetings", "programme",
        "initiatives", "sjuharad"]
DATABASE_ERRORS = {"OperationalError", "DatabaseError", "InterfaceError"}
THE_HELPER = Path("core") / "locks.py"


def _caught_names(handler: ast.ExceptHandler):
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    for kind in kinds:
        if isinstance(kind, ast.Name):
            yield kind.id
        elif isinstance(kind, ast.Attribute):
            yield kind.attr


def test_no_module_but_the_helper_catches_database_errors():
    base = Path(settings.BASE_DIR)
    offenders = []
    for app in APPS:
        for path in (base / app).rglob("*.py"):
            relative = path.relative_to(base)
            if "migrations" in relative.parts or relative == THE_HELPER:
                continue
            for node in ast.walk(ast.parse(path.read_text(), str(path))):
                if isinstance(node, ast.ExceptHandler) and node.type is not None:
                    caught = DATABASE_ERRORS.intersection(_caught_names(node))
                    if caught:
                        offenders.append(f"{relative}:{node.lineno} catches {sorted(caught)}")
    assert not offenders, ("Catch lock waits with core.locks.lock_waits_as_busy() and "
                           f"LockWaitTimeout; let other database errors through: {offenders}")


def test_one_busy_message_for_every_lock_wait():
    # Pages and admin tell a person the same thing (core.locks.BUSY), in one wording.
    base = Path(settings.BASE_DIR)
    wordings = []
    for app in APPS:
        for path in (base / app).rglob("*.py"):
            if "migrations" not in path.parts and "Försök igen om en liten stund" in \
                    path.read_text():
                wordings.append(str(path.relative_to(base)))
    assert wordings == [str(THE_HELPER)]

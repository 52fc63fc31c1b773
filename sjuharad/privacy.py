"""People's control of their own data (GDPR): export, account deletion, erasing a child, retention.

Each app that stores personal data has a `<app>/privacy.py` with any of:
- `export(user) -> dict`: what the app holds about the user (and their children);
- `before_delete_user(user)`: anonymise what must outlive the account (counts stay, names go);
- `before_erase_child(child)`: the same for one child;
- `apply_retention(now) -> int`: anonymise data past its retention time; returns how many rows.
"""

import importlib
from datetime import datetime

from django.db import transaction
from django.utils import timezone

PRIVACY_MODULES = ["accounts.privacy", "networks.privacy", "courses.privacy", "events.privacy"]


def _modules():
    for name in PRIVACY_MODULES:
        try:
            yield importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise


def export_user_data(user) -> dict:
    data = {"exported_at": timezone.now().isoformat()}
    for module in _modules():
        if hasattr(module, "export"):
            data[module.__name__.split(".")[0]] = module.export(user)
    return data


@transaction.atomic
def delete_user(user) -> None:
    for module in _modules():
        if hasattr(module, "before_delete_user"):
            module.before_delete_user(user)
    user.delete()


@transaction.atomic
def erase_child(child) -> None:
    for module in _modules():
        if hasattr(module, "before_erase_child"):
            module.before_erase_child(child)
    child.delete()


def apply_retention(now: datetime | None = None) -> int:
    now = now or timezone.now()
    total = 0
    for module in _modules():
        if hasattr(module, "apply_retention"):
            with transaction.atomic():
                total += module.apply_retention(now)
    return total

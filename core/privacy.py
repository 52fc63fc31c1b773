"""People's control of their own data (GDPR): export, account deletion, erasing a child, retention.

Each app that stores personal data registers a module (or any object) from its
`AppConfig.ready()` with `register(...)`; it may offer:
- `export(user) -> dict`: what the app holds about the user (and their children);
- `before_delete_user(user)`: anonymise what must outlive the account (counts stay, names go);
- `before_erase_child(child)`: the same for one child;
- `apply_retention(now) -> int`: anonymise data past its retention time; returns how many rows.

Hooks run in the order the apps are installed (ready() follows INSTALLED_APPS).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

_registry: dict[str, object] = {}


def register(label: str, hooks) -> None:
    """Add an app's privacy hooks under its label (the key in the data download)."""
    _registry[label] = hooks


def registered() -> dict[str, object]:
    return dict(_registry)


def _hooks(name):
    for label, hooks in _registry.items():
        function = getattr(hooks, name, None)
        if function is not None:
            yield label, function


def export_user_data(user) -> dict:
    data = {"exported_at": timezone.now().isoformat()}
    for label, export in _hooks("export"):
        data[label] = export(user)
    return data


@transaction.atomic
def delete_user(user) -> None:
    for _label, before_delete in _hooks("before_delete_user"):
        before_delete(user)
    user.delete()


@transaction.atomic
def erase_child(child) -> None:
    for _label, before_erase in _hooks("before_erase_child"):
        before_erase(child)
    child.delete()


def apply_retention(now: datetime | None = None) -> int:
    now = now or timezone.now()
    total = 0
    for _label, retain in _hooks("apply_retention"):
        with transaction.atomic():
            total += retain(now)
    return total

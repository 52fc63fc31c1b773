"""Heartbeats: periodic jobs say "I ran" and /health/ checks they did recently."""

from datetime import datetime

from django.utils import timezone

from core.models import Heartbeat


def beat(name: str) -> None:
    """Record that the job `name` ran now (one UPDATE, an INSERT the first time)."""
    now = timezone.now()
    if not Heartbeat.objects.filter(name=name).update(beaten_at=now):
        Heartbeat.objects.update_or_create(name=name, defaults={"beaten_at": now})


def last_beats(names) -> dict[str, datetime | None]:
    found = dict(Heartbeat.objects.filter(name__in=list(names)).values_list("name", "beaten_at"))
    return {name: found.get(name) for name in names}

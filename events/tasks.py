"""The beat schedule's entry point: the minute sweep.

Dependencies run one way: this module calls services and reminders; both write
outbox rows through core.mail_outbox, whose task sends them; reminders import neither
services nor tasks.
"""

from celery import shared_task
from django.utils import timezone

from core import heartbeat
from events import reminders, services


def sweep(now=None) -> dict:
    """One run: reminders due, and waiting lists whose quota places were released."""
    now = now or timezone.now()
    result = reminders.sweep(now)
    result["promoted"] = services.promote_after_quota_release(now)
    return result


# Routed to the sweep queue (settings.CELERY_TASK_ROUTES), so a backlog of sends
# never delays it; beat sets an expiry, so a late one is dropped, not run twice.
@shared_task(acks_late=True)
def sweep_reminders():
    heartbeat.beat("reminder-sweep")  # /health/ turns red when beat or the workers stop
    return sweep()

"""Beat tasks of the bottom layer. The send task lives in core/mail_outbox.py."""

from celery import shared_task

from core import mail_outbox
from core.mail_outbox import send_due  # noqa: F401 (registers it with workers)


@shared_task(acks_late=True, ignore_result=True)
def sweep_mail_outbox() -> int:
    """Every minute (beat): publish send tasks for due mail the queue holds none for."""
    return mail_outbox.sweep()

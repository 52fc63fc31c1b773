from celery import shared_task

from core import privacy


@shared_task(acks_late=True)
def apply_retention() -> int:
    """Daily (beat): anonymise pupils' data past its retention time (and delete old mail)."""
    return privacy.apply_retention()


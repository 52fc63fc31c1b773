from celery import shared_task

from courses import services


@shared_task(acks_late=True)
def expire_offers() -> int:
    """Beat: offers past their reply date go to the next on the waiting list.

    Idempotent: running it twice, or on two workers at once, expires and mails each
    offer once (courses.services.expire_offers).
    """
    return len(services.expire_offers())

"""Celery tasks: the minute sweep (beat) and one send per delivery row.

Tasks take primary keys and are queued on commit; acks_late and
reject_on_worker_lost come from settings, so a killed worker's task is
delivered again (and then finds its row already claimed or sent).
"""

from celery import shared_task

from core.emails import send_templated
from events import reminders
from events.models import Registration


@shared_task(acks_late=True)
def sweep_reminders():
    return reminders.sweep()


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_delivery(self, delivery_pk):
    try:
        return reminders.send_delivery(delivery_pk)
    except reminders.SendFailed as error:
        attempts = self.request.retries + 1
        raise self.retry(countdown=reminders.retry_countdown(attempts), exc=error) from error


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_promoted(registration_pk):
    """Tell the person who moved up from the waiting list."""
    registration = (Registration.objects.select_related("event", "user")
                    .filter(pk=registration_pk, status=Registration.Status.REGISTERED).first())
    if registration is None:
        return "gone"
    send_templated("event_waitlist_promoted", registration.user.email,
                   {"event": registration.event, "person": registration.user})
    return "sent"

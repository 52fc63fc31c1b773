"""The events mail that is not a reminder row: a place came free for you; a school changed
its act in a published festival programme (to the organisers).

A Celery task (primary key only, queued on commit by services); acks_late and
retried on mail server errors. Unlike reminders it has no delivery row: a rare
duplicate after a worker crash is accepted.
"""

from celery import shared_task
from django.urls import reverse

from core.emails import send_templated
from events.models import Contribution, Registration
from events.permissions import organisers_of


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_promoted(registration_pk):
    """Tell the person who moved up from the waiting list (a guardian: naming the child)."""
    registration = (Registration.objects.select_related("event", "user", "child")
                    .filter(pk=registration_pk, status=Registration.Status.REGISTERED).first())
    if registration is None:
        return "gone"
    send_templated("event_waitlist_promoted", registration.user.email,
                   {"event": registration.event, "person": registration.user,
                    "child": registration.child})
    return "sent"


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def notify_contribution_changed(contribution_pk, what):
    """Tell the organisers that a school changed its act after the programme was published."""
    contribution = (Contribution.objects.select_related("event", "school", "submitted_by")
                    .filter(pk=contribution_pk).first())
    if contribution is None:
        return 0
    event = contribution.event
    path = reverse("events:contributions", args=[event.pk])
    people = list(organisers_of(event))
    for person in people:
        send_templated("event_contribution_changed", person.email,
                       {"event": event, "contribution": contribution, "person": person,
                        "what": what, "path": path}, language=person.language)
    return len(people)

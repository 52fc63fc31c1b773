"""The events mail that is not a reminder row: a place came free for you; a school changed
its act in a published festival programme (to the organisers).

Queued in the transaction that moves the person up (core/mail_outbox.py: one outbox
row, sent once by a worker, retried while the mail server is down). Reminders,
follow-ups and cancellations keep their own delivery rows (events/reminders.py).
"""

from django.urls import reverse

from core import mail_outbox
from events.models import Contribution, Registration
from events.permissions import organisers_of


def mail_promoted(registration: Registration) -> None:
    """Tell the person who moved up from the waiting list (a guardian: naming the child)."""
    person = registration.user
    mail_outbox.enqueue("event_waitlist_promoted", person.email,
                        {"event": registration.event, "person": person,
                         "child": registration.child},
                        language=person.language)


def mail_contribution_changed(contribution: Contribution, what: str) -> int:
    """Tell the organisers that a school changed its act after the programme was published."""
    event = contribution.event
    path = reverse("events:contributions", args=[event.pk])
    people = list(organisers_of(event))
    for person in people:
        mail_outbox.enqueue("event_contribution_changed", person.email,
                            {"event": event, "contribution": contribution, "person": person,
                             "what": what, "path": path}, language=person.language)
    return len(people)

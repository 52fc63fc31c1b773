"""The programme's mail: a school changed its act in a published festival programme (to
the organisers). Queued through core/mail_outbox.py in the change's transaction."""

from django.urls import reverse

from core import mail_outbox
from events.permissions import organisers_of
from programme.models import Contribution


def mail_contribution_changed(contribution: Contribution, what: str) -> int:
    """Tell the organisers that a school changed its act after the programme was published."""
    event = contribution.event
    path = reverse("programme:contributions", args=[event.pk])
    people = list(organisers_of(event))
    for person in people:
        mail_outbox.enqueue("event_contribution_changed", person.email,
                            {"event": event, "contribution": contribution, "person": person,
                             "what": what, "path": path}, language=person.language)
    return len(people)

"""The events mail that is not a reminder row: a place came free for you; the event moved or
changed place. (A school's
changed act in a published festival programme: programme/mails.py.)

Queued in the transaction that moves the person up (core/mail_outbox.py: one outbox
row, sent once by a worker, retried while the mail server is down). Reminders,
follow-ups and cancellations keep their own delivery rows (events/reminders.py).
"""


from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse

from core import mail_outbox
from events import ics
from events.audience import children_named
from events.models import Registration


def mail_promoted(registration: Registration) -> None:
    """Tell the person who moved up from the waiting list (a guardian: naming the child;
    whoever registered a school's group: speaking of the group)."""
    person = registration.user
    group = registration if registration.participant == Registration.Participant.GROUP else None
    mail_outbox.enqueue("event_waitlist_promoted", person.email,
                        {"event": registration.event, "person": person,
                         "child": registration.child, "group": group},
                        language=person.language)


def mail_changed(event, people, before) -> int:
    """Tell each person that the event moved or changed place, with a calendar file that
    updates their copy (METHOD:REQUEST, same UID, the new SEQUENCE). Call inside the
    transaction of the change: the outbox rows commit with it. `before` holds the stored
    starts_at, ends_at and place."""
    time_changed = (before["starts_at"], before["ends_at"]) != (event.starts_at, event.ends_at)
    context = {
        "event": event,
        "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
        "time_changed": time_changed,
        # Rendered by the template in the recipient's language (core.formats).
        "old": SimpleNamespace(**before),
        "place_changed": before["place"] != event.place,
        "old_place": before["place"],
    }
    count = 0
    for person in people:
        mail_outbox.enqueue(
            "event_changed", person.email,
            {**context, "person": person, "children": children_named(event, person.pk)},
            language=person.language, attachment=ics.update_attachment(event, person),
            topic=f"event-changed-{event.pk}")
        count += 1
    return count

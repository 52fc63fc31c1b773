"""The events mail that is not a reminder row: a place came free for you. (A school's
changed act in a published festival programme: programme/mails.py.)

Queued in the transaction that moves the person up (core/mail_outbox.py: one outbox
row, sent once by a worker, retried while the mail server is down). Reminders,
follow-ups and cancellations keep their own delivery rows (events/reminders.py).
"""


from core import mail_outbox
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

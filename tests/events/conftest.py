"""Event fixtures: a heads' meeting, a training day, a camp with quotas, a public concert."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, Kind, SchoolQuota


def make_event(hosts=(), **fields):
    start = fields.pop("starts_at", timezone.now() + timedelta(days=10))
    fields.setdefault("title", "Evenemang")
    fields.setdefault("kind", Kind.CONCERT)
    fields.setdefault("audience", Event.Audience.STAFF)
    event = Event.objects.create(starts_at=start,
                                 ends_at=fields.pop("ends_at", start + timedelta(hours=3)),
                                 **fields)
    event.host_schools.set(hosts)
    return event


@pytest.fixture
def heads_meeting(schools):
    return make_event([schools["boras"]], title="Chefsmöte", kind=Kind.HEADS_MEETING,
                      audience=Event.Audience.HEADS)


@pytest.fixture
def training_day(schools):
    return make_event([schools["tranemo"]], title="Fortbildningsdag", kind=Kind.TRAINING_DAY,
                      audience=Event.Audience.STAFF,
                      preparation_question="Vad är god ensembleundervisning?")


@pytest.fixture
def concert(schools):
    return make_event([schools["boras"]], title="Vårkonsert", kind=Kind.CONCERT,
                      audience=Event.Audience.PUBLIC, registration_required=True, capacity=2)


@pytest.fixture
def camp(schools):
    event = make_event([schools["vargarda"]], title="Läger", kind=Kind.CAMP,
                       audience=Event.Audience.STAFF, registration_required=True)
    SchoolQuota.objects.create(event=event, school=schools["boras"], places=1)
    SchoolQuota.objects.create(event=event, school=schools["tranemo"], places=1)
    return event


def reminder_row(event, person, message="reminder", offset_hours=24, **fields):
    """An outbox row of the reminder sweep's kind, due now (its reminder time may be later)."""
    from core import mail_outbox
    from core.models import OutgoingMail
    from events import reminders

    due = event.reminder_due_at(offset_hours) if message == "reminder" else timezone.now()
    return OutgoingMail.objects.create(
        message_id=mail_outbox.new_message_id(),
        key=reminders.delivery_key(event.pk, message, offset_hours, due, person.pk),
        template=reminders.TEMPLATES[message], topic=reminders.topic(event.pk),
        concern=reminders.CONCERN, to=person.email,
        data={"event": event.pk, "user": person.pk, "message": message,
              "offset_hours": offset_hours, "due_at": due.isoformat()}, **fields)

"""A moved or re-placed event reaches everyone who expects it (issue 19): an update mail
with a calendar file that replaces the stored copy (METHOD:REQUEST, the same UID, a higher
SEQUENCE), written in the transaction of the change; pending reminders follow the time."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import User
from core import mail_outbox
from core.mail_outbox import OutgoingMail
from events import ics, reminders, services
from events.models import Event, Kind
from networks.models import Membership, Network
from tests import clock
from tests.clock import STOCKHOLM
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def guitar(schools, teacher_ulricehamn):
    network = Network.objects.create(name="Gitarrnätverket", slug="gitarr")
    Membership.objects.create(network=network, user=teacher_ulricehamn,
                              role=Membership.Role.CONVENOR)
    return network


@pytest.fixture
def meeting(schools, guitar, teacher_tranemo, head_boras):
    """A network meeting 17:00–19:00 in three weeks, two people registered."""
    day = clock.today() + timedelta(days=21)
    start = datetime.combine(day, time(17), tzinfo=STOCKHOLM)
    event = make_event([schools["ulricehamn"]], title="Gitarrträff", kind=Kind.NETWORK_MEETING,
                       audience=Event.Audience.NETWORK, network=guitar, place="Sal 1",
                       registration_required=True, starts_at=start,
                       ends_at=start + timedelta(hours=2))
    for person in (teacher_tranemo, head_boras):
        Membership.objects.create(network=guitar, user=person)
        services.register(event, person)
    return event


def _attachment(message):
    (name, content, mimetype), = message.attachments
    return name, Calendar.from_ical(content), mimetype


def test_a_moved_meeting_mails_everyone_registered_an_update_with_a_calendar_file(
        meeting, teacher_tranemo, head_boras, django_capture_on_commit_callbacks):
    sequence = meeting.sequence
    meeting.starts_at += timedelta(minutes=30)
    meeting.ends_at += timedelta(minutes=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.save_event(meeting)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([teacher_tranemo.email,
                                                          head_boras.email])
    message = next(m for m in mail.outbox if m.to == [teacher_tranemo.email])
    assert "Ändrat: Gitarrträff" in message.subject
    assert "17.30–19.30" in message.body and "tidigare" in message.body
    name, calendar, mimetype = _attachment(message)
    assert mimetype.startswith("text/calendar") and "method=REQUEST" in mimetype
    assert calendar["method"] == "REQUEST"
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == ics.event_uid(meeting)
    assert int(vevent["sequence"]) > sequence
    assert vevent.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert vevent.decoded("dtstart").astimezone(STOCKHOLM).time() == time(17, 30)
    assert str(vevent["attendee"]) == f"mailto:{teacher_tranemo.email}"


def test_the_update_is_written_in_the_transaction_of_the_change(meeting):
    meeting.place = "Aulan"
    services.save_event(meeting)  # no commit callbacks run: the rows are there already
    rows = OutgoingMail.objects.filter(template="event_changed")
    assert rows.count() == 2
    assert all("Aulan" in row.body_text and "tidigare Sal 1" in row.body_text for row in rows)


def test_other_changes_and_cancelled_or_past_events_mail_nobody(meeting):
    meeting.description = "Ta med noter."
    services.save_event(meeting)
    assert not OutgoingMail.objects.filter(template="event_changed").exists()
    services.cancel_event(meeting)
    meeting.refresh_from_db()
    meeting.starts_at += timedelta(hours=1)
    meeting.ends_at += timedelta(hours=1)
    services.save_event(meeting)
    assert not OutgoingMail.objects.filter(template="event_changed").exists()


def test_scheduled_reminders_follow_the_new_time(meeting, teacher_tranemo):
    old_due = meeting.reminder_due_at(24)
    reminders._schedule(meeting, reminders.Message.REMINDER, 24, old_due,
                        User.objects.filter(pk=teacher_tranemo.pk))
    meeting.starts_at += timedelta(days=1)
    meeting.ends_at += timedelta(days=1)
    services.save_event(meeting)
    (row,) = reminders.mails_about(meeting).filter(template="reminder_event")
    assert row.due_at == old_due + timedelta(days=1) == meeting.reminder_due_at(24)
    assert datetime.fromisoformat(row.data["due_at"]) == row.due_at
    assert row.key == reminders.delivery_key(meeting.pk, "reminder", 24, row.due_at,
                                             teacher_tranemo.pk)
    # Not due yet, so the outbox leaves it until the new time.
    assert not mail_outbox.due_rows(timezone.now()).filter(pk=row.pk).exists()


def test_the_convenor_moves_it_through_the_form(client, meeting, schools, guitar,
                                               teacher_ulricehamn):
    day = clock.today() + timedelta(days=21)
    client.force_login(teacher_ulricehamn)
    client.post(reverse("events:edit", args=[meeting.pk]), {
        "title": "Gitarrträff", "kind": Kind.NETWORK_MEETING,
        "host_schools": [schools["ulricehamn"].pk], "network": guitar.pk,
        "audience": Event.Audience.NETWORK, "place": "Sal 1",
        "starts_at": f"{day.isoformat()}T17:30", "ends_at": f"{day.isoformat()}T19:00",
        "registration_required": "on", "follow_up_days": 3})
    assert OutgoingMail.objects.filter(template="event_changed").count() == 2

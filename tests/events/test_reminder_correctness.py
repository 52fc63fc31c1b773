"""Reminder defects of issue 15: cancelled then planned again, long offsets, one bad event."""

import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staffing
from core import mail_outbox
from core.models import OutgoingMail
from events import reminders, services
from events.models import (
    MAX_REMINDER_HOURS,
    Event,
    Kind,
    KindReminderSetting,
    validate_hours,
)
from tests.clock import TEST_TODAY, at
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status
Message = reminders.Message
MEETING_DAY = TEST_TODAY + timedelta(days=30)


def _sweep(django_capture_on_commit_callbacks, now=None):
    """What beat runs each minute: the reminder sweep, then the mail sweep (tasks eager)."""
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.sweep(now)
    mail_outbox.sweep()
    return result


def _rows(event, message=None, **filters):
    rows = reminders.mails_about(event).filter(**filters)
    return rows.filter(template=reminders.TEMPLATES[message]) if message else rows


def _meeting(schools, start, **fields):
    Staffing.objects.update(created_at=timezone.now() - timedelta(days=800))
    return make_event([schools["boras"]], title="Chefsmöte", kind=Kind.HEADS_MEETING,
                      audience=Event.Audience.HEADS, starts_at=start,
                      ends_at=start + timedelta(hours=3), **fields)


def test_cancelled_event_set_back_to_planned_gets_its_reminders(
        schools, head_tranemo, django_capture_on_commit_callbacks):
    event = _meeting(schools, at(MEETING_DAY, 9))
    week_before = at(MEETING_DAY - timedelta(days=7), 9, 5)
    with time_machine.travel(week_before, tick=False):
        reminders.create_due_deliveries()  # the 7-day row exists, not yet sent
        services.cancel_event(event)  # skips it; the notice is queued, not yet sent
        assert _rows(event, Message.REMINDER).get().status == Status.SKIPPED
        assert services.reinstate_event(event) is True
        assert services.reinstate_event(event) is False  # already planned
        _sweep(django_capture_on_commit_callbacks)
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["[Kulturskoleportalen] Påminnelse"]
    assert _rows(event, Message.REMINDER).get().status == Status.SENT
    notice = _rows(event, Message.CANCELLATION).get()
    assert notice.status == Status.SKIPPED and "planerat igen" in notice.last_error
    # The 1-day reminder, which fell due after the reinstatement, goes out as usual.
    with time_machine.travel(at(MEETING_DAY - timedelta(days=1), 9, 5), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2


def test_event_cancelled_before_its_reminder_and_reinstated_after_it_is_reminded(
        schools, head_tranemo, django_capture_on_commit_callbacks):
    event = _meeting(schools, at(MEETING_DAY, 9))
    with time_machine.travel(at(MEETING_DAY - timedelta(days=10), 9), tick=False):
        services.cancel_event(event)
    with time_machine.travel(at(MEETING_DAY - timedelta(days=3), 9), tick=False):
        _sweep(django_capture_on_commit_callbacks)
        assert _rows(event, Message.REMINDER).count() == 0
        services.reinstate_event(event)
        _sweep(django_capture_on_commit_callbacks)
    # The 7-day reminder was missed while cancelled; it goes out late, once.
    assert _rows(event, Message.REMINDER, status=Status.SENT).get().data["offset_hours"] == 168


def test_admin_sets_a_cancelled_event_back_to_planned(schools, admin_client, head_tranemo):
    event = _meeting(schools, at(MEETING_DAY, 9))
    services.cancel_event(event)
    response = admin_client.post("/admin/events/event/", {
        "action": "reinstate_events", "_selected_action": [event.pk]}, follow=True)
    assert "planerat igen" in response.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED and event.cancelled_at is None


@pytest.mark.parametrize("days", [61, 90, 365])
def test_offset_over_60_days_fires_at_its_real_time(schools, head_tranemo, days,
                                                    django_capture_on_commit_callbacks):
    start = at(TEST_TODAY + timedelta(days=days + 5), 9)
    event = _meeting(schools, start, reminder_hours=str(days * 24))
    due = event.reminder_due_at(days * 24)
    with time_machine.travel(due - timedelta(minutes=1), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    assert _rows(event).count() == 0 and mail.outbox == []
    with time_machine.travel(due + timedelta(minutes=1), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    row = _rows(event).get()
    assert row.due_at == due and row.status == Status.SENT
    assert (start - row.due_at).days in (days, days - 1)  # wall-clock days across DST
    assert len(mail.outbox) == 1


def test_offsets_are_limited_to_a_year_on_every_path(schools, head_tranemo):
    validate_hours(str(MAX_REMINDER_HOURS))
    with pytest.raises(ValidationError, match="ett år"):
        validate_hours(str(MAX_REMINDER_HOURS + 1))
    with pytest.raises(ValidationError):
        KindReminderSetting(kind=Kind.CONCERT, reminder_hours="9000").full_clean()
    event = _meeting(schools, at(MEETING_DAY, 9))
    event.reminder_hours = "24, 9000"
    with pytest.raises(ValidationError):
        services.save_event(event)
    event.refresh_from_db()
    assert event.reminder_hours == ""


def test_event_form_rejects_an_offset_over_a_year_and_keeps_the_input(schools, head_tranemo,
                                                                     client):
    client.force_login(head_tranemo)
    day = (TEST_TODAY + timedelta(days=60)).isoformat()
    response = client.post(reverse("events:create"), {
        "title": "Gitarrträff", "kind": Kind.NETWORK_MEETING,
        "host_schools": [schools["tranemo"].pk], "audience": Event.Audience.STAFF,
        "starts_at": f"{day}T18:00", "ends_at": f"{day}T20:00", "follow_up_days": 3,
        "reminder_hours": "24, 9000"})
    page = response.content.decode()
    assert response.status_code == 200 and "Högst 8784 timmar (ett år)." in page
    assert 'value="24, 9000"' in page
    assert not Event.objects.exists()


def test_one_bad_event_never_stops_the_sweep(schools, head_tranemo, caplog, monkeypatch,
                                             django_capture_on_commit_callbacks):
    bad = _meeting(schools, timezone.now() + timedelta(hours=20))
    good = _meeting(schools, timezone.now() + timedelta(hours=21))
    # Whatever breaks for one event (here: working out its due times) stays with it.
    # (An offset stored past the validators falls back to the kind's: tests/hostile.)
    original = reminders.due_times

    def due_times(event, *args, **kwargs):
        if event.pk == bad.pk:
            raise ValueError("broken row")
        return original(event, *args, **kwargs)

    monkeypatch.setattr(reminders, "due_times", due_times)
    KindReminderSetting.objects.bulk_create(
        [KindReminderSetting(kind=Kind.CONCERT, reminder_hours="oops")])
    with caplog.at_level(logging.ERROR, logger="events.reminders"):
        result = _sweep(django_capture_on_commit_callbacks)
    assert result["created"] == 1
    assert _rows(good).get().status == Status.SENT
    assert _rows(bad).count() == 0
    assert f"skipped event {bad.pk}" in caplog.text

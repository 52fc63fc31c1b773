"""One bad row already in the database (stored before the bounds, or by update()) stops no
page and no sweep for the others: events dated outside 2000–2100 are left out of every
query (Event.objects), and an unusable reminder offset falls back to the default."""

import json
import tarfile
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Staffing
from core.backup import create_backup
from events import reminders
from events.models import CalendarFeed, Event, Kind, KindReminderSetting, Registration
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def heads_meeting(schools, title, start):
    return make_event([schools["boras"]], title=title, kind=Kind.HEADS_MEETING,
                      audience=Event.Audience.HEADS, starts_at=start,
                      ends_at=start + timedelta(hours=3))


@pytest.fixture
def rows(schools, head_boras, head_tranemo):
    Staffing.objects.update(created_at=timezone.now() - timedelta(days=30))
    soon = timezone.now() + timedelta(hours=20)
    good = heads_meeting(schools, "Bra möte", soon)
    year_one = heads_meeting(schools, "År ett", soon)
    year_9999 = heads_meeting(schools, "År 9999", soon)
    huge_offset = heads_meeting(schools, "Jättepåminnelse", soon)
    Event._base_manager.filter(pk=year_one.pk).update(
        starts_at=datetime(1, 1, 1, tzinfo=UTC), ends_at=datetime(1, 1, 1, 1, tzinfo=UTC))
    Event._base_manager.filter(pk=year_9999.pk).update(
        ends_at=datetime(9999, 12, 31, 23, tzinfo=UTC))
    Event._base_manager.filter(pk=huge_offset.pk).update(reminder_hours="99999999999")
    KindReminderSetting.objects.create(kind=Kind.CONCERT, reminder_hours="24")
    KindReminderSetting.objects.filter(kind=Kind.CONCERT).update(reminder_hours="99999999999")
    if connection.vendor == "postgresql":
        # What the portal once stored for "0001-01-01T00:00" in Stockholm: a date BC,
        # which psycopg cannot even read back.
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {Event._meta.db_table} SET starts_at = "
                           "'0001-12-31 23:00:00+00 BC' WHERE id = %s", [year_one.pk])
    return {"good": good, "huge_offset": huge_offset}


def test_pages_still_answer_and_show_the_good_events(client, admin_client, rows, head_boras):
    for pk in Event._base_manager.values_list("pk", flat=True):
        Registration.objects.create(event_id=pk, user=head_boras)
    client.force_login(head_boras)
    start = timezone.localtime(rows["good"].starts_at)  # its month, whatever today is
    for url in [reverse("events:calendar"), reverse("events:month", args=[start.year,
                                                                            start.month]),
                reverse("home"), reverse("events:detail", args=[rows["good"].pk])]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Bra möte" in response.content.decode(), url
    for url in [reverse("admin:events_event_changelist"),
                reverse("admin:events_event_change", args=[rows["good"].pk]),
                reverse("admin:events_event_delete", args=[rows["good"].pk]),
                reverse("admin:core_outgoingmail_changelist"),
                reverse("admin:events_registration_changelist"),
                reverse("admin:meetings_actionitem_changelist")]:
        assert admin_client.get(url).status_code == 200, url
    assert "Bra möte" in admin_client.get(
        reverse("admin:events_event_changelist")).content.decode()


def test_calendar_files_still_answer(client, rows, head_boras):
    client.force_login(head_boras)
    for event in rows.values():
        calendar = Calendar.from_ical(client.get(reverse("events:ics",
                                                         args=[event.pk])).content)
        (vevent,) = calendar.walk("VEVENT")
        assert [a.decoded("trigger") for a in vevent.walk("VALARM")] == [-timedelta(hours=24)]
    client.logout()
    feed = CalendarFeed.objects.create(user=head_boras)
    calendar = Calendar.from_ical(client.get(reverse("events:feed", args=[feed.token])).content)
    titles = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert titles == ["Bra möte", "Jättepåminnelse"]


def test_the_sweep_goes_on_for_the_others(rows, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = reminders.sweep()
    assert result["created"] == 4  # two heads, for the good event and the huge offset's
    for event in rows.values():
        assert sorted(row.data["offset_hours"]
                      for row in reminders.mails_about(event)) == [24, 24]


def test_an_unexpected_error_for_one_event_is_logged_and_skipped(
        rows, monkeypatch, caplog, django_capture_on_commit_callbacks):
    real_due_times = reminders.due_times
    broken = rows["huge_offset"]

    def due_times(event, *args, **kwargs):
        if event.pk == broken.pk:
            raise OverflowError("date value out of range")
        return real_due_times(event, *args, **kwargs)

    monkeypatch.setattr(reminders, "due_times", due_times)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep()["created"] == 2
    assert reminders.mails_about(rows["good"]).count() == 2
    assert not reminders.mails_about(broken).exists()
    assert f"Reminder sweep skipped event {broken.pk}" in caplog.text


def test_a_backup_keeps_the_rows_the_event_manager_leaves_out(tmp_path, schools, head_boras,
                                                              settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    far = heads_meeting(schools, "Långt bort", timezone.now() + timedelta(days=3))
    Event._base_manager.filter(pk=far.pk).update(ends_at=datetime(9999, 12, 31, tzinfo=UTC))
    far.registrations.create(user=head_boras)
    archive = tmp_path / "backup.tar.gz"
    create_backup(archive)
    with tarfile.open(archive) as tar:
        rows = json.load(tar.extractfile("database.json"))
    models = {(row["model"], row["pk"]) for row in rows}
    assert ("events.event", far.pk) in models
    assert any(row["model"] == "events.registration" and row["fields"]["event"] == far.pk
               for row in rows)

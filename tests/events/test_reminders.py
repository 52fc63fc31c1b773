"""The sweep and the send step: who gets what, when, and never twice."""

from datetime import UTC, timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import dateformat, timezone, translation
from icalendar import Calendar

from accounts.models import Staffing
from core import mail_outbox
from core.models import OutgoingMail
from events import reminders, services
from events.models import (
    Event,
    Kind,
    KindReminderSetting,
    Registration,
    ReminderOptOut,
)
from tests.clock import TEST_TODAY, at, last_sunday
from tests.events.conftest import make_event
from tests.factories import UserFactory, staff

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status


def _sweep(django_capture_on_commit_callbacks, now=None):
    """Beat's sweep; the rows' send task runs (eagerly) when the sweep commits."""
    with django_capture_on_commit_callbacks(execute=True):
        return reminders.sweep(now)


def _send():
    return dict(mail_outbox.send_due_mail()[0])


def _rows(event):
    return reminders.mails_about(event)


def _offsets(event):
    return sorted(row.data["offset_hours"] for row in _rows(event))


def _meeting(schools, start):
    return make_event([schools["boras"]], title="Chefsmöte", kind=Kind.HEADS_MEETING,
                      audience=Event.Audience.HEADS, starts_at=start,
                      ends_at=start + timedelta(hours=3))


def _backdate_staffings(days=800):
    Staffing.objects.update(created_at=timezone.now() - timedelta(days=days))


# Next year's changes of summer time, seen from the test clock (tests/clock.py).
SUMMER_TIME_ENDS = last_sunday(TEST_TODAY.year + 1, 10)
SUMMER_TIME_STARTS = last_sunday(TEST_TODAY.year + 1, 3)
# A meeting a month ahead, for tests that are not about DST.
MEETING_DAY = TEST_TODAY + timedelta(days=30)


def test_reminders_keep_local_time_across_dst_change(schools):
    # Summer time ends on the last Sunday of October at 03:00; the meeting is the
    # day after, at 09:00 CET.
    event = _meeting(schools, at(SUMMER_TIME_ENDS + timedelta(days=1), 9))
    due = {offset: timezone.localtime(due_at)
           for _msg, offset, due_at in reminders.due_times(event)}
    assert (due[24].date(), due[24].hour, due[24].utcoffset()) == (
        SUMMER_TIME_ENDS, 9, timedelta(hours=1))
    # A week before is still summer time: 09:00 CEST, not 10:00.
    assert (due[168].date(), due[168].hour, due[168].utcoffset()) == (
        SUMMER_TIME_ENDS - timedelta(days=6), 9, timedelta(hours=2))
    # Same-zone subtraction in Python is wall-clock; compare real elapsed time in UTC.
    assert event.starts_at.astimezone(UTC) - due[168].astimezone(UTC) == timedelta(days=7,
                                                                                  hours=1)


def test_hour_offsets_are_real_hours(schools):
    event = _meeting(schools, at(SUMMER_TIME_STARTS, 4))  # the night summer time starts
    event.reminder_hours = "3"
    (_msg, _offset, due_at), = reminders.due_times(event)
    assert event.starts_at.astimezone(UTC) - due_at.astimezone(UTC) == timedelta(hours=3)
    assert timezone.localtime(due_at).hour == 0  # 04:00 CEST minus 3 h is 00:00 CET


def test_reminders_fall_due_at_the_right_moment_across_dst(schools, head_tranemo,
                                                           django_capture_on_commit_callbacks):
    _backdate_staffings()
    meeting_day = SUMMER_TIME_ENDS + timedelta(days=1)
    event = _meeting(schools, at(meeting_day, 9))
    week_before, day_before = meeting_day - timedelta(days=7), SUMMER_TIME_ENDS
    with time_machine.travel(at(week_before, 8, 59), tick=False):
        assert _sweep(django_capture_on_commit_callbacks)["created"] == 0
    with time_machine.travel(at(week_before, 9, 0), tick=False):
        assert _sweep(django_capture_on_commit_callbacks)["created"] == 1
    with time_machine.travel(at(day_before, 8, 59), tick=False):
        assert _sweep(django_capture_on_commit_callbacks)["created"] == 0
    with time_machine.travel(at(day_before, 9, 0), tick=False):
        assert _sweep(django_capture_on_commit_callbacks)["created"] == 1
    assert _offsets(event) == [24, 168]
    assert len(mail.outbox) == 2


def test_reminder_is_sent_once_however_often_the_sweep_runs(schools, head_tranemo, head_boras,
                                                            django_capture_on_commit_callbacks):
    _backdate_staffings()
    event = _meeting(schools, timezone.now() + timedelta(hours=20))
    for _ in range(3):
        _sweep(django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head_tranemo.email, head_boras.email])
    assert _rows(event).filter(status=Status.SENT).count() == 2


def test_reminder_mail_is_swedish_with_agenda_and_ics(schools, head_tranemo,
                                                      django_capture_on_commit_callbacks):
    _backdate_staffings()
    event = _meeting(schools, timezone.now() + timedelta(hours=20))
    event.agenda_items.create(title="Budget för hösten", position=1)
    _sweep(django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject.startswith("[Kulturskoleportalen] Påminnelse: Chefsmöte")
    assert "Budget för hösten" in message.body
    assert "Budget för hösten" in message.alternatives[0][0]
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar; method=PUBLISH"
    vevent = Calendar.from_ical(content).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == event.starts_at.replace(microsecond=0)


def test_training_day_reminder_carries_preparation_material(
        schools, teacher_tranemo, training_day, django_capture_on_commit_callbacks):
    _backdate_staffings()
    training_day.starts_at = timezone.now() + timedelta(hours=10)
    training_day.ends_at = training_day.starts_at + timedelta(hours=6)
    training_day.save()
    _sweep(django_capture_on_commit_callbacks)
    assert "Vad är god ensembleundervisning?" in mail.outbox[0].body


def test_follow_up_goes_out_days_after_the_training_day(schools, teacher_tranemo, training_day,
                                                        django_capture_on_commit_callbacks):
    _backdate_staffings()
    training_day.follow_up_message = "Tack! Här är materialet."
    training_day.save()
    after = training_day.ends_at + timedelta(days=training_day.follow_up_days)
    with time_machine.travel(after - timedelta(minutes=1), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    assert not any("Uppföljning" in m.subject for m in mail.outbox)
    with time_machine.travel(after, tick=False):
        _sweep(django_capture_on_commit_callbacks)
    follow_ups = [m for m in mail.outbox if "Uppföljning" in m.subject]
    assert len(follow_ups) == 1 and "Här är materialet" in follow_ups[0].body


def test_people_who_declined_or_opted_out_get_no_reminder(schools, head_tranemo, head_boras,
                                                          django_capture_on_commit_callbacks):
    head_mark = staff(schools["mark"], Staffing.Role.HEAD)
    _backdate_staffings()
    event = _meeting(schools, timezone.now() + timedelta(hours=20))
    services.decline(event, head_tranemo)
    ReminderOptOut.objects.create(user=head_boras, kind=Kind.HEADS_MEETING)
    _sweep(django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [head_mark.email]


def test_opt_out_for_one_event_only(schools, head_tranemo, django_capture_on_commit_callbacks):
    _backdate_staffings()
    event = _meeting(schools, timezone.now() + timedelta(hours=20))
    other = _meeting(schools, timezone.now() + timedelta(hours=21))
    ReminderOptOut.objects.create(user=head_tranemo, event=event)
    _sweep(django_capture_on_commit_callbacks)
    assert [m.subject.split(": ", 1)[1][:9] for m in mail.outbox] == ["Chefsmöte"]
    assert _rows(other).count() == 1 and _rows(event).count() == 0


def test_late_registration_skips_reminders_already_due(schools, concert, pupil, guardian_mark,
                                                       django_capture_on_commit_callbacks):
    concert.starts_at = timezone.now() + timedelta(hours=12)
    concert.ends_at = concert.starts_at + timedelta(hours=2)
    concert.save()
    early = services.register(concert, pupil)
    Registration.objects.filter(pk=early.pk).update(
        registered_at=timezone.now() - timedelta(days=2))
    services.register(concert, guardian_mark)  # after the 24-hour reminder fell due
    _sweep(django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == [pupil.email]


def test_offsets_per_kind_from_admin_and_per_event(schools, head_tranemo):
    event = _meeting(schools, timezone.now() + timedelta(days=30))
    assert event.reminder_offsets(reminders.kind_settings()) == [168, 24]
    KindReminderSetting.objects.create(kind=Kind.HEADS_MEETING, reminder_hours="72")
    assert event.reminder_offsets(reminders.kind_settings()) == [72]
    event.reminder_hours = "2, 48"
    assert event.reminder_offsets(reminders.kind_settings()) == [48, 2]


def test_missed_reminder_goes_out_late_but_not_after_the_start(
        schools, head_tranemo, django_capture_on_commit_callbacks):
    _backdate_staffings()
    event = _meeting(schools, at(MEETING_DAY, 9))
    # Workers were down from before the 7-day reminder until a day before.
    with time_machine.travel(at(MEETING_DAY - timedelta(days=1), 10), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    # Both were due; only the latest ("tomorrow") goes out, once.
    assert len(mail.outbox) == 1
    assert _offsets(event) == [24]
    other = _meeting(schools, at(MEETING_DAY + timedelta(days=1), 9))
    with time_machine.travel(at(MEETING_DAY + timedelta(days=1), 9, 1), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    assert _rows(other).count() == 0


def test_moved_event_reminds_for_the_new_time(schools, head_tranemo,
                                              django_capture_on_commit_callbacks):
    _backdate_staffings()
    event = _meeting(schools, at(MEETING_DAY, 9))
    with time_machine.travel(at(MEETING_DAY - timedelta(days=7), 9, 5), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    with time_machine.travel(at(MEETING_DAY - timedelta(days=1), 9, 5), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    new_day = MEETING_DAY + timedelta(days=7)
    event.starts_at = at(new_day, 9)
    event.ends_at = at(new_day, 12)
    event.save()
    with time_machine.travel(at(new_day - timedelta(days=1), 9, 5), tick=False):
        _sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3  # only the 1-day reminder for the new date is new
    with translation.override("sv"):
        assert dateformat.format(new_day, "j F Y") in mail.outbox[-1].body


def test_stale_row_for_old_time_is_skipped(schools, head_tranemo):
    event = _meeting(schools, timezone.now() + timedelta(hours=5))
    old_time = event.starts_at - timedelta(hours=20)  # made for a start the event moved from
    reminders._schedule(event, reminders.Message.REMINDER, 24, old_time,
                        type(head_tranemo).objects.filter(pk=head_tranemo.pk))
    assert _send() == {"skipped": 1}
    row = _rows(event).get()
    assert row.status == Status.SKIPPED and "flyttades" in row.last_error
    assert mail.outbox == []


def test_cancelled_event_sends_cancellation_notice_instead(schools, head_tranemo,
                                                          django_capture_on_commit_callbacks):
    _backdate_staffings()
    event = _meeting(schools, timezone.now() + timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event)
    _sweep(django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == ["[Kulturskoleportalen] Inställt: Chefsmöte"]
    vevent = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")[0]
    assert vevent["status"] == "CANCELLED"


def test_smtp_failures_are_retried_as_rows_then_fail_with_the_error_in_admin(
        schools, head_tranemo, settings, admin_client):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    _backdate_staffings()
    event = _meeting(schools, timezone.now() + timedelta(hours=5))
    reminders.create_due_deliveries()
    assert _send() == {"retrying": 1}
    row = _rows(event).get()
    # The next try is the row's due time, not a countdown task held by the broker.
    assert row.status == Status.QUEUED and row.due_at > timezone.now() and row.last_error
    for _ in range(mail_outbox.MAX_ATTEMPTS - row.attempts):  # what the later sweeps do
        _rows(event).update(due_at=timezone.now())
        _send()
    row.refresh_from_db()
    assert row.status == Status.FAILED
    assert row.attempts == mail_outbox.MAX_ATTEMPTS
    assert "ConnectionRefusedError" in row.last_error
    [failed] = services.with_events(services.failed_deliveries())
    assert failed == row and failed.event == event
    page = admin_client.get("/admin/core/outgoingmail/?status__exact=failed")
    assert "ConnectionRefusedError" in page.content.decode()


def test_a_deactivated_account_and_a_deleted_registration_are_not_mailed(
        schools, concert, pupil, guardian_mark, outsider, django_capture_on_commit_callbacks):
    concert.starts_at = timezone.now() + timedelta(hours=12)
    concert.ends_at = concert.starts_at + timedelta(hours=2)
    concert.capacity = 10
    concert.save()
    for person in (pupil, guardian_mark, outsider):
        services.register(concert, person)
    Registration.objects.update(registered_at=timezone.now() - timedelta(days=2))
    reminders.create_due_deliveries()  # the rows are made; the workers are busy
    assert _rows(concert).count() == 3
    pupil.is_active = False
    pupil.save()
    Registration.objects.filter(user=guardian_mark).delete()  # in admin
    assert _send() == {"sent": 1, "skipped": 2}
    assert [m.to[0] for m in mail.outbox] == [outsider.email]
    reasons = dict(_rows(concert).filter(status=Status.SKIPPED).values_list("to", "last_error"))
    assert reasons == {pupil.email: "Kontot är inte aktivt.",
                       guardian_mark.email: "Personen är inte längre anmäld eller inbjuden."}


def test_a_network_meeting_is_not_mailed_to_a_member_who_left(schools):
    from networks.models import Membership
    from tests.networks.conftest import guitar

    network = guitar.__wrapped__(schools)
    stays, leaves = UserFactory(), UserFactory()
    for person in (stays, leaves):
        Membership.objects.create(network=network, user=person, status=Membership.Status.ACTIVE)
    Membership.objects.update(joined_at=timezone.now() - timedelta(days=30))
    event = make_event([schools["boras"]], title="Nätverksträff", kind=Kind.NETWORK_MEETING,
                       audience=Event.Audience.NETWORK, network=network,
                       starts_at=timezone.now() + timedelta(hours=5))
    reminders.create_due_deliveries()
    assert reminders.mails_about(event).count() == 2
    Membership.objects.filter(user=leaves).delete()  # left the network
    assert _send() == {"sent": 1, "skipped": 1}
    assert [m.to[0] for m in mail.outbox] == [stays.email]


def test_a_dead_workers_untried_reminders_are_free_again_within_five_minutes(
        schools, head_tranemo, head_boras):
    _backdate_staffings()
    event = _meeting(schools, timezone.now() + timedelta(hours=5))
    reminders.create_due_deliveries()
    leased = mail_outbox.claim(50)  # and the worker is killed before it sends any
    assert len(leased) == 2 and mail_outbox.claim(50) == []
    in_five_minutes = timezone.now() + timedelta(minutes=5)
    assert len(mail_outbox.claim(50, in_five_minutes)) == 2
    assert _rows(event).filter(status=Status.SENDING).count() == 2


@pytest.mark.parametrize("count", [5, 60])
def test_sweep_queries_do_not_grow_with_recipients(schools, django_assert_max_num_queries,
                                                   count):
    event = make_event([schools["boras"]], kind=Kind.CONCERT, audience=Event.Audience.PUBLIC,
                       registration_required=True, starts_at=timezone.now() + timedelta(hours=5))
    people = [UserFactory(verified=False) for _ in range(count)]
    Registration.objects.bulk_create(
        Registration(event=event, user=p, registered_at=timezone.now() - timedelta(days=1))
        for p in people)
    # 15: one savepoint (2 statements) per event with due work isolates it from the others.
    with django_assert_max_num_queries(15):
        result = reminders.sweep()
    assert result["created"] == count and _rows(event).count() == count


@pytest.mark.parametrize("count", [5, 60])
def test_sending_costs_a_constant_per_chunk_plus_two_updates_per_reminder(
        schools, django_assert_max_num_queries, count):
    event = make_event([schools["boras"]], kind=Kind.CONCERT, audience=Event.Audience.PUBLIC,
                       registration_required=True, starts_at=timezone.now() + timedelta(hours=5))
    people = [UserFactory(verified=False) for _ in range(count)]
    Registration.objects.bulk_create(
        Registration(event=event, user=p, registered_at=timezone.now() - timedelta(days=1))
        for p in people)
    reminders.create_due_deliveries()
    chunks = -(-count // mail_outbox.CHUNK)
    # Per chunk: the lease (4 with its savepoint, 1 load), the checks (7) and a last,
    # empty claim; per reminder: its lease renewed and its mark.
    with django_assert_max_num_queries(14 * chunks + 4 + 2 * count):
        assert _send() == {"sent": count}

"""The one mail engine (core/mail_outbox.py): render at enqueue, send once, the one retry
policy (refused before acceptance: retried as a row; 5xx: failed; no answer after DATA:
in doubt; a template error: failed and reported), leases, the sweep, admin, privacy and
retention."""

import re
import smtplib
from datetime import timedelta
from unittest import mock

import pytest
import sentry_sdk
import sentry_sdk.transport
from django.core import mail
from django.db import transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone

from core import mail_outbox, privacy
from core.mail_outbox import DeliveryInDoubt, Rendered
from core.models import OutgoingMail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status
LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def enqueue(to="mottagare@example.se", **kwargs):
    return mail_outbox.enqueue("accessibility_report", to, {"report": _Report()}, **kwargs)


class _Report:
    page_url = "/kurser/"
    description = "Knappen saknar namn."
    created_at = timezone.now()
    pk = 1


def send():
    """What one send task does now; returns its outcomes."""
    results, _more = mail_outbox.send_due_mail()
    return dict(results)


def smtp_answers(error):
    return mock.patch(LOCMEM_SEND, side_effect=error)


def refused(code):
    return smtplib.SMTPRecipientsRefused({"mottagare@example.se": (code, b"No")})


def due_now(row):
    OutgoingMail.objects.filter(pk=row.pk).update(due_at=timezone.now())


def test_a_row_is_rendered_at_enqueue_and_sent_with_its_stable_message_id(settings):
    settings.SITE_URL = "https://kulturskola.example.se"
    row = enqueue(attachment=("evenemang.ics", "BEGIN:VCALENDAR", "text/calendar"))
    assert re.fullmatch(r"<[0-9a-f]{32}@kulturskola\.example\.se>", row.message_id)
    assert row.subject.startswith("[Kulturskoleportalen]")
    assert "Knappen saknar namn." in row.body_text and "<" in row.body_html
    assert row.status == Status.QUEUED and row.attempts == 0

    assert send() == {"sent": 1}
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == row.message_id
    assert message.attachments == [("evenemang.ics", "BEGIN:VCALENDAR", "text/calendar")]
    assert message.subject == row.subject and message.body == row.body_text
    row.refresh_from_db()
    assert row.status == Status.SENT and row.sent_at and row.attempts == 1


def test_a_sent_row_is_never_sent_again():
    enqueue()
    assert send() == {"sent": 1}
    assert send() == {}
    assert mail_outbox.sweep(timezone.now() + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_the_task_is_published_only_when_the_transaction_commits(
        published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        enqueue()
        assert published == []
    for callback in callbacks:
        callback()
    assert published == [()]  # the task carries no row ids: it takes what is due


def test_a_broker_that_is_down_does_not_break_the_change(monkeypatch,
                                                         django_capture_on_commit_callbacks):
    def broker_down():
        raise OSError("Connection refused")

    monkeypatch.setattr(mail_outbox.send_due, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue()  # robust on_commit: logged, and the sweep publishes later
    assert OutgoingMail.objects.unsent().get() == row


def test_a_template_error_fails_at_enqueue_and_writes_nothing(settings, tmp_path):
    with pytest.raises(TemplateDoesNotExist):
        mail_outbox.enqueue("no_such_mail", "mottagare@example.se", {})
    folder = tmp_path / "emails" / "broken"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Hej")
    (folder / "body.txt").write_text("{% if %}")
    (folder / "body.html").write_text("<p>Hej</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with pytest.raises(TemplateSyntaxError):
        mail_outbox.enqueue("broken", "mottagare@example.se", {})
    assert not OutgoingMail.objects.exists()


def test_a_refusal_before_acceptance_is_retried_as_the_rows_next_due_time(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 30
    row = enqueue()
    delays = []
    with smtp_answers(refused(450)):
        for _attempt in range(mail_outbox.MAX_ATTEMPTS - 1):
            before = timezone.now()
            assert send() == {"retrying": 1}
            row.refresh_from_db()
            assert row.status == Status.QUEUED and row.claimed_until is None
            delays.append(round((row.due_at - before).total_seconds() / 30) * 30)
            assert send() == {}  # not due yet: nothing is held in the broker either
            due_now(row)
        assert send() == {"failed": 1}
    assert delays[:5] == [30, 60, 120, 240, 480] and max(delays) == 1800
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.sent_at is None
    assert "SMTPRecipientsRefused" in row.last_error
    assert row.attempts == mail_outbox.MAX_ATTEMPTS
    assert mail_outbox.sweep(timezone.now() + timedelta(days=1)) == 0  # failed: admin only


@pytest.mark.parametrize("error", [
    ConnectionRefusedError("mail server down"),
    smtplib.SMTPServerDisconnected("before DATA"),
    smtplib.SMTPSenderRefused(421, b"busy", "noreply@example.se"),
])
def test_connection_errors_and_4xx_before_data_are_retried(error):
    row = enqueue()
    with smtp_answers(error):
        assert send() == {"retrying": 1}
    row.refresh_from_db()
    assert row.status == Status.QUEUED and row.due_at > timezone.now()


@pytest.mark.parametrize("error", [refused(550), smtplib.SMTPDataError(554, b"spam")])
def test_a_5xx_answer_fails_without_a_retry(error):
    row = enqueue()
    with smtp_answers(error):
        assert send() == {"failed": 1}
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.attempts == 1


def test_no_answer_after_data_is_in_doubt_and_only_the_coordinator_sends_it_again():
    row = enqueue()
    with smtp_answers(DeliveryInDoubt("TimeoutError: timed out")):
        assert send() == {"in-doubt": 1}
    row.refresh_from_db()
    assert row.status == Status.IN_DOUBT and "inget svar efter DATA" in row.last_error
    later = timezone.now() + timedelta(days=1)
    assert mail_outbox.sweep(later) == 0 and send() == {}  # never by itself
    assert mail_outbox.send_again(OutgoingMail.objects.all()) == 1
    assert send() == {"sent": 1}
    assert [m.extra_headers["Message-ID"] for m in mail.outbox] == [row.message_id]
    row.refresh_from_db()
    assert row.status == Status.SENT


def test_the_patient_client_turns_a_lost_answer_after_data_into_in_doubt():
    client = mail_outbox.PatientSMTP()
    with mock.patch.object(smtplib.SMTP, "data", side_effect=TimeoutError("timed out")), \
            pytest.raises(DeliveryInDoubt):
        client.data(b"Subject: x\r\n\r\nx")
    with mock.patch.object(smtplib.SMTP, "data",
                           side_effect=smtplib.SMTPServerDisconnected("gone")), \
            pytest.raises(DeliveryInDoubt):
        client.data(b"Subject: x\r\n\r\nx")


def test_a_template_error_at_sending_is_a_bug_failed_and_reported(monkeypatch):
    class Broken:
        def __init__(self, rows, now, cache):
            pass

        def skip_reason(self, row):
            return ""

        def render(self, row):
            raise TemplateSyntaxError("Unclosed tag")

    monkeypatch.setitem(mail_outbox.CONCERNS, "test.broken", Broken)
    mail_outbox.schedule("test.broken", "x", "", [
        {"key": "k1", "to": "a@example.se", "due_at": timezone.now(), "data": {}}])
    events = []

    class Kept(sentry_sdk.transport.Transport):
        def capture_envelope(self, envelope):
            events.extend(item.payload.json for item in envelope.items if item.type == "event")

    # Sentry on, with a transport that keeps its events here (tests/ops: the real setup).
    sentry_sdk.init(dsn="http://public@127.0.0.1:9/1", transport=Kept,
                    auto_enabling_integrations=False)  # logging only: nothing else patched
    try:
        assert send() == {"failed": 1}
    finally:
        sentry_sdk.init()  # off again: no DSN
    [event] = [e for e in events if e.get("level") == "error"]
    assert event["exception"]["values"][-1]["type"] == "TemplateSyntaxError"
    row = OutgoingMail.objects.get()
    assert row.status == Status.FAILED and "TemplateSyntaxError" in row.last_error
    assert mail_outbox.sweep(timezone.now() + timedelta(days=1)) == 0 and not mail.outbox


def test_other_errors_are_bugs_too(caplog):
    row = enqueue()
    with smtp_answers(ValueError("a bug")):
        assert send() == {"failed": 1}
    row.refresh_from_db()
    assert row.status == Status.FAILED and "ValueError" in row.last_error
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert record.exc_info  # with its traceback: what Sentry's logging integration sends


def test_a_scheduled_row_waits_for_its_time_and_its_key_is_made_once():
    at = timezone.now() + timedelta(hours=1)
    rows = [{"key": "r:1", "to": "a@example.se", "due_at": at, "data": {}}]
    assert mail_outbox.schedule("", "x", "", rows) == 1
    assert mail_outbox.schedule("", "x", "", rows) == 0
    assert mail_outbox.claim(10) == []
    assert [r.key for r in mail_outbox.claim(10, at)] == ["r:1"]


def test_only_one_worker_leases_a_row_and_a_dead_workers_rows_come_back():
    row = enqueue()
    now = timezone.now()
    [leased] = mail_outbox.claim(10, now)
    assert mail_outbox.claim(10, now) == []  # a second worker
    # Untried rows of a killed worker are free again once the short lease ends,
    # well within the five minutes promised.
    assert mail_outbox.claim_lease() <= timedelta(minutes=2)
    again = mail_outbox.claim(10, now + mail_outbox.claim_lease() + timedelta(seconds=1))
    assert [r.pk for r in again] == [row.pk] and again[0].claimed_by != leased.claimed_by
    # The first worker comes back to it: its lease is gone, it does not send.
    assert mail_outbox._send_one(leased, None, mail_outbox.mail_connection()) == "lost"
    assert not mail.outbox


def test_the_row_in_flight_keeps_its_lease_past_the_tasks_hard_limit():
    row = enqueue()
    [leased] = mail_outbox.claim(10)
    with smtp_answers(KeyboardInterrupt()), pytest.raises(KeyboardInterrupt):
        mail_outbox._send_one(leased, None, mail_outbox.mail_connection())  # "killed"
    row.refresh_from_db()
    assert row.status == Status.SENDING
    assert row.claimed_until - timezone.now() > timedelta(
        seconds=mail_outbox.SEND_TIME_LIMIT)
    assert mail_outbox.claim(10, timezone.now() + timedelta(minutes=5)) == []


def test_the_sweep_publishes_when_rows_are_due(published):
    now = timezone.now()
    assert mail_outbox.sweep(now) == 0 and published == []
    enqueue()
    published.clear()
    assert mail_outbox.sweep(timezone.now()) == 1
    assert published == [()]


def test_an_inactive_account_is_not_mailed():
    person = UserFactory(email="borta@example.se")
    enqueue("Borta@example.se")
    person.is_active = False
    person.save()
    assert send() == {"skipped": 1}
    assert OutgoingMail.objects.get().last_error == "Kontot är inte aktivt."
    assert not mail.outbox


def test_the_coordinator_sees_the_outbox_and_sends_failed_mail_again(
        client, coordinator, published, django_capture_on_commit_callbacks):
    queued = enqueue("a@example.se")
    failed = enqueue("b@example.se")
    doubt = enqueue("d@example.se")
    sent = enqueue("c@example.se")
    OutgoingMail.objects.filter(pk=failed.pk).update(status=Status.FAILED, attempts=25,
                                                     failed_at=timezone.now())
    OutgoingMail.objects.filter(pk=doubt.pk).update(status=Status.IN_DOUBT)
    OutgoingMail.objects.filter(pk=sent.pk).update(status=Status.SENT, sent_at=timezone.now())
    published.clear()
    client.force_login(coordinator)
    url = reverse("admin:core_outgoingmail_changelist")
    html = client.get(url, {"status__exact": "failed"}).content.decode()
    assert "b@example.se" in html and "a@example.se" not in html
    assert "Utgående e-post" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send_again", "_selected_action": [
            queued.pk, failed.pk, doubt.pk, sent.pk]}, follow=True)
    assert "2 e-post skickas igen." in response.content.decode()
    assert published == [()]
    failed.refresh_from_db()
    assert failed.status == Status.QUEUED and failed.attempts == 0 and not failed.failed_at
    assert client.get(reverse("admin:core_outgoingmail_add")).status_code == 403
    change = client.get(reverse("admin:core_outgoingmail_change", args=[sent.pk]))
    assert change.status_code == 200 and 'name="to"' not in change.content.decode()


def test_the_recipients_mail_is_in_their_data_download_and_goes_with_the_account():
    person = UserFactory(email="person@example.se")
    enqueue("Person@Example.se")
    enqueue("someone.else@example.se")
    exported = privacy.export_user_data(person)["mail"]
    assert [m["to"] for m in exported] == ["Person@Example.se"]
    assert "Knappen saknar namn." in exported[0]["body"]
    privacy.delete_user(person)
    assert list(OutgoingMail.objects.values_list("to", flat=True)) == ["someone.else@example.se"]


def test_sent_mail_is_deleted_after_the_retention_time_but_a_keyed_row_is_kept(settings):
    settings.MAIL_KEEP_DAYS = 30
    now = timezone.now()
    old, recent, unsent = enqueue("old@example.se"), enqueue("recent@example.se"), enqueue()
    mail_outbox.schedule("", "x", "", [
        {"key": "reminder", "to": "r@example.se", "due_at": now - timedelta(days=40),
         "data": {}}])
    reminder = OutgoingMail.objects.get(key="reminder")
    OutgoingMail.objects.filter(pk__in=[old.pk, reminder.pk]).update(
        sent_at=now - timedelta(days=31))
    OutgoingMail.objects.filter(pk=recent.pk).update(sent_at=now - timedelta(days=29))
    assert privacy.apply_retention(now) >= 1
    assert sorted(OutgoingMail.objects.values_list("pk", flat=True)) == sorted(
        [recent.pk, unsent.pk, reminder.pk])


def test_rendered_mail_of_a_concern_with_a_check_is_skipped_when_no_longer_wanted(monkeypatch):
    class Gone:
        def __init__(self, rows, now, cache):
            pass

        def skip_reason(self, row):
            return "Medlemskapet har upphört."

        def render(self, row):
            return None

    monkeypatch.setitem(mail_outbox.CONCERNS, "test.gone", Gone)
    enqueue(concern="test.gone", data={"membership": 1})
    assert send() == {"skipped": 1}
    assert OutgoingMail.objects.get().last_error == "Medlemskapet har upphört."


def test_a_renderer_renders_once_per_key_for_a_whole_run(monkeypatch):
    calls = []

    class Counting:
        def __init__(self, rows, now, cache):
            self.cache = cache

        def skip_reason(self, row):
            return ""

        def render(self, row):
            if "text" not in self.cache:
                calls.append(row.pk)
                self.cache["text"] = Rendered("Ämne", "Hej")
            return self.cache["text"]

    monkeypatch.setitem(mail_outbox.CONCERNS, "test.count", Counting)
    monkeypatch.setattr(mail_outbox, "CHUNK", 3)
    mail_outbox.schedule("test.count", "x", "", [
        {"key": f"k{n}", "to": f"p{n}@example.se", "due_at": timezone.now(), "data": {}}
        for n in range(7)])
    assert send() == {"sent": 7}
    assert len(calls) == 1 and len(mail.outbox) == 7


def test_a_broken_check_of_an_app_fails_its_rows_as_a_bug_and_sends_the_others(monkeypatch,
                                                                              caplog):
    def broken(rows, now, cache):
        raise KeyError("event")

    monkeypatch.setitem(mail_outbox.CONCERNS, "test.broken-check", broken)
    enqueue("a@example.se", concern="test.broken-check")
    enqueue("b@example.se")
    assert send() == {"failed": 1, "sent": 1}
    assert [r.exc_info for r in caplog.records if r.levelname == "ERROR"]
    assert [m.to for m in mail.outbox] == [["b@example.se"]]
    assert OutgoingMail.objects.get(to="a@example.se").status == Status.FAILED

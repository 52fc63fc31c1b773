"""The outbox itself (core/mail_outbox.py): render at enqueue, send once, retry only
mail server errors, sweep lost tasks, admin, privacy and retention."""

import re
from datetime import timedelta
from smtplib import SMTPRecipientsRefused
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.urls import reverse
from django.utils import timezone

from core import mail_outbox, privacy
from core.mail_outbox import send_outgoing_mail
from core.models import OutgoingMail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def enqueue(to="mottagare@example.se", **kwargs):
    return mail_outbox.enqueue("accessibility_report", to, {"report": _Report()}, **kwargs)


class _Report:
    page_url = "/kurser/"
    description = "Knappen saknar namn."
    created_at = timezone.now()
    pk = 1


def smtp_refuses(error=None):
    error = error or SMTPRecipientsRefused({"mottagare@example.se": (550, b"No such user")})
    return mock.patch.object(EmailMessage, "send", side_effect=error)


def test_a_row_is_rendered_at_enqueue_with_a_stable_message_id(settings):
    settings.SITE_URL = "https://kulturskola.example.se"
    row = enqueue(attachment=("evenemang.ics", "BEGIN:VCALENDAR", "text/calendar"))
    assert re.fullmatch(r"<[0-9a-f]{32}@kulturskola\.example\.se>", row.message_id)
    assert row.subject.startswith("[Kulturskoleportalen]")
    assert "Knappen saknar namn." in row.body_text and "<" in row.body_html
    assert row.sent_at is None and row.attempts == 0

    assert send_outgoing_mail.apply(args=[row.pk]).get() == "sent"
    [message] = mail.outbox
    assert message.extra_headers["Message-ID"] == row.message_id
    assert message.attachments == [("evenemang.ics", "BEGIN:VCALENDAR", "text/calendar")]
    assert message.subject == row.subject and message.body == row.body_text


def test_a_sent_row_is_never_sent_again():
    row = enqueue()
    assert send_outgoing_mail.apply(args=[row.pk]).get() == "sent"
    assert send_outgoing_mail.apply(args=[row.pk]).get() == "skipped"
    assert mail_outbox.sweep(timezone.now() + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_the_task_is_queued_only_when_the_transaction_commits(
        published, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        row = enqueue()
        assert published == []
    for callback in callbacks:
        callback()
    assert published == [row.pk]


def test_a_broker_that_is_down_does_not_break_the_change(monkeypatch,
                                                         django_capture_on_commit_callbacks):
    def broker_down(pk):
        raise OSError("Connection refused")

    monkeypatch.setattr(mail_outbox.send_outgoing_mail, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue()  # robust on_commit: logged, and the sweep queues it later
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


def test_smtp_errors_retry_with_growing_delays_then_give_up(settings):
    settings.MAIL_RETRY_BASE_SECONDS = 30
    row = enqueue()
    delays = []
    with smtp_refuses():
        for _attempt in range(mail_outbox.MAX_ATTEMPTS - 1):
            with pytest.raises(Retry) as retry:
                send_outgoing_mail.apply(args=[row.pk], throw=True)
            delays.append(retry.value.when)
        assert send_outgoing_mail.apply(args=[row.pk]).get() == "failed"
    assert delays[:5] == [30, 60, 120, 240, 480] and max(delays) == 1800
    row.refresh_from_db()
    assert row.failed_at and row.sent_at is None and "SMTPRecipientsRefused" in row.last_error
    assert row.attempts == mail_outbox.MAX_ATTEMPTS
    assert mail_outbox.sweep(timezone.now() + timedelta(days=1)) == 0  # given up: admin only


def test_connection_errors_are_retried_too():
    row = enqueue()
    with smtp_refuses(ConnectionRefusedError("mail server down")), pytest.raises(Retry):
        send_outgoing_mail.apply(args=[row.pk], throw=True)
    row.refresh_from_db()
    assert row.due_at > timezone.now() and row.claimed_until is None and not row.failed_at


def test_other_errors_are_not_retried_as_mail_server_errors():
    row = enqueue()
    with smtp_refuses(ValueError("a bug")), pytest.raises(ValueError):
        send_outgoing_mail.apply(args=[row.pk], throw=True)
    row.refresh_from_db()
    assert row.failed_at and "ValueError" in row.last_error and row.attempts == 1


def test_only_one_worker_claims_a_row():
    row = enqueue()
    now = timezone.now()
    assert mail_outbox.claim(row.pk, now) is True
    assert mail_outbox.claim(row.pk, now) is False  # a second worker, a redelivered task
    assert send_outgoing_mail.apply(args=[row.pk]).get() == "skipped"
    # A worker killed mid-send: its claim runs out and the row can be taken again.
    assert mail_outbox.claim(row.pk, now + mail_outbox.claim_lease() + timedelta(seconds=1))


def test_the_sweep_requeues_only_rows_whose_task_was_lost(published,
                                                         django_capture_on_commit_callbacks):
    now = timezone.now()
    lost = enqueue("lost@example.se")
    fresh = enqueue("fresh@example.se")
    sent = enqueue("sent@example.se")
    claimed = enqueue("claimed@example.se")
    OutgoingMail.objects.exclude(pk=fresh.pk).update(due_at=now - timedelta(minutes=6))
    OutgoingMail.objects.filter(pk=sent.pk).update(sent_at=now)
    assert mail_outbox.claim(claimed.pk, now)
    published.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_outbox.sweep(now) == 1
    assert published == [lost.pk]  # queued on the sweep's commit
    assert mail_outbox.sweep(now) == 0  # its next try is now, not overdue


def test_sweep_and_late_task_send_a_row_once(django_capture_on_commit_callbacks):
    row = enqueue()
    later = timezone.now() + timedelta(minutes=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_outbox.sweep(later) == 1  # eager in tests: the queued task ran and sent
    assert send_outgoing_mail.apply(args=[row.pk]).get() == "skipped"  # the original task
    assert len(mail.outbox) == 1


def test_the_coordinator_sees_the_outbox_and_sends_unsent_mail_again(
        client, coordinator, published, django_capture_on_commit_callbacks):
    unsent = enqueue("a@example.se")
    given_up = enqueue("b@example.se")
    sent = enqueue("c@example.se")
    OutgoingMail.objects.filter(pk=given_up.pk).update(failed_at=timezone.now(), attempts=25)
    OutgoingMail.objects.filter(pk=sent.pk).update(sent_at=timezone.now())
    published.clear()
    client.force_login(coordinator)
    url = reverse("admin:core_outgoingmail_changelist")
    html = client.get(url, {"lage": "ej-skickad"}).content.decode()
    assert "a@example.se" in html and "b@example.se" in html and "c@example.se" not in html
    assert "Utgående e-post" in html and "ej skickad" in html
    assert "c@example.se" in client.get(url, {"lage": "skickad"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "send_again", "_selected_action": [
            unsent.pk, given_up.pk, sent.pk]}, follow=True)
    assert "2 e-post skickas igen." in response.content.decode()
    assert sorted(published) == sorted([unsent.pk, given_up.pk])
    given_up.refresh_from_db()
    assert given_up.failed_at is None and given_up.attempts == 0
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


def test_sent_mail_is_deleted_after_the_retention_time(settings):
    settings.MAIL_KEEP_DAYS = 30
    now = timezone.now()
    old, recent, unsent = enqueue("old@example.se"), enqueue("recent@example.se"), enqueue()
    OutgoingMail.objects.filter(pk=old.pk).update(sent_at=now - timedelta(days=31))
    OutgoingMail.objects.filter(pk=recent.pk).update(sent_at=now - timedelta(days=29))
    assert privacy.apply_retention(now) >= 1
    assert sorted(OutgoingMail.objects.values_list("pk", flat=True)) == sorted(
        [recent.pk, unsent.pk])

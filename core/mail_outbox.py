"""The one path every portal mail takes: an outbox row per recipient, sent by a worker.

* `enqueue()` renders the message now (a template error fails the change that causes
  the mail, never later as a "mail server" error), writes one `OutgoingMail` row in the
  caller's transaction, and queues one Celery task for it when that transaction commits.
  A rolled-back change leaves neither a row nor a task.
* The task claims the row with a conditional UPDATE that only one worker can win (the
  row's lock: unsent, not claimed by a live worker), sends it with the row's stable
  Message-ID, and marks it sent. A sent row is skipped, so a redelivered task, a
  re-queued row or a second worker never mails it twice.
* Mail server and connection errors (OSError, smtplib.SMTPException) release the claim
  and retry that one row after growing delays; the other recipients' rows are not
  touched. After MAX_ATTEMPTS the row is marked as given up; the coordinator sees it
  in admin and can send it again. Any other error is a bug: it is recorded and raised.
* Beat runs `sweep()` every minute: rows whose next try is a few minutes overdue (the
  broker lost the task, say after a restart, or a worker died mid-send and its claim ran
  out) are queued again. A worker killed after the mail server's "250 OK" but before
  marking the row sent is the one window in which a copy can go twice; the Message-ID
  is the same, so mail systems that de-duplicate drop it.
"""

import logging
import uuid
from datetime import datetime, timedelta
from smtplib import SMTPException

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.emails import render
from core.models import OutgoingMail
from core.site import site_domain

log = logging.getLogger(__name__)

RETRYABLE = (OSError, SMTPException)
MAX_ATTEMPTS = 25  # with delays capped at half an hour: about ten hours of outage
# Below Redis' visibility timeout (an hour), so a waiting retry is not delivered twice.
MAX_RETRY_DELAY = 1800
SWEEP_BATCH = 1000


def _setting(name, default):
    return getattr(settings, name, default)


def retry_countdown(attempts: int) -> int:
    """Seconds before the next try: base, 2×base, 4×base … at most half an hour."""
    base = _setting("MAIL_RETRY_BASE_SECONDS", 30)
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)


def claim_lease() -> timedelta:
    return timedelta(seconds=_setting("MAIL_CLAIM_SECONDS", 600))


def requeue_after() -> timedelta:
    return timedelta(seconds=_setting("MAIL_REQUEUE_AFTER_SECONDS", 300))


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@{site_domain()}>"


# --- enqueueing (in the caller's transaction) ------------------------------------


def enqueue(name: str, to: str, context: dict, language: str | None = None,
            attachment: tuple[str, str, str] | None = None, topic: str = "") -> OutgoingMail:
    """Render `emails/<name>/` for `to` and queue it; returns the outbox row.

    Call it inside the transaction of the change the mail is about. `attachment` is
    (filename, text content, mimetype), e.g. an .ics calendar file; `topic` names what
    the mail is about, for `withdraw_unsent`.
    """
    subject, text, html = render(name, to, context, language)
    filename, content, mimetype = attachment or ("", "", "")
    mail = OutgoingMail.objects.create(
        message_id=new_message_id(), template=name, topic=topic, to=to, subject=subject[:500],
        body_text=text, body_html=html, attachment_name=filename, attachment=content,
        attachment_type=mimetype)
    queue_on_commit([mail.pk])
    return mail


def enqueue_message(message: EmailMessage, template: str, topic: str = "") -> list[OutgoingMail]:
    """Queue a message rendered elsewhere (allauth's), one row per recipient."""
    html = next((content for content, mimetype in getattr(message, "alternatives", [])
                 if mimetype == "text/html"), "")
    text = message.body
    if message.content_subtype == "html":
        text, html = "", message.body
    rows = [OutgoingMail.objects.create(
        message_id=new_message_id(), template=template[:100], topic=topic, to=to,
        subject=message.subject[:500], body_text=text, body_html=html) for to in message.to]
    queue_on_commit([row.pk for row in rows])
    return rows


def withdraw_unsent(topic: str) -> int:
    """Delete the unsent mails about `topic` that no worker is sending right now
    (a revoked invitation); returns how many."""
    now = timezone.now()
    deleted, _by_model = (OutgoingMail.objects.filter(topic=topic, sent_at__isnull=True)
                          .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
                          .delete())
    return deleted


def queue_on_commit(pks) -> None:
    """One send task per row, published only once the rows are committed.

    Robust: a broker that cannot take the task now is logged, not raised (the change
    is committed and the user gets their page); the sweep queues the row later.
    """
    for pk in pks:
        transaction.on_commit(lambda pk=pk: send_outgoing_mail.delay(pk), robust=True)


# --- sending (in a worker) -------------------------------------------------------


class SendFailed(Exception):
    """The mail server could not take the message now; try this row again later."""

    def __init__(self, countdown: int, error: BaseException):
        super().__init__(f"{type(error).__name__}: {error}")
        self.countdown = countdown


@shared_task(bind=True, acks_late=True, ignore_result=True, max_retries=None)
def send_outgoing_mail(self, mail_id: int) -> str:
    """Celery task: send one outbox row; SMTP/connection errors retry with back-off."""
    try:
        return deliver(mail_id)
    except SendFailed as failure:
        raise self.retry(countdown=failure.countdown, exc=failure) from failure


def claim(pk: int, now: datetime) -> bool:
    """Lock the row for this worker: True only for the one UPDATE that took it."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    changed = (OutgoingMail.objects.filter(free, pk=pk, sent_at__isnull=True,
                                           failed_at__isnull=True)
               .update(claimed_until=now + claim_lease(), attempts=F("attempts") + 1))
    return changed == 1


def deliver(pk: int) -> str:
    """Claim, send and mark one row. Returns the outcome; raises SendFailed to retry."""
    now = timezone.now()
    if not claim(pk, now):
        return "skipped"  # sent, given up, deleted, or another worker is on it
    mail = OutgoingMail.objects.get(pk=pk)
    try:
        as_message(mail).send()
    except RETRYABLE as error:
        return _failed(mail, error, now)
    except Exception as error:
        _release(mail, error, now, give_up=True)
        raise
    OutgoingMail.objects.filter(pk=pk).update(sent_at=timezone.now(), claimed_until=None,
                                              last_error="")
    log.info("Sent mail %s (%s)", pk, mail.template)  # ids only: no addresses in logs
    return "sent"


def _failed(mail: OutgoingMail, error: BaseException, now: datetime) -> str:
    log.warning("Mail %s (%s) failed, attempt %s: %s", mail.pk, mail.template, mail.attempts,
                type(error).__name__)
    if mail.attempts >= MAX_ATTEMPTS:
        _release(mail, error, now, give_up=True)
        return "failed"
    countdown = retry_countdown(mail.attempts)
    _release(mail, error, now + timedelta(seconds=countdown))
    raise SendFailed(countdown, error) from error


def _release(mail: OutgoingMail, error: BaseException, due_at: datetime,
             give_up: bool = False) -> None:
    OutgoingMail.objects.filter(pk=mail.pk, sent_at__isnull=True).update(
        claimed_until=None, due_at=due_at, last_error=f"{type(error).__name__}: {error}"[:2000],
        failed_at=timezone.now() if give_up else None)


def as_message(mail: OutgoingMail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(mail.subject, mail.body_text, settings.DEFAULT_FROM_EMAIL,
                                     [mail.to], headers={"Message-ID": mail.message_id})
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    if mail.attachment_name:
        message.attach(mail.attachment_name, mail.attachment, mail.attachment_type)
    return message


# --- the sweep and the coordinator's "send again" --------------------------------


def sweep(now: datetime | None = None) -> int:
    """Queue again the rows whose task must have been lost; returns how many."""
    now = now or timezone.now()
    overdue = (OutgoingMail.objects.filter(sent_at__isnull=True, failed_at__isnull=True,
                                           due_at__lt=now - requeue_after())
               .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))
    with transaction.atomic():
        pks = list(overdue.order_by("due_at").values_list("pk", flat=True)[:SWEEP_BATCH])
        OutgoingMail.objects.filter(pk__in=pks).update(due_at=now)
        queue_on_commit(pks)
    if pks:
        log.warning("Mail sweep queued %s unsent mails again", len(pks))
    return len(pks)


def send_again(mails) -> int:
    """Queue unsent rows again now, also those given up on (admin: "skicka igen")."""
    with transaction.atomic():
        pks = list(mails.filter(sent_at__isnull=True).values_list("pk", flat=True))
        OutgoingMail.objects.filter(pk__in=pks).update(
            failed_at=None, attempts=0, due_at=timezone.now())
        queue_on_commit(pks)
    return len(pks)


# --- personal data (registered with core.privacy by sjuharad's AppConfig) --------


class OutboxPrivacy:
    """The mails addressed to a person: in their data download, gone with the account,
    and deleted some days after they were sent (`MAIL_KEEP_DAYS`)."""

    @staticmethod
    def export(user) -> list[dict]:
        return [
            {"to": m.to, "subject": m.subject, "body": m.body_text,
             "created_at": m.created_at.isoformat(),
             "sent_at": m.sent_at.isoformat() if m.sent_at else None}
            for m in OutgoingMail.objects.for_address(user.email).order_by("pk")
        ]

    @staticmethod
    def before_delete_user(user) -> None:
        OutgoingMail.objects.for_address(user.email).delete()

    @staticmethod
    def apply_retention(now: datetime) -> int:
        cutoff = now - timedelta(days=_setting("MAIL_KEEP_DAYS", 30))
        done = Q(sent_at__lt=cutoff) | Q(failed_at__lt=cutoff)
        deleted, _by_model = OutgoingMail.objects.filter(done).delete()
        return deleted

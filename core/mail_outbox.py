"""The portal's one mail engine: an outbox row per mail, sent by workers in batches.

Writing: `enqueue()` / `enqueue_message()` render a mail now and `schedule()` adds mail
an app renders when it is due (reminders); all write `OutgoingMail` rows in the
caller's transaction and publish a send task once it commits. A rolled-back change
leaves neither a row nor a task. A row with a `key` is made once.

Sending (`send_due`, a Celery task that carries no row ids): a worker leases a chunk
of due rows with one conditional UPDATE (a short lease, `MAIL_CLAIM_SECONDS`), drops
what is no longer wanted (an inactive account; the app's check: registration gone,
event cancelled…) and sends the rest over one SMTP connection. Before each send it
renews that one row's lease for the longest a send may take, and marks the row right
after the server's answer. A killed worker leaves one row "in flight" (its long lease)
and the untried ones with a lease that ends within a minute or two; the next claim
takes them.

The one policy (`_outcome_of`):
* failed before the server could have taken the message (no connection, a 4xx to
  MAIL/RCPT/DATA, a disconnect before DATA): retried later, as the row's next due time;
* a 5xx answer: failed, not retried (the mailbox is gone, the sender refused);
* no answer to the end of DATA (timeout, dropped connection): "in doubt", never
  resent by itself; the coordinator can send it again in admin (`send_again`);
* a template or other programming error: failed, logged as an error with its traceback,
  which Sentry reports (core/sentry.py).

Nothing waits in the broker: retries and scheduled mail are rows with a due time,
and beat's `sweep()` publishes send tasks every minute when rows are due and the
queue holds none (a broker restart lost it), so a restart neither loses a mail nor
holds a countdown task that could trip a worker.

The one window left for a second copy: a worker killed after the server's "250 OK"
and before its UPDATE to "sent". The row keeps its Message-ID, so mail systems that
de-duplicate drop the copy. "Mark first, then send" would lose mail silently at every
restart mid-send instead.
"""

import logging
import smtplib
import time
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from celery import current_app, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend
from django.db import connection as dbconnection
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from kombu.exceptions import ChannelError

from core.emails import render
from core.models import OutgoingMail
from core.site import site_domain

log = logging.getLogger(__name__)
Status = OutgoingMail.Status

MAX_ATTEMPTS = 25  # with delays capped at half an hour: about ten hours of outage
MAX_RETRY_DELAY = 1800
CHUNK = 50  # rows per lease: the checks and the claim are per chunk, the marks per row
MAX_TASKS = 8  # send tasks published at once for a backlog (more than workers × pool)
SEND_TIME_BUDGET = 60  # a task starts no new send after this; it publishes its successor
DATA_END_TIMEOUT = 600  # RFC 5321 4.5.3.2.6: wait 10 minutes for the answer to end of DATA


def _setting(name, default):
    return getattr(settings, name, default)


def retry_countdown(attempts: int) -> int:
    """Seconds before the next try: base, 2×base, 4×base … at most half an hour."""
    base = _setting("MAIL_RETRY_BASE_SECONDS", 30)
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY)


def claim_lease() -> timedelta:
    """How long a leased but untried row is kept from other workers."""
    return timedelta(seconds=_setting("MAIL_CLAIM_SECONDS", 60))


# The send task's hard limit: the budget, then one send waiting for the end of DATA.
SEND_TIME_LIMIT = SEND_TIME_BUDGET + DATA_END_TIMEOUT + 120


def in_flight_lease() -> timedelta:
    """How long the row being sent is kept from other workers: past the task's hard
    limit, so only a row whose worker is gone is taken again."""
    return timedelta(seconds=SEND_TIME_LIMIT + 60)


def new_message_id() -> str:
    return f"<{uuid.uuid4().hex}@{site_domain()}>"


# --- what apps register (from their AppConfig.ready) -------------------------------


@dataclass
class Rendered:
    subject: str
    text: str
    html: str = ""
    attachments: list = field(default_factory=list)  # (filename, content, mimetype)


CONCERNS = {}


def register(concern: str, prepare) -> None:
    """`prepare(rows, now, cache)` for a chunk of rows of this concern returns an object
    with `skip_reason(row) -> str` ("" to send) and `render(row) -> Rendered | None`
    (None: the row's stored text). `cache` lives for a task run, so a message is
    rendered once per template, language and audience."""
    CONCERNS[concern] = prepare


def register_check(concern: str, still_wanted, reason) -> None:
    """A concern for mail rendered at enqueue: at the moment of sending, a row of the
    chunk is sent with its stored text if `still_wanted(rows)` (one query for the chunk;
    the set of the rows' pks still wanted) has it, otherwise skipped with `reason`."""
    register(concern, lambda rows, now, cache: _Checked(still_wanted(rows), reason))


@dataclass
class _Checked:
    wanted: set
    reason: str

    def skip_reason(self, row) -> str:
        return "" if row.pk in self.wanted else str(self.reason)

    def render(self, row) -> None:
        return None


# --- writing rows (in the caller's transaction) ----------------------------------


def enqueue(name: str, to: str, context: dict, language: str | None = None,
            attachment: tuple[str, str, str] | None = None, topic: str = "",
            concern: str = "", data: dict | None = None) -> OutgoingMail:
    """Render `emails/<name>/` for `to` and queue it; returns the outbox row.

    Call it inside the transaction of the change the mail is about. `attachment` is
    (filename, text content, mimetype), e.g. an .ics calendar file; `topic` names what
    the mail is about, for `withdraw_unsent`; `concern` and `data` name a registered
    check that it is still wanted when it is sent.
    """
    subject, text, html = render(name, to, context, language)
    filename, content, mimetype = attachment or ("", "", "")
    mail = OutgoingMail.objects.create(
        message_id=new_message_id(), template=name, topic=topic, to=to, subject=subject[:500],
        body_text=text, body_html=html, attachment_name=filename, attachment=content,
        attachment_type=mimetype, concern=concern, data=data or {})
    publish_on_commit(1)
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
    publish_on_commit(len(rows))
    return rows


def schedule(concern: str, template: str, topic: str, rows: list[dict]) -> int:
    """Mail that `concern`'s registered hooks render when it is due.

    Each of `rows` is {"key", "to", "due_at", "data"}; a key already in the outbox is
    left alone (another sweep made it). Returns how many rows are new.
    """
    keys = [row["key"] for row in rows]
    existing = set()
    for start in range(0, len(keys), 500):
        existing.update(OutgoingMail.objects.filter(key__in=keys[start:start + 500])
                        .values_list("key", flat=True))
    new = [OutgoingMail(message_id=new_message_id(), key=row["key"], template=template,
                        topic=topic, concern=concern, data=row["data"], to=row["to"],
                        due_at=row["due_at"])
           for row in rows if row["key"] not in existing]
    # ignore_conflicts: a sweep side by side may have made some meanwhile.
    OutgoingMail.objects.bulk_create(new, batch_size=1000, ignore_conflicts=True)
    if new:
        publish_on_commit(len(new))
    return len(new)


def withdraw_unsent(topic: str) -> int:
    """Delete the unsent mails about `topic` that no worker is sending right now
    (a revoked invitation); returns how many."""
    deleted, _by_model = OutgoingMail.objects.filter(topic=topic, status=Status.QUEUED).delete()
    return deleted


def skip_unsent(mails, reason: str) -> int:
    """Mark the queued ones among `mails` skipped (a cancelled event's reminders)."""
    return mails.filter(status=Status.QUEUED).update(
        status=Status.SKIPPED, last_error=reason, failed_at=timezone.now())


def queue_skipped_again(mails) -> int:
    """The skipped ones among `mails` are due again (an event planned again); the send
    step's checks decide once more."""
    count = mails.filter(status=Status.SKIPPED).update(
        status=Status.QUEUED, last_error="", failed_at=None)
    publish_on_commit(count)
    return count


def send_again(mails) -> int:
    """Admin's "send again": failed and in-doubt rows are queued once more, with fresh
    attempts. The only way an in-doubt mail is sent a second time."""
    with transaction.atomic():
        count = mails.filter(status__in=[Status.FAILED, Status.IN_DOUBT]).update(
            status=Status.QUEUED, attempts=0, due_at=timezone.now(), failed_at=None)
        publish_on_commit(count)
    return count


def publish_on_commit(rows: int) -> None:
    """Send tasks for `rows` new due rows, published once the rows are committed.

    Robust: a broker that cannot take the task now is logged, not raised (the change is
    committed and the user gets their page); the sweep publishes later.
    """
    tasks = min(MAX_TASKS, -(-rows // CHUNK))
    for _n in range(tasks):
        transaction.on_commit(lambda: send_due.delay(), robust=True)


# --- sending (in a worker) -------------------------------------------------------


@shared_task(acks_late=True, ignore_result=True, soft_time_limit=SEND_TIME_LIMIT - 60,
             time_limit=SEND_TIME_LIMIT)
def send_due() -> dict:
    """Celery task: send due rows until none is left or the time budget is spent."""
    results, more = send_due_mail()
    if more:
        send_due.delay()
    return dict(results)


def due_rows(now: datetime):
    """Queued and due, or leased by a worker whose lease ran out (it died)."""
    return OutgoingMail.objects.filter(Q(status=Status.QUEUED, due_at__lte=now)
                                       | Q(status=Status.SENDING, claimed_until__lt=now))


def claim(limit: int, now: datetime | None = None) -> list[OutgoingMail]:
    """Lease up to `limit` due rows for this worker with one conditional UPDATE.

    The token marks this lease's rows, so on any database exactly one worker gets a
    row however many saw it due (SQLite has no row locks to lean on).
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    with transaction.atomic():
        pks = list(due_rows(now).select_for_update(skip_locked=True)
                   .order_by("due_at", "pk").values_list("pk", flat=True)[:limit])
        if not pks:
            return []
        due_rows(now).filter(pk__in=pks).update(
            status=Status.SENDING, claimed_by=token, claimed_until=now + claim_lease())
    return list(OutgoingMail.objects.filter(pk__in=pks, claimed_by=token,
                                            status=Status.SENDING).order_by("due_at", "pk"))


def send_due_mail(budget: float = SEND_TIME_BUDGET) -> tuple[Counter, bool]:
    """Lease and send chunks over one SMTP connection. Returns (outcomes, more left).

    In the site's language whatever the calling process had active (an eager task after
    an English page): skip reasons and errors are the coordinator's, and each message is
    rendered in its recipient's own language anyway."""
    with translation.override(settings.LANGUAGE_CODE):
        return _send_due_mail(budget)


def _send_due_mail(budget: float) -> tuple[Counter, bool]:
    results = Counter()
    cache = {}  # renderings for this run, shared by the chunks
    connection = mail_connection()
    started = time.monotonic()
    try:
        with commits_without_waiting_for_disk():
            while rows := claim(CHUNK):
                for row, prepared in _still_wanted(rows, cache, results):
                    if time.monotonic() - started > budget:
                        _give_back(rows)
                        return results, True
                    results[_send_one(row, prepared, connection)] += 1
    finally:
        _close_quietly(connection)
    return results, False


def _still_wanted(rows, cache, results):
    """[(row, prepared)] for the rows to send now; the others are marked skipped.

    At the moment of sending: the account is still active, and the app's check (its
    registration still there, the event not cancelled…) still wants it.
    """
    now = timezone.now()
    addresses = {row.to.lower() for row in rows}
    inactive = set(get_user_model().objects.annotate(address=Lower("email"))
                   .filter(address__in=addresses, is_active=False)
                   .values_list("address", flat=True))
    by_concern = defaultdict(list)
    for row in rows:
        by_concern[row.concern].append(row)
    prepared, broken = {}, set()
    for concern, group in by_concern.items():
        if concern in CONCERNS:
            try:
                prepared[concern] = CONCERNS[concern](group, now, cache)
            except Exception as error:  # the app's check is broken: a bug, like a template's
                broken.add(concern)
                for row in group:
                    results[_bug(row, error)] += 1
    skipped, wanted = defaultdict(list), []
    for row in rows:
        if row.concern in broken:
            continue
        hooks = prepared.get(row.concern)
        reason = (_("Kontot är inte aktivt.") if row.to.lower() in inactive
                  else hooks.skip_reason(row) if hooks else "")
        if reason:
            skipped[str(reason)].append(row.pk)
        else:
            wanted.append((row, hooks))
    for reason, pks in skipped.items():
        OutgoingMail.objects.filter(pk__in=pks, status=Status.SENDING).update(
            status=Status.SKIPPED, last_error=reason, failed_at=now)
        results["skipped"] += len(pks)
    return wanted


class DeliveryInDoubt(smtplib.SMTPException):
    """The message went out, but the server's answer to it never came."""


def _send_one(row, hooks, connection) -> str:
    now = timezone.now()
    # This row's lease, renewed for the longest this send may take; lost: another
    # worker took the row after our lease ran out.
    if not OutgoingMail.objects.filter(pk=row.pk, status=Status.SENDING,
                                       claimed_by=row.claimed_by).update(
            claimed_until=now + in_flight_lease(), attempts=F("attempts") + 1):
        return "lost"
    row.attempts += 1
    try:
        message = as_message(row, hooks.render(row) if hooks else None)
    except Exception as error:  # a template error is a bug: retrying cannot help
        return _bug(row, error)
    try:
        connection.open()  # kept open between rows; opened again after an error closed it
        connection.send_messages([message])
    except Exception as error:
        _close_quietly(connection)  # the next message opens a fresh connection
        return _outcome_of(row, error)
    # Right after its own send: the window for a second copy is this one statement.
    _finish(row, Status.SENT, "", sent_at=timezone.now(), subject=message.subject[:500])
    log.info("Sent mail %s (%s)", row.pk, row.template)  # ids only: no addresses in logs
    return "sent"


def _outcome_of(row, error) -> str:
    """The policy: what a send that raised `error` leaves the row as."""
    text = f"{type(error).__name__}: {error}"[:2000]
    # A send cut short by the task's time limit may have reached DATA: in doubt too.
    if isinstance(error, (DeliveryInDoubt, SoftTimeLimitExceeded)):
        log.warning("Mail %s in doubt, not retried: %s", row.pk, error)
        _finish(row, Status.IN_DOUBT, _("Okänt om e-postservern tog emot meddelandet (inget "
                                        "svar efter DATA); skickas inte igen av sig själv. ")
                + text, failed_at=timezone.now())
        return "in-doubt"
    if not isinstance(error, (OSError, smtplib.SMTPException)):
        return _bug(row, error)
    if _permanent(error) or row.attempts >= MAX_ATTEMPTS:
        log.warning("Mail %s (%s) failed for good: %s", row.pk, row.template,
                    type(error).__name__)
        _finish(row, Status.FAILED, text, failed_at=timezone.now())
        return "failed"
    log.warning("Mail %s (%s) failed, attempt %s: %s", row.pk, row.template, row.attempts,
                type(error).__name__)
    # Its next try is the row's due time: the sweep publishes it, no broker countdown.
    _finish(row, Status.QUEUED, text, claimed_until=None,
            due_at=timezone.now() + timedelta(seconds=retry_countdown(row.attempts)))
    return "retrying"


def _permanent(error) -> bool:
    """A 5xx answer: the server will say the same next time."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def _bug(row, error) -> str:
    # An ERROR with its traceback: Sentry's logging integration reports it (core/sentry.py).
    log.error("Mail %s (%s) cannot be built or sent: %s", row.pk, row.template, error,
              exc_info=error)
    _finish(row, Status.FAILED, f"{type(error).__name__}: {error}"[:2000],
            failed_at=timezone.now())
    return "failed"


def _finish(row, status, error, **fields):
    OutgoingMail.objects.filter(pk=row.pk, status=Status.SENDING,
                                claimed_by=row.claimed_by).update(
        status=status, last_error=error, **fields)


def _give_back(rows):
    """Untried rows of a task that spent its time go back at once, for its successor."""
    OutgoingMail.objects.filter(pk__in=[row.pk for row in rows], status=Status.SENDING,
                                claimed_by=rows[0].claimed_by).update(
        status=Status.QUEUED, claimed_until=None)


def as_message(row: OutgoingMail, rendered: Rendered | None = None) -> EmailMultiAlternatives:
    if rendered is None:
        if not row.body_text and not row.body_html:
            raise LookupError(f"No text and no renderer for concern {row.concern!r}")
        attachments = ([(row.attachment_name, row.attachment, row.attachment_type)]
                       if row.attachment_name else [])
        rendered = Rendered(row.subject, row.body_text, row.body_html, attachments)
    message = EmailMultiAlternatives(rendered.subject, rendered.text,
                                     settings.DEFAULT_FROM_EMAIL, [row.to],
                                     headers={"Message-ID": row.message_id})
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    for filename, content, mimetype in rendered.attachments:
        message.attach(filename, content, mimetype)
    return message


class PatientSMTP(smtplib.SMTP):
    """smtplib.SMTP that waits as long as RFC 5321 asks for the answer to the end of DATA.

    With EMAIL_TIMEOUT (20 s) there, a server that queues the message slowly makes the
    client give up and try again, and the person gets two copies. A lost connection or
    a timeout once DATA began raises DeliveryInDoubt, which is never retried by itself.
    """

    def data(self, msg):
        if self.sock is not None:
            self.sock.settimeout(DATA_END_TIMEOUT)
        try:
            return super().data(msg)
        except smtplib.SMTPResponseException:
            raise  # the server answered no: nothing was accepted
        except OSError as error:  # timeouts and disconnects (SMTPServerDisconnected too)
            raise DeliveryInDoubt(f"{type(error).__name__}: {error}") from error
        finally:
            if self.sock is not None:
                self.sock.settimeout(self.timeout)


class PatientEmailBackend(SMTPEmailBackend):
    @property
    def connection_class(self):
        return smtplib.SMTP_SSL if self.use_ssl else PatientSMTP


def mail_connection():
    """One connection per task run; the patient SMTP client when mail goes over SMTP."""
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return PatientEmailBackend()
    return get_connection()


def _close_quietly(connection):
    try:
        connection.close()
    except Exception as error:  # a broken connection may fail to say QUIT
        log.info("Closing the mail connection failed: %s", error)


@contextmanager
def commits_without_waiting_for_disk():
    """On PostgreSQL, the per-row marks commit without waiting for the WAL flush.

    Waiting for the disk on every mark more than halved a worker's rate. The price: if
    PostgreSQL itself crashes, the marks of the last fraction of a second are lost and
    those rows are sent again when their lease ends, with the same Message-ID.
    """
    if dbconnection.vendor != "postgresql" or dbconnection.in_atomic_block:
        yield
        return
    with dbconnection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with dbconnection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


# --- the sweep (beat, every minute) ----------------------------------------------


def sweep(now: datetime | None = None) -> int:
    """Publish send tasks when rows are due and the queue holds no send task (the broker
    lost it, a retry's time came, a dead worker's lease ran out). Returns the due rows."""
    now = now or timezone.now()
    due = due_rows(now).count()
    if due and send_queue_is_empty():
        for _n in range(min(MAX_TASKS, -(-due // CHUNK))):
            send_due.delay()
        log.info("Mail sweep: %s rows due, send tasks published", due)
    return due


def send_queue_is_empty() -> bool:
    """Does the broker hold no send task (none waiting, or the queue is gone)?"""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return True
    try:
        with current_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1)
            declared = connection.default_channel.queue_declare(
                queue=settings.CELERY_TASK_DEFAULT_QUEUE, passive=True)
    except ChannelError:
        return True  # the broker lost the queue with everything in it
    except Exception as error:  # broker unreachable: publishing waits for it anyway
        log.warning("Could not look at the send queue: %s", error)
        return False
    return declared.message_count == 0


# --- personal data (registered with core.privacy by sjuharad's AppConfig) --------


class OutboxPrivacy:
    """The mails addressed to a person: in their data download, gone with the account,
    and deleted some days after they were sent (`MAIL_KEEP_DAYS`)."""

    @staticmethod
    def export(user) -> list[dict]:
        return [
            {"to": m.to, "subject": m.subject or m.template, "body": m.body_text,
             "status": m.status, "created_at": m.created_at.isoformat(),
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
        # A keyed row (a reminder) is its "made once" mark while its event may still be
        # ahead (offsets reach a year): kept longer, or the sweep would make it again.
        kept = Q(key__isnull=False, due_at__gte=now - timedelta(days=400))
        deleted, _by_model = OutgoingMail.objects.filter(done).exclude(kept).delete()
        return deleted

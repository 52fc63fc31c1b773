"""The reminder sweep and the send step.

Delivery guarantee (read this before changing anything):

* A row per (event, person, message, offset, due time) under a unique
  constraint: the sweep can run any number of times, in any number of
  processes, and creates each row once.
* Publishing: the sweep stamps due rows (enqueued_at) under
  select_for_update(skip_locked) and publishes them in send batches after
  commit, so sweeps side by side never publish a row twice. A row stamped over
  two minutes ago that no task claimed was lost with the broker's queue; it is
  published again, but only while the send queue is empty (a backlog still
  holds its task). After a broker restart without its queue every due reminder
  still goes out within about three minutes.
* Sending: a task claims its batch with one conditional UPDATE
  (queued/retrying -> sending, stamped with a claim token) and sends only the
  rows that UPDATE changed, so two workers, a redelivered task or a retry
  never send the same row twice. Each row is marked "sent" right after its own
  SMTP transaction, over one SMTP connection per batch.
* A slow mail server never causes a second copy: the client waits 10 minutes
  for the answer to the end of DATA (RFC 5321 4.5.3.2.6), not EMAIL_TIMEOUT;
  a timeout or lost connection after the message went out leaves the row
  "failed" (in doubt) and it is never retried by itself.
* The one window left: a worker killed after the SMTP server's "250 OK" and
  before its UPDATE to "sent" (a single statement, well under a millisecond;
  or a PostgreSQL crash within the marks it had not yet flushed). Its row
  stays "sending" and after EVENTS_SENDING_TIMEOUT_SECONDS the sweep returns it
  to "retrying", so the person gets a second copy. It cannot be closed from
  this side: SMTP has no two-phase commit, and "mark first, then send" would
  lose the reminder silently whenever a worker is restarted mid-send, which is
  far more common. The second copy carries the same Message-ID
  (ReminderDelivery.message_id, stable per row), so mail systems and clients
  that de-duplicate by Message-ID drop it.
* The sweep finds due work from the database, so reminders that fell due while
  workers or Redis were down go out when they return, as long as the event has
  not started.

This module never imports services or tasks: services (cancelling an event)
and the beat task (events.tasks) call into it, and the send task it queues is
defined here, next to the guarantee it keeps.
"""

import logging
import smtplib
import time
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import timedelta

from celery import current_app, shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPEmailBackend
from django.db import connection as dbconnection
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from kombu.exceptions import ChannelError

from core.emails import build_message
from events import ics, mail_context
from events.audience import recipients
from events.models import (
    MAX_REMINDER_HOURS,
    Event,
    KindReminderSetting,
    Registration,
    ReminderDelivery,
    ReminderOptOut,
    parse_hours,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Follow-ups are not sent when we are this late (e.g. the portal was off for weeks).
FOLLOW_UP_GRACE = timedelta(days=7)
# Follow-ups further out than this after the event are not looked for.
MAX_FOLLOW_UP_DAYS = 366
BATCH_SIZE = 1000
Status = ReminderDelivery.Status
Message = ReminderDelivery.Message


def sending_timeout():
    return timedelta(seconds=getattr(settings, "EVENTS_SENDING_TIMEOUT_SECONDS", 900))


def requeue_after():
    """A row published this long ago and still unclaimed was lost with the broker's queue
    (queue_pending_deliveries): short, so it still goes out within minutes of its time."""
    return timedelta(seconds=getattr(settings, "EVENTS_REQUEUE_AFTER_SECONDS", 120))


def retry_countdown(attempts: int) -> int:
    """Growing delays: 1, 2, 4, 8 minutes."""
    return 60 * 2 ** max(attempts - 1, 0)


def kind_settings():
    """The coordinator's offsets per kind; a value that no longer parses is left out (logged)."""
    kinds = {}
    for kind, text in KindReminderSetting.as_dict().items():
        try:
            parse_hours(text)
        except ValueError:
            log.error("Reminder offsets %r for kind %s are invalid; the default applies.",
                      text, kind)
            continue
        kinds[kind] = text
    return kinds


def due_times(event, kinds=None, now=None):
    """[(message, offset_hours, due_at)] for the event's reminders and follow-up.

    Offsets come longest first, so the last one due is the latest reminder.
    """
    times = [(Message.REMINDER, hours, event.reminder_due_at(hours))
             for hours in event.reminder_offsets(kinds)]
    if now is not None:
        # Of several reminders due at once (workers were down), only the latest
        # goes out: "in a week" is wrong when the meeting is tomorrow.
        due_now = [t for t in times if t[2] <= now]
        times = [t for t in times if t[2] > now] + due_now[-1:]
    if event.follow_up_message.strip():
        after = timedelta(days=event.follow_up_days)
        times.append((Message.FOLLOW_UP, -int(after.total_seconds() // 3600),
                      event.ends_at + after))
    return times


def _is_current(event, message, due_at, now):
    """Is a message with this due time still wanted now?"""
    if event.is_cancelled:
        return False
    if message == Message.FOLLOW_UP:
        return due_at <= now < due_at + FOLLOW_UP_GRACE
    return due_at <= now < event.starts_at


def events_to_sweep(now):
    """Scheduled events that may have a reminder or a follow-up due now.

    Offsets are at most MAX_REMINDER_HOURS (a year, checked by the model validator
    and by services.save_event), so the window ahead is a year and a day (whole-day
    offsets count on the wall clock, an hour off across DST). Behind: events with a
    follow-up message whose follow-up can still be due.
    """
    ahead = now + timedelta(hours=MAX_REMINDER_HOURS + 24)
    behind = now - timedelta(days=MAX_FOLLOW_UP_DAYS) - FOLLOW_UP_GRACE
    return Event.objects.scheduled().filter(
        Q(starts_at__gt=now, starts_at__lte=ahead)
        | (Q(starts_at__lte=now, ends_at__gt=behind) & ~Q(follow_up_message="")))


def create_due_deliveries(now=None) -> int:
    """Create the missing delivery rows for everything due now. Idempotent.

    One event whose data breaks the sweep (an offset stored past the validators,
    a database error on its rows) is logged and left out; the others go on.
    """
    now = now or timezone.now()
    kinds = kind_settings()
    created = 0
    for event in events_to_sweep(now):
        try:
            due = [(message, offset, due_at)
                   for message, offset, due_at in due_times(event, kinds, now)
                   if _is_current(event, message, due_at, now)]
            if not due:
                continue  # most events on most minutes: no query, no savepoint
            with transaction.atomic():
                created += sum(_create_rows(event, *row) for row in due)
        except Exception:  # isolate one event; the log has the traceback
            log.exception("Reminder sweep skipped event %s", event.pk)
    return created


def _create_rows(event, message, offset, due_at) -> int:
    people = recipients(event, as_of=due_at)
    people = people.exclude(reminder_opt_outs__event=event).exclude(
        reminder_opt_outs__kind=event.kind)
    existing = ReminderDelivery.objects.filter(event=event, message=message,
                                               offset_hours=offset, due_at=due_at)
    people = people.exclude(pk__in=existing.values("user_id"))
    rows = [ReminderDelivery(event=event, user_id=pk, message=message, offset_hours=offset,
                             due_at=due_at)
            for pk in people.values_list("pk", flat=True)]
    # ignore_conflicts: another sweep may have created some rows meanwhile.
    ReminderDelivery.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
    return len(rows)


def release_stuck_deliveries(now=None) -> int:
    """Rows whose worker died mid-send go back to the queue (see the module docstring)."""
    now = now or timezone.now()
    return ReminderDelivery.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - sending_timeout()).update(
        status=Status.RETRYING, enqueued_at=None,
        last_error=_("Arbetsprocessen avbröts under sändning; försöker igen."))


def queue_pending_deliveries(now=None) -> int:
    """Publish send tasks for the due rows that no task carries; each row once.

    Rows are claimed for publishing in batches under select_for_update(skip_locked):
    two sweeps side by side take different rows, and the enqueued_at stamp keeps
    the next sweep off them. A row stamped longer than requeue_after() (2 minutes) ago whose
    task never claimed it was lost with the broker's queue; it is published again,
    but only while the send queue is empty, so a backlog (tasks still waiting in
    the broker) is never published twice. Sending stays exactly once either way:
    the send step claims each row with a conditional UPDATE.
    """
    now = now or timezone.now()
    waiting = Q(enqueued_at__isnull=True)
    if send_queue_is_empty():
        waiting |= Q(enqueued_at__lt=now - requeue_after())
    due = ReminderDelivery.objects.filter(waiting, status__in=ReminderDelivery.PENDING,
                                          due_at__lte=now)
    queued = 0
    while True:
        with transaction.atomic():
            pks = list(due.select_for_update(skip_locked=True).order_by("due_at", "pk")
                       .values_list("pk", flat=True)[:BATCH_SIZE])
            if not pks:
                return queued
            ReminderDelivery.objects.filter(pk__in=pks).update(enqueued_at=now)
            transaction.on_commit(lambda pks=pks: queue_sends(pks))
        queued += len(pks)


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


def sweep(now=None) -> dict:
    """The reminder part of the minute sweep (events.tasks.sweep adds the waiting lists)."""
    now = now or timezone.now()
    released = release_stuck_deliveries(now)
    created = create_due_deliveries(now)
    queued = queue_pending_deliveries(now)
    return {"released": released, "created": created, "queued": queued}


# --- sending -------------------------------------------------------------------

# Rows per send task: big enough that the broker and the task overhead vanish per
# reminder, small enough that a killed worker's batch goes back quickly.
SEND_BATCH_SIZE = 50
# A task starts no new send after this many seconds; the rest of its batch is
# published again at once (so a slow mail server never runs a task into its limit).
SEND_TIME_BUDGET = 60
# RFC 5321 4.5.3.2.6: wait 10 minutes for the answer to the end of DATA.
DATA_END_TIMEOUT = 600


class SendFailed(Exception):
    pass


class DeliveryInDoubt(smtplib.SMTPException):
    """The message was sent but the server's answer to it never came."""


class PatientSMTP(smtplib.SMTP):
    """smtplib.SMTP that waits as long as RFC 5321 asks for the answer to the end of DATA.

    With EMAIL_TIMEOUT (20 s) there, a server that queues the message slowly
    makes the client give up and try again, and the person gets two copies. A
    lost connection or a timeout after the message went out raises
    DeliveryInDoubt, which is never retried automatically.
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
    """One connection for a whole batch; the patient SMTP client when mail goes over SMTP."""
    if settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
        return PatientEmailBackend()
    return get_connection()


@shared_task(bind=True, acks_late=True, soft_time_limit=SEND_TIME_BUDGET + DATA_END_TIMEOUT + 60,
             time_limit=SEND_TIME_BUDGET + DATA_END_TIMEOUT + 120)
def send_batch(self, pks):
    """Celery task: deliver a batch of rows over one SMTP connection.

    Rows the mail server refused come back in a task of their own after a growing
    delay; rows the time budget left over are published again at once. acks_late
    and reject_on_worker_lost come from settings, so a killed worker's task is
    delivered again (and finds its rows claimed or sent).
    """
    outcome = deliver_batch(pks)
    if outcome.retry:
        send_batch.apply_async((outcome.retry,), countdown=outcome.retry_countdown)
    if outcome.left_over:
        send_batch.delay(outcome.left_over)
    return outcome.counts


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_delivery(self, delivery_pk):
    """One row (tasks published before batches existed; deliver() for tests and admin)."""
    try:
        return deliver(delivery_pk)
    except SendFailed as error:
        attempts = self.request.retries + 1
        raise self.retry(countdown=retry_countdown(attempts), exc=error) from error


def queue_sends(pks):
    """Publish send tasks for these rows (pks only), SEND_BATCH_SIZE rows a task. On commit."""
    pks = list(pks)
    for start in range(0, len(pks), SEND_BATCH_SIZE):
        send_batch.delay(pks[start:start + SEND_BATCH_SIZE])


def claim(pk, now=None) -> bool:
    """Take one row for this worker; True only for the one worker whose UPDATE hit it."""
    return bool(claim_batch([pk], now))


def claim_batch(pks, now=None) -> list:
    """Take the pending rows among pks with one conditional UPDATE; returns them, loaded.

    The token marks this claim's rows, so on any database exactly one worker gets a
    row however many hold its pk (SQLite has no row locks to lean on).
    """
    now = now or timezone.now()
    token = uuid.uuid4().hex
    # due_at: a row re-timed to later (a moved event, services._retime_reminders) after
    # its task was published waits for the sweep that queues it when due again.
    changed = ReminderDelivery.objects.filter(
        pk__in=pks, status__in=ReminderDelivery.PENDING, due_at__lte=now).update(
        status=Status.SENDING, claimed_at=now, claimed_by=token, attempts=F("attempts") + 1)
    if not changed:
        return []
    return list(ReminderDelivery.objects.filter(pk__in=pks, claimed_by=token,
                                                status=Status.SENDING)
                .select_related("event", "user").order_by("event_id", "pk"))


def deliver(pk) -> str:
    """Claim and send one row. Returns the outcome; raises SendFailed to retry."""
    outcome = deliver_batch([pk])
    if outcome.retry:
        raise SendFailed(outcome.errors[pk])
    return outcome.result_of(pk)


class BatchOutcome:
    def __init__(self, pks):
        self.results = dict.fromkeys(pks, "not-claimed")
        self.retry, self.left_over, self.errors = [], [], {}
        self.retry_countdown = 60

    def result_of(self, pk):
        return self.results[pk]

    @property
    def counts(self):
        return dict(Counter(self.results.values()))


def deliver_batch(pks, now=None) -> BatchOutcome:
    """Claim these rows and send the ones still wanted, over one SMTP connection.

    Queries per batch: the claim (2), the facts for the skip rules (3), the
    agenda and carried-over items once per meeting, one UPDATE per skip reason;
    then exactly one UPDATE per row right after its own send (see the module
    docstring for why that one is not batched).
    """
    now = now or timezone.now()
    outcome = BatchOutcome(pks)
    rows = claim_batch(pks, now)
    if not rows:
        return outcome
    wanted, facts = _skip_obsolete(rows, now, outcome)
    messages = MessageFactory(facts)
    connection = mail_connection()
    started = time.monotonic()
    try:
        with commits_without_waiting_for_disk():
            for index, row in enumerate(wanted):
                if time.monotonic() - started > SEND_TIME_BUDGET:
                    _give_back(wanted[index:], outcome)
                    break
                _send_one(row, messages, connection, outcome)
    finally:
        _close_quietly(connection)
    return outcome


@contextmanager
def commits_without_waiting_for_disk():
    """On PostgreSQL, the per-row "sent" marks commit without waiting for the WAL flush.

    Waiting for the disk on every mark more than halved a worker's rate. The price:
    if PostgreSQL itself crashes, the marks of the last fraction of a second are lost,
    those rows return to the queue after the sending timeout and their people get a
    second copy with the same Message-ID: the same window as a worker killed right
    after the server's 250 (module docstring), widened only for a database crash.
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


def _send_one(row, messages, connection, outcome):
    try:
        message = messages.build(row)
        # Opened once and kept (send_messages closes only what it opened itself);
        # opened again only after an error closed it.
        connection.open()
        connection.send_messages([message])
    except DeliveryInDoubt as error:
        # Sent, answer unknown: a retry could deliver a second copy. Admin can send again.
        log.warning("Delivery %s in doubt, not retried: %s", row.pk, error)
        _finish(row.pk, Status.FAILED, _("Okänt om e-postservern tog emot meddelandet "
                                         "(inget svar efter DATA); skickas inte igen av "
                                         "sig själv. ") + str(error))
        outcome.results[row.pk] = "in-doubt"
        _close_quietly(connection)
    except Exception as error:  # SMTP, socket and template errors alike
        _failed(row, error, outcome)
        _close_quietly(connection)  # the next message opens a fresh connection
    else:
        # Right after its own send: the window for a second copy is this one statement.
        _finish(row.pk, Status.SENT, "", sent_at=timezone.now())
        outcome.results[row.pk] = "sent"


def _failed(row, error, outcome):
    log.warning("Delivery %s failed: %s", row.pk, error)
    text = f"{type(error).__name__}: {error}"
    outcome.errors[row.pk] = text
    if row.attempts >= MAX_ATTEMPTS:
        _finish(row.pk, Status.FAILED, text)
        outcome.results[row.pk] = "failed"
        return
    countdown = retry_countdown(row.attempts)
    # Stamped for when its retry task runs, so the sweep does not publish it meanwhile.
    _finish(row.pk, Status.RETRYING, text,
            enqueued_at=timezone.now() + timedelta(seconds=countdown))
    outcome.results[row.pk] = "retrying"
    outcome.retry.append(row.pk)
    outcome.retry_countdown = countdown


def _give_back(rows, outcome):
    pks = [row.pk for row in rows]
    ReminderDelivery.objects.filter(pk__in=pks, status=Status.SENDING).update(
        status=Status.QUEUED, attempts=F("attempts") - 1, enqueued_at=timezone.now())
    outcome.left_over = pks
    for pk in pks:
        outcome.results[pk] = "left-over"


def _close_quietly(connection):
    try:
        connection.close()
    except Exception as error:  # a broken connection may fail to say QUIT
        log.info("Closing the mail connection failed: %s", error)


def _finish(pk, status, error, **fields):
    ReminderDelivery.objects.filter(pk=pk, status=Status.SENDING).update(
        status=status, last_error=error, **fields)


def _skip_obsolete(rows, now, outcome) -> tuple[list, "SkipFacts"]:
    """The rows still wanted (and the batch's facts); the others are marked skipped
    (one UPDATE per reason)."""
    facts = SkipFacts(rows)
    skipped = defaultdict(list)
    wanted = []
    for row in rows:
        reason = _obsolete_reason(row, now, facts)
        if reason:
            skipped[str(reason)].append(row.pk)
            outcome.results[row.pk] = "skipped"
        else:
            wanted.append(row)
    for reason, pks in skipped.items():
        ReminderDelivery.objects.filter(pk__in=pks, status=Status.SENDING).update(
            status=Status.SKIPPED, last_error=reason)
    return wanted, facts


class SkipFacts:
    """What the skip rules need for a whole batch, in three queries."""

    def __init__(self, rows):
        events = {row.event_id for row in rows}
        users = {row.user_id for row in rows}
        self.kinds = kind_settings()
        opt_outs = ReminderOptOut.objects.filter(
            Q(event__in=events) | Q(kind__in={row.event.kind for row in rows}), user__in=users)
        self.opted_out = {(o.user_id, o.event_id or o.kind) for o in opt_outs}
        # One query for both: who said no (declined or cancelled, with nothing, such as
        # a child or a group, still registered under them) and which children a
        # guardian's mail names (one mail per guardian per event names all of them).
        answers = defaultdict(set)
        self.children = defaultdict(list)
        registrations = (Registration.objects.filter(event__in=events, user__in=users)
                         .select_related("child").order_by("child__first_name", "pk"))
        for registration in registrations:
            pair = (registration.event_id, registration.user_id)
            answers[pair].add(registration.status)
            if registration.child_id:
                self.children[pair].append((registration.status, registration.child.name))
        said_no = {Registration.Status.DECLINED, Registration.Status.CANCELLED}
        self.withdrawn = {pair for pair, statuses in answers.items()
                          if statuses & said_no and Registration.Status.REGISTERED not in statuses}

    def children_named(self, row) -> tuple:
        """The children a mail names: registered ones (a cancellation: waiting ones too)."""
        statuses = (Registration.ACTIVE if row.message == Message.CANCELLATION
                    else [Registration.Status.REGISTERED])
        return tuple(name for status, name in self.children[(row.event_id, row.user_id)]
                     if status in statuses)

    def opted_out_of(self, row):
        return ((row.user_id, row.event_id) in self.opted_out
                or (row.user_id, row.event.kind) in self.opted_out)


def _obsolete_reason(delivery, now, facts):
    event = delivery.event
    if delivery.message == Message.CANCELLATION:
        return "" if event.is_cancelled else _("Evenemanget är planerat igen.")
    if event.is_cancelled:
        return _("Evenemanget ställdes in.")
    if delivery.message == Message.REMINDER:
        if now >= event.starts_at:
            return _("Evenemanget hade redan börjat.")
        if event.reminder_due_at(delivery.offset_hours) != delivery.due_at:
            return _("Evenemanget flyttades; en ny påminnelse gäller.")
        later = [h for h in event.reminder_offsets(facts.kinds) if h < delivery.offset_hours]
        if any(event.reminder_due_at(h) <= now for h in later):
            return _("En senare påminnelse gäller i stället.")
    if facts.opted_out_of(delivery):
        return _("Personen har stängt av påminnelser.")
    if (event.pk, delivery.user_id) in facts.withdrawn:
        return _("Personen har tackat nej eller avanmält sig.")
    return ""


TEMPLATES = {
    Message.REMINDER: "reminder_event",
    Message.FOLLOW_UP: "event_follow_up",
    Message.CANCELLATION: "event_cancelled",
}
# Rendered in the person's place, then replaced by each person's name.
NAME_SLOT = "[[recipient-name-4c1d]]"


class MessageFactory:
    """Renders subject, text, HTML and .ics once per event, message, offset, language and
    the children named (most people: none)."""

    def __init__(self, facts):
        self.facts = facts
        self.rendered = {}

    def build(self, delivery):
        language = delivery.user.language or settings.LANGUAGE_CODE
        children = self.facts.children_named(delivery)
        key = (delivery.event_id, delivery.message, delivery.offset_hours, language, children)
        if key not in self.rendered:
            self.rendered[key] = _render(delivery, language, children)
        template = self.rendered[key]
        name = delivery.user.first_name or delivery.user.email
        attachments = template.attachments
        if delivery.message == Message.CANCELLATION:
            # A cancellation names its recipient as ATTENDEE (what Outlook matches).
            attachments = [ics.mail_attachment(delivery.event, delivery.user)]
        message = EmailMultiAlternatives(
            template.subject, template.body.replace(NAME_SLOT, name), template.from_email,
            [delivery.user.email], attachments=attachments,
            headers={"Message-ID": delivery.message_id})
        html, mimetype = template.alternatives[0]
        message.attach_alternative(html.replace(NAME_SLOT, escape(name)), mimetype)
        return message


def _render(delivery, language, children=()):
    event = delivery.event
    context = {
        # A guardian's mail names the children it is about (waiting ones too if cancelled).
        "children": list(children),
        "event": event,
        "person": {"first_name": NAME_SLOT, "email": NAME_SLOT},
        "offset_hours": delivery.offset_hours,
        "offset_days": delivery.offset_hours // 24 if delivery.offset_hours % 24 == 0 else None,
        # A meeting's agenda and open action items come from the meetings app.
        **mail_context.context_for(event),
        "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
        "local_start": timezone.localtime(event.starts_at),
        "local_end": timezone.localtime(event.ends_at),
    }
    return build_message(
        TEMPLATES[delivery.message], "", context, language=language,
        attachments=[ics.mail_attachment(event, delivery.user)])

"""The reminder sweep and the send step.

Delivery guarantee (read this before changing anything):

* A row per (event, person, message, offset, due time) under a unique
  constraint: the sweep can run any number of times, in any number of
  processes, and creates each row once.
* A worker sends a row only after claiming it with a conditional UPDATE
  (queued/retrying -> sending) that changed exactly one row, so two workers,
  a redelivered task or a retry never send the same row twice.
* A worker killed mid-send leaves the row in "sending". After
  EVENTS_SENDING_TIMEOUT_SECONDS the sweep returns it to "retrying". That is
  at-least-once for one narrow window: if the SMTP server had accepted the
  message and the worker died before its UPDATE to "sent", the person gets a
  second copy. We chose that over at-most-once (silently losing reminders
  whenever a worker is restarted mid-send, which is far more common than dying
  in the milliseconds after the SMTP server's "250 OK"). The Message-ID is
  stable per row, so mail systems that de-duplicate by Message-ID drop even that
  copy.
* The sweep finds due work from the database, so reminders that fell due while
  workers or Redis were down go out when they return, as long as the event has
  not started.

This module never imports services or tasks: services (cancelling an event)
and the beat task (events.tasks) call into it, and the send task it queues is
defined here, next to the guarantee it keeps.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import build_message
from events import ics
from events.audience import children_named, recipients, said_no
from events.models import (
    ActionItem,
    Event,
    KindReminderSetting,
    Registration,
    ReminderDelivery,
    ReminderOptOut,
    parse_hours,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Tasks lost with the broker are queued again after this long.
REQUEUE_AFTER = timedelta(minutes=10)
# Follow-ups are not sent when we are this late (e.g. the portal was off for weeks).
FOLLOW_UP_GRACE = timedelta(days=7)
BATCH_SIZE = 1000
Status = ReminderDelivery.Status
Message = ReminderDelivery.Message


def sending_timeout():
    return timedelta(seconds=getattr(settings, "EVENTS_SENDING_TIMEOUT_SECONDS", 900))


def retry_countdown(attempts: int) -> int:
    """Growing delays: 1, 2, 4, 8 minutes."""
    return 60 * 2 ** max(attempts - 1, 0)


def kind_settings():
    return KindReminderSetting.as_dict()


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


def create_due_deliveries(now=None) -> int:
    """Create the missing delivery rows for everything due now. Idempotent."""
    now = now or timezone.now()
    kinds = kind_settings()
    longest = max([h for text in kinds.values() for h in _hours(text)] + [168, 24 * 60])
    events = Event.objects.scheduled().filter(
        starts_at__gt=now - timedelta(days=60) - FOLLOW_UP_GRACE,
        starts_at__lte=now + timedelta(hours=longest))
    created = 0
    for event in events:
        for message, offset, due_at in due_times(event, kinds, now):
            if not _is_current(event, message, due_at, now):
                continue
            created += _create_rows(event, message, offset, due_at)
    return created


def _hours(text):
    try:
        return parse_hours(text)
    except ValueError:
        return []


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
    """Queue a send task (on commit, pk only) for every due row that has none in flight."""
    now = now or timezone.now()
    queued = 0
    while True:
        with transaction.atomic():
            pks = list(ReminderDelivery.objects
                       .filter(status__in=ReminderDelivery.PENDING, due_at__lte=now)
                       .exclude(enqueued_at__gt=now - REQUEUE_AFTER)
                       .order_by("due_at", "pk").values_list("pk", flat=True)[:BATCH_SIZE])
            if not pks:
                return queued
            ReminderDelivery.objects.filter(pk__in=pks).update(enqueued_at=now)
            transaction.on_commit(lambda pks=pks: queue_sends(pks))
            queued += len(pks)


def sweep(now=None) -> dict:
    """The reminder part of the minute sweep (events.tasks.sweep adds the waiting lists)."""
    now = now or timezone.now()
    released = release_stuck_deliveries(now)
    created = create_due_deliveries(now)
    queued = queue_pending_deliveries(now)
    return {"released": released, "created": created, "queued": queued}


# --- sending -------------------------------------------------------------------


class SendFailed(Exception):
    pass


@shared_task(bind=True, acks_late=True, max_retries=None)
def send_delivery(self, delivery_pk):
    """Celery task: deliver one row; mail server errors retry after growing delays.

    acks_late and reject_on_worker_lost come from settings, so a killed
    worker's task is delivered again (and then finds its row claimed or sent).
    """
    try:
        return deliver(delivery_pk)
    except SendFailed as error:
        attempts = self.request.retries + 1
        raise self.retry(countdown=retry_countdown(attempts), exc=error) from error


def queue_sends(pks):
    """Queue one send task per row (pk only). Call it on commit."""
    for pk in pks:
        send_delivery.delay(pk)


def claim(pk, now=None) -> bool:
    """Take the row for this worker; True only for the one worker whose UPDATE hit it."""
    now = now or timezone.now()
    changed = ReminderDelivery.objects.filter(pk=pk, status__in=ReminderDelivery.PENDING).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    return changed == 1


def deliver(pk) -> str:
    """Claim and send one row. Returns the outcome; raises SendFailed to retry."""
    now = timezone.now()
    if not claim(pk, now):
        return "not-claimed"
    delivery = ReminderDelivery.objects.select_related("event", "user").get(pk=pk)
    event = delivery.event
    reason = _obsolete_reason(delivery, now)
    if reason:
        _finish(pk, Status.SKIPPED, reason)
        return "skipped"
    try:
        _build(delivery).send()
    except Exception as error:  # SMTP, socket and template errors alike
        log.warning("Delivery %s to %s failed: %s", pk, delivery.user.email, error)
        if delivery.attempts >= MAX_ATTEMPTS:
            _finish(pk, Status.FAILED, f"{type(error).__name__}: {error}")
            return "failed"
        _finish(pk, Status.RETRYING, f"{type(error).__name__}: {error}", enqueued_at=now)
        raise SendFailed(str(error)) from error
    _finish(pk, Status.SENT, "", sent_at=timezone.now())
    log.info("Sent %s for event %s to %s", delivery.message, event.pk, delivery.user.email)
    return "sent"


def _finish(pk, status, error, **fields):
    ReminderDelivery.objects.filter(pk=pk, status=Status.SENDING).update(
        status=status, last_error=error, **fields)


def _obsolete_reason(delivery, now):
    event = delivery.event
    if delivery.message == Message.CANCELLATION:
        return ""
    if event.is_cancelled:
        return _("Evenemanget ställdes in.")
    if delivery.message == Message.REMINDER:
        if now >= event.starts_at:
            return _("Evenemanget hade redan börjat.")
        if event.reminder_due_at(delivery.offset_hours) != delivery.due_at:
            return _("Evenemanget flyttades; en ny påminnelse gäller.")
        later = [h for h in event.reminder_offsets(kind_settings()) if h < delivery.offset_hours]
        if any(event.reminder_due_at(h) <= now for h in later):
            return _("En senare påminnelse gäller i stället.")
    if ReminderOptOut.objects.filter(Q(event=event) | Q(kind=event.kind),
                                     user=delivery.user_id).exists():
        return _("Personen har stängt av påminnelser.")
    if said_no(event, delivery.user_id):
        return _("Personen har tackat nej eller avanmält sig.")
    return ""


TEMPLATES = {
    Message.REMINDER: "reminder_event",
    Message.FOLLOW_UP: "event_follow_up",
    Message.CANCELLATION: "event_cancelled",
}


def _build(delivery):
    event = delivery.event
    context = {
        "event": event,
        "person": delivery.user,
        "offset_hours": delivery.offset_hours,
        "offset_days": delivery.offset_hours // 24 if delivery.offset_hours % 24 == 0 else None,
        "agenda": list(event.agenda_items.all()) if event.is_meeting else [],
        "carried_over": list(ActionItem.objects.carried_over_to(event).select_related("owner"))
        if event.is_meeting else [],
        "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
        "local_start": timezone.localtime(event.starts_at),
        "local_end": timezone.localtime(event.ends_at),
        # A guardian's mail names the children it is about (waiting ones too if cancelled).
        "children": children_named(event, delivery.user_id, statuses=Registration.ACTIVE
                                   if delivery.message == ReminderDelivery.Message.CANCELLATION
                                   else [Registration.Status.REGISTERED]),
    }
    message = build_message(
        TEMPLATES[delivery.message], delivery.user.email, context,
        language=delivery.user.language,
        attachments=[("evenemang.ics", ics.event_ics(event), "text/calendar")])
    message.extra_headers["Message-ID"] = delivery.message_id
    return message

"""Event reminders, follow-ups and cancellation notices, as rows of the one outbox.

* The minute sweep (`create_due_deliveries`) writes an outbox row per person for each
  reminder or follow-up that is due now, keyed (event, message, offset, due time,
  person) so any number of sweeps make each row once. A moved event gets fresh keys
  for its new time; a row already sent for the old time stays sent.
* Cancelling an event writes the notices in the cancelling transaction
  (`schedule_cancellation`, called by services.cancel_event).
* Sending is core.mail_outbox's (one policy for every mail). This module registers the
  two hooks it calls for a chunk of these rows, at the moment of sending
  (`ReminderChunk`): the reasons a row is no longer wanted (the event cancelled,
  moved or started, a later reminder due, the person opted out or is no longer
  registered or invited), and the rendering, once per event, message, offset,
  language and the children named, with each person's name put in afterwards.
"""

import logging
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.models import User
from core import mail_outbox
from core.emails import render
from core.mail_outbox import Rendered
from core.models import OutgoingMail
from events import ics, mail_context
from events.audience import recipients
from events.models import (
    MAX_REMINDER_HOURS,
    Event,
    KindReminderSetting,
    Registration,
    ReminderOptOut,
    parse_hours,
)

log = logging.getLogger(__name__)

CONCERN = "events.reminder"
# Follow-ups are not sent when we are this late (e.g. the portal was off for weeks).
FOLLOW_UP_GRACE = timedelta(days=7)
# Follow-ups further out than this after the event are not looked for.
MAX_FOLLOW_UP_DAYS = 366


class Message:
    REMINDER = "reminder"
    FOLLOW_UP = "follow_up"
    CANCELLATION = "cancellation"


TEMPLATES = {
    Message.REMINDER: "reminder_event",
    Message.FOLLOW_UP: "event_follow_up",
    Message.CANCELLATION: "event_cancelled",
}
# Rendered in the person's place, then replaced by each person's name.
NAME_SLOT = "[[recipient-name-4c1d]]"


def topic(event_id) -> str:
    return f"event:{event_id}"


def mails_about(event):
    """The event's reminder, follow-up and cancellation rows in the outbox."""
    return OutgoingMail.objects.filter(topic=topic(event.pk), concern=CONCERN)


def delivery_key(event_id, message, offset_hours, due_at: datetime, user_id) -> str:
    """The row's key: made once per event, message, offset, due time and person."""
    due = due_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"event:{event_id}:{message}:{offset_hours}:{due}:{user_id}"


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

    Offsets are at most MAX_REMINDER_HOURS (a year), so the window ahead is a year and
    a day (whole-day offsets count on the wall clock, an hour off across DST). Behind:
    events with a follow-up message whose follow-up can still be due.
    """
    ahead = now + timedelta(hours=MAX_REMINDER_HOURS + 24)
    behind = now - timedelta(days=MAX_FOLLOW_UP_DAYS) - FOLLOW_UP_GRACE
    # An event waiting for a head's approval is not published: no reminders yet.
    return Event.objects.scheduled().published().filter(
        Q(starts_at__gt=now, starts_at__lte=ahead)
        | (Q(starts_at__lte=now, ends_at__gt=behind) & ~Q(follow_up_message="")))


def create_due_deliveries(now=None) -> int:
    """Write the missing outbox rows for everything due now. Idempotent.

    One event whose data breaks the sweep (an offset stored past the validators, a
    database error on its rows) is logged and left out; the others go on.
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
    people = recipients(event, as_of=due_at).exclude(reminder_opt_outs__event=event).exclude(
        reminder_opt_outs__kind=event.kind)
    return _schedule(event, message, offset, due_at, people)


def schedule_cancellation(event, people, now) -> int:
    """The cancellation notices, in the cancelling transaction (services.cancel_event)."""
    return _schedule(event, Message.CANCELLATION, 0, now, people)


def _schedule(event, message, offset, due_at, people) -> int:
    rows = [{"key": delivery_key(event.pk, message, offset, due_at, pk), "to": email,
             "due_at": due_at,
             "data": {"event": event.pk, "user": pk, "message": message,
                      "offset_hours": offset, "due_at": due_at.isoformat()}}
            for pk, email in people.values_list("pk", "email")]
    return mail_outbox.schedule(CONCERN, TEMPLATES[message], topic(event.pk), rows)


def sweep(now=None) -> dict:
    """The reminder part of the minute sweep (events.tasks.sweep adds the waiting lists)."""
    return {"created": create_due_deliveries(now or timezone.now())}


# --- the hooks core.mail_outbox calls at the moment of sending -------------------


class ReminderChunk:
    """What the checks and the rendering need for a chunk of rows, in a few queries."""

    def __init__(self, rows, now, cache):
        self.now, self.cache = now, cache
        data = [row.data for row in rows]
        event_ids, user_ids = {d["event"] for d in data}, {d["user"] for d in data}
        self.events = Event.objects.in_bulk(event_ids)
        self.users = User.objects.in_bulk(user_ids)
        if "kinds" not in cache:
            cache["kinds"] = kind_settings()
        self.kinds = cache["kinds"]
        opt_outs = ReminderOptOut.objects.filter(
            Q(event__in=event_ids) | Q(kind__in={e.kind for e in self.events.values()}),
            user__in=user_ids)
        self.opted_out = {(o.user_id, o.event_id or o.kind) for o in opt_outs}
        self.children = defaultdict(list)
        for registration in (Registration.objects.filter(event__in=event_ids, user__in=user_ids)
                             .exclude(child=None).select_related("child")
                             .order_by("child__first_name", "pk")):
            self.children[(registration.event_id, registration.user_id)].append(
                (registration.status, registration.child.name))
        # Who is still concerned: registered (or invited, and did not say no) as of the
        # reminder's time; one query per event and due time in the chunk.
        groups = defaultdict(set)
        for d in data:
            if d["message"] != Message.CANCELLATION and d["event"] in self.events:
                groups[(d["event"], d["due_at"])].add(d["user"])
        self.concerned = {
            (event_id, due, pk)
            for (event_id, due), users in groups.items()
            for pk in recipients(self.events[event_id], as_of=datetime.fromisoformat(due))
            .filter(pk__in=users).values_list("pk", flat=True)}

    def skip_reason(self, row) -> str:
        d = row.data
        event, message = self.events.get(d["event"]), d["message"]
        if event is None or d["user"] not in self.users:
            return _("Evenemanget eller kontot finns inte längre.")
        if message == Message.CANCELLATION:
            return "" if event.is_cancelled else _("Evenemanget är planerat igen.")
        if event.is_cancelled:
            return _("Evenemanget ställdes in.")
        if message == Message.REMINDER:
            if self.now >= event.starts_at:
                return _("Evenemanget hade redan börjat.")
            if event.reminder_due_at(d["offset_hours"]) != datetime.fromisoformat(d["due_at"]):
                return _("Evenemanget flyttades; en ny påminnelse gäller.")
            later = [h for h in event.reminder_offsets(self.kinds) if h < d["offset_hours"]]
            if any(event.reminder_due_at(h) <= self.now for h in later):
                return _("En senare påminnelse gäller i stället.")
        if (d["user"], event.pk) in self.opted_out or (d["user"], event.kind) in self.opted_out:
            return _("Personen har stängt av påminnelser.")
        if (event.pk, d["due_at"], d["user"]) not in self.concerned:
            return _("Personen är inte längre anmäld eller inbjuden.")
        return ""

    def render(self, row) -> Rendered:
        d = row.data
        event, user, message = self.events[d["event"]], self.users[d["user"]], d["message"]
        language = user.language or settings.LANGUAGE_CODE
        # A guardian's mail names the children it is about (waiting ones too if cancelled).
        statuses = (Registration.ACTIVE if message == Message.CANCELLATION
                    else [Registration.Status.REGISTERED])
        children = tuple(name for status, name in self.children[(event.pk, user.pk)]
                         if status in statuses)
        key = (CONCERN, event.pk, event.sequence, message, d["offset_hours"], language, children)
        if key not in self.cache:
            self.cache[key] = _render(event, user, message, d["offset_hours"], language,
                                      children)
        template = self.cache[key]
        name = user.first_name or user.email
        attachments = template.attachments
        if message == Message.CANCELLATION:
            # A cancellation names its recipient as ATTENDEE (what Outlook matches).
            attachments = [ics.mail_attachment(event, user)]
        return Rendered(template.subject, template.text.replace(NAME_SLOT, name),
                        template.html.replace(NAME_SLOT, escape(name)), attachments)


def _render(event, user, message, offset_hours, language, children) -> Rendered:
    context = {
        "children": list(children),
        "event": event,
        "person": {"first_name": NAME_SLOT, "email": NAME_SLOT},
        "offset_hours": offset_hours,
        "offset_days": offset_hours // 24 if offset_hours % 24 == 0 else None,
        # A meeting's agenda and open action items come from the meetings app.
        **mail_context.context_for(event),
        "event_url": settings.SITE_URL + reverse("events:detail", args=[event.pk]),
        "local_start": timezone.localtime(event.starts_at),
        "local_end": timezone.localtime(event.ends_at),
    }
    subject, text, html = render(TEMPLATES[message], "", context, language)
    return Rendered(subject, text, html, [ics.mail_attachment(event, user)])

"""iCalendar output: every calendar file the portal sends or serves is built here.

- `event_ics(event)`: one event (the download link, and the file in reminders and
  follow-ups), METHOD:PUBLISH.
- `cancellation_ics(event, person)`: the file in a cancellation mail, METHOD:CANCEL.
- `update_ics(event, person)`: the file in the mail about a moved or re-placed event,
  METHOD:REQUEST with the same UID and the raised SEQUENCE, the recipient as ATTENDEE:
  what Outlook and Google Calendar apply to the copy they stored (RFC 5546 3.2.2).
- `mail_attachment(event, person)`: the attachment tuple for a mail about the
  event (`core.emails.build_message(attachments=[...])`); it picks CANCEL for a
  cancelled event, PUBLISH otherwise, and names the method in the MIME type, as
  Outlook needs to treat the file as a change to what it stored.
- `feed_ics(events, name)`: the subscription feed, with how often to refresh.

Why PUBLISH and not REQUEST for invitations and reminders: REQUEST asks the
calendar to show Accept/Decline and to mail the answer to the ORGANIZER, but
the organizer is the portal's no-reply sender and registration happens on the
portal. PUBLISH (RFC 5546 3.2.1) needs an ORGANIZER and no ATTENDEE, so every
file names the same ORGANIZER (the sender address, CN the portal's name) and
the same UID; a later CANCEL from that organizer, with the UID, a higher
SEQUENCE and the recipient as ATTENDEE (RFC 5546 3.2.5), is what Outlook and
Google Calendar match to remove the event.

Times are written in Europe/Stockholm (DTSTART;TZID=Europe/Stockholm) with the zone's
VTIMEZONE block in the file. An alarm "7 days before" is a nominal duration (RFC 5545
3.3.6): counted from a local start it fires at the same wall-clock time as the reminder
mail (Event.reminder_due_at), also across a change to or from summer time; counted from
a UTC start it would fire an hour off.

Text passes through `_text` first: every kind of line break becomes one newline (which
icalendar escapes as \\n) and other control characters go, so whatever people typed
the file stays valid; icalendar escapes commas and semicolons and folds long lines at
75 octets.
"""

import re
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, Timezone, vCalAddress, vDuration, vText
from icalendar import Event as ICalEvent

from core.site import portal_name, sender_address, site_domain
from events.models import KindReminderSetting

PRODID = "-//Kulturskoleportalen Sjuhärad//evenemang//SV"
PUBLISH = "PUBLISH"
REQUEST = "REQUEST"
CANCEL = "CANCEL"
# How often a subscribed calendar should fetch the feed again.
FEED_REFRESH = timedelta(hours=1)
LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _text(value) -> vText:
    """Text an iCalendar line can carry: line breaks as one newline, no control characters."""
    return vText(CONTROL.sub("", LINE_BREAKS.sub("\n", str(value))))


def event_uid(event) -> str:
    """Stable per event; the domain of SITE_URL keeps test and production ids apart."""
    return f"event-{event.pk}@{site_domain()}"


def _local(moment):
    """An aware time in the portal's zone, to the second (written with TZID)."""
    return moment.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE)).replace(microsecond=0)


def _add_timezone(calendar, events):
    """The VTIMEZONE block the TZID times refer to, covering the events' span."""
    if not events:
        return
    first = min(event.starts_at for event in events) - timedelta(days=366)
    last = max(event.ends_at for event in events) + timedelta(days=366)
    calendar.add_component(Timezone.from_tzinfo(zoneinfo.ZoneInfo(settings.TIME_ZONE),
                                                first_date=first.date(), last_date=last.date()))


def _calendar(name, method):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", _text(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _organizer():
    organizer = vCalAddress(f"mailto:{sender_address()}")
    organizer.params["cn"] = portal_name()
    return organizer


def _attendee(person):
    attendee = vCalAddress(f"mailto:{person.email}")
    name = person.get_full_name().strip()
    if name:
        attendee.params["cn"] = name
    attendee.params["role"] = "REQ-PARTICIPANT"
    return attendee


def _vevent(event, alarm_hours=()):
    vevent = ICalEvent()
    vevent.add("uid", event_uid(event))
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", _local(event.starts_at))
    vevent.add("dtend", _local(event.ends_at))
    vevent.add("last-modified", event.updated_at)
    vevent.add("sequence", event.sequence)
    vevent.add("organizer", _organizer())
    vevent.add("summary", _text(event.title))
    vevent.add("description", _text(event.description))
    location = event.place or event.online_link
    if location:
        vevent.add("location", _text(location))
    vevent.add("url", settings.SITE_URL + reverse("events:detail", args=[event.pk]))
    vevent.add("categories", [_text(event.get_kind_display())])
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    if not event.is_cancelled:
        for hours in alarm_hours:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _text(event.title))
            alarm.add("trigger", -timedelta(hours=hours))
            vevent.add_component(alarm)
    return vevent


def event_ics(event) -> bytes:
    """One event with one alarm (its last reminder), METHOD:PUBLISH."""
    calendar = _calendar(event.title, PUBLISH)
    _add_timezone(calendar, [event])
    offsets = event.reminder_offsets(KindReminderSetting.as_dict())
    calendar.add_component(_vevent(event, offsets[-1:]))
    return calendar.to_ical()


def cancellation_ics(event, person) -> bytes:
    """METHOD:CANCEL for one recipient: removes the event from their calendar."""
    calendar = _calendar(event.title, CANCEL)
    _add_timezone(calendar, [event])
    vevent = _vevent(event)
    vevent["status"] = "CANCELLED"
    vevent.add("attendee", _attendee(person))
    calendar.add_component(vevent)
    return calendar.to_ical()


def update_ics(event, person) -> bytes:
    """METHOD:REQUEST for one recipient: moves the event their calendar stored (same UID,
    higher SEQUENCE)."""
    calendar = _calendar(event.title, REQUEST)
    _add_timezone(calendar, [event])
    offsets = event.reminder_offsets(KindReminderSetting.as_dict())
    vevent = _vevent(event, offsets[-1:])
    vevent.add("attendee", _attendee(person))
    calendar.add_component(vevent)
    return calendar.to_ical()


def update_attachment(event, person) -> tuple[str, str, str]:
    """(filename, text, MIME type) of the update file, for core.mail_outbox.enqueue."""
    return ("andrat.ics", update_ics(event, person).decode(),
            f"text/calendar; method={REQUEST}")


def mail_attachment(event, person) -> tuple[str, bytes, str]:
    """(filename, content, MIME type) of the calendar file for a mail to `person`."""
    if event.is_cancelled:
        return "installt.ics", cancellation_ics(event, person), f"text/calendar; method={CANCEL}"
    return "evenemang.ics", event_ics(event), f"text/calendar; method={PUBLISH}"


def feed_ics(events, name, alarms=True) -> bytes:
    """The subscription feed: an alarm for every reminder offset of each event (the
    personal feed); the public feeds (api.feeds) have none, only the same UIDs and SEQUENCE."""
    calendar = _calendar(name, PUBLISH)
    # RFC 7986 and its older Microsoft/Apple form: fetch again every hour.
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    kinds = KindReminderSetting.as_dict() if alarms else {}
    events = list(events)
    _add_timezone(calendar, events)
    for event in events:
        calendar.add_component(_vevent(event, event.reminder_offsets(kinds) if alarms else ()))
    return calendar.to_ical()

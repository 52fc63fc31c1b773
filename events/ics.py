"""iCalendar output: one event, or a person's subscription feed with alarms.

Times are written in UTC (the 'Z' form), which Outlook and Google Calendar
accept without a VTIMEZONE block and which cannot go wrong across DST.

Text passes through `_text` first: every kind of line break becomes one newline (which
icalendar escapes as \\n) and other control characters go, so whatever people typed
the file stays valid; icalendar folds long lines.
"""

import re
from datetime import UTC, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, vText
from icalendar import Event as ICalEvent

from events.models import KindReminderSetting

PRODID = "-//Kulturskoleportalen Sjuhärad//evenemang//SV"
LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _text(value) -> vText:
    """Text an iCalendar line can carry: line breaks as one newline, no control characters."""
    return vText(CONTROL.sub("", LINE_BREAKS.sub("\n", str(value))))


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _text(name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _vevent(event, alarm_hours=()):
    vevent = ICalEvent()
    vevent.add("uid", f"event-{event.pk}@kulturskoleportalen")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", event.starts_at.astimezone(UTC))
    vevent.add("dtend", event.ends_at.astimezone(UTC))
    vevent.add("last-modified", event.updated_at)
    # SEQUENCE must grow with every change so clients replace their copy.
    vevent.add("sequence", int(event.updated_at.timestamp()) // 60 % 2_000_000_000)
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
    """One event with one alarm (its last reminder), e.g. the mail attachment."""
    calendar = _calendar(event.title)
    offsets = event.reminder_offsets(KindReminderSetting.as_dict())
    calendar.add_component(_vevent(event, offsets[-1:]))
    return calendar.to_ical()


def feed_ics(events, name) -> bytes:
    """The subscription feed: an alarm for every reminder offset of each event."""
    calendar = _calendar(name)
    kinds = KindReminderSetting.as_dict()
    for event in events:
        calendar.add_component(_vevent(event, event.reminder_offsets(kinds)))
    return calendar.to_ical()

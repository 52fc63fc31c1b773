"""Every calendar file the portal sends or serves validates and carries what clients need.

Issue 14: UIDs and Message-IDs in SITE_URL's domain, SEQUENCE a change counter,
cancellations as METHOD:CANCEL with ORGANIZER and ATTENDEE, feeds that say how
often to refresh, and text escaped and folded by icalendar.
"""

from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts.models import Staffing
from core import mail_outbox
from core.emails import build_message
from events import services
from events.models import CalendarFeed, Event, Kind
from meetings import services as meetings_services
from tests.events.conftest import make_event, reminder_row

pytestmark = pytest.mark.django_db

SITE = "https://kulturskola.sjuharad.example.se"
SENDER = "noreply@kulturskola.sjuharad.example.se"
REQUIRED = ["UID", "DTSTAMP", "DTSTART", "SEQUENCE", "ORGANIZER"]


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.DEFAULT_FROM_EMAIL = f"Kulturskoleportalen <{SENDER}>"


def _meeting(schools, **fields):
    start = timezone.now() + timedelta(days=3)
    return make_event([schools["boras"]], title="Chefsmöte", kind=Kind.HEADS_MEETING,
                      audience=Event.Audience.HEADS, starts_at=start,
                      ends_at=start + timedelta(hours=3), **fields)


def _send(event, person, message="reminder"):
    row = reminder_row(event, person, message)
    assert dict(mail_outbox.send_due_mail()[0]) == {"sent": 1}
    return row, mail.outbox[-1]


def _calendar_part(email):
    """The text/calendar part of the MIME message as sent over SMTP."""
    parsed = message_from_bytes(email.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    return part, Calendar.from_ical(part.get_payload(decode=True))


def _check_required(calendar, method):
    assert calendar["VERSION"] == "2.0" and "Kulturskoleportalen" in calendar["PRODID"]
    assert calendar["METHOD"] == method
    (vevent,) = calendar.walk("VEVENT")
    for name in REQUIRED:
        assert name in vevent, name
    assert vevent["UID"].endswith("@kulturskola.sjuharad.example.se")
    assert vevent["ORGANIZER"] == f"mailto:{SENDER}"
    assert vevent["ORGANIZER"].params["CN"] == "Kulturskoleportalen Sjuhärad"
    return vevent


def test_download_validates(client, schools):
    event = make_event([schools["boras"]], title="Vårkonsert", audience=Event.Audience.PUBLIC)
    response = client.get(reverse("events:ics", args=[event.pk]))
    vevent = _check_required(Calendar.from_ical(response.content), "PUBLISH")
    assert vevent["UID"] == f"event-{event.pk}@kulturskola.sjuharad.example.se"
    assert "ATTENDEE" not in vevent  # PUBLISH has no attendees (RFC 5546 3.2.1)


def test_reminder_file_validates_and_message_id_uses_the_site_domain(schools, head_boras):
    event = _meeting(schools)
    row, email = _send(event, head_boras)
    part, calendar = _calendar_part(email)
    assert part.get_param("method") == "PUBLISH"
    vevent = _check_required(calendar, "PUBLISH")
    assert vevent["STATUS"] == "CONFIRMED" and "ATTENDEE" not in vevent
    assert email.extra_headers["Message-ID"] == row.message_id
    assert row.message_id.endswith("@kulturskola.sjuharad.example.se>")
    assert "kulturskoleportalen>" not in row.message_id


def test_cancellation_mail_sends_method_cancel_for_the_recipient(
        schools, head_boras, django_capture_on_commit_callbacks):
    Staffing.objects.update(created_at=timezone.now() - timedelta(days=800))
    event = _meeting(schools)
    head_boras.first_name, head_boras.last_name = "Eva", "Ek"
    head_boras.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event)
    (email,) = [m for m in mail.outbox if m.to == [head_boras.email]]
    part, calendar = _calendar_part(email)
    # Outlook acts on the MIME method parameter, not only on the file inside.
    assert part.get_param("method") == "CANCEL"
    vevent = _check_required(calendar, "CANCEL")
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["ATTENDEE"] == f"mailto:{head_boras.email}"
    assert vevent["ATTENDEE"].params["CN"] == "Eva Ek"
    # The same UID as every earlier file, with a higher SEQUENCE, so it replaces them.
    assert vevent["UID"] == f"event-{event.pk}@kulturskola.sjuharad.example.se"
    assert vevent["SEQUENCE"] == 1
    assert vevent.walk("VALARM") == []


def test_feed_validates_and_says_how_often_to_refresh(client, schools, teacher_tranemo):
    make_event([schools["mark"]], title="Träff")
    feed = CalendarFeed.objects.create(user=teacher_tranemo)
    response = client.get(reverse("events:feed", args=[feed.token]))
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH" and calendar["VERSION"] == "2.0"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n" in response.content
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in response.content
    assert calendar.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    for vevent in calendar.walk("VEVENT"):
        for name in REQUIRED:
            assert name in vevent


def test_sequence_grows_with_every_change(schools, django_capture_on_commit_callbacks):
    event = _meeting(schools)
    assert event.sequence == 0
    stale = Event.objects.get(pk=event.pk)
    event.place = "Borås kulturskola"
    services.save_event(event)
    event.starts_at += timedelta(hours=1)
    event.ends_at += timedelta(hours=1)
    services.save_event(event)
    assert Event.objects.get(pk=event.pk).sequence == 2
    # A copy loaded before those changes (a form left open) still counts on from the stored row.
    stale.title = "Chefsmöte, ny rubrik"
    services.save_event(stale)
    assert Event.objects.get(pk=event.pk).sequence == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(event)
    assert Event.objects.get(pk=event.pk).sequence == 4
    meetings_services.write_to_minutes(event, event)  # minutes are not in the calendar file
    assert Event.objects.get(pk=event.pk).sequence == 4


def test_admin_does_not_offer_the_sequence_for_editing(admin_client, schools):
    event = _meeting(schools)
    page = admin_client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert b'name="sequence"' not in page.content  # nobody edits the counter by hand


def test_text_with_line_breaks_and_long_values_is_escaped_and_folded(client, schools):
    description = "Rad ett, med komma; och semikolon\nRad två\\snedstreck\n\n" + "å" * 400
    title = "Konsert " + "lång rubrik " * 15
    event = make_event([schools["boras"]], title=title.strip(), description=description,
                       place="Sal 1, plan 2; Borås", audience=Event.Audience.PUBLIC)
    content = client.get(reverse("events:ics", args=[event.pk])).content
    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    assert b"Rad ett\\, med komma\\; och semikolon\\nRad tv" in content
    (vevent,) = Calendar.from_ical(content).walk("VEVENT")
    assert str(vevent["DESCRIPTION"]) == description
    assert str(vevent["SUMMARY"]) == title.strip()
    assert str(vevent["LOCATION"]) == "Sal 1, plan 2; Borås"


def test_every_portal_mail_has_a_message_id_in_the_site_domain(schools, head_boras):
    event = _meeting(schools)
    message = build_message("event_waitlist_promoted", head_boras.email,
                            {"event": event, "person": head_boras})
    assert message.message()["Message-ID"].endswith("@kulturskola.sjuharad.example.se>")

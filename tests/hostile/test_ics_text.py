"""Calendar files carry whatever text people typed: line breaks escaped, long lines folded,
control characters dropped, huge values no crash."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import CalendarFeed, Event
from events.services import register
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db
HOSTILE = "Rad 1\nRad 2\r\nRad 3\rRad 4\u2028Rad 5\x07\x1b slut"  # no NUL: PostgreSQL refuses it


@pytest.fixture
def hostile_event(schools):
    return make_event([schools["boras"]], title=HOSTILE, description=HOSTILE * 500,
                      place=HOSTILE, audience=Event.Audience.PUBLIC,
                      registration_required=True, reminder_hours="8784, 1")


def test_an_events_calendar_file_escapes_and_folds_its_text(client, hostile_event):
    response = client.get(reverse("events:ics", args=[hostile_event.pk]))
    assert response.status_code == 200
    lines = response.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)  # folded
    assert b"\x07" not in response.content and b"\x1b" not in response.content
    assert b"\r" not in response.content.replace(b"\r\n", b"")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    expected = "Rad 1\nRad 2\nRad 3\nRad 4\nRad 5 slut"
    assert str(vevent["summary"]) == expected and str(vevent["location"]) == expected
    # An X- property stays as written: escaped, on one content line.
    calname = Calendar.from_ical(response.content)["x-wr-calname"]
    assert calname.to_ical() == expected.replace("\n", "\\n").encode()


def test_the_feed_survives_the_same_text_and_a_year_of_alarms(client, hostile_event, pupil):
    register(hostile_event, pupil)
    feed = CalendarFeed.objects.create(user=pupil)
    calendar = Calendar.from_ical(client.get(reverse("events:feed", args=[feed.token])).content)
    (vevent,) = calendar.walk("VEVENT")
    assert sorted(-a.decoded("trigger").total_seconds() / 3600
                  for a in vevent.walk("VALARM")) == [1, 8784]

"""Calendar files and the personal subscription feed, validated by parsing with icalendar."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import CalendarFeed
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def _parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_event_ics_parses_with_utc_times_and_alarm(client, concert):
    calendar = _parse(client.get(reverse("events:ics", args=[concert.pk])))
    assert calendar["version"] == "2.0" and calendar["prodid"]
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Vårkonsert"
    assert vevent.decoded("dtstart") == concert.starts_at.replace(microsecond=0)
    assert vevent["uid"] == f"event-{concert.pk}@127.0.0.1"  # the host of SITE_URL
    (alarm,) = vevent.walk("VALARM")
    assert alarm.decoded("trigger") == -timedelta(hours=24)


def test_feed_lists_invited_and_registered_events_with_alarms(client, training_day,
                                                              heads_meeting, concert,
                                                              teacher_tranemo):
    services.register(concert, teacher_tranemo)
    client.force_login(teacher_tranemo)
    page = client.get(reverse("events:subscription"))
    feed = CalendarFeed.objects.get(user=teacher_tranemo)
    assert f"webcal://testserver/evenemang/prenumeration/{feed.token}.ics" in \
        page.content.decode()
    client.logout()
    calendar = _parse(client.get(reverse("events:feed", args=[feed.token])))
    titles = sorted(str(e["summary"]) for e in calendar.walk("VEVENT"))
    assert titles == ["Fortbildningsdag", "Vårkonsert"]  # not the heads' meeting
    training = next(e for e in calendar.walk("VEVENT") if e["summary"] == "Fortbildningsdag")
    assert sorted(a.decoded("trigger") for a in training.walk("VALARM")) == [
        -timedelta(days=7), -timedelta(days=1)]


def test_feed_leaves_out_public_events_not_registered_for(client, concert, pupil):
    feed = CalendarFeed.objects.create(user=pupil)
    assert _parse(client.get(reverse("events:feed", args=[feed.token]))).walk("VEVENT") == []
    services.register(concert, pupil)
    calendar = _parse(client.get(reverse("events:feed", args=[feed.token])))
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Vårkonsert"]


def test_revoked_feed_address_stops_working(client, teacher_tranemo):
    client.force_login(teacher_tranemo)
    client.get(reverse("events:subscription"))
    old = CalendarFeed.objects.get(user=teacher_tranemo).token
    client.post(reverse("events:subscription"))
    new = CalendarFeed.objects.get(user=teacher_tranemo).token
    assert new != old
    assert client.get(reverse("events:feed", args=[old])).status_code == 404
    assert client.get(reverse("events:feed", args=[new])).status_code == 200


def test_declined_events_leave_the_feed(client, training_day, teacher_tranemo):
    services.decline(training_day, teacher_tranemo)
    feed = CalendarFeed.objects.create(user=teacher_tranemo)
    calendar = _parse(client.get(reverse("events:feed", args=[feed.token])))
    assert calendar.walk("VEVENT") == []


@pytest.mark.parametrize("count", [2, 20])
def test_feed_query_count_is_constant(client, schools, teacher_tranemo, count,
                                      django_assert_max_num_queries):
    for i in range(count):
        make_event([schools["mark"]], title=f"Träff {i}",
                   starts_at=timezone.now() + timedelta(days=i + 1))
    feed = CalendarFeed.objects.create(user=teacher_tranemo)
    with django_assert_max_num_queries(8):
        calendar = _parse(client.get(reverse("events:feed", args=[feed.token])))
    assert len(calendar.walk("VEVENT")) == count

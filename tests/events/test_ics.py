"""Calendar files and the personal subscription feed, validated by parsing with icalendar."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import CalendarFeed, Event, Kind
from tests.clock import STOCKHOLM
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def _parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_event_ics_parses_with_local_times_and_alarm(client, concert):
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


def _next_autumn_change():
    """The last Sunday of October (winter time begins) at least ten days from now."""
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        last = date(year, 10, 31)
        change = last - timedelta(days=(last.weekday() + 1) % 7)
        if change - timedelta(days=10) >= today:
            return change
    raise AssertionError("unreachable")


def test_the_feeds_week_alarm_fires_with_the_mail_across_the_autumn_change(
        client, schools, teacher_tranemo):
    """Issue 19: a start in Europe/Stockholm with its VTIMEZONE keeps the "7 days before"
    alarm at the wall-clock time the reminder mail is due, across winter time."""
    day = _next_autumn_change() + timedelta(days=4)  # the week before is summer time
    start = datetime.combine(day, time(9, 30), tzinfo=STOCKHOLM)
    meeting = make_event([schools["tranemo"]], title="Fortbildningsdag",
                         kind=Kind.TRAINING_DAY, audience=Event.Audience.STAFF,
                         starts_at=start, ends_at=start + timedelta(hours=6))
    feed = services.calendar_feed(teacher_tranemo)
    calendar = _parse(client.get(reverse("events:feed", args=[feed.token])))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert vtimezone["tzid"] == "Europe/Stockholm"
    (vevent,) = [e for e in calendar.walk("VEVENT") if e["uid"].startswith(f"event-{meeting.pk}@")]
    assert vevent["dtstart"].params["TZID"] == "Europe/Stockholm"
    assert "20" + day.strftime("%y%m%d") + "T093000" in vevent["dtstart"].to_ical().decode()
    week = [a for a in vevent.walk("VALARM") if a.decoded("trigger") == -timedelta(days=7)]
    assert week, "the week-before alarm"
    # Nominal days from a local start (RFC 5545): wall-clock arithmetic in the zone.
    fires = vevent.decoded("dtstart") + week[0].decoded("trigger")
    assert fires == meeting.reminder_due_at(7 * 24)
    assert timezone.localtime(fires).time() == time(9, 30)

"""An event's span in Swedish (issue 19): a multi-day camp shows both days."""

from datetime import datetime, time, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from events.spans import event_span
from tests import clock
from tests.clock import STOCKHOLM
from tests.events.conftest import make_event


def _next(weekday):
    """The next such weekday (0 = Monday) at least a week ahead."""
    day = clock.today() + timedelta(days=7)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def test_a_three_day_camp_shows_both_days_and_times():
    tuesday = _next(1)
    start = datetime.combine(tuesday, time(10), tzinfo=STOCKHOLM)
    end = datetime.combine(tuesday + timedelta(days=2), time(15), tzinfo=STOCKHOLM)
    with translation.override("sv"):
        text = event_span(start, end)
    assert text.startswith(f"tisdag {tuesday.day} ")
    assert text.endswith(f"torsdag {(tuesday + timedelta(days=2)).day} "
                         f"{_month(tuesday + timedelta(days=2))} 15.00")
    assert " 10.00 – torsdag " in text


def test_one_day_is_written_once():
    tuesday = _next(1)
    start = datetime.combine(tuesday, time(10), tzinfo=STOCKHOLM)
    with translation.override("sv"):
        assert event_span(start, start + timedelta(hours=5)) == (
            f"tisdag {tuesday.day} {_month(tuesday)} 10.00–15.00")


def test_a_span_across_new_year_names_the_years():
    year = clock.today().year
    start = datetime(year, 12, 30, 10, tzinfo=STOCKHOLM)
    with translation.override("sv"):
        text = event_span(start, datetime(year + 1, 1, 2, 15, tzinfo=STOCKHOLM))
    assert f"30 december {year} 10.00 – " in text and f"2 januari {year + 1} 15.00" in text


@pytest.mark.django_db
def test_the_template_filter(schools):
    tuesday = _next(1)
    start = datetime.combine(tuesday, time(10), tzinfo=STOCKHOLM)
    camp = make_event([schools["vargarda"]], starts_at=start,
                      ends_at=start + timedelta(days=2, hours=5))
    with translation.override("sv"):
        text = Template("{% load event_spans %}{{ event|span }}").render(Context({"event": camp}))
    assert text == event_span(camp.starts_at, camp.ends_at)


MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]


def _month(day):
    return MONTHS[day.month - 1]


@pytest.mark.django_db
def test_the_reminder_of_a_three_day_camp_shows_the_whole_span(schools, guardian_mark):
    """Issue 19: it said "tisdag 8 december 2026 10:59–10:59", dropping the end date."""
    from events.reminders import _render

    tuesday = _next(1)
    start = datetime.combine(tuesday, time(10), tzinfo=STOCKHOLM)
    camp = make_event([schools["vargarda"]], title="Stråkläger", starts_at=start,
                      ends_at=start + timedelta(days=2, hours=5))
    message = _render(camp, guardian_mark, "reminder", 24, "sv", ())
    thursday = tuesday + timedelta(days=2)
    expected = (f"tisdag {tuesday.day} {_month(tuesday)} 10.00 – "
                f"torsdag {thursday.day} {_month(thursday)} 15.00")
    assert expected in message.text
    assert expected in message.html

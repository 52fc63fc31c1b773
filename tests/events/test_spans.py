"""A multi-day event's reminder shows its whole span (issue 19); the span itself is
core.formats.date_time_span."""

from datetime import datetime, time, timedelta

import pytest

from events.reminders import _render
from tests import clock
from tests.clock import STOCKHOLM
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]


def _next_tuesday():
    """A Tuesday at least a week ahead, whose camp ends on the Thursday of the same year."""
    day = clock.today() + timedelta(days=7)
    day += timedelta(days=(1 - day.weekday()) % 7)
    while (day + timedelta(days=2)).year != day.year:
        day += timedelta(days=7)
    return day


def test_the_reminder_of_a_three_day_camp_shows_the_whole_span(schools, guardian_mark):
    """It said "tisdag 8 december 2026 10:59–10:59", dropping the end date."""
    tuesday = _next_tuesday()
    thursday = tuesday + timedelta(days=2)
    start = datetime.combine(tuesday, time(10), tzinfo=STOCKHOLM)
    camp = make_event([schools["vargarda"]], title="Stråkläger", starts_at=start,
                      ends_at=datetime.combine(thursday, time(15), tzinfo=STOCKHOLM))
    message = _render(camp, guardian_mark, "reminder", 24, "sv", ())
    expected = (f"tisdag {tuesday.day} {MONTHS[tuesday.month - 1]} 10.00 – "
                f"torsdag {thursday.day} {MONTHS[thursday.month - 1]} 15.00")
    assert expected in message.text
    assert expected in message.html

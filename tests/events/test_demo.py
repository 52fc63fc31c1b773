"""The demo data reads like a real region's year, seen from any day (issue 14).

Dates follow the season relative to today: this term's meetings, the next summer's
camp, the next spring concert; names carry no date that contradicts the start; courses,
teachers and events only in subjects their schools teach.
"""

import datetime
import os
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from courses.models import Course
from events.demo import in_term, season_dates
from events.models import Event, Kind
from schools.models import Municipality
from tests.clock import STOCKHOLM, TEST_TODAY, travel

# The suite's day (autumn term), a summer day and a day in the Christmas break.
DAYS = [TEST_TODAY, datetime.date(TEST_TODAY.year + 1, 6, 20),
        datetime.date(TEST_TODAY.year, 12, 22)]
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]
# Words in a name that promise a time of year, and the months they allow.
SEASON_WORDS = {"vår": {3, 4, 5, 6}, "sommar": {6, 7, 8}, "höst": {8, 9, 10, 11},
                "vinter": {12, 1, 2}, "jul": {12}, "lucia": {12},
                **{name: {number} for number, name in enumerate(MONTHS, 1)}}
TERM_KINDS = {Kind.HEADS_MEETING, Kind.TRAINING_DAY, Kind.PLAY_DAY}


def contradictions(title, start):
    """Words in `title` that promise another time than `start` (place names left out)."""
    words = title.lower()
    for place in Municipality.objects.values_list("name", flat=True):
        words = words.replace(place.lower(), "")
    found = [word for word, months in SEASON_WORDS.items()
             if re.search(rf"\b{word}", words) and start.month not in months]
    if re.search(r"\d|\(förra\)|\bförra\b", title):
        found.append(title)
    return found


@pytest.fixture(params=DAYS, ids=str)
def demo_day(request, schools):
    with travel(datetime.datetime.combine(request.param, datetime.time(10), tzinfo=STOCKHOLM)):
        call_command("load_demo_data", stdout=open(os.devnull, "w"))
        yield request.param


@pytest.mark.django_db
def test_demo_events_fall_in_sensible_months(demo_day):
    today = timezone.localdate()
    events = {event.title: event for event in Event.objects.all()}
    for event in events.values():
        start = timezone.localtime(event.starts_at).date()
        if event.kind in TERM_KINDS:
            assert in_term(start) and start.month not in (7,), (event.title, start)
        assert contradictions(event.title, start) == [], (event.title, start)
    upcoming = [e for e in events.values() if e.starts_at.date() >= today]
    assert len(upcoming) == len(events) - 1  # only the earlier heads' meeting is past
    camp = events["Sommarläger för stråkar"]
    assert timezone.localtime(camp.starts_at).month in (6, 7, 8)
    assert today < camp.quota_release_at.date() < camp.registration_deadline.date() \
        < camp.starts_at.date()
    concert = events["Vårkonsert i Sjuhärad"]
    assert timezone.localtime(concert.starts_at).month in (4, 5, 6)
    assert concert.starts_at.date() - today < datetime.timedelta(days=366)
    earlier, meeting = events["Chefsmöte om sommarkurser"], events["Chefsmöte"]
    assert earlier.starts_at.date() < today < meeting.starts_at.date()
    assert meeting.agenda_deadline < meeting.starts_at
    # This term's meeting is soon; in a break, at the start of the next term.
    assert (meeting.starts_at.date() - today).days <= (14 if in_term(today) else 70)


@pytest.mark.django_db
def test_demo_subjects_are_taught_where_offered_and_courses_open_before_term(demo_day):
    today = timezone.localdate()
    for course in Course.objects.select_related("school", "subject"):
        assert course.subject in course.school.subjects.all(), course.title
        assert today < course.application_deadline < course.term_start < course.term_end
    for teacher in User.objects.filter(email__startswith="larare."):
        taught = {s for staffing in teacher.staffings.all()
                  for s in staffing.school.subjects.all()}
        assert set(teacher.subjects.all()) <= taught, teacher.email
    for event in Event.objects.exclude(network__subject=None).select_related("network"):
        subject = event.network.subject
        assert any(subject in school.subjects.all() for school in event.host_schools.all()), \
            event.title
    camp = Event.objects.get(kind=Kind.CAMP)
    strings = {"fiol", "cello", "strakar"}
    assert all(strings & set(s.subjects.values_list("slug", flat=True))
               for s in camp.host_schools.all())


@pytest.mark.parametrize("offset", range(0, 366, 3))
def test_season_dates_on_every_day_of_a_year(offset):
    today = TEST_TODAY + datetime.timedelta(days=offset)
    day = season_dates(today)
    for key in ["meeting", "play_day", "training_day", "earlier_meeting"]:
        assert in_term(day[key]), (today, key, day[key])
    assert day["earlier_meeting"] < today < day["meeting"]
    assert day["play_day"].isoweekday() == 6 and day["meeting"].isoweekday() == 2
    assert day["camp"].month in (6, 7) and day["camp"] > today + datetime.timedelta(days=20)
    assert today < day["camp_quota_release"] < day["camp_deadline"] < day["camp"]
    assert day["concert"].month == 5 and today < day["concert"]
    assert day["concert"] - today <= datetime.timedelta(days=366)

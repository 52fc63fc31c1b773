"""Courses, agreements and applications for the course tests."""

import datetime
from decimal import Decimal

import pytest

from core.weekdays import Weekday
from courses.models import Agreement, Application, Course
from schools.models import Municipality, Subject
from tests.clock import TEST_TODAY as TODAY
from tests.factories import ChildFactory

# The spring term after the test clock's today (tests/clock.py).
TERM_START = datetime.date(TODAY.year + 1, 1, 15)


def make_agreement(school, municipality, fee=600, compensation=3000):
    return Agreement.objects.create(
        offering_school=school, home_municipality=municipality, pupil_fee=Decimal(fee),
        compensation_per_term=Decimal(compensation),
        valid_from=datetime.date(TODAY.year - 5, 1, 1))


def make_course(school, subject="harpa", open_to=(), **fields):
    values = {
        "title": "Harpa för nybörjare", "description": "Undervisning i liten grupp.",
        "min_age": 6, "max_age": 20, "weekday": Weekday.TUESDAY,
        "start_time": datetime.time(17), "end_time": datetime.time(18),
        "term_start": TERM_START, "term_end": TERM_START + datetime.timedelta(days=140),
        "capacity": 2, "application_deadline": TODAY + datetime.timedelta(days=20),
        "status": Course.Status.PUBLISHED, "own_fee": Decimal(400),
        **fields,
    }
    course = Course.objects.create(school=school, subject=Subject.objects.get(slug=subject),
                                   **values)
    course.open_to.set([school.municipality, *open_to])
    return course


def make_application(course, child=None, status=Application.Status.SUBMITTED):
    child = child or ChildFactory(home_municipality=course.school.municipality,
                                  birth_year=course.term_start.year - 10)
    application = Application.objects.create(
        course=course, child=child, applicant=child.guardian, status=status,
        birth_year=child.birth_year, home_municipality=child.home_municipality)
    # Stands in for the services, which keep the stored seats left in step.
    Course.objects.filter(pk=course.pk).refresh_seats_left()
    return application


@pytest.fixture
def harp_boras(schools, municipalities):
    """Borås harp for 6–20 year olds, two seats, open to Mark and Tranemo by agreement."""
    for name in ["Mark", "Tranemo"]:
        make_agreement(schools["boras"], municipalities[name],
                       fee=0 if name == "Tranemo" else 600)
    return make_course(schools["boras"],
                       open_to=[municipalities["Mark"], municipalities["Tranemo"]])


@pytest.fixture
def mark(municipalities) -> Municipality:
    return municipalities["Mark"]

"""Offered + accepted never exceeds the capacity, even with concurrent requests.

Ten requests at once on a three-seat course, each on its own database connection
(tests/concurrency.py). On PostgreSQL the Course row lock (select_for_update) is
what keeps the numbers right: each race has a twin that runs without the lock and
shows the course overbooked.
"""

import pytest

from courses import services
from courses.models import Application, waiting_positions
from tests.concurrency import breaks_in_some_attempt, run_concurrently
from tests.courses.conftest import make_application, make_course
from tests.factories import ChildFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

S = Application.Status
THREADS = 10
CAPACITY = 3


def _seats(course, statuses=Application.SEAT_TAKING):
    return course.applications.filter(status__in=statuses).count()


def offers_race(school):
    """The head offers ten submitted applications at once."""
    course = make_course(school, capacity=CAPACITY)
    applications = [make_application(course) for _ in range(THREADS)]
    race = run_concurrently([lambda pk=a.pk: services.offer(pk) for a in applications],
                            refusals=services.ApplicationError)
    return course, race


def applications_race(school):
    """Ten guardians apply at once."""
    course = make_course(school, capacity=CAPACITY)
    children = [ChildFactory(home_municipality=school.municipality) for _ in range(THREADS)]
    race = run_concurrently(
        [lambda c=child: services.apply_for(course, c.guardian, child=c) for child in children],
        refusals=services.ApplicationError)
    return course, race


def withdrawals_and_offers_race(school):
    """Three placed pupils withdraw (promoting from the waiting list) while the head
    offers places to the ten on the waiting list."""
    course = make_course(school, capacity=CAPACITY)
    accepted = [make_application(course, status=S.ACCEPTED) for _ in range(CAPACITY)]
    waiting = [make_application(course, status=S.WAITING) for _ in range(THREADS)]
    calls = ([lambda pk=a.pk: services.withdraw(pk) for a in accepted]
             + [lambda pk=a.pk: services.offer(pk) for a in waiting])
    return course, run_concurrently(calls, refusals=services.ApplicationError)


def offers_hold(course):
    return (_seats(course) == CAPACITY
            and _seats(course, [S.SUBMITTED]) == THREADS - CAPACITY)


def applications_hold(course):
    """Three wait for a decision, the others are on the waiting list, each in one place."""
    waiting = list(course.applications.filter(status=S.WAITING))
    return (_seats(course, [S.SUBMITTED]) == CAPACITY
            and sorted(waiting_positions(waiting).values())
            == list(range(1, THREADS - CAPACITY + 1)))


def withdrawals_and_offers_hold(course):
    """Every freed seat is taken again, and no more than that."""
    return _seats(course) == CAPACITY


RACES = [(offers_race, offers_hold), (applications_race, applications_hold),
         (withdrawals_and_offers_race, withdrawals_and_offers_hold)]
IDS = ["offers", "applications", "withdrawals-and-offers"]


@pytest.mark.parametrize("race_once, rule_holds", RACES, ids=IDS)
def test_concurrent_changes_keep_the_capacity(schools, race_once, rule_holds):
    course, race = race_once(schools["boras"])
    assert race.errors == []
    assert rule_holds(course), list(course.applications.values_list("status", flat=True))


@pytest.mark.parametrize("race_once, rule_holds", RACES, ids=IDS)
def test_without_the_course_lock_the_same_race_breaks_the_rule(schools, without_row_locks,
                                                               race_once, rule_holds):
    assert breaks_in_some_attempt(lambda: not rule_holds(race_once(schools["boras"])[0]))

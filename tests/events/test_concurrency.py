"""A capacity and a school's quota are never exceeded, even with registrations at once.

Ten people register at the same moment, each on its own database connection
(tests/concurrency.py). On PostgreSQL the Event row lock (select_for_update) is
what keeps the numbers right: each race has a twin that runs without the lock and
shows the event overbooked.
"""

from collections import Counter

import pytest

from accounts.models import Staffing
from events import services
from events.models import Event, Kind, Registration, SchoolQuota
from tests.concurrency import breaks_in_some_attempt, run_concurrently
from tests.events.conftest import make_event
from tests.factories import UserFactory, staff

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
Status = Registration.Status
PEOPLE = 10
CAPACITY = 3
QUOTA = 2  # places each of Borås and Tranemo has at the camp


def _register_all(event, people):
    return run_concurrently([lambda p=person: services.register(event, p) for person in people],
                            refusals=services.RegistrationError)


def capacity_race(schools):
    """Ten people register at once for a public concert with three places."""
    event = make_event([schools["boras"]], kind=Kind.CONCERT, audience=Event.Audience.PUBLIC,
                       registration_required=True, capacity=CAPACITY)
    return event, _register_all(event, [UserFactory() for _ in range(PEOPLE)])


def quota_race(schools):
    """Five teachers each of Borås and Tranemo register at once for a camp where
    each school has two places."""
    event = make_event([schools["vargarda"]], kind=Kind.CAMP, audience=Event.Audience.STAFF,
                       registration_required=True)
    for slug in ("boras", "tranemo"):
        SchoolQuota.objects.create(event=event, school=schools[slug], places=QUOTA)
    people = [staff(schools[slug], Staffing.Role.TEACHER)
              for slug in ("boras", "tranemo") for _ in range(PEOPLE // 2)]
    return event, _register_all(event, people)


def _registered_per_school(event):
    return Counter(event.registrations.filter(status=Status.REGISTERED)
                   .values_list("school__slug", flat=True))


def test_concurrent_registrations_never_exceed_capacity(schools):
    event, race = capacity_race(schools)
    assert race.errors == [] and race.refused == []
    assert event.registrations.filter(status=Status.REGISTERED).count() == CAPACITY
    assert event.registrations.filter(status=Status.WAITING).count() == PEOPLE - CAPACITY


def test_concurrent_registrations_keep_each_schools_quota(schools):
    event, race = quota_race(schools)
    assert race.errors == [] and race.refused == []
    assert _registered_per_school(event) == {"boras": QUOTA, "tranemo": QUOTA}
    assert event.registrations.filter(status=Status.WAITING).count() == PEOPLE - 2 * QUOTA


def test_without_the_event_lock_the_capacity_is_exceeded(schools, without_row_locks):
    def overbooked():
        event, _race = capacity_race(schools)
        return event.registrations.filter(status=Status.REGISTERED).count() > CAPACITY

    assert breaks_in_some_attempt(overbooked)


def test_without_the_event_lock_a_quota_is_exceeded(schools, without_row_locks):
    def overbooked():
        event, _race = quota_race(schools)
        return max(_registered_per_school(event).values()) > QUOTA

    assert breaks_in_some_attempt(overbooked)

"""First come, first served for event registrations, on PostgreSQL: the registration time
is taken under the event lock, so everyone who got a place registered before everyone on
the waiting list, and the waiting list is in the order people got the lock."""

import pytest
from django.utils import timezone

from events import services
from events.models import Event, Kind, Registration
from tests.concurrency import breaks_in_some_attempt, run_concurrently
from tests.events.conftest import make_event
from tests.factories import UserFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
Status = Registration.Status
PEOPLE = 30
CAPACITY = 5


def race(schools, time_taken_before_the_lock=False):
    event = make_event([schools["boras"]], kind=Kind.CONCERT, audience=Event.Audience.PUBLIC,
                       registration_required=True, capacity=CAPACITY)
    people = [UserFactory() for _ in range(PEOPLE)]
    if time_taken_before_the_lock:  # what register() did before: the caller's clock
        calls = [lambda p=p: services.register(event, p, now=timezone.now()) for p in people]
    else:
        calls = [lambda p=p: services.register(event, p) for p in people]
    result = run_concurrently(calls, refusals=services.RegistrationError)
    assert result.errors == [] and result.refused == []
    return event


def out_of_order(event) -> bool:
    """Did anyone on the waiting list register before someone who got a place?"""
    placed = event.registrations.filter(status=Status.REGISTERED)
    waiting = event.registrations.filter(status=Status.WAITING)
    last_placed = max(placed.values_list("registered_at", flat=True))
    first_waiting = min(waiting.values_list("registered_at", flat=True))
    return first_waiting <= last_placed


def test_places_go_to_the_first_who_came(schools):
    for _attempt in range(3):
        event = race(schools)
        assert event.registrations.filter(status=Status.REGISTERED).count() == CAPACITY
        assert not out_of_order(event)


def test_a_time_taken_before_the_lock_breaks_first_come_first_served(schools):
    assert breaks_in_some_attempt(lambda: out_of_order(race(schools, True)), attempts=10)

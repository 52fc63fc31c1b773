"""Fifty children registered at the same moment for a camp with twenty places in school
quotas (issue 10): exactly twenty placed, no school over its quota, the rest waiting in
the order they came. PostgreSQL only; the twin without the row lock shows it overbooked."""

from collections import Counter

import pytest

from events import services
from events.models import Event, Kind, Registration, SchoolQuota
from tests.concurrency import breaks_in_some_attempt, run_concurrently
from tests.events.conftest import make_event
from tests.factories import ChildFactory

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
Status = Registration.Status
CHILDREN = 50
QUOTAS = {"boras": 8, "mark": 4, "tranemo": 4, "ulricehamn": 4}  # 20 places in all
SCHOOLS = ["boras", "mark", "tranemo", "ulricehamn", "svenljunga"]  # Svenljunga has none


def children_race(schools):
    event = make_event([schools["vargarda"]], kind=Kind.CAMP, audience=Event.Audience.PUBLIC,
                       registration_required=True, capacity=sum(QUOTAS.values()),
                       asks_participant_info=True)
    for slug, places in QUOTAS.items():
        SchoolQuota.objects.create(event=event, school=schools[slug], places=places)
    children = [ChildFactory(school=schools[SCHOOLS[i % len(SCHOOLS)]]) for i in range(CHILDREN)]
    race = run_concurrently(
        [lambda c=child: services.register_children(event, c.guardian, [(c, {})])
         for child in children], refusals=services.RegistrationError)
    return event, race


def _placed_per_school(event):
    return Counter(event.registrations.filter(status=Status.REGISTERED)
                   .values_list("school__slug", flat=True))


def test_fifty_children_at_once_fill_exactly_the_twenty_places(schools):
    event, race = children_race(schools)
    assert race.errors == [] and race.refused == []
    assert event.registrations.filter(status=Status.REGISTERED).count() == 20
    assert _placed_per_school(event) == QUOTAS
    assert event.registrations.filter(status=Status.WAITING).count() == CHILDREN - 20


def test_the_rest_wait_in_the_order_they_came(schools):
    event, _race = children_race(schools)
    for slug in QUOTAS:
        rows = event.registrations.filter(school__slug=slug)
        last_placed = max(r.registered_at for r in rows if r.status == Status.REGISTERED)
        waiting = rows.filter(status=Status.WAITING).order_by("registered_at", "pk")
        assert all(r.registered_at >= last_placed for r in waiting)
    first_waiting_boras = event.registrations.waiting().filter(school__slug="boras").first()
    placed = event.registrations.filter(status=Status.REGISTERED, school__slug="boras").first()
    _cancelled, promoted = services.cancel_registration(event, placed.user,
                                                        registration_pk=placed.pk)
    assert promoted == [first_waiting_boras]


def test_without_the_event_lock_the_children_overbook(schools, without_row_locks):
    def overbooked():
        event, _race = children_race(schools)
        placed = _placed_per_school(event)
        return (sum(placed.values()) > 20
                or any(placed[slug] > places for slug, places in QUOTAS.items()))

    assert breaks_in_some_attempt(overbooked)

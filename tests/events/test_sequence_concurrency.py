"""The calendar SEQUENCE counts every change, also when people save the event at once.

`services.save_event` raises `Event.sequence` from the row it holds locked, so ten saves
at the same moment (each on its own connection, tests/concurrency.py) raise it by ten;
the twin without the row lock loses some, and a calendar would then keep a stale copy.
PostgreSQL only, like every race.
"""

import pytest

from events import services
from events.models import Event, Kind
from tests.concurrency import breaks_in_some_attempt, run_concurrently
from tests.events.conftest import make_event

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]
SAVES = 10


def _save(pk, n):
    event = Event.objects.get(pk=pk)  # each editor's own copy, as a form would load it
    event.place = f"Sal {n}"
    return services.save_event(event)


def saves_race(schools):
    event = make_event([schools["boras"]], kind=Kind.HEADS_MEETING,
                       audience=Event.Audience.HEADS)
    race = run_concurrently([lambda n=n: _save(event.pk, n) for n in range(SAVES)])
    return race, Event.objects.get(pk=event.pk).sequence


def test_concurrent_saves_each_raise_the_sequence(schools):
    race, sequence = saves_race(schools)
    assert race.errors == []
    assert sequence == SAVES


def test_without_the_event_lock_changes_are_lost_from_the_sequence(schools, without_row_locks):
    assert breaks_in_some_attempt(lambda: saves_race(schools)[1] < SAVES)

"""Offered + accepted never exceeds the capacity, even with concurrent requests.

Real threads with their own database connections; on PostgreSQL the Course row
lock (select_for_update) is what keeps the numbers right.
"""

import threading

import pytest
from django.db import OperationalError, connection

from courses import services
from courses.models import Application, waiting_positions
from tests.courses.conftest import make_application, make_course
from tests.factories import ChildFactory

S = Application.Status
THREADS = 10
CAPACITY = 3


def run_concurrently(target, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def worker(*args):
        try:
            barrier.wait()
            target(*args)
        except services.ApplicationError:
            pass  # "course is full" is the expected answer for the losers
        except OperationalError as exc:  # pragma: no cover - would be a lock timeout
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=args) for args in args_list]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_offers_never_overbook(schools):
    course = make_course(schools["boras"], capacity=CAPACITY)
    applications = [make_application(course) for _ in range(THREADS)]
    errors = run_concurrently(services.offer, [(a.pk,) for a in applications])
    assert errors == []
    assert course.applications.filter(status__in=Application.SEAT_TAKING).count() == CAPACITY
    assert course.applications.filter(status=S.SUBMITTED).count() == THREADS - CAPACITY


@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_fill_the_seats_then_the_waiting_list(schools):
    course = make_course(schools["boras"], capacity=CAPACITY)
    children = [ChildFactory(home_municipality=course.school.municipality, birth_year=2015)
                for _ in range(THREADS)]
    errors = run_concurrently(
        lambda child: services.apply_for(course, child.guardian, child=child),
        [(child,) for child in children])
    assert errors == []
    assert course.applications.filter(status=S.SUBMITTED).count() == CAPACITY
    waiting = list(course.applications.filter(status=S.WAITING).order_by("id"))
    assert len(waiting) == THREADS - CAPACITY
    positions = waiting_positions(waiting)
    assert sorted(positions.values()) == list(range(1, THREADS - CAPACITY + 1))


@pytest.mark.django_db(transaction=True)
def test_concurrent_withdrawals_and_offers_keep_the_capacity(schools):
    """Withdrawals promote from the waiting list while the head offers places."""
    course = make_course(schools["boras"], capacity=CAPACITY)
    accepted = [make_application(course, status=S.ACCEPTED) for _ in range(CAPACITY)]
    waiting = [make_application(course, status=S.WAITING) for _ in range(THREADS)]
    calls = [(services.withdraw, a.pk) for a in accepted] + [
        (services.offer, a.pk) for a in waiting]
    errors = run_concurrently(lambda change, pk: change(pk), calls)
    assert errors == []
    taken = course.applications.filter(status__in=Application.SEAT_TAKING).count()
    assert taken == CAPACITY

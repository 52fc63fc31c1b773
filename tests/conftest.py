"""Shared personas: a head of Borås, a teacher of Tranemo, a guardian in Mark, an outsider.

The seven schools come from a data migration. Transactional tests flush the
database, so the `schools` fixture puts the reference data back when needed.

Every test runs on the fixed clock of tests/clock.py; birth years come from it.
"""

import shutil

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Staffing, User
from schools.models import Municipality, School, Subject
from schools.reference import load_reference_data
from tests import clock
from tests.browser_support import axe, browser, page, viewport  # noqa: F401  (fixtures)
from tests.concurrency import without_row_locks  # noqa: F401  (fixture)
from tests.demo_idp_support import demo_idp, demo_idp_data  # noqa: F401  (fixtures)
from tests.factories import ChildFactory, UserFactory, staff
from tests.run_cache import clear_this_runs_cache
from tests.worker_support import workers  # noqa: F401  (fixture)


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        # Some browser tests open their own contexts from `browser` (crawls, two phones);
        # a test parametrized over a `page` name is not one.
        params = getattr(getattr(item, "callspec", None), "params", {})
        if ("page" in fixtures and "page" not in params) or "browser" in fixtures:
            item.add_marker(pytest.mark.browser)
        if "workers" in fixtures:
            item.add_marker(pytest.mark.worker)
        if item.get_closest_marker("concurrency") and connection.vendor != "postgresql":
            item.add_marker(pytest.mark.skip(reason=(
                "concurrency tests need PostgreSQL: SQLite runs one writing transaction at a "
                "time (BEGIN IMMEDIATE), so a race cannot happen there and the test proves "
                "nothing")))


def pytest_report_header(config):
    return f"test clock: {clock.TEST_NOW.isoformat()} (TEST_TODAY={clock.TEST_TODAY})"


@pytest.fixture(scope="session", autouse=True)
def _session_clock():
    """Session-wide set-up (the test database, the live server) runs on the test clock too."""
    with clock.travel():
        yield


@pytest.fixture(autouse=True)
def _clock():
    """Each test starts at the same moment, tests/clock.py's TEST_NOW; time ticks on."""
    with clock.travel():
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; tests must not share them.
    clear_this_runs_cache()
    yield


def pytest_sessionfinish(session):
    clear_this_runs_cache()
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        shutil.rmtree(settings.CACHES["default"]["LOCATION"], ignore_errors=True)


@pytest.fixture
def schools(db):
    if School.objects.count() < 7:
        load_reference_data(Municipality, Subject, School)
    return {s.slug: s for s in School.objects.select_related("municipality")}


@pytest.fixture
def municipalities(schools):
    return {m.name: m for m in Municipality.objects.all()}


@pytest.fixture
def coordinator(db):
    return UserFactory(email="samordnare@example.se", account_type=User.AccountType.COORDINATOR)


@pytest.fixture
def operator(db):
    """Runs the servers: a superuser (`createsuperuser`), the only one who may change what
    coordinators may do."""
    return User.objects.create_superuser("drift@example.se", "ett-bra-lösenord-42")


@pytest.fixture
def head_boras(schools):
    return staff(schools["boras"], Staffing.Role.HEAD, email="chef.boras@example.se")


@pytest.fixture
def head_tranemo(schools):
    return staff(schools["tranemo"], Staffing.Role.HEAD, email="chef.tranemo@example.se")


@pytest.fixture
def teacher_tranemo(schools):
    return staff(schools["tranemo"], Staffing.Role.TEACHER, email="larare.tranemo@example.se")


@pytest.fixture
def teacher_ulricehamn(schools):
    return staff(schools["ulricehamn"], Staffing.Role.TEACHER,
                 email="larare.ulricehamn@example.se")


@pytest.fixture
def guardian_mark(municipalities):
    return UserFactory(email="vardnadshavare.mark@example.se",
                       home_municipality=municipalities["Mark"])


@pytest.fixture
def child_mark(guardian_mark, municipalities):
    """A child who turns 12 this year."""
    return ChildFactory(guardian=guardian_mark, home_municipality=municipalities["Mark"],
                        birth_year=clock.born_years_ago(12))


@pytest.fixture
def pupil(municipalities):
    """A pupil of 16 with an account of their own."""
    return UserFactory(email="elev@example.se", account_type=User.AccountType.PUPIL,
                       birth_year=clock.born_years_ago(16),
                       home_municipality=municipalities["Borås"])


@pytest.fixture
def outsider(db):
    """Signed in, but with no role in anything the test is about."""
    return UserFactory(email="utomstaende@example.se")

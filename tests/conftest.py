"""Shared personas: a head of Borås, a teacher of Tranemo, a guardian in Mark, an outsider.

The seven schools come from a data migration. Transactional tests flush the
database, so the `schools` fixture puts the reference data back when needed.
"""

import pytest
from django.core.cache import cache

from accounts.models import Staffing, User
from schools.models import Municipality, School, Subject
from schools.reference import load_reference_data
from tests.browser_support import axe, browser, page, viewport  # noqa: F401  (fixtures)
from tests.factories import ChildFactory, UserFactory, staff
from tests.worker_support import worker_env, workers  # noqa: F401  (fixtures)


def pytest_collection_modifyitems(items):
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        if "page" in fixtures:
            item.add_marker(pytest.mark.browser)
        if "workers" in fixtures:
            item.add_marker(pytest.mark.worker)


@pytest.fixture(autouse=True)
def _clear_cache():
    # allauth's rate limits live in the cache; tests must not share them.
    cache.clear()
    yield


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
    return ChildFactory(guardian=guardian_mark, home_municipality=municipalities["Mark"],
                        birth_year=2014)


@pytest.fixture
def pupil(municipalities):
    return UserFactory(email="elev@example.se", account_type=User.AccountType.PUPIL,
                       birth_year=2010, home_municipality=municipalities["Borås"])


@pytest.fixture
def outsider(db):
    """Signed in, but with no role in anything the test is about."""
    return UserFactory(email="utomstaende@example.se")

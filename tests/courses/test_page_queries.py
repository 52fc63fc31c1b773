"""Every public page costs the same number of queries with 10 courses as with many,
for anonymous visitors on a cache miss and for signed-in people (docs/developers/performance.md)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Application
from tests.courses.conftest import make_application, make_course

pytestmark = pytest.mark.django_db

PAGES = [
    (reverse("courses:catalogue"), {}),
    (reverse("courses:catalogue"), {"amne": "harpa", "kommun": "boras"}),
    (reverse("courses:catalogue"), {"sok": "harpa"}),
    (reverse("courses:catalogue"), {"sortera": "lediga"}),
    (reverse("courses:catalogue"), {"lediga": "on", "sida": "2"}),
    (reverse("schools:list"), {}),
]


def add_courses(schools, n, start=0):
    for i in range(start, start + n):
        course = make_course(schools["boras" if i % 2 else "tranemo"], title=f"Harpa {i}",
                             capacity=3)
        make_application(course, status=Application.Status.ACCEPTED)
    return course


def query_counts(client, municipalities, course) -> dict[str, int]:
    counts = {}
    pages = [(url, {k: municipalities["Borås"].pk if v == "boras" else v
                    for k, v in params.items()}) for url, params in PAGES]
    pages.append((reverse("courses:detail", args=[course.pk]), {}))
    for url, params in pages:
        cache.clear()  # a cache miss: right after a change
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        name = "course page" if "/kurser/" in url and url.count("/") > 2 else url
        counts[f"{name}?{params}"] = len(queries)
    return counts


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_query_counts_do_not_grow_with_the_courses(signed_in, schools, municipalities,
                                                   guardian_mark):
    client = Client()
    if signed_in:
        client.force_login(guardian_mark)
    course = add_courses(schools, 10)
    few = query_counts(client, municipalities, course)
    course = add_courses(schools, 50, start=10)
    many = query_counts(client, municipalities, course)
    assert few == many
    # And they are few (a page of the catalogue: session and user when signed in, the
    # reference lists, the probe, the page's rows, the subject counts and the seats).
    assert max(many.values()) <= (13 if signed_in else 11), many

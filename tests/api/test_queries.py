"""Every API list (and the feeds, the embeds and the sitemap) costs the same number of
queries however many rows it lists."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, Kind
from programme.models import Contribution
from schools.models import School, Subject
from tests.courses.conftest import make_application, make_course
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/municipalities/", "/api/v1/subjects/", "/api/v1/schools/",
         "/api/v1/courses/", "/api/v1/courses/?lediga=true&sortera=lediga",
         "/api/v1/events/", "/api/v1/events/?skola=boras", "/kalender/sjuharad.ics",
         "/kalender/skola/boras.ics", "/inbaddning/skola/boras/", "/inbaddning/kommun/1490/",
         "/sitemap.xml"]


def add_rows(schools, n):
    boras, mark = schools["boras"], schools["mark"]
    for i in range(n):
        course = make_course(boras if i % 2 else mark, title=f"Kurs {i}",
                             open_to=[mark.municipality])
        make_application(course)
        event = make_event([boras, mark], title=f"Konsert {i}", kind=Kind.FESTIVAL,
                           audience=Event.Audience.PUBLIC)
        Contribution.objects.create(event=event, school=mark, title="Kör", ensemble="Kören",
                                    performers=3, length_minutes=5,
                                    status=Contribution.Status.ACCEPTED)
        School.objects.get(slug="boras").subjects.add(*Subject.objects.all()[:i + 1])


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("url", LISTS)
def test_query_count_does_not_grow_with_the_rows(client, schools, url):
    add_rows(schools, 2)
    few = queries(client, url)
    add_rows(schools, 6)  # also a new cache version: the answer is rendered again
    assert queries(client, url) == few


def test_the_programme_query_count_does_not_grow(client, schools):
    festival = make_event([schools["boras"]], title="Festival", kind=Kind.FESTIVAL,
                          audience=Event.Audience.PUBLIC)
    from django.utils import timezone

    Event.objects.filter(pk=festival.pk).update(programme_published_at=timezone.now())
    url = f"/api/v1/events/{festival.pk}/programme/"

    def add(n):
        for _ in range(n):
            Contribution.objects.create(event=festival, school=schools["mark"], title="Kör",
                                        ensemble="Kören", performers=3, length_minutes=5,
                                        status=Contribution.Status.ACCEPTED)

    add(1)
    few = queries(client, url)
    add(5)
    assert queries(client, url) == few

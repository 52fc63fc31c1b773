"""A small public world for the API, feed, embed and structured-data tests."""

from datetime import timedelta

import pytest
from django.utils import timezone

from courses.models import Course
from events.models import Event, Kind
from networks.models import Network
from programme.models import Contribution
from schools.models import Subject
from tests.courses.conftest import make_application, make_course
from tests.events.conftest import make_event


@pytest.fixture
def world(schools, municipalities):
    """Published and draft courses, public and staff events, a festival with a programme."""
    boras, mark = schools["boras"], schools["mark"]
    harp = make_course(boras, open_to=[municipalities["Mark"]])
    make_application(harp)
    make_course(mark, subject="gitarr", title="Gitarr i grupp")
    make_course(boras, title="Utkast", status=Course.Status.DRAFT)
    network = Network.objects.create(name="Gitarrnätverket", slug="gitarrnatverket",
                                     subject=Subject.objects.get(slug="gitarr"))
    concert = make_event([boras], title="Vårkonsert", audience=Event.Audience.PUBLIC,
                         place="Borås konserthus", network=network,
                         registration_required=True, capacity=100)
    make_event([boras], title="Personalmöte", audience=Event.Audience.STAFF)
    festival = make_event([boras, mark], title="Sjuhäradsfestivalen", kind=Kind.FESTIVAL,
                          audience=Event.Audience.PUBLIC, place="Ulricehamn",
                          programme_published_at=timezone.now())
    Contribution.objects.create(event=festival, school=mark, title="Körfest", ensemble="Kören",
                                performers=12, length_minutes=6, position=1,
                                status=Contribution.Status.ACCEPTED,
                                starts_at=festival.starts_at + timedelta(minutes=10))
    Contribution.objects.create(event=festival, school=boras, title="Hemligt", ensemble="X",
                                performers=2, length_minutes=5)
    return {"harp": harp, "concert": concert, "festival": festival, "network": network}

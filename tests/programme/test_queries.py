"""The programme page and the festival's event page run a fixed number of queries,
however many contributions there are."""

import pytest
from django.urls import reverse

from events.models import Event, Kind
from programme import services
from programme.models import Contribution
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("contributions", [1, 6])
def test_the_programme_page_for_organisers(client, schools, head_boras, contributions,
                                           django_assert_max_num_queries):
    festival = make_event([schools["boras"]], kind=Kind.FESTIVAL, audience=Event.Audience.PUBLIC)
    for n in range(contributions):
        Contribution.objects.create(event=festival, school=schools["mark"], title=f"Nr {n}",
                                    ensemble="Kör", performers=10, length_minutes=5)
    services.publish_programme(festival)
    client.force_login(head_boras)
    with django_assert_max_num_queries(12):
        url = reverse("programme:contributions", args=[festival.pk])
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(festival.get_absolute_url()).status_code == 200

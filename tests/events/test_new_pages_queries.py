"""The pages issue 10 added run a fixed number of queries, however many children,
registrations or contributions there are."""

import pytest
from django.urls import reverse

from events import services
from events.models import Event, Kind
from tests.events.conftest import make_event
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def camp(schools):
    return make_event([schools["boras"]], title="Läger", kind=Kind.CAMP,
                      audience=Event.Audience.PUBLIC, registration_required=True,
                      asks_participant_info=True)


@pytest.mark.parametrize("children", [1, 6])
def test_the_childrens_registration_page(client, camp, guardian_mark, children,
                                         django_assert_max_num_queries):
    kids = [ChildFactory(guardian=guardian_mark) for _ in range(children)]
    services.register_children(camp, guardian_mark, [(kids[0], {})])
    client.force_login(guardian_mark)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("events:register_children", args=[camp.pk])).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(camp.get_absolute_url()).status_code == 200


def test_the_group_page(client, camp, teacher_tranemo, django_assert_max_num_queries):
    client.force_login(teacher_tranemo)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("events:register_group", args=[camp.pk])).status_code == 200

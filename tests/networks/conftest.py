"""Personas for the networks: a guitar network with a convenor (Borås teacher) and a member
(Tranemo teacher); the Ulricehamn teacher is other staff, outside the network."""

import pytest

from accounts.models import Staffing
from networks.models import Membership, Network
from schools.models import Subject
from tests.factories import staff


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    # Uploads go to a throwaway folder, never to the real data dir.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def guitar(schools):
    return Network.objects.create(name="Gitarrnätverket", slug="gitarr",
                                  subject=Subject.objects.get(slug="gitarr"),
                                  description="Gemensam repertoar för gitarrlärare.")


@pytest.fixture
def closed_network(schools):
    return Network.objects.create(name="Stråknätverket", slug="strakar", is_open=False,
                                  subject=Subject.objects.get(slug="strakar"))


@pytest.fixture
def heads_network(schools):
    return Network.objects.create(name="Chefsnätverket", slug="chefer",
                                  kind=Network.Kind.HEADS, is_open=False)


@pytest.fixture
def teacher_boras(schools):
    return staff(schools["boras"], Staffing.Role.TEACHER, email="larare.boras@example.se",
                 first_name="Bodil", last_name="Lind")


@pytest.fixture
def convenor(guitar, teacher_boras):
    Membership.objects.create(network=guitar, user=teacher_boras,
                              role=Membership.Role.CONVENOR)
    return teacher_boras


@pytest.fixture
def member(guitar, teacher_tranemo):
    Membership.objects.create(network=guitar, user=teacher_tranemo)
    return teacher_tranemo


@pytest.fixture
def other_staff(teacher_ulricehamn):
    return teacher_ulricehamn

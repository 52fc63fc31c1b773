"""The network page lists the network's events, filled in by events: networks never imports it."""

import grimp
import pytest
from django.urls import reverse

from events.models import Event, Kind
from networks import page_sections
from networks.models import Membership, Network
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def test_networks_does_not_import_events_or_initiatives():
    graph = grimp.build_graph("networks", "events", "initiatives", cache_dir=None)
    for above in ("events", "initiatives"):
        assert not graph.chain_exists(importer="networks", imported=above, as_packages=True)


def test_events_registers_the_section_from_its_app_config():
    assert "events/_upcoming_for_network.html" in {
        section.template_name for section in page_sections._sections}


def test_the_network_page_lists_the_events_its_visitor_may_see(client, schools,
                                                               teacher_tranemo,
                                                               teacher_ulricehamn):
    guitar = Network.objects.create(name="Gitarr", slug="gitarr")
    Membership.objects.create(network=guitar, user=teacher_tranemo)
    make_event([schools["mark"]], title="Gitarrspeldag i Kinna", kind=Kind.PLAY_DAY,
               audience=Event.Audience.NETWORK, network=guitar)
    make_event([schools["mark"]], title="Inställd speldag", kind=Kind.PLAY_DAY,
               audience=Event.Audience.NETWORK, network=guitar, status=Event.Status.CANCELLED)
    url = reverse("networks:detail", args=["gitarr"])
    client.force_login(teacher_tranemo)
    page = client.get(url).content.decode()
    assert "Gitarrspeldag i Kinna" in page and "Inställd speldag" not in page
    client.force_login(teacher_ulricehamn)  # sees the open network, not its members' events
    page = client.get(url).content.decode()
    assert "Gitarrspeldag i Kinna" not in page and "Inga kommande evenemang" in page

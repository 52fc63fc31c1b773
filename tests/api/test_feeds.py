"""Public calendar subscriptions: the region's, a school's and a network's public events,
with the same UIDs and SEQUENCE as the personal feed, so no calendar shows one twice."""

import pytest
from icalendar import Calendar

from events import ics
from events import services as event_services
from networks.models import Network

pytestmark = pytest.mark.django_db


def vevents(response):
    assert response["Content-Type"].startswith("text/calendar")
    return {str(component["summary"]): component
            for component in Calendar.from_ical(response.content).walk("VEVENT")}


def test_the_region_feed_has_the_public_events_only(client, world):
    events = vevents(client.get("/kalender/sjuharad.ics"))
    assert set(events) == {"Vårkonsert", "Sjuhäradsfestivalen"}
    # No alarms in a public feed: reminders are for those who registered.
    assert not any(event.walk("VALARM") for event in events.values())


def test_uid_and_sequence_are_the_personal_feeds(client, world):
    concert = world["concert"]
    concert.place = "Stora salen"
    event_services.save_event(concert)
    concert.refresh_from_db()
    assert concert.sequence >= 1
    public = vevents(client.get("/kalender/skola/boras.ics"))["Vårkonsert"]
    personal = Calendar.from_ical(ics.feed_ics([concert], "mina")).walk("VEVENT")[0]
    assert str(public["uid"]) == str(personal["uid"]) == ics.event_uid(concert)
    assert int(public["sequence"]) == int(personal["sequence"]) == concert.sequence
    assert str(public["location"]) == "Stora salen"


def test_a_schools_feed_and_a_networks_feed(client, world, schools):
    assert set(vevents(client.get("/kalender/skola/mark.ics"))) == {"Sjuhäradsfestivalen"}
    network = world["network"]
    assert set(vevents(client.get(f"/kalender/natverk/{network.pk}.ics"))) == {"Vårkonsert"}
    assert client.get("/kalender/skola/finns-inte.ics").status_code == 404


def test_the_heads_network_has_no_public_feed(client, world):
    heads = (Network.objects.filter(kind=Network.Kind.HEADS).first()
             or Network.objects.create(name="Chefsnätverket", slug="chefer",
                                       kind=Network.Kind.HEADS))
    assert client.get(f"/kalender/natverk/{heads.pk}.ics").status_code == 404


def test_a_feed_answers_304_until_an_event_changes(client, world):
    first = client.get("/kalender/sjuharad.ics")
    assert client.get("/kalender/sjuharad.ics",
                      HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    festival = world["festival"]
    festival.title = "Sjuhäradsdagen"
    event_services.save_event(festival)
    changed = client.get("/kalender/sjuharad.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and "Sjuhäradsdagen" in vevents(changed)

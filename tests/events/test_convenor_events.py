"""Networks that run themselves (issue 10): a convenor creates, edits and cancels their
network's events without a head; heads' meetings show on the heads' network page;
cancelling asks for confirmation on a page of its own that says who will be mailed."""

import importlib
import os
import re
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staffing, User
from events import services
from events.models import Event, Kind
from networks.models import Membership, Network
from schools.models import Subject
from tests.clock import TEST_TODAY
from tests.events.conftest import make_event
from tests.factories import staff

pytestmark = pytest.mark.django_db
DAY = (TEST_TODAY + timedelta(days=40)).isoformat()


@pytest.fixture
def guitar(schools):
    return Network.objects.create(name="Gitarrnätverket", slug="gitarr",
                                  subject=Subject.objects.get(slug="gitarr"))


@pytest.fixture
def convenor(guitar, teacher_ulricehamn):
    """The Ulricehamn guitar teacher convenes the guitar network."""
    Membership.objects.create(network=guitar, user=teacher_ulricehamn,
                              role=Membership.Role.CONVENOR)
    return teacher_ulricehamn


def _play_day(schools, guitar, **overrides):
    data = {"title": "Gitarrspeldag", "kind": Kind.PLAY_DAY,
            "host_schools": [schools["ulricehamn"].pk, schools["mark"].pk],
            "network": guitar.pk, "audience": Event.Audience.NETWORK,
            "starts_at": f"{DAY}T10:00", "ends_at": f"{DAY}T15:00",
            "registration_required": "on", "capacity": "40", "follow_up_days": 3}
    return {**data, **overrides}


def test_the_convenor_creates_the_play_day_without_a_head(client, schools, guitar, convenor):
    client.force_login(convenor)
    assert client.get(reverse("events:create")).status_code == 200
    response = client.post(reverse("events:create"), _play_day(schools, guitar))
    event = Event.objects.get()
    assert response["Location"] == event.get_absolute_url()
    assert (event.network, event.created_by, event.kind) == (guitar, convenor, Kind.PLAY_DAY)


def test_the_convenor_edits_and_cancels_their_networks_event(client, schools, guitar, convenor):
    event = make_event([schools["mark"]], title="Speldag", kind=Kind.PLAY_DAY,
                       audience=Event.Audience.NETWORK, network=guitar)
    client.force_login(convenor)
    response = client.post(reverse("events:edit", args=[event.pk]),
                           _play_day(schools, guitar, title="Speldag i Kinna"))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Speldag i Kinna"
    assert client.get(reverse("events:cancel_event", args=[event.pk])).status_code == 200
    client.post(reverse("events:cancel_event", args=[event.pk]))
    event.refresh_from_db()
    assert event.is_cancelled


def test_a_convenor_does_not_run_other_kinds_or_networks(client, schools, guitar, convenor):
    strings = Network.objects.create(name="Stråk", slug="strak")
    client.force_login(convenor)
    response = client.post(reverse("events:create"),
                           _play_day(schools, guitar, kind=Kind.TRAINING_DAY))
    assert "Den här typen ordnar kulturskolecheferna." in response.content.decode()
    response = client.post(reverse("events:create"),
                           _play_day(schools, guitar, network=strings.pk, title="Min dag"))
    page = response.content.decode()
    assert "Välj ett nätverk där du är sammankallande." in page and 'value="Min dag"' in page
    assert not Event.objects.exists()
    training = make_event([schools["ulricehamn"]], kind=Kind.TRAINING_DAY, network=guitar)
    assert client.get(reverse("events:edit", args=[training.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["teacher_tranemo", "guardian_mark", "pupil", "head_tranemo"])
def test_nobody_else_runs_the_networks_event(client, schools, guitar, convenor, persona,
                                            request):
    user = request.getfixturevalue(persona)
    if persona == "teacher_tranemo":  # a member of the network, not its convenor
        Membership.objects.create(network=guitar, user=user)
    event = make_event([schools["mark"]], kind=Kind.PLAY_DAY, audience=Event.Audience.NETWORK,
                       network=guitar)
    client.force_login(user)
    assert client.get(reverse("events:edit", args=[event.pk])).status_code == 404
    assert client.get(reverse("events:cancel_event", args=[event.pk])).status_code == 404
    assert client.post(reverse("events:cancel_event", args=[event.pk])).status_code == 404


def test_a_member_who_is_not_convenor_cannot_create(client, guitar, teacher_tranemo):
    Membership.objects.create(network=guitar, user=teacher_tranemo)
    client.force_login(teacher_tranemo)
    assert client.get(reverse("events:create")).status_code == 404


def test_cancelling_asks_on_a_page_that_says_who_is_mailed(
        client, schools, head_boras, django_capture_on_commit_callbacks, guardian_mark):
    concert = make_event([schools["boras"]], title="Vårkonsert", kind=Kind.CONCERT,
                         audience=Event.Audience.PUBLIC, registration_required=True)
    services.register(concert, guardian_mark)
    client.force_login(head_boras)
    detail = client.get(concert.get_absolute_url()).content.decode()
    assert f'href="{reverse("events:cancel_event", args=[concert.pk])}"' in detail
    page = client.get(reverse("events:cancel_event", args=[concert.pk])).content.decode()
    assert "1 person får ett mejl" in page and guardian_mark.display_name in page
    concert.refresh_from_db()
    assert not concert.is_cancelled  # looking is not cancelling
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:cancel_event", args=[concert.pk]))
    concert.refresh_from_db()
    assert concert.is_cancelled and [m.to for m in mail.outbox] == [[guardian_mark.email]]


def test_heads_meetings_belong_to_the_heads_network_and_show_on_its_page(
        client, schools, head_boras):
    heads = Network.objects.create(name="Chefsnätverket", slug="chefer",
                                   kind=Network.Kind.HEADS, is_open=False)
    Membership.objects.create(network=heads, user=head_boras, role=Membership.Role.CONVENOR)
    start = timezone.now() + timedelta(days=5)
    meeting = Event(title="Chefsmöte i Borås", kind=Kind.HEADS_MEETING,
                    audience=Event.Audience.HEADS, starts_at=start,
                    ends_at=start + timedelta(hours=2))
    services.save_event(meeting, created_by=head_boras,
                        save_related=lambda: meeting.host_schools.set([schools["boras"]]))
    assert meeting.network == heads
    client.force_login(head_boras)
    assert "Chefsmöte i Borås" in client.get(heads.get_absolute_url()).content.decode()


def test_a_teacher_never_sees_the_heads_meeting_on_any_page(client, schools, teacher_tranemo):
    staff(schools["mark"], Staffing.Role.HEAD)
    heads = Network.objects.create(name="Chefsnätverket", slug="chefer",
                                   kind=Network.Kind.HEADS, is_open=False)
    meeting = make_event([schools["boras"]], title="Hemligt chefsmöte",
                         kind=Kind.HEADS_MEETING, audience=Event.Audience.HEADS, network=heads)
    client.force_login(teacher_tranemo)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(heads.get_absolute_url()).status_code == 404


def test_existing_heads_meetings_move_into_the_heads_network(schools):
    heads = Network.objects.create(name="Chefsnätverket", slug="chefer",
                                   kind=Network.Kind.HEADS, is_open=False)
    meeting = make_event([schools["boras"]], kind=Kind.HEADS_MEETING,
                         audience=Event.Audience.HEADS)
    migration = importlib.import_module(
        "events.migrations.0008_heads_meetings_in_heads_network")
    migration.attach_to_heads_network(django_apps, None)
    meeting.refresh_from_db()
    assert meeting.network == heads


def test_the_demo_heads_meeting_is_on_the_heads_network_page(client, schools):
    call_command("load_demo_data", stdout=open(os.devnull, "w"))
    head = User.objects.get(email="chef.boras@demo.example")
    client.force_login(head)
    assert "Chefsmöte" in client.get(reverse("networks:detail", args=["chefer"])).content.decode()


def _options(page, name):
    """The values offered in the form's <select name=…>."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


def test_the_convenors_form_offers_only_what_they_may_use(client, schools, guitar, convenor):
    """Issue 19: the kinds a network runs itself, no heads' audience, their own network."""
    Network.objects.create(name="Stråknätverket", slug="strak")
    client.force_login(convenor)
    page = client.get(reverse("events:create")).content.decode()
    assert set(_options(page, "kind")) == {Kind.NETWORK_MEETING, Kind.PLAY_DAY, Kind.CONCERT,
                                           Kind.STUDY_VISIT}
    assert Event.Audience.HEADS not in _options(page, "audience")
    assert _options(page, "network") == [str(guitar.pk)]
    response = client.post(reverse("events:create"),
                           _play_day(schools, guitar, audience=Event.Audience.HEADS))
    assert "Välj en av målgrupperna i listan." in response.content.decode()
    assert not Event.objects.exists()


def test_a_head_is_offered_every_kind_and_the_heads_audience(client, head_boras, guitar):
    client.force_login(head_boras)
    page = client.get(reverse("events:create")).content.decode()
    assert set(_options(page, "kind")) == set(Kind.values)
    assert Event.Audience.HEADS in _options(page, "audience")
    assert str(guitar.pk) in _options(page, "network")


def test_cancelling_an_event_that_has_ended_mails_nobody(
        client, schools, head_boras, guardian_mark, django_capture_on_commit_callbacks):
    """Issue 19: cancel_event on an event two weeks past mailed "Inställt" to everyone."""
    concert = make_event([schools["boras"]], title="Vårkonsert", kind=Kind.CONCERT,
                         audience=Event.Audience.PUBLIC, registration_required=True)
    services.register(concert, guardian_mark)
    past = timezone.now() - timedelta(days=14)
    Event.objects.filter(pk=concert.pk).update(starts_at=past, ends_at=past + timedelta(hours=2))
    client.force_login(head_boras)
    page = client.get(reverse("events:cancel_event", args=[concert.pk])).content.decode()
    assert "Ingen får något mejl: evenemanget har redan ägt rum." in page
    assert guardian_mark.display_name not in page
    with django_capture_on_commit_callbacks(execute=True):
        assert services.cancel_event(concert) == 0
    concert.refresh_from_db()
    assert concert.is_cancelled and mail.outbox == []

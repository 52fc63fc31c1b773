"""An event that asks for children's health information is published only after a head of a
host school approves it (issue 19): a convenor alone cannot publish it; the head's button
and admin's action go through the same service."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Staffing
from events import permissions, reminders, services
from events.models import Event, Kind
from networks.models import Membership, Network
from schools.models import Subject
from tests.events.test_convenor_events import DAY
from tests.factories import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def guitar(schools):
    return Network.objects.create(name="Gitarrnätverket", slug="gitarr",
                                  subject=Subject.objects.get(slug="gitarr"))


@pytest.fixture
def convenor(guitar, teacher_ulricehamn):
    Membership.objects.create(network=guitar, user=teacher_ulricehamn,
                              role=Membership.Role.CONVENOR)
    return teacher_ulricehamn


@pytest.fixture
def head_ulricehamn(schools):
    return staff(schools["ulricehamn"], Staffing.Role.HEAD, email="chef.ulricehamn@example.se")


def _create_play_day(client, schools, guitar, **overrides):
    data = {"title": "Gitarrspeldag för barn", "kind": Kind.PLAY_DAY,
            "host_schools": [schools["ulricehamn"].pk], "network": guitar.pk,
            "audience": Event.Audience.PUBLIC, "starts_at": f"{DAY}T10:00",
            "ends_at": f"{DAY}T15:00", "registration_required": "on",
            "asks_participant_info": "on", "follow_up_days": 3, **overrides}
    client.post(reverse("events:create"), data)
    return Event.objects.get(title=data["title"])


def test_a_convenors_health_information_event_waits_for_the_head(
        client, schools, guitar, convenor, head_ulricehamn, guardian_mark, head_boras):
    client.force_login(convenor)
    event = _create_play_day(client, schools, guitar)
    assert event.awaiting_approval
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Väntar på godkännande." in page and "Godkänn och publicera" not in page
    client.post(reverse("events:approve", args=[event.pk]))
    event.refresh_from_db()
    assert event.awaiting_approval  # the convenor alone cannot publish it
    with pytest.raises(services.ApprovalError):
        services.approve_event(event, convenor)

    # Hidden from its audience and closed for registration until approved.
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(guardian_mark)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert not event.registration_open()
    client.force_login(head_boras)  # a head, but not of a host school
    assert client.get(event.get_absolute_url()).status_code == 404
    assert not permissions.can_approve_event(head_boras, event)

    client.force_login(head_ulricehamn)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Godkänn och publicera" in page
    client.post(reverse("events:approve", args=[event.pk]))
    event.refresh_from_db()
    assert not event.awaiting_approval and event.approved_by == head_ulricehamn
    client.logout()
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Väntar på godkännande" not in page and "Logga in för att anmäla" in page


def test_an_edit_by_the_convenor_does_not_publish_it(client, schools, guitar, convenor):
    client.force_login(convenor)
    event = _create_play_day(client, schools, guitar)
    client.post(reverse("events:edit", args=[event.pk]), {
        "title": "Gitarrspeldag för barn", "kind": Kind.PLAY_DAY,
        "host_schools": [schools["ulricehamn"].pk], "network": guitar.pk,
        "audience": Event.Audience.PUBLIC, "starts_at": f"{DAY}T10:00",
        "ends_at": f"{DAY}T16:00", "registration_required": "on",
        "asks_participant_info": "on", "follow_up_days": 3})
    event.refresh_from_db()
    assert timezone.localtime(event.ends_at).hour == 16 and event.awaiting_approval


def test_turning_on_the_questions_after_approval_asks_again(schools, guitar, convenor):
    start = timezone.now() + timedelta(days=30)
    event = Event(title="Speldag", kind=Kind.PLAY_DAY, network=guitar,
                  audience=Event.Audience.PUBLIC, starts_at=start,
                  ends_at=start + timedelta(hours=5))
    services.save_event(event, created_by=convenor,
                        save_related=lambda: event.host_schools.set([schools["ulricehamn"]]))
    assert not event.awaiting_approval  # nothing sensitive asked
    event.asks_participant_info = True
    services.save_event(event, saved_by=convenor)
    assert Event.objects.get(pk=event.pk).awaiting_approval


def test_a_head_of_a_host_school_publishes_their_own_at_once(client, head_boras, schools):
    client.force_login(head_boras)
    client.post(reverse("events:create"), {
        "title": "Stråkläger", "kind": Kind.CAMP, "host_schools": [schools["boras"].pk],
        "audience": Event.Audience.PUBLIC, "starts_at": f"{DAY}T10:00",
        "ends_at": f"{DAY}T15:00", "registration_required": "on",
        "asks_participant_info": "on", "follow_up_days": 3})
    event = Event.objects.get()
    assert not event.awaiting_approval and event.approved_by == head_boras


def test_admin_approves_through_the_same_service(client, schools, guitar, convenor,
                                                 coordinator):
    client.force_login(convenor)
    event = _create_play_day(client, schools, guitar)
    client.force_login(coordinator)
    client.post(reverse("admin:events_event_changelist"),
                {"action": "approve_events", "_selected_action": [event.pk]})
    event.refresh_from_db()
    assert not event.awaiting_approval and event.approved_by == coordinator


def test_a_waiting_event_is_left_out_of_public_lists_feeds_and_reminders(
        client, schools, guitar, convenor):
    client.force_login(convenor)
    event = _create_play_day(client, schools, guitar)
    assert event.awaiting_approval
    assert event not in services.upcoming_public_events_hosted_by(schools["ulricehamn"])
    assert event not in reminders.events_to_sweep(timezone.now())
    client.logout()
    assert "Gitarrspeldag för barn" not in client.get(
        reverse("events:calendar")).content.decode()

"""A meeting's pages: participants propose agenda items, hosts write the minutes,
decisions and action items, and open action items follow to the next meeting."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Kind
from meetings.models import ActionItem
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def test_participant_proposes_agenda_item_before_deadline(client, heads_meeting, head_tranemo):
    client.force_login(head_tranemo)
    url = reverse("meetings:propose_agenda_item", args=[heads_meeting.pk])
    response = client.post(url, {"agenda-title": "", "agenda-description": "Vill ta upp budget"})
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert "Vill ta upp budget" in response.content.decode()  # kept what was typed
    client.post(url, {"agenda-title": "Budget", "agenda-description": ""})
    assert list(heads_meeting.agenda_items.values_list("title", "proposed_by")) == [
        ("Budget", head_tranemo.pk)]
    heads_meeting.agenda_deadline = timezone.now() - timedelta(hours=1)
    heads_meeting.save()
    assert client.post(url, {"agenda-title": "För sent"}).status_code == 404


def test_open_action_items_carry_over_to_the_next_meeting(client, schools, head_boras,
                                                          head_tranemo):
    earlier = make_event([schools["boras"]], title="Chefsmöte 1", kind=Kind.HEADS_MEETING,
                         audience=Event.Audience.HEADS,
                         starts_at=timezone.now() - timedelta(days=30))
    later = make_event([schools["boras"]], title="Chefsmöte 2", kind=Kind.HEADS_MEETING,
                       audience=Event.Audience.HEADS)
    client.force_login(head_boras)
    client.post(reverse("meetings:minutes", args=[earlier.pk]),
                {"part": "action", "action-text": "Boka orkesterlokal",
                 "action-owner": head_tranemo.pk})
    client.post(reverse("meetings:minutes", args=[earlier.pk]),
                {"part": "decision", "decision-text": "Vi startar en regional orkester."})
    page = client.get(reverse("events:detail", args=[later.pk])).content.decode()
    assert "Åtgärder från tidigare möten" in page and "Boka orkesterlokal" in page
    item = ActionItem.objects.get()
    client.force_login(head_tranemo)
    client.post(reverse("meetings:action_item_done", args=[item.pk]))
    page = client.get(reverse("events:detail", args=[later.pk])).content.decode()
    assert "Boka orkesterlokal" not in page
    assert "Vi startar en regional orkester." in client.get(
        reverse("events:detail", args=[earlier.pk])).content.decode()


def test_marking_done_returns_to_the_page_it_came_from_never_elsewhere(client, heads_meeting,
                                                                     head_tranemo):
    item = ActionItem.objects.create(event=heads_meeting, text="Boka lokal", owner=head_tranemo)
    client.force_login(head_tranemo)
    url = reverse("meetings:action_item_done", args=[item.pk])
    came_from = reverse("events:detail", args=[heads_meeting.pk])
    assert client.post(url, {"next": came_from})["Location"] == came_from
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == came_from


def test_action_item_can_be_closed_by_owner_only(client, heads_meeting, head_tranemo,
                                                 teacher_tranemo, outsider):
    item = ActionItem.objects.create(event=heads_meeting, text="Boka lokal", owner=head_tranemo)
    url = reverse("meetings:action_item_done", args=[item.pk])
    for user in (outsider, teacher_tranemo):
        client.force_login(user)
        assert client.post(url).status_code == 404
    client.force_login(head_tranemo)
    assert client.post(url).status_code == 302
    item.refresh_from_db()
    assert item.done_at is not None

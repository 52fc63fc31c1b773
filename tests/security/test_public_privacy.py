"""Public pages show only public things (issue 13).

Filters offer only networks whose events the visitor may see, action items of members-only
meetings stay there, a member without a name is not listed by an e-mail address they hide, and
an anonymous crawl of every public page finds none of the private names of the world fixture.
"""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse

from events.models import Event, Kind
from events.reminders import _render
from meetings.models import ActionItem
from tests.events.conftest import make_event
from tests.security.conftest import (
    ADAPTATION_NEED,
    ALLERGY_NOTE,
    EMERGENCY_PHONE,
    GUARDIAN_PHONE,
    HEADS_NETWORK,
    HIDDEN_EMAIL,
    PRIVATE_NAMES,
    PROPOSED_INITIATIVE,
    PROPOSED_NETWORK,
    SECRET_ACTION_ITEM,
    SURVEY_TEXT,
    log_in,
)
from tests.security.resolver import public_start_urls

pytestmark = pytest.mark.django_db


def test_calendar_filter_offers_anonymous_visitors_only_networks_of_public_events(client, world):
    # A public event linked to the proposed network still does not reveal the proposal.
    make_event([], title="Öppen dansafton", audience=Event.Audience.PUBLIC,
               network=world.objects["proposed"])
    for url in [reverse("events:calendar"), reverse("events:month", args=[2026, 10])]:
        html = client.get(url).content.decode()
        assert "Gitarrnätverket" in html  # the public concert's network
        assert HEADS_NETWORK not in html and PROPOSED_NETWORK not in html


def test_calendar_filter_offers_the_heads_network_to_heads(client, world):
    html = log_in(client, world.people["head_boras"]).get(reverse("events:calendar")).content
    assert HEADS_NETWORK in html.decode()
    assert PROPOSED_NETWORK not in html.decode()


def test_calendar_refuses_a_network_the_visitor_may_not_see_as_a_filter(client, world):
    response = client.get(reverse("events:calendar"), {"natverk": world.objects["heads"].pk})
    assert response.status_code == 200
    assert HEADS_NETWORK not in response.content.decode()


def test_event_form_offers_only_networks_the_editor_may_see(client, world):
    teacher_head = world.people["head_boras"]
    form = log_in(client, teacher_head).get(reverse("events:create")).context["form"]
    names = {n.name for n in form.fields["network"].queryset}
    assert "Gitarrnätverket" in names and HEADS_NETWORK in names
    assert PROPOSED_NETWORK not in names


def test_action_items_of_members_only_meetings_never_reach_a_public_meeting(client, world):
    public_meeting = world.objects["public_meeting"]
    assert SECRET_ACTION_ITEM not in client.get(public_meeting.get_absolute_url()).content.decode()
    assert list(ActionItem.objects.carried_over_to(public_meeting)) == []


def test_action_items_still_follow_the_same_members_meeting_series(world):
    later = make_event([], title="Nästa medlemsträff", kind=Kind.NETWORK_MEETING,
                       network=world.objects["guitar"], audience=Event.Audience.NETWORK)
    assert [i.text for i in ActionItem.objects.carried_over_to(later)] == [SECRET_ACTION_ITEM]


def test_reminder_of_a_public_meeting_carries_no_members_only_action_item(world):
    meeting = world.objects["public_meeting"]
    message = _render(meeting, world.people["pupil"], "reminder", 24, "sv", ())
    assert SECRET_ACTION_ITEM not in message.text
    assert SECRET_ACTION_ITEM not in message.html


def test_member_who_hides_the_address_is_not_listed_by_it(client, world):
    html = log_in(client, world.people["teacher_boras"]).get(
        reverse("networks:members", args=["gitarr"])).content.decode()
    assert HIDDEN_EMAIL not in html
    assert f"Medlem utan namn (nr {world.people['hidden'].pk})" in html


def test_member_who_shows_the_address_is_listed_by_it(client, world):
    hidden = world.people["hidden"]
    hidden.show_email_to_colleagues = True
    hidden.save()
    assert hidden.display_name == HIDDEN_EMAIL


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)


def _crawl(client, start, limit=400):
    seen, queue, pages = set(), list(start), {}
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0))[0]
        parts = urlsplit(url)
        if url in seen or parts.netloc or not url.startswith("/") or url.startswith("/admin/"):
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            pages[url] = response.content.decode()
            parser = _Links()
            parser.feed(pages[url])
            queue.extend(link for link in parser.links if "/manad/" not in link or len(seen) < 60)
    return pages


@pytest.mark.parametrize("persona", ["anonymous", "guardian_other", "teacher_ulricehamn"])
def test_no_public_page_shows_a_private_name(client, world, persona):
    """Neither a visitor, another family nor a teacher elsewhere finds a private name."""
    log_in(client, world.people[persona])
    pages = _crawl(client, public_start_urls(world))
    assert len(pages) >= 15, sorted(pages)
    leaks = [(url, name) for url, html in pages.items() for name in PRIVATE_NAMES if name in html]
    assert leaks == []


def test_the_private_names_are_shown_to_those_they_are_for(client, world):
    """So that the crawl above, which finds none of them, searches for text the portal prints."""
    o = world.objects
    seen = {
        ("head_boras", reverse("events:participants", args=[o["pupils_event"].pk])):
            [ALLERGY_NOTE, EMERGENCY_PHONE, "Petronella", "Ottilia"],
        ("head_boras", reverse("courses:admitted", args=[o["course"].pk])):
            [GUARDIAN_PHONE, ADAPTATION_NEED, "Ingeborg"],
        ("head_boras", o["proposal"].get_absolute_url()): [PROPOSED_INITIATIVE],
    }
    # The survey's free text is shown on no page at all (only admin has it).
    assert SURVEY_TEXT not in log_in(client, world.people["coordinator"]).get(
        reverse("surveys:results", args=[o["survey_round"].pk])).content.decode()
    for (persona, url), names in seen.items():
        client.logout()
        html = log_in(client, world.people[persona]).get(url).content.decode()
        assert [name for name in names if name not in html] == [], url

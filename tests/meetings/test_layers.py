"""Meetings and programme sit above events: events never imports them, and the event
page, the reminder mail and the event's admin page get their parts through the hooks
the apps register from AppConfig.ready()."""

import grimp
import pytest
from django.contrib import admin
from django.urls import reverse

from events import mail_context, page_sections
from events.models import Event
from meetings.admin import ActionItemInline, AgendaItemInline, DecisionInline
from meetings.models import ActionItem, AgendaItem

pytestmark = pytest.mark.django_db


def test_events_imports_neither_meetings_nor_programme():
    graph = grimp.build_graph("events", "meetings", "programme", cache_dir=None)
    for above in ("meetings", "programme"):
        assert not graph.chain_exists(importer="events", imported=above, as_packages=True)


def test_both_apps_register_their_event_page_section():
    assert {"meetings/_event_section.html", "programme/_event_section.html"} <= {
        section.template_name for section in page_sections._sections}


def test_the_reminder_of_a_meeting_lists_its_agenda_and_open_action_items(heads_meeting):
    AgendaItem.objects.create(event=heads_meeting, title="Budget", position=1)
    context = mail_context.context_for(heads_meeting)
    assert [item.title for item in context["agenda"]] == ["Budget"]
    assert context["carried_over"] == []


def test_the_event_admin_page_has_the_meeting_inlines(admin_client, heads_meeting):
    inlines = admin.site._registry[Event].get_inlines(None, heads_meeting)
    assert {AgendaItemInline, DecisionInline, ActionItemInline} <= set(inlines)
    ActionItem.objects.create(event=heads_meeting, text="Boka orkesterlokal")
    page = admin_client.get(reverse("admin:events_event_change", args=[heads_meeting.pk]))
    assert "Boka orkesterlokal" in page.content.decode()

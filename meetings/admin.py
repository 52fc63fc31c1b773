"""A meeting's agenda, decisions and action items in Django admin: on the event's page
(inlines added to events' EventAdmin) and as lists of their own."""

from django.contrib import admin

from events.admin import OfReadableEvents, register_inline
from meetings.models import ActionItem, AgendaItem, Decision


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "title", "description", "proposed_by"]
    raw_id_fields = ["proposed_by"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class ActionItemInline(admin.TabularInline):
    model = ActionItem
    extra = 0
    raw_id_fields = ["owner"]


for inline in (AgendaItemInline, DecisionInline, ActionItemInline):
    register_inline(inline)


@admin.register(AgendaItem)
class AgendaItemAdmin(OfReadableEvents, admin.ModelAdmin):
    list_display = ["title", "event", "position", "proposed_by"]
    list_filter = ["event__kind"]
    list_select_related = ["event", "proposed_by"]
    search_fields = ["title", "event__title"]
    raw_id_fields = ["event", "proposed_by"]


@admin.register(ActionItem)
class ActionItemAdmin(OfReadableEvents, admin.ModelAdmin):
    list_display = ["text", "event", "owner", "due_date", "done_at"]
    list_filter = ["event__kind", ("done_at", admin.EmptyFieldListFilter)]
    list_select_related = ["event", "owner"]
    search_fields = ["text", "event__title"]
    raw_id_fields = ["event", "owner"]


@admin.register(Decision)
class DecisionAdmin(OfReadableEvents, admin.ModelAdmin):
    list_display = ["__str__", "event", "created_at"]
    list_filter = ["event__kind"]
    list_select_related = ["event"]
    search_fields = ["text", "event__title"]
    raw_id_fields = ["event"]

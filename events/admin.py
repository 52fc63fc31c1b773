"""Events in Django admin. Statuses are read-only here: they change only through the
actions below, which call the services (so waiting lists move up and people are told)."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin
from core.locks import BUSY, LockWaitTimeout
from events import services
from events.forms import EventFileAdminForm
from events.models import (
    CalendarFeed,
    Event,
    EventFile,
    Kind,
    KindReminderSetting,
    Registration,
    ReminderOptOut,
    SchoolQuota,
)


class SchoolQuotaInline(admin.TabularInline):
    model = SchoolQuota
    extra = 0


class EventFileInline(admin.TabularInline):
    model = EventFile
    form = EventFileAdminForm
    extra = 0
    raw_id_fields = ["uploaded_by"]


class OfReadableEvents:
    """Only rows whose event Event.objects shows: an event dated outside core.bounds
    (a year-1 start stored by PostgreSQL as BC cannot be read back) would otherwise break
    the whole list for the coordinator."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(event__in=Event.objects.all())


# Inlines that apps above events add to the event's admin page (meetings: the agenda,
# decisions and action items); events never imports them.
_extra_inlines: list = []


def register_inline(inline) -> None:
    if inline not in _extra_inlines:
        _extra_inlines.append(inline)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "audience", "network", "status", "capacity"]
    list_filter = ["kind", "status", "awaiting_approval", "audience", "host_schools",
                   "network"]
    list_select_related = ["network"]
    search_fields = ["title", "description", "place"]
    date_hierarchy = "starts_at"
    # Plain checkboxes for the few schools: labelled and keyboard-friendly, unlike
    # the two-box filter widget (whose tooltips fail axe).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    raw_id_fields = ["created_by"]
    readonly_fields = ["status", "cancelled_at", "awaiting_approval", "approved_by",
                       "approved_at", "created_at", "updated_at"]
    inlines = [SchoolQuotaInline, EventFileInline]
    actions = ["cancel_events", "reinstate_events", "approve_events"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "description", "host_schools", "network",
                           "audience", "status", "cancelled_at", "awaiting_approval",
                           "approved_by", "approved_at"]}),
        (_("Tid och plats"), {"fields": ["starts_at", "ends_at", "place", "online_link"]}),
        (_("Anmälan"), {"fields": ["registration_required", "capacity",
                                   "registration_deadline", "quota_release_at"]}),
        (_("Möte"), {"fields": ["agenda_deadline", "minutes"]}),
        (_("Påminnelser, förberedelse och uppföljning"), {
            "fields": ["reminder_hours", "preparation_question", "preparation_article_url",
                       "preparation_film_url", "follow_up_message", "follow_up_days"]}),
        (_("Historik"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    def get_inlines(self, request, obj):
        # Apps above events (meetings) add their inlines through register_inline().
        return [*super().get_inlines(request, obj), *_extra_inlines]

    def get_changeform_initial_data(self, request):
        """A new training day suggests the school whose turn it is to host.

        The add page opens with that school pre-selected unless another kind was
        asked for (?kind=concert); the field's help text names it either way.
        """
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("kind", Kind.TRAINING_DAY)
        if initial["kind"] == Kind.TRAINING_DAY and "host_schools" not in initial:
            host = services.suggested_training_day_host()
            if host:
                initial["host_schools"] = [host.pk]
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            host = services.suggested_training_day_host()
            if host and "host_schools" in form.base_fields:
                form.base_fields["host_schools"].help_text = _(
                    "Nästa värd för fortbildningsdagen enligt turordningen: %(school)s. "
                    "En eller flera skolor, även partnerskolor utanför regionen."
                ) % {"school": host.name}
        return form

    def save_model(self, request, obj, form, change):
        """Nothing yet: save_related saves the event with its inlines, through the service."""

    def save_related(self, request, form, formsets, change):
        # One service call for the event and its inlines (quotas among them), so the
        # places a raised capacity or quota opens go to the waiting list at once.
        save_inlines = super().save_related
        services.save_event(form.instance, created_by=None if change else request.user,
                            saved_by=request.user,
                            save_related=lambda: save_inlines(request, form, formsets, change))

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except LockWaitTimeout:
            self.message_user(request, BUSY, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    @admin.action(description=_("Ställ in valda evenemang och meddela deltagarna"))
    def cancel_events(self, request, queryset):
        scheduled = list(queryset.scheduled())
        try:
            for event in scheduled:
                services.cancel_event(event)
        except LockWaitTimeout:
            self.message_user(request, BUSY, messages.ERROR)
            return
        count = len(scheduled)
        self.message_user(request, ngettext("%d evenemang inställt.", "%d evenemang inställda.",
                                            count) % count, messages.SUCCESS)

    @admin.action(description=_("Godkänn och publicera valda evenemang med deltagaruppgifter"))
    def approve_events(self, request, queryset):
        # The same service as the head's button on the event page.
        try:
            count = sum(services.approve_event(event, request.user)
                        for event in queryset.filter(awaiting_approval=True))
        except LockWaitTimeout:
            self.message_user(request, BUSY, messages.ERROR)
            return
        self.message_user(request, ngettext("%d evenemang godkänt.", "%d evenemang godkända.",
                                            count) % count, messages.SUCCESS)

    @admin.action(description=_("Återställ valda inställda evenemang till planerade"))
    def reinstate_events(self, request, queryset):
        try:
            count = sum(services.reinstate_event(event) for event in queryset.cancelled())
        except LockWaitTimeout:
            self.message_user(request, BUSY, messages.ERROR)
            return
        self.message_user(request, ngettext(
            "%d evenemang planerat igen; påminnelserna går ut som vanligt.",
            "%d evenemang planerade igen; påminnelserna går ut som vanligt.", count) % count,
            messages.SUCCESS)


@admin.register(KindReminderSetting)
class KindReminderSettingAdmin(admin.ModelAdmin):
    list_display = ["kind", "reminder_hours"]
    list_filter = ["kind"]
    search_fields = ["kind"]




@admin.register(Registration)
class RegistrationAdmin(OfReadableEvents, ReadOnlyAdmin):
    """People register themselves (places are counted under the event lock); a removed
    row would free a place without moving the waiting list, so admin cancels instead."""

    list_display = ["event", "user", "participant", "child", "places", "school", "status",
                    "registered_at"]
    list_filter = ["status", "participant", "event__kind", "school"]
    list_select_related = ["event", "user", "school", "child"]
    search_fields = ["event__title", "user__email", "user__first_name", "user__last_name"]
    actions = ["cancel_registrations"]

    @admin.action(description=_("Avanmäl valda och flytta upp från väntelistan"))
    def cancel_registrations(self, request, queryset):
        try:
            count = services.cancel_registrations(queryset)
        except LockWaitTimeout:
            self.message_user(request, BUSY, messages.ERROR)
            return
        self.message_user(request, ngettext("%d anmälan avbokad.", "%d anmälningar avbokade.",
                                            count) % count, messages.SUCCESS)


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "kind"]
    list_filter = ["kind"]
    list_select_related = ["user", "event"]
    search_fields = ["user__email", "event__title"]
    raw_id_fields = ["user", "event"]


@admin.register(EventFile)
class EventFileAdmin(OfReadableEvents, admin.ModelAdmin):
    form = EventFileAdminForm
    list_display = ["title", "event", "uploaded_by", "uploaded_at"]
    list_filter = ["event__kind"]
    list_select_related = ["event", "uploaded_by"]
    search_fields = ["title", "event__title"]
    raw_id_fields = ["event", "uploaded_by"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at"]
    list_filter = ["created_at"]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    readonly_fields = ["token"]
    raw_id_fields = ["user"]

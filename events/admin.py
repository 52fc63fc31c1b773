from django import forms
from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    Decision,
    Event,
    EventFile,
    Kind,
    KindReminderSetting,
    Registration,
    ReminderDelivery,
    ReminderOptOut,
    SchoolQuota,
)


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


class SchoolQuotaInline(admin.TabularInline):
    model = SchoolQuota
    extra = 0


class EventFileInline(admin.TabularInline):
    model = EventFile
    extra = 0
    raw_id_fields = ["uploaded_by"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "audience", "network", "status", "capacity"]
    list_filter = ["kind", "status", "audience", "host_schools", "network"]
    list_select_related = ["network"]
    search_fields = ["title", "description", "place"]
    date_hierarchy = "starts_at"
    # Plain checkboxes for the few schools: labelled and keyboard-friendly, unlike
    # the two-box filter widget (whose tooltips fail axe).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    raw_id_fields = ["created_by"]
    readonly_fields = ["cancelled_at", "created_at", "updated_at"]
    inlines = [AgendaItemInline, DecisionInline, ActionItemInline, SchoolQuotaInline,
               EventFileInline]
    actions = ["cancel_events"]
    fieldsets = [
        (None, {"fields": ["title", "kind", "description", "host_schools", "network",
                           "audience", "status", "cancelled_at"]}),
        (_("Tid och plats"), {"fields": ["starts_at", "ends_at", "place", "online_link"]}),
        (_("Anmälan"), {"fields": ["registration_required", "capacity",
                                   "registration_deadline", "quota_release_at"]}),
        (_("Möte"), {"fields": ["agenda_deadline", "minutes"]}),
        (_("Påminnelser, förberedelse och uppföljning"), {
            "fields": ["reminder_hours", "preparation_question", "preparation_article_url",
                       "preparation_film_url", "follow_up_message", "follow_up_days"]}),
        (_("Historik"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

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
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        cancelling = change and "status" in form.changed_data and obj.is_cancelled
        if cancelling:
            # Cancellation goes through the service so notices go out.
            obj.status = Event.Status.SCHEDULED
        super().save_model(request, obj, form, change)
        if cancelling:
            services.cancel_event(obj)

    @admin.action(description=_("Ställ in valda evenemang och meddela deltagarna"))
    def cancel_events(self, request, queryset):
        count = sum(1 for event in queryset if services.cancel_event(event) is not None)
        self.message_user(request, ngettext("%d evenemang inställt.", "%d evenemang inställda.",
                                            count) % count, messages.SUCCESS)


@admin.register(KindReminderSetting)
class KindReminderSettingAdmin(admin.ModelAdmin):
    list_display = ["kind", "reminder_hours"]
    list_filter = ["kind"]
    search_fields = ["kind"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "school", "status", "registered_at"]
    list_filter = ["status", "event__kind", "school"]
    list_select_related = ["event", "user", "school"]
    search_fields = ["event__title", "user__email", "user__first_name", "user__last_name"]
    raw_id_fields = ["event", "user"]


@admin.register(ReminderDelivery)
class ReminderDeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "message", "offset_hours", "due_at", "status", "attempts",
                    "sent_at", "last_error"]
    list_filter = ["status", "message", "event__kind"]
    list_select_related = ["event", "user"]
    search_fields = ["event__title", "user__email", "last_error"]
    raw_id_fields = ["event", "user"]
    readonly_fields = ["attempts", "enqueued_at", "claimed_at", "sent_at", "created_at",
                       "last_error"]
    date_hierarchy = "due_at"
    actions = ["send_again"]

    @admin.action(description=_("Försök skicka valda misslyckade påminnelser igen"))
    def send_again(self, request, queryset):
        count = queryset.filter(status=ReminderDelivery.Status.FAILED).update(
            status=ReminderDelivery.Status.RETRYING, attempts=0, enqueued_at=None)
        self.message_user(request, _("%d påminnelser skickas vid nästa körning.") % count)


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "kind"]
    list_filter = ["kind"]
    list_select_related = ["user", "event"]
    search_fields = ["user__email", "event__title"]
    raw_id_fields = ["user", "event"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "position", "proposed_by"]
    list_filter = ["event__kind"]
    list_select_related = ["event", "proposed_by"]
    search_fields = ["title", "event__title"]
    raw_id_fields = ["event", "proposed_by"]


@admin.register(ActionItem)
class ActionItemAdmin(admin.ModelAdmin):
    list_display = ["text", "event", "owner", "due_date", "done_at"]
    list_filter = ["event__kind", ("done_at", admin.EmptyFieldListFilter)]
    list_select_related = ["event", "owner"]
    search_fields = ["text", "event__title"]
    raw_id_fields = ["event", "owner"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "created_at"]
    list_filter = ["event__kind"]
    list_select_related = ["event"]
    search_fields = ["text", "event__title"]
    raw_id_fields = ["event"]


@admin.register(EventFile)
class EventFileAdmin(admin.ModelAdmin):
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

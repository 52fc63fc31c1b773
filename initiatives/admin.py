from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin
from initiatives import services
from initiatives.models import Commitment, CommitmentChange, Initiative


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "status", "proposed_by"]
    list_filter = ["status", "year"]
    search_fields = ["title", "description"]
    readonly_fields = ["status", "proposed_by"]
    # A raw id field: the multiple autocomplete's search box has no label (axe).
    raw_id_fields = ["events"]
    inlines = [CommitmentInline]
    actions = ["approve", "decline"]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "schools":
            # Labelled checkboxes, not the two-box filter widget (it fails axe).
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)

    @admin.action(description=_("Godkänn valda föreslagna satsningar"))
    def approve(self, request, queryset):
        count = services.approve_initiatives(queryset)
        self.message_user(request, ngettext("%d satsning godkänd.", "%d satsningar godkända.",
                                            count) % count, messages.SUCCESS)

    @admin.action(description=_("Avslå valda föreslagna satsningar"))
    def decline(self, request, queryset):
        count = services.decline_initiatives(queryset)
        self.message_user(request, ngettext("%d satsning avslagen.", "%d satsningar avslagna.",
                                            count) % count, messages.SUCCESS)


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["initiative", "school", "takes_part", "people", "hours", "money_sek"]
    list_filter = ["takes_part", "school", "initiative"]
    list_select_related = ["initiative", "school"]
    search_fields = ["initiative__title", "school__name"]


@admin.register(CommitmentChange)
class CommitmentChangeAdmin(ReadOnlyAdmin):
    """The change log is a record: read only."""

    list_display = ["initiative", "school", "changed_by", "changed_at"]
    list_filter = ["school"]
    list_select_related = ["initiative", "school", "changed_by"]

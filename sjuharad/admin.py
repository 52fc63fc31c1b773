from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sjuharad.models import AccessibilityReport


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "contact_email", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    search_fields = ["description", "page_url", "contact_email"]
    readonly_fields = ["created_at"]

    def get_changelist_form(self, request, **kwargs):
        # The list's checkboxes stand in a table cell without a label of their own.
        kwargs.setdefault("widgets", {
            "handled": forms.CheckboxInput(attrs={"aria-label": _("Åtgärdad")})})
        return super().get_changelist_form(request, **kwargs)

from django import forms
from django.contrib import admin
from django.contrib.admin import options
from django.db import models

from sjuharad.models import AccessibilityReport

# The admin's split date/time inputs have no labels of their own (axe: "label").
# One native, labelled date-and-time input per field instead, in every ModelAdmin.
options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "contact_email", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    search_fields = ["description", "page_url", "contact_email"]
    readonly_fields = ["created_at"]

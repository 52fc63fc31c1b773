from django import forms
from django.contrib.admin import options
from django.db import models

# The admin's split date/time inputs have no labels of their own (axe: "label").
# One native, labelled date-and-time input per field instead, in every ModelAdmin.
# Here, in the first app that admin.autodiscover() imports, so that every
# ModelAdmin registered after it gets the widget.
options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}

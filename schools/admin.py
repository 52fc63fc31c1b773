from django import forms
from django.contrib import admin
from django.db import models

from schools.models import Municipality, School, Subject


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "official_name", "scb_code", "in_sjuharad", "email_domains"]
    list_filter = ["in_sjuharad"]
    search_fields = ["name", "official_name", "scb_code"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "family"]
    list_filter = ["family"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "municipality", "city", "phone", "website"]
    list_filter = ["municipality__in_sjuharad", "municipality"]
    list_select_related = ["municipality"]
    search_fields = ["name", "municipality__name", "city"]  # also used by autocompletes
    # Labelled checkboxes for the subjects, not the two-box filter widget (fails axe).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    prepopulated_fields = {"slug": ["name"]}

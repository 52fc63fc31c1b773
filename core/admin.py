from django import forms
from django.contrib import admin, messages
from django.contrib.admin import options
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from core import mail_outbox
from core.locks import BUSY, LockWaitTimeout
from core.models import OutgoingMail

# The admin's split date/time inputs have no labels of their own (axe: "label").
# One native, labelled date-and-time input per field instead, in every ModelAdmin.
# Here, in the first app that admin.autodiscover() imports, so that every
# ModelAdmin registered after it gets the widget.
LABELLED_DATE_TIME = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}
options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = LABELLED_DATE_TIME
# The ModelAdmins registered before this import (allauth's: its apps come before core
# in INSTALLED_APPS, e.g. the MFA authenticators) copied the old defaults already.
for _registered in admin.site._registry.values():
    _registered.formfield_overrides[models.DateTimeField] = dict(LABELLED_DATE_TIME)


# Permission names are stored in English by Django's migrations ("Can view course");
# the admin shows them in Swedish, built from the model's (translated) names.
PERMISSION_ACTIONS = {
    "add": pgettext_lazy("permission", "Får lägga till"),
    "change": pgettext_lazy("permission", "Får ändra"),
    "delete": pgettext_lazy("permission", "Får ta bort"),
    "view": pgettext_lazy("permission", "Får visa"),
}


def permission_label(permission):
    """ "Kurser | Får visa kurser" for a default permission; a custom one keeps its name."""
    model = permission.content_type.model_class()
    action = permission.codename.partition("_")[0]
    if model is None or action not in PERMISSION_ACTIONS:
        return f"{permission.content_type.app_label} | {permission.name}"
    opts = model._meta
    action = PERMISSION_ACTIONS[action]
    return f"{opts.app_config.verbose_name} | {action} {opts.verbose_name_plural}"


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class PlainManyToManyMixin:
    """Many-to-many fields as labelled checkboxes (short lists) or one plain, labelled
    multiple select (permissions), never the two-box filter widget: its buttons and
    tooltips fail axe (aria-prohibited-attr) and it needs JavaScript."""

    filter_horizontal = ()
    filter_vertical = ()
    permission_fields = ("permissions", "user_permissions")

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name in self.permission_fields:
            kwargs["form_class"] = PermissionsField
            kwargs["queryset"] = db_field.remote_field.model.objects.select_related(
                "content_type").order_by("content_type__app_label", "content_type__model",
                                         "codename")
            kwargs.setdefault("widget", forms.SelectMultiple(attrs={"size": 12}))
        else:
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


def apply_to_each(model_admin, request, objects, change, done_message, refusals=()):
    """Run one service change on each selected object (an admin action never writes a
    status itself). Says how many went through, and for each refusal, why.

    `refusals` are the services' error types whose message is for the user;
    `done_message(n)` says what n successful changes did.
    """
    done = 0
    for obj in objects:
        try:
            change(obj)
        except LockWaitTimeout:
            model_admin.message_user(request, f"{obj}: {BUSY}", messages.WARNING)
        except refusals as error:
            model_admin.message_user(request, f"{obj}: {error}", messages.WARNING)
        else:
            done += 1
    if done:
        model_admin.message_user(request, done_message(done), messages.SUCCESS)
    return done


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the portal writes itself: admin shows them and acts only through actions
    (which call services). Coordinators get the view permission only for these
    (accounts.permissions)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutgoingMail)
class OutgoingMailAdmin(ReadOnlyAdmin):
    """The outbox: every mail the portal sends, reminders included, one row per recipient
    (core/mail_outbox.py).

    Read-only: rows are written when something happens and marked by the worker that
    sends them. Failed and in-doubt rows can be sent again (through the engine's service)."""

    list_display = ["to", "subject", "template", "status", "due_at", "attempts", "sent_at",
                    "last_error"]
    list_filter = ["status", "template"]
    search_fields = ["to", "subject", "message_id", "topic"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.action(description=_("Skicka igen (valda e-post som misslyckades eller är osäkra)"))
    def send_again(self, request, queryset):
        count = mail_outbox.send_again(queryset)
        self.message_user(request, ngettext("%(count)d e-post skickas igen.",
                                            "%(count)d e-post skickas igen.", count)
                          % {"count": count}, messages.SUCCESS)

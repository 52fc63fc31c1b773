from django import forms
from django.contrib import admin, messages
from django.contrib.admin import options
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import mail_outbox
from core.locks import LockWaitTimeout
from core.models import OutgoingMail

BUSY = _("Någon annan ändrade samtidigt. Försök igen om en liten stund.")

# The admin's split date/time inputs have no labels of their own (axe: "label").
# One native, labelled date-and-time input per field instead, in every ModelAdmin.
# Here, in the first app that admin.autodiscover() imports, so that every
# ModelAdmin registered after it gets the widget.
options.FORMFIELD_FOR_DBFIELD_DEFAULTS[models.DateTimeField] = {
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}


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


class MailStateFilter(admin.SimpleListFilter):
    title = _("läge")
    parameter_name = "lage"

    def lookups(self, request, model_admin):
        return [("ej-skickad", _("ej skickad")), ("skickad", _("skickad")),
                ("gav-upp", _("gav upp"))]

    def queryset(self, request, queryset):
        if self.value() == "ej-skickad":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "skickad":
            return queryset.filter(sent_at__isnull=False)
        if self.value() == "gav-upp":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=False)
        return queryset


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The outbox: every mail the portal sends, one row per recipient (core/mail_outbox.py).

    Read-only: rows are written when something happens and marked by the worker that
    sends them. Unsent rows can be queued again."""

    list_display = ["to", "subject", "template", "created_at", "attempts", "sent_at",
                    "failed_at", "last_error"]
    list_filter = [MailStateFilter, "template"]
    search_fields = ["to", "subject", "message_id"]
    date_hierarchy = "created_at"
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Skicka igen (valda e-post som inte har skickats)"))
    def send_again(self, request, queryset):
        count = mail_outbox.send_again(queryset)
        self.message_user(request, ngettext("%(count)d e-post skickas igen.",
                                            "%(count)d e-post skickas igen.", count)
                          % {"count": count}, messages.SUCCESS)

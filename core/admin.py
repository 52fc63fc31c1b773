from django import forms
from django.contrib import messages
from django.contrib.admin import options
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.locks import LockWaitTimeout

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

"""Register, cancel, and decline an invitation. Places are counted under the event lock."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from core.locks import LockWaitTimeout
from events import permissions, services
from events.models import Registration
from events.views.busy import show_busy


def attempt_registration(request, register, waiting: str, done: str):
    """Run one registration service call and tell the person how it went: placed or on
    the waiting list (`waiting`/`done`), refused, or busy. The registration, or None."""
    try:
        registration = register()
    except services.RegistrationError as error:
        messages.error(request, str(error))
    except LockWaitTimeout:
        show_busy(request)
    else:
        if registration.status == Registration.Status.WAITING:
            messages.warning(request, waiting)
        else:
            messages.success(request, done)
        return registration
    return None


FULL = _lazy("Evenemanget är fullt. Du står på väntelistan och får besked om en plats blir "
             "ledig.")


@login_required
@require_POST
def register(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    if permissions.must_give_participant_info(request.user, event):
        return redirect("events:register_self", event.pk)
    attempt_registration(request, lambda: services.register(event, request.user),
                         FULL, _("Du är anmäld."))
    return redirect(event)


@login_required
@require_POST
def cancel_registration(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    try:
        services.cancel_registration(event, request.user)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    except LockWaitTimeout:
        show_busy(request)
    else:
        messages.success(request, _("Du är avanmäld."))
    return redirect(event)


@login_required
@require_POST
def decline(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    try:
        services.decline(event, request.user)
    except LockWaitTimeout:
        show_busy(request)
    else:
        messages.success(request, _("Du har tackat nej och får inga fler påminnelser om det här."))
    return redirect(event)

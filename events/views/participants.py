"""Children and school groups at joint events, and the organisers' participant list."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.locks import LockWaitTimeout
from events import participants, permissions, services
from events.forms import (
    ChildRegistrationForm,
    GroupDetailsForm,
    GroupRegistrationForm,
    OwnParticipantInfoForm,
)
from events.models import Registration
from events.views.busy import show_busy
from events.views.registration import FULL, attempt_registration


def _child_forms(request, event):
    """One form per child of the guardian who is not already registered (or waiting)."""
    taken = set(event.registrations.filter(user=request.user, status__in=Registration.ACTIVE)
                .exclude(child=None).values_list("child_id", flat=True))
    data = request.POST if request.method == "POST" else None
    return [ChildRegistrationForm(data, prefix=f"barn-{child.pk}", child=child,
                                  age=child.age_in(event.year),
                                  asks_info=event.asks_participant_info)
            for child in permissions.children_for_events(request.user)
            if child.pk not in taken]


@login_required
def register_children(request, pk):
    """A guardian picks one or several children; each gets a registration and a place."""
    event = permissions.get_event_for_user(request.user, pk)
    if not permissions.can_register_children(request.user, event):
        raise Http404
    forms = _child_forms(request, event)
    if request.method == "POST" and all(form.is_valid() for form in forms):
        chosen = [(form.child, form.info()) for form in forms if form.cleaned_data["selected"]]
        if not chosen:
            messages.error(request, _("Välj minst ett barn att anmäla."))
        elif _register_chosen(request, event, chosen):
            return redirect(event)
    return render(request, "events/register_children.html", {"event": event, "forms": forms})


def _register_chosen(request, event, chosen) -> bool:
    try:
        registrations = services.register_children(event, request.user, chosen)
    except services.RegistrationError as error:
        messages.error(request, str(error))
        return False
    except LockWaitTimeout:
        show_busy(request)
        return False
    for registration in registrations:
        if registration.status == Registration.Status.WAITING:
            messages.warning(request, _("%(name)s står på väntelistan.")
                             % {"name": registration.child.name})
        else:
            messages.success(request, _("%(name)s är anmäld.") % {"name": registration.child.name})
    return True


@login_required
def register_self(request, pk):
    """A pupil of 13+ registers themselves with the participant information asked for."""
    event = permissions.get_event_for_user(request.user, pk)
    if permissions.registered_by_guardian(request.user, event):
        # Said on the event's page already; a bookmarked link gets the same answer.
        messages.info(request, _("Elever under 13 år anmäls av en vårdnadshavare."))
        return redirect(event)
    if not permissions.must_give_participant_info(request.user, event):
        raise Http404
    form = OwnParticipantInfoForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and attempt_registration(
            request, lambda: services.register(event, request.user, info=form.info()),
            FULL, _("Du är anmäld.")):
        return redirect(event)
    return render(request, "events/register_self.html", {"event": event, "form": form})


@login_required
def register_group(request, pk):
    """A head or teacher registers a group from their school; it takes that many places."""
    event = permissions.get_event_for_user(request.user, pk)
    if not permissions.can_register_group(request.user, event):
        raise Http404
    form = GroupRegistrationForm(request.POST or None,
                                 schools=permissions.group_schools_of(request.user),
                                 teachers=permissions.teachers_for_groups(request.user),
                                 initial={"responsible_teacher": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt_registration(
                request, lambda: services.register_group(
                    event, request.user, data["school"], data["places"],
                    data["responsible_teacher"], data["group_name"], data["names"]),
                _("Det finns inte plats för hela gruppen. Gruppen står på väntelistan."),
                _("Gruppen är anmäld.")):
            return redirect(event)
    return render(request, "events/register_group.html", {"event": event, "form": form})


@login_required
def group_edit(request, pk, registration_pk):
    """Add the pupils' names later, or change the responsible teacher."""
    event = permissions.get_event_for_user(request.user, pk)
    group = permissions.get_group_for_school_staff(request.user, event, registration_pk)
    form = GroupDetailsForm(request.POST or None, instance=group,
                            teachers=permissions.teachers_for_groups(request.user))
    if request.method == "POST" and form.is_valid():
        services.update_group(form.save(commit=False))
        messages.success(request, _("Gruppens uppgifter är sparade."))
        return redirect(event)
    return render(request, "events/group_form.html", {"event": event, "form": form,
                                                      "group": group})


@login_required
@require_POST
def cancel_own(request, pk, registration_pk):
    """Cancel one of your children's or your groups' registrations."""
    event = permissions.get_event_for_user(request.user, pk)
    permissions.get_own_registration(request.user, event, registration_pk)
    try:
        registration, _promoted = services.cancel_registration(
            event, request.user, registration_pk=registration_pk)
    except services.RegistrationError as error:
        messages.error(request, str(error))
    except LockWaitTimeout:
        show_busy(request)
    else:
        messages.success(request, _("%(name)s är avanmäld.")
                         % {"name": registration.participant_name})
    return redirect(event)


@login_required
def participant_list(request, pk):
    """Organisers: everyone taking part, per school, with the participant information."""
    event = permissions.get_event_for_organiser(request.user, pk)
    registrations = participants.participants(event)
    return render(request, "events/participants.html", {
        "event": event, "schools": participants.by_school(registrations),
        "with_info": event.asks_participant_info})


@login_required
def participant_export(request, pk):
    event = permissions.get_event_for_organiser(request.user, pk)
    body = participants.as_csv(event, participants.participants(event),
                               event.asks_participant_info)
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deltagare-{event.pk}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response

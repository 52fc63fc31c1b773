"""An event's page, creating and editing events, its calendar file, cancelling it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import schools_led_by
from core.locks import LockWaitTimeout
from core.structured_data import script_tag
from events import audience, ics, page_sections, permissions, services
from events.forms import EventFileForm, EventForm
from events.models import (
    Event,
    Kind,
    Registration,
    ReminderOptOut,
    SchoolQuota,
)
from events.structured_data import event_jsonld
from events.views.busy import show_busy


def detail(request, pk):
    user = request.user
    event = permissions.get_event_for_user(user, pk)
    can_manage = permissions.can_manage_event(user, event)
    event.shown_network = permissions.shown_network(user, event)
    hosts = list(event.host_schools.all())
    places = services.count_places(event)
    context = {
        "event": event,
        "hosts": hosts,
        "can_manage": can_manage,
        "can_approve": event.awaiting_approval and permissions.can_approve_event(user, event),
        "places": places,
        # For search engines: only an event the public may see describes itself.
        "jsonld": script_tag(event_jsonld(event, hosts, places))
        if event.audience == Event.Audience.PUBLIC else "",
        "quotas": SchoolQuota.objects.filter(event=event).select_related("school"),
        "files": event.files.all(),
        "local_start": timezone.localtime(event.starts_at),
        "local_end": timezone.localtime(event.ends_at),
        "reminder_hours": event.reminder_offsets(),
        # A meeting's agenda and minutes, a festival's programme (meetings, programme).
        "sections": page_sections.sections_for(request, event, can_manage),
    }
    if not user.is_authenticated:
        # Anonymous visitors see public events only; those taking registrations say how.
        context["offer_login"] = event.registration_open() and (
            event.registration_required or event.audience == Event.Audience.PUBLIC)
    else:
        mine = permissions.own_registrations(user, event)
        context["registration"] = mine.filter(participant=Registration.Participant.PERSON).first()
        context["for_others"] = mine.exclude(participant=Registration.Participant.PERSON).filter(
            status__in=Registration.ACTIVE)
        context["can_register_children"] = permissions.can_register_children(user, event)
        context["can_register_group"] = permissions.can_register_group(user, event)
        context["can_register_self"] = permissions.can_register_self(user, event)
        context["registered_by_guardian"] = permissions.registered_by_guardian(user, event)
        context["must_give_participant_info"] = permissions.must_give_participant_info(
            user, event)
        context["can_organise"] = permissions.can_organise(user, event)
        context["invited"] = audience.is_invited(user, event)
        context["opted_out"] = ReminderOptOut.objects.filter(user=user, event=event).exists()
    if can_manage:
        context["registrations"] = (event.registrations
                                    .exclude(status=Registration.Status.DECLINED)
                                    .select_related("user", "school", "child")
                                    .order_by("status", "registered_at"))
        context["file_form"] = EventFileForm(prefix="file")
    return render(request, "events/detail.html", context)


@login_required
def event_edit(request, pk=None):
    """Create (pk=None) or edit an event; hosts only. Cancelling has its own button."""
    if not permissions.can_create_event(request.user):
        raise Http404
    editing = permissions.get_event_for_manager(request.user, pk) if pk else None
    own_schools = None if request.user.is_coordinator else schools_led_by(request.user)
    form = EventForm(request.POST or None, instance=editing, own_schools=own_schools,
                     convened=permissions.networks_convened_by(request.user),
                     networks=permissions.networks_for_event_form(request.user, editing),
                     kinds=permissions.kinds_for_event_form(request.user, editing),
                     audiences=permissions.audiences_for_event_form(request.user, editing),
                     initial=_suggested_training_day(request) if editing is None else {})
    if request.method == "POST" and form.is_valid():
        event = form.save(commit=False)
        try:
            services.save_event(event, created_by=request.user, saved_by=request.user,
                                save_related=form.save_m2m)
        except LockWaitTimeout:
            show_busy(request)  # the form is shown again with what was entered
        else:
            messages.success(request, _("Evenemanget är sparat."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": editing})


def _suggested_training_day(request):
    """?typ=training_day opens the form for a training day hosted by the school whose turn it is."""
    if request.GET.get("typ") != Kind.TRAINING_DAY:
        return {}
    host = services.suggested_training_day_host()
    return {"kind": Kind.TRAINING_DAY, "audience": Event.Audience.STAFF,
            "host_schools": [host.pk] if host else []}


def event_ics(request, pk):
    event = permissions.get_event_for_user(request.user, pk)
    response = HttpResponse(ics.event_ics(event), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="evenemang-{event.pk}.ics"'
    return response


@login_required
def cancel_event(request, pk):
    """A page of its own that says who will be mailed; the cancelling is its form's POST."""
    event = permissions.get_event_for_manager(request.user, pk)
    if request.method == "POST" and not event.is_cancelled:
        try:
            services.cancel_event(event)
        except LockWaitTimeout:
            show_busy(request)
        else:
            messages.success(request, _("Evenemanget är inställt och deltagarna meddelas."))
            return redirect(event)
    if event.is_cancelled:
        return redirect(event)
    people = list(services.cancellation_recipients(event).order_by("first_name", "last_name",
                                                                   "email")[:CANCEL_LIST_MAX + 1])
    return render(request, "events/cancel_confirm.html", {
        "event": event, "people": people[:CANCEL_LIST_MAX],
        "count": services.cancellation_recipients(event).count(),
        "has_ended": event.ends_at <= timezone.now()})


CANCEL_LIST_MAX = 50


@login_required
@require_POST
def approve_event(request, pk):
    """A head of a host school publishes an event that asks for participant information."""
    event = permissions.get_event_for_manager(request.user, pk)
    try:
        approved = services.approve_event(event, request.user)
    except services.ApprovalError as error:
        messages.error(request, str(error))
    except LockWaitTimeout:
        show_busy(request)
    else:
        if approved:
            messages.success(request, _("Evenemanget är godkänt och publicerat."))
    return redirect(event)

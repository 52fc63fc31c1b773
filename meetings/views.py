"""Meetings: participants propose agenda items; hosts write minutes, decisions and action items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.redirects import redirect_to_next
from events import audience
from events import permissions as event_permissions
from meetings import permissions, services
from meetings.forms import ActionItemForm, AgendaItemForm, DecisionForm, MinutesForm


@login_required
def propose_agenda_item(request, pk):
    event = event_permissions.get_event_for_user(request.user, pk)
    if not permissions.can_propose_agenda_item(request.user, event):
        raise Http404
    form = AgendaItemForm(request.POST or None, prefix="agenda")
    if request.method == "POST" and form.is_valid():
        services.add_agenda_item(event, form.save(commit=False), proposed_by=request.user)
        messages.success(request, _("Punkten är tillagd på dagordningen."))
        return redirect(event)
    return render(request, "meetings/agenda_form.html", {"event": event, "form": form})


@login_required
def minutes(request, pk):
    """Hosts write the minutes, decisions and action items after the meeting.

    The page has three forms; the posted `part` says which one was sent.
    """
    event = event_permissions.get_event_for_manager(request.user, pk)
    if not event.is_meeting:
        raise Http404
    owners = audience.audience_users(event).order_by("first_name", "last_name")
    data = request.POST if request.method == "POST" else None
    part = request.POST.get("part")
    forms = {
        "minutes": MinutesForm(data if part == "minutes" else None, instance=event,
                               prefix="minutes"),
        "decision": DecisionForm(data if part == "decision" else None, prefix="decision"),
        "action": ActionItemForm(data if part == "action" else None, prefix="action",
                                 owners=owners),
    }
    sent = forms.get(part) if data else None
    if data and sent is None:  # a forged or missing `part`
        messages.error(request, _("Det gick inte att se vilken del som skickades. Försök igen."))
    if sent is not None and sent.is_valid():
        services.write_to_minutes(event, sent.save(commit=False))
        messages.success(request, _("Sparat."))
        return redirect("meetings:minutes", pk=event.pk)
    return render(request, "meetings/minutes.html", {
        "event": event, "minutes_form": forms["minutes"], "decision_form": forms["decision"],
        "action_form": forms["action"], "decisions": event.decisions.all(),
        "action_items": event.action_items.select_related("owner"),
    })


@login_required
@require_POST
def action_item_done(request, pk):
    item = permissions.get_action_item_for_owner(request.user, pk)
    services.toggle_action_item(item)
    return redirect_to_next(request, item.event)

"""What meetings adds to pages and mail that events renders (registered in apps.py)."""

from events import permissions as event_permissions
from meetings import permissions
from meetings.forms import AgendaItemForm
from meetings.models import ActionItem


def event_section(request, event, can_manage):
    """The agenda, earlier meetings' open action items and the minutes on a meeting's page."""
    if not event.is_meeting:
        return None
    user = request.user
    context = {
        "agenda": event.agenda_items.select_related("proposed_by"),
        "decisions": event.decisions.all(),
        "action_items": event.action_items.select_related("owner"),
        "carried_over": ActionItem.objects.carried_over_to(event)
        .filter(event__in=event_permissions.events_visible_to(user))
        .select_related("owner", "event"),
        "can_manage": can_manage,
    }
    if permissions.can_propose_agenda_item(user, event):
        context["agenda_form"] = AgendaItemForm(prefix="agenda")
    return context


def reminder_context(event) -> dict:
    """A meeting's reminder lists the agenda and the open action items of the series."""
    if not event.is_meeting:
        return {"agenda": [], "carried_over": []}
    return {
        "agenda": list(event.agenda_items.all()),
        "carried_over": list(ActionItem.objects.carried_over_to(event).select_related("owner")),
    }

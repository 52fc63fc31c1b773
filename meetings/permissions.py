"""Who may do what with a meeting's agenda and action items. Seeing and managing the
meeting itself is the event's rule (events.permissions)."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from events.permissions import can_manage_event, get_event_for_user
from meetings.models import ActionItem


def can_propose_agenda_item(user, event) -> bool:
    """Any participant of a meeting, before the agenda deadline."""
    return user.is_authenticated and event.is_meeting and event.agenda_open()


def get_action_item_for_owner(user, pk) -> ActionItem:
    """The item's owner, or a host of its meeting, marks it done; everyone else gets 404."""
    item = get_object_or_404(ActionItem.objects.select_related("event"), pk=pk)
    event = get_event_for_user(user, item.event_id)
    if item.owner_id != user.pk and not can_manage_event(user, event):
        raise Http404
    return item

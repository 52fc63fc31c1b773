"""Every change to a meeting's agenda, minutes, decisions and action items goes through here."""

from django.db.models import Max
from django.utils import timezone


def add_agenda_item(event, item, proposed_by):
    """A participant's proposal goes last on the meeting's agenda."""
    item.event = event
    item.proposed_by = proposed_by
    item.position = (event.agenda_items.aggregate(last=Max("position"))["last"] or 0) + 1
    item.save()
    return item


def write_to_minutes(event, record):
    """Save what a host wrote after the meeting: the minutes (the event itself), a decision
    or an action item (which belong to the meeting)."""
    if record is event:
        # Only the minutes: a full save of this copy could undo a change made meanwhile.
        event.save(update_fields=["minutes", "updated_at"])
        return event
    record.event = event
    record.save()
    return record


def toggle_action_item(item, now=None):
    """Mark an action item done, or open it again."""
    item.done_at = None if item.done_at else (now or timezone.now())
    item.save(update_fields=["done_at"])
    return item

"""What the meetings app holds about a person (registered with core/privacy.py).

Agenda items a person proposed and action items they own stay with the meeting when
the account goes (the link to the person is set to null), so only the export is here.
"""

from meetings.models import ActionItem, AgendaItem


def export(user) -> dict:
    return {
        "agenda_items_proposed": [
            {"event": a.event.title, "title": a.title}
            for a in AgendaItem.objects.filter(proposed_by=user).select_related("event")
        ],
        "action_items_owned": [
            {"event": a.event.title, "text": a.text, "done": a.done_at is not None}
            for a in ActionItem.objects.filter(owner=user).select_related("event")
        ],
    }

"""What the events app holds about a person (registered with core/privacy.py).

On account deletion, registrations for events that have not started are
cancelled first so the waiting list moves up; the rows then go with the account.
Agenda items, action items and files stay for the meeting without a name.
"""

from django.utils import timezone

from events import services
from events.models import (
    ActionItem,
    AgendaItem,
    CalendarFeed,
    Registration,
    ReminderDelivery,
    ReminderOptOut,
)


def export(user) -> dict:
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "registrations": [
            {"event": r.event.title, "starts_at": r.event.starts_at.isoformat(),
             "status": r.status, "registered_at": r.registered_at.isoformat()}
            for r in Registration.objects.filter(user=user).select_related("event")
        ],
        "reminder_opt_outs": [
            {"event": o.event.title if o.event_id else None, "kind": o.kind}
            for o in ReminderOptOut.objects.filter(user=user).select_related("event")
        ],
        "reminders_sent": [
            {"event": d.event.title, "message": d.message, "status": d.status,
             "due_at": d.due_at.isoformat()}
            for d in ReminderDelivery.objects.filter(user=user).select_related("event")
        ],
        "agenda_items_proposed": [
            {"event": a.event.title, "title": a.title}
            for a in AgendaItem.objects.filter(proposed_by=user).select_related("event")
        ],
        "action_items_owned": [
            {"event": a.event.title, "text": a.text, "done": a.done_at is not None}
            for a in ActionItem.objects.filter(owner=user).select_related("event")
        ],
        "calendar_feed": {"active": True} if feed else None,
    }


def before_delete_user(user) -> None:
    upcoming = (Registration.objects
                .filter(user=user, event__starts_at__gt=timezone.now(),
                        status__in=[Registration.Status.REGISTERED, Registration.Status.WAITING]))
    services.cancel_registrations(upcoming)

"""What the events app holds about a person (registered with core/privacy.py).

On account deletion (and when a guardian erases a child), registrations for
events that have not started are cancelled first so the waiting list moves up;
the rows then go with the account (or the child). Files stay for the event without
a name (agenda and action items: meetings/privacy.py). Participant information (emergency
phone, allergies, adaptations, photo consent) is erased
EVENTS_PARTICIPANT_INFO_RETENTION_DAYS after the event ends.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from events import services
from events.models import (
    CalendarFeed,
    Registration,
    ReminderOptOut,
)


def export(user) -> dict:
    feed = CalendarFeed.objects.filter(user=user).first()
    return {
        "registrations": [
            _registration(r)
            for r in Registration.objects.filter(user=user).select_related("event", "child")
        ],
        "reminder_opt_outs": [
            {"event": o.event.title if o.event_id else None, "kind": o.kind}
            for o in ReminderOptOut.objects.filter(user=user).select_related("event")
        ],
        "calendar_feed": {"active": True} if feed else None,
    }


def _registration(r) -> dict:
    row = {"event": r.event.title, "starts_at": r.event.starts_at.isoformat(),
           "status": r.status, "registered_at": r.registered_at.isoformat(),
           "participant": r.participant, "places": r.places}
    if r.child_id:
        row["child"] = r.child.name
    if r.participant == Registration.Participant.GROUP:
        row.update(group=r.group_name, names=r.group_names)
    if r.has_participant_info:
        row["participant_information"] = {name: getattr(r, name)
                                          for name in Registration.INFO_FIELDS}
    return row


def before_erase_child(child) -> None:
    upcoming = child.event_registrations.filter(event__starts_at__gt=timezone.now(),
                                                status__in=Registration.ACTIVE)
    services.cancel_registrations(upcoming)


def apply_retention(now) -> int:
    """Erase participant information of events that ended long enough ago."""
    cutoff = now - timedelta(days=settings.EVENTS_PARTICIPANT_INFO_RETENTION_DAYS)
    has_info = (~Q(emergency_phone="") | ~Q(medical_notes="") | ~Q(adaptations="")
                | Q(photo_consent__isnull=False))
    return services.erase_participant_info(
        Registration.objects.filter(has_info, event__ends_at__lt=cutoff))


def before_delete_user(user) -> None:
    upcoming = (Registration.objects
                .filter(user=user, event__starts_at__gt=timezone.now(),
                        status__in=Registration.ACTIVE))
    services.cancel_registrations(upcoming)

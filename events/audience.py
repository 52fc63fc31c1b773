"""Who an event is for: its audience, and who should hear about it at a given moment."""

from accounts.models import Staffing, User
from events.models import Event, Registration
from networks.models import Membership


def audience_users(event, as_of=None):
    """Everyone the event invites, as of a moment (people who joined later are left out).

    Public events invite nobody in particular: only those who register hear from us.
    """
    users = User.objects.filter(is_active=True)
    if event.audience in (Event.Audience.HEADS, Event.Audience.STAFF):
        staffings = Staffing.objects.filter(school__municipality__in_sjuharad=True)
        if event.audience == Event.Audience.HEADS:
            staffings = staffings.filter(role=Staffing.Role.HEAD)
        if as_of:
            staffings = staffings.filter(created_at__lte=as_of)
        return users.filter(pk__in=staffings.values("user_id"))
    if event.audience == Event.Audience.NETWORK and event.network_id:
        members = Membership.objects.filter(network_id=event.network_id,
                                            status=Membership.Status.ACTIVE)
        if as_of:
            members = members.filter(joined_at__lte=as_of)
        return users.filter(pk__in=members.values("user_id"))
    return users.none()


def recipients(event, as_of):
    """Who should hear about the event at `as_of`: minus those who declined or cancelled.

    With registration, only people registered before `as_of`; otherwise the
    audience as it was at `as_of`.
    """
    if event.registration_required or event.audience == Event.Audience.PUBLIC:
        registered = event.registrations.filter(status=Registration.Status.REGISTERED,
                                                registered_at__lte=as_of)
        return User.objects.filter(is_active=True, pk__in=registered.values("user_id"))
    said_no = event.registrations.filter(
        status__in=[Registration.Status.DECLINED, Registration.Status.CANCELLED])
    return audience_users(event, as_of).exclude(pk__in=said_no.values("user_id"))


def is_invited(user, event) -> bool:
    return audience_users(event).filter(pk=user.pk).exists()


def said_no(event, user_id) -> bool:
    """Declined or cancelled, and nothing (a child, a group) still registered under this person."""
    answers = event.registrations.filter(user=user_id)
    return (answers.filter(status__in=[Registration.Status.DECLINED,
                                       Registration.Status.CANCELLED]).exists()
            and not answers.filter(status=Registration.Status.REGISTERED).exists())


def children_named(event, user_id, statuses=(Registration.Status.REGISTERED,)) -> list[str]:
    """The children a guardian registered for the event, for the mails' text: one mail per
    guardian per event names all of them."""
    rows = (event.registrations.filter(user=user_id, status__in=statuses)
            .exclude(child=None).select_related("child").order_by("child__first_name"))
    return [row.child.name for row in rows]

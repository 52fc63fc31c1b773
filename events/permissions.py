"""Who may see and do what with events. Every view asks here.

An event is visible to the people it invites (its audience) and to those
registered for it; heads' meetings only to heads and the coordinator. Hosts
(heads of a host school) and the coordinator manage an event. Heads create
events hosted by the schools they lead (accounts.permissions.schools_led_by;
the coordinator leads every school there).
"""

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.permissions import schools_led_by
from events.models import ActionItem, Event, EventFile, Kind, Registration
from networks.models import Membership, Network
from networks.permissions import networks_visible_to


def _active_membership(user):
    return Membership.objects.filter(network=OuterRef("network"), user=user,
                                     status=Membership.Status.ACTIVE)


def events_visible_to(user):
    events = Event.objects.all()
    if not user.is_authenticated:
        return events.filter(audience=Event.Audience.PUBLIC)
    if user.is_coordinator:
        return events
    invited = Q(audience=Event.Audience.PUBLIC)
    if user.is_school_staff:
        invited |= Q(audience=Event.Audience.STAFF)
    if user.is_head:
        invited |= Q(audience=Event.Audience.HEADS)
    invited |= Q(audience=Event.Audience.NETWORK) & Exists(_active_membership(user))
    registered = Exists(Registration.objects.filter(event=OuterRef("pk"), user=user))
    visible = events.filter(invited | registered)
    if not user.is_head:
        # Heads' meetings stay among heads even if someone was added by mistake.
        visible = visible.exclude(kind=Kind.HEADS_MEETING)
    return visible


def event_networks_visible_to(user):
    """The networks to offer in the calendar's filter: active ones with events the user may see;
    the heads' network only to those who may see it (heads, the coordinator)."""
    networks = Network.objects.active().filter(
        pk__in=events_visible_to(user).exclude(network=None).values("network"))
    if not (user.is_authenticated and (user.is_head or user.is_coordinator)):
        networks = networks.exclude(kind=Network.Kind.HEADS)
    return networks


def shown_network(user, event):
    """The event's network as the user may see it named: an approved network, and the heads'
    network only to heads and the coordinator; None otherwise."""
    network = event.network
    if network is None or network.status != Network.Status.ACTIVE:
        return None
    if network.kind == Network.Kind.HEADS and not (
            user.is_authenticated and (user.is_head or user.is_coordinator)):
        return None
    return network


def with_shown_networks(user, events):
    """Sets `shown_network` on each event (templates name only that one)."""
    for event in events:
        event.shown_network = shown_network(user, event)
    return events


def networks_for_event_form(user, event=None):
    """The networks an event's editor may link it to; an edited event keeps its own."""
    networks = networks_visible_to(user)
    if event is not None and event.network_id:
        networks = networks | Network.objects.filter(pk=event.network_id)
    return networks.distinct()


def get_event_for_user(user, pk) -> Event:
    return get_object_or_404(events_visible_to(user), pk=pk)


def can_create_event(user) -> bool:
    """Anyone who leads a school (heads, the coordinator) hosts events for it."""
    return schools_led_by(user).exists()


def can_manage_event(user, event) -> bool:
    """The coordinator, or a head of one of the host schools."""
    if not user.is_authenticated:
        return False
    if user.is_coordinator:
        return True
    host_ids = {s.pk for s in event.host_schools.all()}
    return bool(host_ids & user.head_school_ids)


def get_event_for_manager(user, pk) -> Event:
    event = get_event_for_user(user, pk)
    if not can_manage_event(user, event):
        raise Http404
    return event


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


def get_file_for_user(user, pk) -> EventFile:
    """A file is for those who may see its event."""
    return get_object_or_404(EventFile.objects.filter(event__in=events_visible_to(user)), pk=pk)


def can_see_rotation(user) -> bool:
    return user.is_authenticated and (user.is_school_staff or user.is_coordinator)

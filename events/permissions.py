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

from accounts.models import Staffing, User, acts_on_own
from accounts.permissions import children_of, schools_led_by
from events.models import (
    CONVENOR_KINDS,
    Event,
    EventFile,
    Kind,
    Registration,
)
from networks.models import Membership, Network
from networks.permissions import networks_visible_to
from schools.models import School


def _active_membership(user):
    return Membership.objects.filter(network=OuterRef("network"), user=user,
                                     status=Membership.Status.ACTIVE)


def events_visible_to(user):
    events = Event.objects.all()
    if not user.is_authenticated:
        return events.filter(audience=Event.Audience.PUBLIC, awaiting_approval=False)
    if user.is_coordinator:
        return events
    # An event awaiting a head's approval (it asks for children's health information) is
    # seen only by those who run it: heads of a host school and its network's convenors.
    events = events.filter(
        Q(awaiting_approval=False)
        | Q(pk__in=Event.host_schools.through.objects.filter(
            school_id__in=user.head_school_ids).values("event_id"))
        | Q(network__in=networks_convened_by(user), kind__in=CONVENOR_KINDS))
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
    if not (user.is_authenticated and user.is_leader):
        networks = networks.exclude(kind=Network.Kind.HEADS)
    return networks


def shown_network(user, event):
    """The event's network as the user may see it named: an approved network, and the heads'
    network only to heads and the coordinator; None otherwise."""
    network = event.network
    if network is None or network.status != Network.Status.ACTIVE:
        return None
    if network.kind == Network.Kind.HEADS and not (
            user.is_authenticated and user.is_leader):
        return None
    return network


def with_shown_networks(user, events):
    """Sets `shown_network` on each event (templates name only that one)."""
    for event in events:
        event.shown_network = shown_network(user, event)
    return events


def _leads_a_school(user) -> bool:
    return user.is_authenticated and schools_led_by(user).exists()


def networks_for_event_form(user, event=None):
    """The networks an event's editor may link it to: those a head (or the coordinator) may
    see; for a convenor who leads no school, the networks they convene. An edited event
    keeps its own."""
    if _leads_a_school(user):
        networks = networks_visible_to(user)
    else:
        networks = networks_convened_by(user)
    if event is not None and event.network_id:
        networks = networks | Network.objects.filter(pk=event.network_id)
    return networks.distinct()


def kinds_for_event_form(user, event=None) -> list:
    """The kinds offered in the event form: all to those who lead a school, the kinds a
    network runs itself (CONVENOR_KINDS) to a convenor. An edited event keeps its own."""
    if _leads_a_school(user):
        return list(Kind.choices)
    keep = {event.kind} if event is not None else set()
    return [(value, label) for value, label in Kind.choices
            if value in CONVENOR_KINDS or value in keep]


def audiences_for_event_form(user, event=None) -> list:
    """The audiences offered: the heads' audience only to heads and the coordinator (an
    edited event keeps its own)."""
    heads_allowed = user.is_authenticated and user.is_leader or (
        event is not None and event.audience == Event.Audience.HEADS)
    return [(value, label) for value, label in Event.Audience.choices
            if heads_allowed or value != Event.Audience.HEADS]


def get_event_for_user(user, pk) -> Event:
    return get_object_or_404(events_visible_to(user), pk=pk)


def networks_convened_by(user):
    """Networks whose active convenor this person is: they run the network's own events."""
    if not user.is_authenticated:
        return Network.objects.none()
    return Network.objects.filter(pk__in=Membership.objects.convenors().filter(user=user)
                                  .values("network_id"))


def can_create_event(user) -> bool:
    """Anyone who leads a school (heads, the coordinator) hosts events for it; a convenor
    creates their network's meetings, play days, concerts and study visits."""
    return schools_led_by(user).exists() or networks_convened_by(user).exists()


def can_manage_event(user, event) -> bool:
    """The coordinator, a head of one of the host schools, or a convenor of the event's
    network when the kind is one a network runs itself (CONVENOR_KINDS)."""
    if not user.is_authenticated:
        return False
    if user.is_coordinator:
        return True
    host_ids = {s.pk for s in event.host_schools.all()}
    if host_ids & user.head_school_ids:
        return True
    return (event.network_id is not None and event.kind in CONVENOR_KINDS
            and networks_convened_by(user).filter(pk=event.network_id).exists())


def can_approve_event(user, event) -> bool:
    """A head of one of the host schools (or the coordinator, who leads every school)
    approves an event that asks for children's health information; a convenor cannot."""
    if not user or not user.is_authenticated:
        return False
    if user.is_coordinator:
        return True
    return bool({s.pk for s in event.host_schools.all()} & user.head_school_ids)


def get_event_for_manager(user, pk) -> Event:
    event = get_event_for_user(user, pk)
    if not can_manage_event(user, event):
        raise Http404
    return event


def can_organise(user, event) -> bool:
    """The event's organisers: the coordinator, heads of a host school, and a convenor of
    the event's network for the kinds a network runs (so the convenor who made their
    network's play day). They see the participant list per school with the participant
    information (allergies, emergency phones) and the guardians' contact details.

    Having created the event gives no access of its own: access to children's
    information ends with the role that gave it (a convenor who steps down, a head who
    leaves the school)."""
    return can_manage_event(user, event)


def get_event_for_organiser(user, pk) -> Event:
    event = get_event_for_user(user, pk)
    if not can_organise(user, event):
        raise Http404
    return event


def children_for_events(user):
    """The children a guardian may register (not a pupil's own row: they register as themselves)."""
    return children_of(user).without_self().select_related("school", "home_municipality")


def can_register_children(user, event) -> bool:
    return (user.is_authenticated and event.is_for_pupils
            and children_for_events(user).exists())


def registered_by_guardian(user, event) -> bool:
    """A pupil younger than 13 in the event's year: a guardian registers them."""
    return (user.is_authenticated and user.is_pupil and bool(user.birth_year)
            and not acts_on_own(user.birth_year, event.year))


def can_register_self(user, event) -> bool:
    """Whether to offer "Anmäl mig": not to a guardian at an event for children (they
    register their children), nor to a pupil whom a guardian must register."""
    if not user.is_authenticated:
        return False
    if user.is_guardian and event.is_for_children:
        return False
    return not registered_by_guardian(user, event)


def must_give_participant_info(user, event) -> bool:
    """Pupils register themselves through the form with the information the event asks for.
    (Staff at a camp are organisers' colleagues, not participants whose details are kept.)"""
    return (can_register_self(user, event) and user.is_pupil
            and event.asks_participant_info)


def group_schools_of(user):
    """Schools a head or teacher registers groups for: where they work (the coordinator: all)."""
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_coordinator:
        return School.objects.all()
    return School.objects.filter(staffings__user=user).distinct()


def can_register_group(user, event) -> bool:
    return (user.is_authenticated and event.is_for_pupils
            and (user.is_school_staff or user.is_coordinator))


def teachers_for_groups(user):
    """Who may be named responsible for a group: staff of the schools the person works at."""
    staff = Staffing.objects.filter(school__in=group_schools_of(user)).values("user_id")
    return User.objects.filter(pk__in=staff, is_active=True)


def get_group_for_school_staff(user, event, pk) -> Registration:
    """Staff of the group's school add the names later or change the responsible teacher."""
    return get_object_or_404(
        event.registrations.filter(participant=Registration.Participant.GROUP,
                                   school__in=group_schools_of(user),
                                   status__in=Registration.ACTIVE), pk=pk)


def own_registrations(user, event):
    """What this person registered: themselves, their children, their school's groups.
    Nobody else's children or participant information."""
    if not user.is_authenticated:
        return Registration.objects.none()
    return (event.registrations.filter(user=user).select_related("child", "school")
            .order_by("participant", "pk"))


def get_own_registration(user, event, pk) -> Registration:
    """One of the person's own registrations (a child's, a group's); anyone else's is 404."""
    return get_object_or_404(own_registrations(user, event), pk=pk)


def organisers_of(event):
    """Who hears about changes after the programme is published: heads of the host schools
    and whoever created the event."""
    heads = Staffing.objects.filter(school__in=event.host_schools.all(),
                                    role=Staffing.Role.HEAD).values("user_id")
    return User.objects.filter(Q(pk__in=heads) | Q(pk=event.created_by_id), is_active=True)


def get_file_for_user(user, pk) -> EventFile:
    """A file is for those who may see its event."""
    return get_object_or_404(EventFile.objects.filter(event__in=events_visible_to(user)), pk=pk)


def can_see_rotation(user) -> bool:
    return user.is_authenticated and (user.is_school_staff or user.is_coordinator)

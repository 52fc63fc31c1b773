"""Every change to events goes through here: registration and the waiting list,
saving and cancelling events, files, a person's reminder choices. (A meeting's agenda
and action items: meetings/services.py; a festival's programme: programme/services.py.)

Changes that count places lock the event row, count again and write in one
transaction (pretix' locking notes). A lock wait past lock_timeout raises
core.locks.LockWaitTimeout, which the pages turn into a friendly "try again".

Also the read functions other apps' pages use: upcoming_network_events,
events_for_user, next_heads_meeting, training_day_rotation,
suggested_training_day_host and failed_deliveries.
"""

from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, acts_on_own
from core import mail_outbox
from core.locks import lock_waits_as_busy
from core.models import OutgoingMail
from events import reminders
from events.audience import recipients
from events.models import (
    CalendarFeed,
    Event,
    Kind,
    Registration,
    ReminderOptOut,
    validate_hours,
)
from events.notifications import mail_promoted
from events.permissions import events_visible_to
from networks.models import Network
from schools.models import School


class RegistrationError(Exception):
    """Shown to the user as is (Swedish)."""


@contextmanager
def _event_locked(event):
    """A transaction holding the event's row lock; yields the event as stored now."""
    with lock_waits_as_busy(), transaction.atomic():
        yield Event.objects.select_for_update().get(pk=event.pk)


# --- places ------------------------------------------------------------------


def school_for(user):
    """The school a registration counts against: the person's own, else their home's.

    A pupil's own child row may name the school they attend; that comes first.
    """
    staffing = user.staffings.order_by("pk").first()
    if staffing:
        return staffing.school
    own = user.children.filter(is_self=True).exclude(school=None).select_related("school").first()
    if own:
        return own.school
    return _school_of_municipality(user.home_municipality_id)


def school_for_child(child):
    """The school the child attends (chosen on the child's profile), else their home's."""
    return child.school if child.school_id else _school_of_municipality(
        child.home_municipality_id)


def _school_of_municipality(municipality_id):
    if not municipality_id:
        return None
    return School.objects.filter(municipality_id=municipality_id).first()


@dataclass
class PlaceCount:
    total: int | None  # None: unlimited
    taken: int
    quotas: dict  # school_id -> (places, taken)

    @property
    def free(self):
        return None if self.total is None else max(self.total - self.taken, 0)


def count_places(event) -> PlaceCount:
    """Places taken per school; a group takes as many places as it has pupils."""
    taken_by_school = dict(
        event.registrations.confirmed().values_list("school_id").annotate(n=Sum("places")))
    quotas = {q.school_id: (q.places, taken_by_school.get(q.school_id, 0))
              for q in event.quotas.all()}
    total = event.capacity
    if total is None and quotas:
        total = sum(places for places, _taken in quotas.values())
    return PlaceCount(total=total, taken=sum(taken_by_school.values()), quotas=quotas)


def has_place_for(event, school_id, places: PlaceCount, now=None, needed=1) -> bool:
    if places.total is not None and places.taken + needed > places.total:
        return False
    if places.quotas and not event.quotas_released(now):
        quota, taken = places.quotas.get(school_id, (0, 0))
        return taken + needed <= quota
    return True


def _place(event, registration, now):
    """Registered if the places (and the school's quota) allow, else waiting. Lock held."""
    fits = has_place_for(event, registration.school_id, count_places(event), now,
                         needed=registration.places)
    registration.status = (Registration.Status.REGISTERED if fits
                           else Registration.Status.WAITING)
    # A fresh time: reminders due before now are not for this registration.
    registration.registered_at = now
    registration.save()
    return registration


# --- registration ------------------------------------------------------------


def register(event, user, now=None, info=None) -> Registration:
    """Register, or join the waiting list when full. Never overbooks.

    The event row is locked, the places counted again and the row written in
    one transaction, so concurrent registrations queue up behind each other.
    The registration time is taken under the lock: places and the waiting list follow
    the order in which people got the lock (first come, first served).
    """
    with _event_locked(event) as event:
        now = now or timezone.now()
        _check_open(event, now)
        if user.is_pupil and user.birth_year and not acts_on_own(user.birth_year, event.year):
            raise RegistrationError(_("Elever under 13 år anmäls av en vårdnadshavare."))
        existing = event.registrations.filter(
            user=user, participant=Registration.Participant.PERSON).first()
        if existing and existing.status in Registration.ACTIVE:
            raise RegistrationError(_("Du är redan anmäld."))
        registration = existing or Registration(event=event, user=user)
        registration.school = school_for(user)
        _set_info(registration, (info or {}) if event.asks_participant_info else {})
        return _place(event, registration, now)


def _check_open(event, now):
    if not event.registration_open(now):
        raise RegistrationError(_("Anmälan till det här evenemanget är stängd."))


def register_children(event, guardian, children_info, now=None) -> list[Registration]:
    """A guardian registers children: one registration (and place) per child.

    `children_info` is a list of (child, {participant information}). Each child
    counts against the school they attend; those who do not fit wait in order.
    """
    with _event_locked(event) as event:
        # The time is taken under the lock, so the waiting list's order is the lock's order.
        now = now or timezone.now()
        _check_open(event, now)
        if not event.is_for_pupils:
            raise RegistrationError(_("Det här evenemanget är inte öppet för barn och elever."))
        existing = {r.child_id: r for r in event.registrations.filter(
            child__in=[child for child, _info in children_info])}
        registrations = []
        for child, info in children_info:
            if child.guardian_id != guardian.pk:
                raise RegistrationError(_("Du kan bara anmäla dina egna barn."))
            registration = existing.get(child.pk)
            if registration and registration.status in Registration.ACTIVE:
                raise RegistrationError(
                    _("%(name)s är redan anmäld.") % {"name": child.name})
            registration = registration or Registration(
                event=event, user=guardian, child=child,
                participant=Registration.Participant.CHILD)
            registration.school = school_for_child(child)
            _set_info(registration, info if event.asks_participant_info else {})
            registrations.append(_place(event, registration, now))
        return registrations


def _set_info(registration, info):
    for name in Registration.INFO_FIELDS:
        setattr(registration, name, info.get(name, None if name == "photo_consent" else ""))


def register_group(event, registered_by, school, places, responsible_teacher, group_name="",
                   names="", now=None) -> Registration:
    """A head or teacher registers a group of `places` pupils from their school.

    The group takes that many places from the school's quota (and the capacity)
    at once, or waits as a whole.
    """
    with _event_locked(event) as event:
        now = now or timezone.now()  # under the lock: first come, first served
        _check_open(event, now)
        if not event.is_for_pupils:
            raise RegistrationError(_("Det här evenemanget tar inte emot grupper."))
        registration = Registration(
            event=event, user=registered_by, school=school, places=places,
            participant=Registration.Participant.GROUP, responsible_teacher=responsible_teacher,
            group_name=group_name, group_names=names)
        return _place(event, registration, now)


def update_group(registration) -> Registration:
    """Save a group's names, name or responsible teacher; its places stay as they are."""
    registration.save(update_fields=["group_name", "group_names", "responsible_teacher",
                                     "changed_at"])
    return registration


def decline(event, user) -> Registration:
    """For invitation events: 'I will not come', which also stops reminders."""
    # The same lock as register/cancel: a freed place is handed on under it.
    with _event_locked(event) as event:
        registration, _created = Registration.objects.select_for_update().get_or_create(
            event=event, user=user, participant=Registration.Participant.PERSON,
            defaults={"status": Registration.Status.DECLINED})
        was_registered = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.DECLINED
        registration.save()
        if was_registered:
            _promote_waiting(event)
    return registration


def cancel_registration(event, user, now=None, registration_pk=None):
    """Cancel the person's own registration, or (`registration_pk`) one of their children's
    or groups'; the first on the waiting list who fits moves up and is told."""
    now = now or timezone.now()
    with _event_locked(event) as event:
        mine = event.registrations.filter(user=user, status__in=Registration.ACTIVE)
        registration = (mine.filter(pk=registration_pk) if registration_pk
                        else mine.filter(participant=Registration.Participant.PERSON)).first()
        if registration is None:
            raise RegistrationError(_("Du är inte anmäld."))
        was_registered = registration.status == Registration.Status.REGISTERED
        registration.status = Registration.Status.CANCELLED
        registration.save(update_fields=["status", "changed_at"])
        promoted = _promote_waiting(event, now) if was_registered else []
    return registration, promoted


def cancel_registrations(registrations) -> int:
    """Cancel these registrations (admin, account deletion); each frees its place."""
    cancelled = 0
    for registration in registrations.select_related("event", "user"):
        try:
            cancel_registration(registration.event, registration.user,
                                registration_pk=registration.pk)
        except RegistrationError:
            continue  # already cancelled or declined
        cancelled += 1
    return cancelled


def _promote_waiting(event, now=None):
    """Move up waiting people while places are free. Caller holds the event lock."""
    now = now or timezone.now()
    promoted = []
    if event.is_cancelled or now >= event.starts_at:
        return promoted
    for waiting in event.registrations.waiting():
        places = count_places(event)
        if places.free == 0:
            break
        if not has_place_for(event, waiting.school_id, places, now, needed=waiting.places):
            continue
        waiting.status = Registration.Status.REGISTERED
        waiting.save(update_fields=["status", "changed_at"])
        promoted.append(waiting)
        mail_promoted(waiting)
    return promoted


def erase_participant_info(registrations) -> int:
    """Blank the participant information (retention, see events.privacy)."""
    return registrations.update(emergency_phone="", medical_notes="", adaptations="",
                                photo_consent=None)


def release_unused_quotas(event, now=None):
    """After the release date anyone may take a free place: move up the waiting list."""
    with _event_locked(event) as event:
        return _promote_waiting(event, now)


def promote_after_quota_release(now=None) -> int:
    """Once unused quota places are released, move waiting people up (and tell them)."""
    now = now or timezone.now()
    events = Event.objects.scheduled().filter(
        quota_release_at__lte=now, starts_at__gt=now,
        registrations__status=Registration.Status.WAITING).distinct()
    return sum(len(release_unused_quotas(event, now)) for event in events)


# --- changes to the event ----------------------------------------------------


def save_event(event, *, created_by=None, save_related=None, now=None) -> list:
    """Save a new or changed event; places the change opens go to the waiting list.

    Places open when the capacity is raised or removed, a school's quota is
    raised, or the quota release time is moved into the past. `save_related`
    saves what is edited beside the event (the form's host schools, admin's
    inlines such as quotas) in the same transaction, before places are counted.
    Returns the registrations that moved up; each is told by mail after commit.
    """
    # Forms and admin validate this too; the service holds the line for every other caller.
    validate_hours(event.reminder_hours)
    if event.created_by_id is None:
        event.created_by = created_by
    if event.kind == Kind.HEADS_MEETING and event.network_id is None:
        # Heads' meetings belong to the heads' network and show on its page.
        event.network = Network.objects.filter(kind=Network.Kind.HEADS).order_by("pk").first()
    with lock_waits_as_busy(), transaction.atomic():
        if event.pk is not None:
            # Registrations count places under this lock; hold it while they change.
            stored = Event.objects.select_for_update().only("pk", "sequence").get(pk=event.pk)
            # Counted from the stored row, not this copy: a form opened before another
            # change must still raise the calendar files' SEQUENCE past it.
            event.sequence = stored.sequence + 1
        event.save()
        if save_related is not None:
            save_related()
        return _promote_waiting(event, now)


def cancel_event(event, now=None):
    """Cancel: pending reminders are skipped and everyone who would have heard gets a notice."""
    now = now or timezone.now()
    with _event_locked(event) as event:
        if event.is_cancelled:
            return 0
        event.status = Event.Status.CANCELLED
        event.cancelled_at = now
        event.sequence += 1
        event.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
        mails = reminders.mails_about(event)
        mail_outbox.skip_unsent(mails.exclude(template=reminders.TEMPLATES["cancellation"]),
                                _("Evenemanget ställdes in."))
        return reminders.schedule_cancellation(event, cancellation_recipients(event, now), now)


def reinstate_event(event, now=None) -> bool:
    """Set a cancelled event back to planned: its reminders go out again.

    The reminder rows that the cancellation skipped go back to the queue; the send
    step checks each again (a later reminder, an opt-out, the start passed) and
    the sweep creates the rows for reminders that fell due while it was cancelled.
    Cancellation notices not yet sent are skipped.
    """
    now = now or timezone.now()
    with _event_locked(event) as event:
        if not event.is_cancelled:
            return False
        event.status = Event.Status.SCHEDULED
        event.cancelled_at = None
        event.save(update_fields=["status", "cancelled_at", "updated_at"])
        mails = reminders.mails_about(event)
        mail_outbox.queue_skipped_again(
            mails.filter(template=reminders.TEMPLATES["reminder"],
                         due_at__gt=now - reminders.FOLLOW_UP_GRACE))
        mail_outbox.skip_unsent(mails.filter(template=reminders.TEMPLATES["cancellation"]),
                                _("Evenemanget är planerat igen."))
    return True


def cancellation_recipients(event, now=None):
    """Who is mailed when the event is cancelled: those who would hear about it now, and
    with registration also the waiting list (guardians once for all their children)."""
    people = recipients(event, now or timezone.now())
    if event.registration_required or event.audience == Event.Audience.PUBLIC:
        waiting = event.registrations.waiting().values("user_id")
        people = User.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=waiting))
    return people


# --- files ---------------------------------------------------------------------


def add_file(event, event_file, uploaded_by):
    """A host's file for the participants (stored privately, see EventFile)."""
    event_file.event = event
    event_file.uploaded_by = uploaded_by
    event_file.save()
    return event_file


# --- a person's reminders and calendar -------------------------------------------


def toggle_reminders(user, event) -> bool:
    """Turn the person's reminders for one event off, or on again. True: they are on now."""
    deleted, _rows = ReminderOptOut.objects.filter(user=user, event=event).delete()
    if deleted:
        return True
    ReminderOptOut.objects.get_or_create(user=user, event=event)
    return False


def set_kind_opt_outs(user, kinds):
    """No reminders about exactly these kinds of event."""
    with transaction.atomic():
        kind_opt_outs = ReminderOptOut.objects.filter(user=user, event=None)
        kind_opt_outs.exclude(kind__in=kinds).delete()
        kept = set(kind_opt_outs.values_list("kind", flat=True))
        ReminderOptOut.objects.bulk_create(
            [ReminderOptOut(user=user, kind=kind) for kind in set(kinds) - kept])


def calendar_feed(user) -> CalendarFeed:
    """The person's subscription feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


# --- what other pages show ---------------------------------------------------


def upcoming_network_events(user, network, limit=5):
    """A network's upcoming events that this person may see (for the network page)."""
    return list(events_visible_to(user).scheduled().upcoming().filter(network=network)
                .order_by("starts_at")[:limit])


def events_for_user(user, limit=None):
    """Upcoming events the person is invited to or registered for (not declined).

    Public events count only when the person registered (or waits) for them.
    """
    if not user.is_authenticated:
        return Event.objects.none()
    answers = Registration.objects.filter(user=user)
    said_no = answers.filter(status__in=[Registration.Status.DECLINED,
                                         Registration.Status.CANCELLED])
    signed_up = answers.filter(status__in=[Registration.Status.REGISTERED,
                                           Registration.Status.WAITING])
    events = (events_visible_to(user).upcoming()
              .filter(~Q(audience=Event.Audience.PUBLIC) | Q(pk__in=signed_up.values("event_id")))
              .exclude(pk__in=said_no.values("event_id"))
              .prefetch_related("host_schools"))
    return events[:limit] if limit else events


def next_heads_meeting(user):
    return (events_visible_to(user).scheduled().upcoming()
            .filter(kind=Kind.HEADS_MEETING).first())


def upcoming_public_events_hosted_by(school, limit=10) -> list[Event]:
    """For the school's public page: its scheduled events open to pupils and families."""
    return list(Event.objects.scheduled().upcoming()
                .filter(host_schools=school, audience=Event.Audience.PUBLIC)
                .order_by("starts_at", "pk")[:limit])


def training_day_rotation():
    """The seven schools in hosting order: never hosted first (by name), then longest ago.

    Each school is annotated with last_hosted (start of its latest training day).
    The first school is the suggested next host.
    """
    hosted = Q(hosted_events__kind=Kind.TRAINING_DAY,
               hosted_events__status=Event.Status.SCHEDULED)
    return list(School.objects.in_region()
                .annotate(last_hosted=Max("hosted_events__starts_at", filter=hosted))
                .order_by(F("last_hosted").asc(nulls_first=True), "name"))


def suggested_training_day_host():
    rotation = training_day_rotation()
    return rotation[0] if rotation else None


def failed_deliveries():
    """Reminders that failed or are in doubt, newest first, for the coordinator; each
    row's `event` is set by `with_events`."""
    return (OutgoingMail.objects.filter(concern=reminders.CONCERN,
                                        status__in=[OutgoingMail.Status.FAILED,
                                                    OutgoingMail.Status.IN_DOUBT])
            .order_by("-failed_at", "-pk"))


def with_events(mails) -> list:
    """The rows, each with the event it is about (one query)."""
    mails = list(mails)
    events = Event.objects.in_bulk({mail.data.get("event") for mail in mails})
    for mail in mails:
        mail.event = events.get(mail.data.get("event"))
    return mails
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
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import mail_outbox
from core.locks import lock_waits_as_busy
from core.models import OutgoingMail
from events import permissions, reminders
from events.audience import recipients
from events.models import (
    CalendarFeed,
    Event,
    Kind,
    Registration,
    ReminderOptOut,
    validate_hours,
)
from events.notifications import mail_changed, mail_promoted
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
        if permissions.registered_by_guardian(user, event):
            raise RegistrationError(_("Elever under 13 år anmäls av en vårdnadshavare."))
        if not permissions.can_register_self(user, event):
            raise RegistrationError(_("Till det här evenemanget anmäler du dina barn, "
                                      "inte dig själv."))
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


class ApprovalError(Exception):
    """Shown to the user as is (Swedish)."""


def save_event(event, *, created_by=None, saved_by=None, save_related=None, now=None) -> list:
    """Save a new or changed event; places the change opens go to the waiting list.

    Places open when the capacity is raised or removed, a school's quota is
    raised, or the quota release time is moved into the past. `save_related`
    saves what is edited beside the event (the form's host schools, admin's
    inlines such as quotas) in the same transaction, before places are counted.
    Returns the registrations that moved up; each is told by mail after commit.

    An event that asks for participant information (children's allergies, emergency
    phones) waits for a head of a host school to approve it when it is created or starts
    asking: `saved_by` approves it at once if they may (approve_event), otherwise it is
    hidden from its audience and closed for registration until approve_event.
    """
    saved_by = saved_by or created_by
    # Forms and admin validate this too; the service holds the line for every other caller.
    validate_hours(event.reminder_hours)
    if event.created_by_id is None:
        event.created_by = created_by
    if event.kind == Kind.HEADS_MEETING and event.network_id is None:
        # Heads' meetings belong to the heads' network and show on its page.
        event.network = Network.objects.filter(kind=Network.Kind.HEADS).order_by("pk").first()
    with lock_waits_as_busy(), transaction.atomic():
        asked_before, before = False, None
        if event.pk is not None:
            # Registrations count places under this lock; hold it while they change.
            stored = Event.objects.select_for_update().only(
                "pk", "sequence", "asks_participant_info", *MOVING_FIELDS).get(pk=event.pk)
            # Counted from the stored row, not this copy: a form opened before another
            # change must still raise the calendar files' SEQUENCE past it.
            event.sequence = stored.sequence + 1
            asked_before = stored.asks_participant_info
            before = {name: getattr(stored, name) for name in MOVING_FIELDS}
        event.save()
        if save_related is not None:
            save_related()
        _require_approval(event, saved_by, newly_asking=event.asks_participant_info
                          and not asked_before, now=now)
        if before is not None and _moved(before, event):
            _tell_about_move(event, before, now)
        return _promote_waiting(event, now)


# A change to these reaches everyone who expects the event (_tell_about_move).
MOVING_FIELDS = ("starts_at", "ends_at", "place", "online_link")


def _minute(moment):
    return moment.replace(second=0, microsecond=0)


def _moved(before, event) -> bool:
    """Start, end, place or link changed. Times count to the minute, as the forms show
    them: a form that drops a stored time's seconds has not moved the event."""
    return any(_minute(before[name]) != _minute(getattr(event, name))
               for name in ("starts_at", "ends_at")) or any(
        before[name] != getattr(event, name) for name in ("place", "online_link"))


def _tell_about_move(event, before, now=None):
    """The event moved or changed place: its pending reminders follow the new time, and
    everyone who would hear about it now gets an update with a calendar file, in this
    transaction. Not for a cancelled, past or not yet published event."""
    now = now or timezone.now()
    if (before["starts_at"], before["ends_at"]) != (event.starts_at, event.ends_at):
        _retime_reminders(event)
    if event.is_cancelled or event.awaiting_approval or event.ends_at <= now:
        return 0
    return mail_changed(event, recipients(event, now).order_by("pk"), before)


def _retime_reminders(event):
    """Reminder and follow-up rows not yet sent move with the event: their due time, key
    and data follow the new start (or end), so the outbox sends them then (it takes only
    due rows). The sweep writes the rest when they fall due. A row whose new key a twin
    already holds is skipped."""
    unsent = reminders.mails_about(event).filter(
        status=OutgoingMail.Status.QUEUED,
        template__in=[reminders.TEMPLATES[reminders.Message.REMINDER],
                      reminders.TEMPLATES[reminders.Message.FOLLOW_UP]])
    follow_up_due = event.ends_at + timedelta(days=event.follow_up_days)
    for row in unsent:
        data = row.data
        due = (event.reminder_due_at(data["offset_hours"])
               if data["message"] == reminders.Message.REMINDER else follow_up_due)
        if due == row.due_at:
            continue
        key = reminders.delivery_key(event.pk, data["message"], data["offset_hours"], due,
                                     data["user"])
        if OutgoingMail.objects.filter(key=key).exists():
            mail_outbox.skip_unsent(OutgoingMail.objects.filter(pk=row.pk),
                                    _("Evenemanget flyttades; en ny påminnelse gäller."))
            continue
        OutgoingMail.objects.filter(pk=row.pk, status=OutgoingMail.Status.QUEUED).update(
            due_at=due, key=key, data={**data, "due_at": due.isoformat()})


def _require_approval(event, saved_by, newly_asking, now=None):
    """After the host schools are saved: who saved decides whether the event waits."""
    if not event.asks_participant_info:
        if not event.awaiting_approval:
            return
        waiting = False  # nothing sensitive is collected any longer
    elif not (newly_asking or event.awaiting_approval):
        return
    elif permissions.can_approve_event(saved_by, event):
        if newly_asking:  # a head's own act: creating it, or turning the questions on
            event.approved_by, event.approved_at = saved_by, now or timezone.now()
            waiting = False
        else:
            return  # waits for the head's explicit approval (approve_event)
    else:
        waiting = True
        event.approved_by, event.approved_at = None, None
    event.awaiting_approval = waiting
    event.save(update_fields=["awaiting_approval", "approved_by", "approved_at"])


def approve_event(event, user, now=None) -> bool:
    """A head of a host school (or the coordinator) publishes an event that asks for
    participant information. True if it was waiting and is published now."""
    if not permissions.can_approve_event(user, event):
        raise ApprovalError(_("Bara en chef för en av värdskolorna kan godkänna evenemanget."))
    with _event_locked(event) as locked:
        if not locked.awaiting_approval:
            return False
        locked.awaiting_approval = False
        locked.approved_by, locked.approved_at = user, now or timezone.now()
        locked.save(update_fields=["awaiting_approval", "approved_by", "approved_at",
                                   "updated_at"])
    event.awaiting_approval = False
    return True


def cancel_event(event, now=None):
    """Cancel: pending reminders are skipped and everyone who would have heard gets a notice
    (unless the event has already ended: then it is only marked cancelled)."""
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
    with registration also the waiting list (guardians once for all their children).
    Nobody once the event has ended: it may still be marked cancelled, for the record, but
    "Inställt" about something two weeks ago only confuses."""
    now = now or timezone.now()
    if event.ends_at <= now:
        return User.objects.none()
    people = recipients(event, now)
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
    return list(Event.objects.scheduled().published().upcoming()
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
"""Joint events: meetings, training days in rotation, concerts, camps and festivals.

The meetings' agenda, minutes and action items live in `meetings`, a festival's programme
in `programme`; both point at Event, which never imports them.

Times are stored aware (UTC in the database) and shown in Europe/Stockholm.
"""

import secrets
from datetime import UTC, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import bounds
from schools.models import School


class Kind(models.TextChoices):
    HEADS_MEETING = "heads_meeting", _("Chefsmöte")
    NETWORK_MEETING = "network_meeting", _("Nätverksträff")
    TRAINING_DAY = "training_day", _("Fortbildningsdag")
    CONCERT = "concert", _("Konsert")
    PLAY_DAY = "play_day", _("Speldag")
    CAMP = "camp", _("Läger")
    FESTIVAL = "festival", _("Festival")
    STUDY_VISIT = "study_visit", _("Studiebesök")


MEETING_KINDS = {Kind.HEADS_MEETING, Kind.NETWORK_MEETING}
# Kinds that pupils take part in: guardians register children, schools register groups.
PUPIL_KINDS = {Kind.CONCERT, Kind.PLAY_DAY, Kind.CAMP, Kind.FESTIVAL, Kind.STUDY_VISIT}
# Kinds whose participants are children: a guardian registers children, never themselves
# (as does any pupil event that asks for the participants' health information).
CHILDREN_KINDS = {Kind.CAMP, Kind.PLAY_DAY}
# Kinds a network's convenor creates for their network without a head.
CONVENOR_KINDS = {Kind.NETWORK_MEETING, Kind.PLAY_DAY, Kind.CONCERT, Kind.STUDY_VISIT}
# Kinds whose programme the schools fill with contributions (festivals, the Sjuhärad day).
PROGRAMME_KINDS = {Kind.FESTIVAL}

# Reminder offsets in hours before the start, used when admin has no row for a kind.
DEFAULT_REMINDER_HOURS = {
    Kind.HEADS_MEETING: [168, 24],
    Kind.NETWORK_MEETING: [168, 24],
    Kind.TRAINING_DAY: [168, 24],
}
OTHER_KINDS_REMINDER_HOURS = [24]
# The longest reminder offset anywhere (a year): the sweep looks this far ahead.
MAX_REMINDER_HOURS = bounds.MAX_REMINDER_HOURS


def parse_hours(text: str) -> list[int]:
    """'168, 24' -> [168, 24]; raises ValueError on anything else, and on offsets beyond a
    year (core.bounds.MAX_REMINDER_HOURS)."""
    hours = sorted({int(part) for part in text.replace(" ", "").split(",") if part}, reverse=True)
    if any(h <= 0 or h > bounds.MAX_REMINDER_HOURS for h in hours):
        raise ValueError(text)
    return hours


def validate_hours(text: str):
    try:
        parse_hours(text)
    except ValueError:
        raise ValidationError(
            _("Ange hela timmar före start, åtskilda med kommatecken, t.ex. 168, 24. "
              "Högst %(max)s timmar (ett år)."), params={"max": bounds.MAX_REMINDER_HOURS}
        ) from None


class KindReminderSetting(models.Model):
    """The coordinator's reminder offsets for a kind of event (overrides the built-in default)."""

    kind = models.CharField(_("typ av evenemang"), max_length=30, choices=Kind.choices,
                            unique=True)
    reminder_hours = models.CharField(
        _("påminnelser (timmar före start)"), max_length=100, blank=True,
        validators=[validate_hours],
        help_text=_("T.ex. 168, 24 för en vecka och en dag före. Tomt: inga påminnelser."))

    class Meta:
        verbose_name = _("påminnelseinställning per typ")
        verbose_name_plural = _("påminnelseinställningar per typ")

    def __str__(self):
        return self.get_kind_display()

    @classmethod
    def as_dict(cls):
        """{kind: "168, 24"} for Event.reminder_offsets()."""
        return dict(cls.objects.values_list("kind", "reminder_hours"))


class EventQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def scheduled(self):
        return self.filter(status=Event.Status.SCHEDULED)

    def cancelled(self):
        return self.filter(status=Event.Status.CANCELLED)

    def published(self):
        """Not waiting for a head's approval (events.services.approve_event)."""
        return self.filter(awaiting_approval=False)

    def in_month(self, first_day, next_first_day):
        return self.filter(starts_at__lt=next_first_day, ends_at__gte=first_day)


class EventManager(models.Manager.from_queryset(EventQuerySet)):
    """Leaves out rows dated outside core.bounds, which no path accepts any longer.

    One such row (year 1, stored by PostgreSQL as "0001 BC", cannot even be read back)
    would otherwise break every page and sweep that lists it. Event._base_manager still
    sees every row, for repairs in the shell.
    """

    def get_queryset(self):
        return super().get_queryset().filter(starts_at__gte=bounds.min_datetime(),
                                             ends_at__lte=bounds.max_datetime())


class Event(models.Model):
    class Audience(models.TextChoices):
        HEADS = "heads", _("Kulturskolecheferna")
        STAFF = "staff", _("All personal vid de sju kulturskolorna")
        NETWORK = "network", _("Nätverkets medlemmar")
        PUBLIC = "public", _("Öppet för elever och familjer")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Planerat")
        CANCELLED = "cancelled", _("Inställt")

    title = models.CharField(_("rubrik"), max_length=200)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    description = models.TextField(_("beskrivning"), blank=True)
    host_schools = models.ManyToManyField(
        School, related_name="hosted_events", verbose_name=_("värdskolor"),
        help_text=_("En eller flera skolor, även partnerskolor utanför regionen."))
    network = models.ForeignKey("networks.Network", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="events", verbose_name=_("nätverk"))
    audience = models.CharField(_("målgrupp"), max_length=20, choices=Audience.choices,
                                default=Audience.STAFF)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    online_link = models.URLField(_("länk för deltagande på distans"), blank=True)
    starts_at = models.DateTimeField(_("börjar"), help_text=_("Svensk tid."),
                                     validators=[bounds.validate_date_in_range])
    ends_at = models.DateTimeField(_("slutar"), help_text=_("Svensk tid."),
                                   validators=[bounds.validate_date_in_range])
    registration_required = models.BooleanField(
        _("kräver anmälan"), default=False,
        help_text=_("Av: alla i målgruppen är inbjudna och påminns tills de tackar nej."))
    capacity = models.PositiveIntegerField(_("antal platser"), null=True, blank=True,
                                           validators=bounds.integer(),
                                           help_text=_("Tomt: obegränsat."))
    registration_deadline = models.DateTimeField(_("sista anmälningsdag"), null=True,
                                                 blank=True,
                                                 validators=[bounds.validate_date_in_range])
    quota_release_at = models.DateTimeField(
        _("lediga kvotplatser släpps"), null=True, blank=True,
        validators=[bounds.validate_date_in_range],
        help_text=_("Efter denna tidpunkt får alla anmäla sig till platser som skolorna "
                    "inte har använt."))
    agenda_deadline = models.DateTimeField(
        _("sista dag för dagordningspunkter"), null=True, blank=True,
        validators=[bounds.validate_date_in_range])
    minutes = models.TextField(_("protokoll"), blank=True)
    reminder_hours = models.CharField(
        _("egna påminnelser (timmar före start)"), max_length=100, blank=True,
        validators=[validate_hours],
        help_text=_("Tomt: standard för typen. T.ex. 72, 2."))
    asks_participant_info = models.BooleanField(
        _("frågar efter deltagaruppgifter"), default=False,
        help_text=_("Anhörigs telefon, allergier och medicinska uppgifter, anpassningar och "
                    "fotografering. Bara arrangörerna ser dem; de raderas en tid efter "
                    "evenemanget."))
    # A public event that collects children's health information is published only once a
    # head of a host school has approved it (events.services.approve_event).
    awaiting_approval = models.BooleanField(
        _("väntar på godkännande"), default=False, editable=False,
        help_text=_("Evenemanget frågar efter deltagaruppgifter och visas för målgruppen "
                    "först när en chef för en värdskola har godkänt det."))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+", editable=False,
                                    verbose_name=_("godkänt av"))
    approved_at = models.DateTimeField(_("godkänt"), null=True, blank=True, editable=False)
    programme_published_at = models.DateTimeField(
        _("programmet publicerat"), null=True, blank=True,
        help_text=_("Därefter visas programmet på evenemangets sida och bidrag kan inte "
                    "dras tillbaka; ändringar mejlas till arrangörerna."))
    preparation_question = models.TextField(_("förberedande fråga"), blank=True)
    preparation_article_url = models.URLField(_("artikel att läsa före"), blank=True)
    preparation_film_url = models.URLField(_("film att se före"), blank=True)
    follow_up_message = models.TextField(
        _("uppföljning"), blank=True,
        help_text=_("Skickas till deltagarna några dagar efter dagen."))
    follow_up_days = models.PositiveSmallIntegerField(
        _("uppföljning efter antal dagar"), default=3, validators=bounds.smallint(1))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.SCHEDULED)
    cancelled_at = models.DateTimeField(_("inställt"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("skapad av"))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)
    # The iCalendar SEQUENCE: grows by one with every change (events.services), so a
    # calendar replaces its copy, and a cancellation outranks every earlier file.
    sequence = models.PositiveIntegerField(_("versionsnummer"), default=0, editable=False)

    objects = EventManager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("evenemang")
        verbose_name_plural = _("evenemang")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                   name="event_ends_after_start"),
        ]
        indexes = [
            # Used by the reminder sweep and the calendar: upcoming scheduled events.
            models.Index(fields=["starts_at"], condition=Q(status="scheduled"),
                         name="event_scheduled_start_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("events:detail", args=[self.pk])

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("Slutet kan inte ligga före starten.")})
        if self.audience == self.Audience.NETWORK and not self.network_id:
            raise ValidationError({"network": _("Välj nätverket vars medlemmar är inbjudna.")})
        if self.kind == Kind.HEADS_MEETING and self.audience != self.Audience.HEADS:
            raise ValidationError(
                {"audience": _("Ett chefsmöte är bara för kulturskolecheferna.")})

    @property
    def is_meeting(self):
        return self.kind in MEETING_KINDS

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_for_pupils(self):
        """Children (through guardians) and school groups may take part."""
        return self.kind in PUPIL_KINDS

    @property
    def is_for_children(self):
        """The participants are children: guardians register them, not themselves."""
        return self.is_for_pupils and (self.kind in CHILDREN_KINDS or self.asks_participant_info)

    @property
    def takes_contributions(self):
        return self.kind in PROGRAMME_KINDS

    @property
    def programme_published(self):
        return self.programme_published_at is not None

    @property
    def year(self):
        return timezone.localtime(self.starts_at).year

    @property
    def has_preparation(self):
        return bool(self.preparation_question or self.preparation_article_url
                    or self.preparation_film_url)

    def reminder_offsets(self, kind_settings=None) -> list[int]:
        """Hours before the start: the event's own, else the kind's in admin, else the default."""
        # A value stored past the validators (an old row, an update()) never stops the
        # sweep: an unusable text falls through to the next source.
        if self.reminder_hours.strip():
            try:
                return parse_hours(self.reminder_hours)
            except ValueError:
                pass
        if kind_settings is not None and self.kind in kind_settings:
            try:
                return parse_hours(kind_settings[self.kind])
            except ValueError:
                pass
        return DEFAULT_REMINDER_HOURS.get(self.kind, OTHER_KINDS_REMINDER_HOURS)

    def reminder_due_at(self, hours: int):
        """When the reminder `hours` before the start falls due.

        Whole days are counted on the wall clock in Europe/Stockholm, so "7 days
        before a 09:00 meeting" is 09:00 a week earlier even across a DST change.
        """
        if hours % 24 == 0:
            wall = timezone.localtime(self.starts_at).replace(tzinfo=None)
            return timezone.make_aware(wall - timedelta(days=hours // 24))
        # Real hours: subtract in UTC (aware arithmetic in one zone is wall-clock).
        return self.starts_at.astimezone(UTC) - timedelta(hours=hours)

    def agenda_open(self, now=None):
        now = now or timezone.now()
        deadline = self.agenda_deadline or self.starts_at
        return not self.is_cancelled and now < deadline

    def registration_open(self, now=None):
        now = now or timezone.now()
        if self.is_cancelled or self.awaiting_approval or now >= self.starts_at:
            return False
        return self.registration_deadline is None or now < self.registration_deadline

    def quotas_released(self, now=None):
        if self.quota_release_at is None:
            return False
        return (now or timezone.now()) >= self.quota_release_at


class SchoolQuota(models.Model):
    """Places reserved for one school at a joint concert or camp."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="quotas",
                              verbose_name=_("evenemang"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("skola"))
    places = models.PositiveIntegerField(_("platser"), validators=bounds.integer())

    class Meta:
        verbose_name = _("platser per skola")
        verbose_name_plural = _("platser per skola")
        constraints = [models.UniqueConstraint(fields=["event", "school"],
                                               name="one_quota_per_school")]

    def __str__(self):
        return f"{self.school}: {self.places}"


class RegistrationQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(status=Registration.Status.REGISTERED)

    def waiting(self):
        return self.filter(status=Registration.Status.WAITING).order_by("registered_at", "pk")


class Registration(models.Model):
    """An answer to an event: registered, on the waiting list, cancelled or declined.

    Three kinds of participant: the person themselves (`user`), a guardian's child
    (`user` is the guardian, `child` the child), or a school's group of `places`
    pupils registered by a head or teacher (`user`) with a responsible teacher.
    Each takes `places` places (1 for a person or a child).
    """

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Anmäld")
        WAITING = "waiting", _("På väntelistan")
        CANCELLED = "cancelled", _("Avanmäld")
        DECLINED = "declined", _("Tackat nej")

    class Participant(models.TextChoices):
        PERSON = "person", _("Personen själv")
        CHILD = "child", _("Barn")
        GROUP = "group", _("Grupp från en skola")

    ACTIVE = [Status.REGISTERED, Status.WAITING]
    # Participant information: erased by events.privacy.apply_retention after the event.
    INFO_FIELDS = ["emergency_phone", "medical_notes", "adaptations", "photo_consent"]

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations",
                              verbose_name=_("evenemang"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="event_registrations", verbose_name=_("person"))
    school = models.ForeignKey(School, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("för skola"),
                               help_text=_("Räknas mot skolans platser om evenemanget har "
                                           "platser per skola."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.REGISTERED)
    participant = models.CharField(_("deltagare"), max_length=10, choices=Participant.choices,
                                   default=Participant.PERSON)
    child = models.ForeignKey("accounts.Child", on_delete=models.CASCADE, null=True,
                              blank=True, related_name="event_registrations",
                              verbose_name=_("barn"))
    places = models.PositiveSmallIntegerField(_("antal platser"), default=1)
    responsible_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("ansvarig pedagog"))
    group_name = models.CharField(_("grupp"), max_length=200, blank=True)
    group_names = models.TextField(_("deltagarnas namn"), blank=True)
    emergency_phone = models.CharField(_("telefon till anhörig i nödfall"), max_length=30,
                                       blank=True)
    medical_notes = models.TextField(_("allergier och medicinska uppgifter"), blank=True)
    adaptations = models.TextField(_("anpassningar"), blank=True)
    photo_consent = models.BooleanField(_("får fotograferas"), null=True, blank=True)
    registered_at = models.DateTimeField(
        _("anmäld"), default=timezone.now,
        help_text=_("Påminnelser som föll före denna tid skickas inte till personen."))
    changed_at = models.DateTimeField(_("ändrad"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], condition=Q(participant="person"),
                                    name="one_registration_per_person"),
            models.UniqueConstraint(fields=["event", "child"], condition=Q(child__isnull=False),
                                    name="one_registration_per_child"),
            models.CheckConstraint(condition=Q(places__gte=1), name="registration_takes_places"),
        ]

    def __str__(self):
        return f"{self.participant_name} – {self.event}"

    @property
    def participant_name(self):
        if self.child_id:
            return self.child.name
        if self.participant == self.Participant.GROUP:
            return self.group_name or str(self.school)
        return self.user.display_name

    @property
    def has_participant_info(self):
        return any(getattr(self, name) not in ("", None) for name in self.INFO_FIELDS)


class ReminderOptOut(models.Model):
    """A person who wants no reminders for one event, or for one kind of event."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="reminder_opt_outs", verbose_name=_("person"))
    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True,
                              related_name="opt_outs", verbose_name=_("evenemang"))
    kind = models.CharField(_("typ av evenemang"), max_length=30, choices=Kind.choices,
                            blank=True)

    class Meta:
        verbose_name = _("avstängd påminnelse")
        verbose_name_plural = _("avstängda påminnelser")
        constraints = [
            models.CheckConstraint(
                condition=(Q(event__isnull=False, kind="") | Q(event__isnull=True) & ~Q(kind="")),
                name="opt_out_event_xor_kind"),
            models.UniqueConstraint(fields=["user", "event"], condition=Q(event__isnull=False),
                                    name="one_opt_out_per_event"),
            models.UniqueConstraint(fields=["user", "kind"], condition=~Q(kind=""),
                                    name="one_opt_out_per_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.event or self.get_kind_display()}"


def _event_file_path(instance, filename):
    return f"events/{instance.event_id}/{secrets.token_hex(8)}-{filename}"


class EventFile(models.Model):
    """A file for participants; served only through a view that checks access."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="files",
                              verbose_name=_("evenemang"))
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("fil"), upload_to=_event_file_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("uppladdad av"))
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now_add=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("fil")
        verbose_name_plural = _("filer")

    def __str__(self):
        return self.title


def _feed_token():
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's secret subscription URL; revoking gives a new token."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed", verbose_name=_("person"))
    token = models.CharField(_("nyckel"), max_length=64, unique=True, default=_feed_token)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderprenumeration")
        verbose_name_plural = _("kalenderprenumerationer")

    def __str__(self):
        return str(self.user)

    def rotate(self):
        self.token = _feed_token()
        self.save(update_fields=["token"])



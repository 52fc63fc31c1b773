"""Courses offered across municipal borders, applications to them, wishes and agreements."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import bounds, pagecache
from core.pagecache import VersionedQuerySet
from core.weekdays import Weekday
from schools.models import Municipality, School, Subject


def term_code(day: datetime.date) -> str:
    """'2027-1' for spring (VT) 2027, '2026-2' for autumn (HT) 2026; sorts in time order."""
    return f"{day.year}-{1 if day.month <= 6 else 2}"


def term_bounds(code: str) -> tuple[datetime.date, datetime.date]:
    """First and last day of a term: VT is January–June, HT July–December."""
    year, half = (int(part) for part in code.split("-"))
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def term_label(code: str) -> str:
    year, half = code.split("-")
    return f"{'VT' if half == '1' else 'HT'} {year}"


class AgreementQuerySet(VersionedQuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(valid_from__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day))


class Agreement(models.Model):
    """A samverkansavtal: pupils of one home municipality may take an offering school's
    courses, for a pupil fee; the home municipality compensates the offering one."""

    offering_school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="agreements",
        verbose_name=_("erbjudande skola"))
    home_municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="agreements",
        verbose_name=_("hemkommun"),
        help_text=_("Kommunen vars elever får gå skolans kurser och som betalar ersättningen."))
    pupil_fee = models.DecimalField(
        _("elevavgift per termin (kr)"), max_digits=8, decimal_places=2, default=0,
        help_text=_("Vad eleven betalar per termin. 0 betyder avgiftsfritt."))
    compensation_per_term = models.DecimalField(
        _("ersättning per elev och termin (kr)"), max_digits=9, decimal_places=2, default=0,
        help_text=_("Vad hemkommunen betalar den erbjudande skolans kommun per placerad elev."))
    valid_from = models.DateField(_("gäller från"), validators=[bounds.validate_date_in_range])
    valid_until = models.DateField(_("gäller till och med"), null=True, blank=True,
                                   validators=[bounds.validate_date_in_range],
                                   help_text=_("Lämna tomt för tills vidare."))

    objects = AgreementQuerySet.as_manager()

    class Meta:
        ordering = ["offering_school__name", "home_municipality__name", "-valid_from"]
        verbose_name = _("samverkansavtal")
        verbose_name_plural = _("samverkansavtal")
        constraints = [
            models.UniqueConstraint(fields=["offering_school", "home_municipality", "valid_from"],
                                    name="one_agreement_per_start"),
        ]

    def __str__(self):
        return f"{self.offering_school} ← {self.home_municipality}"


class CourseQuerySet(VersionedQuerySet):
    def published(self):
        return self.filter(status=Course.Status.PUBLISHED)

    def accepting(self, today=None):
        """Published courses whose application deadline has not passed."""
        return self.published().filter(
            application_deadline__gte=today or timezone.localdate())

    def running(self, today=None):
        """Courses not closed whose term has not ended: what a head keeps an eye on."""
        return self.exclude(status=Course.Status.CLOSED).filter(
            term_end__gte=today or timezone.localdate())

    def with_seat_counts(self):
        """Annotate `seats_taken` (offered + accepted), `seats_held` (also pending
        decisions), `waiting_count` and `pending_count` as subqueries: one query however
        many courses. Seats left is the stored column `seats_left`."""
        return self.annotate(
            seats_taken=count_applications(Application.SEAT_TAKING),
            seats_held=count_applications(Application.SEAT_HOLDING),
            waiting_count=count_applications([Application.Status.WAITING]),
            pending_count=count_applications([Application.Status.SUBMITTED]),
        )

    def refresh_seats_left(self) -> int:
        """Store the computed seats left (`computed_seats_left()`) in `seats_left` for
        these courses: one UPDATE. Services call it in the transaction that changed the
        seats, under the course lock. Not a version bump: seat counts reach the cached
        pages through core.pagecache's seat values (`seats_changed`)."""
        # models.QuerySet.update, not VersionedQuerySet.update: a seat change must not
        # invalidate every public page, only the seat values of these courses.
        ids = list(self.values_list("pk", flat=True))
        rows = models.QuerySet.update(self, seats_left=computed_seats_left())
        pagecache.seats_changed(ids)
        return rows

    def update(self, **kwargs):
        if "capacity" in kwargs:
            # The stored seats left follow a bulk capacity change in the same statement.
            kwargs["seats_left"] = computed_seats_left(kwargs["capacity"])
        return super().update(**kwargs)


def computed_seats_left(capacity=None):
    """Seats left, computed from the applications: the capacity minus the applications
    that hold a seat (submitted, offered, accepted), never below 0. The one definition;
    `Course.seats_left` stores it (the catalogue filters and sorts on the stored column)."""
    capacity = F("capacity") if capacity is None else capacity
    return Greatest(capacity - count_applications(Application.SEAT_HOLDING), 0)


def count_applications(statuses):
    """A subquery: the course's applications in these statuses (0 when none)."""
    counts = (Application.objects.filter(course=OuterRef("pk"), status__in=statuses)
              .order_by().values("course").annotate(n=Count("id")).values("n"))
    return Coalesce(Subquery(counts, output_field=models.IntegerField()), 0)


class Course(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        PUBLISHED = "published", _("Publicerad")
        CLOSED = "closed", _("Stängd")

    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Nybörjare")
        INTERMEDIATE = "intermediate", _("Fortsättning")
        ADVANCED = "advanced", _("Avancerad")
        TALENT = "talent", _("Spets")
        ALL = "all", _("Alla nivåer")

    # Advanced and talent ("spets") courses carry a visible mark in the catalogue.
    ADVANCED_LEVELS = [Level.ADVANCED, Level.TALENT]

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("På plats")
        DISTANCE = "distance", _("Distans")
        MIXED = "mixed", _("Blandat")

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="courses",
                               verbose_name=_("skola"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="courses",
                                verbose_name=_("ämne"))
    title = models.CharField(_("titel"), max_length=150)
    description = models.TextField(_("beskrivning"), blank=True)
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices,
                             default=Level.ALL)
    min_age = models.PositiveSmallIntegerField(_("lägsta ålder"), default=6,
                                               validators=bounds.smallint())
    max_age = models.PositiveSmallIntegerField(_("högsta ålder"), default=20,
                                               validators=bounds.smallint())
    format = models.CharField(_("form"), max_length=20, choices=Format.choices,
                              default=Format.ON_SITE)
    place = models.CharField(_("plats"), max_length=200, blank=True,
                             help_text=_("Lokal och adress, eller länk-information för distans."))
    weekday = models.PositiveSmallIntegerField(_("veckodag"), choices=Weekday.choices)
    start_time = models.TimeField(_("starttid"))
    end_time = models.TimeField(_("sluttid"))
    term_start = models.DateField(_("terminen börjar"), validators=[bounds.validate_date_in_range])
    term_end = models.DateField(_("terminen slutar"), validators=[bounds.validate_date_in_range])
    term = models.CharField(_("termin"), max_length=7, editable=False, db_index=True,
                            help_text=_("Räknas fram ur startdatumet, t.ex. 2027-1 för VT 2027."))
    capacity = models.PositiveSmallIntegerField(_("antal platser"), validators=bounds.smallint())
    # Denormalised: computed_seats_left(), stored by the services that change seats
    # (applications, decisions, withdrawals, the offer sweep, capacity edits) in the same
    # transaction, so "most seats left" and "only free seats" read an index instead of
    # counting applications for every course. tests/courses/test_seats_left.py checks it.
    seats_left = models.PositiveSmallIntegerField(_("lediga platser"), default=0,
                                                  db_default=0, editable=False)
    application_deadline = models.DateField(_("sista ansökningsdag"),
                                            validators=[bounds.validate_date_in_range])
    own_fee = models.DecimalField(
        _("avgift för egna kommunens elever (kr)"), max_digits=8, decimal_places=2, default=0,
        help_text=_("Andra kommuners elever betalar avgiften i samverkansavtalet."))
    open_to = models.ManyToManyField(
        Municipality, blank=True, related_name="open_courses",
        verbose_name=_("öppen för elever från"),
        help_text=_("Skolans egen kommun ingår alltid. Andra kommuner kräver ett avtal."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.DRAFT)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="taught_courses",
        verbose_name=_("lärare"),
        help_text=_("Skolans pedagoger som undervisar. De ser de antagna elevernas "
                    "kontaktuppgifter."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("skapad av"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    # PostgreSQL: Swedish full-text document of title and description, kept current by
    # a trigger (migration 0003) and served by a GIN index. Always empty on SQLite.
    search_document = SearchVectorField(null=True, editable=False)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["application_deadline", "title", "id"]
        verbose_name = _("kurs")
        verbose_name_plural = _("kurser")
        indexes = [
            # The public catalogue lists published courses in one of its sort orders; with
            # the whole sort key in the index a page is read in order, never sorted.
            models.Index(fields=["status", "application_deadline", "title", "id"],
                         name="course_catalogue_idx"),
            models.Index(fields=["status", "term_start", "title", "id"],
                         name="course_catalogue_start_idx"),
            models.Index(fields=["status", "title", "id"], name="course_catalogue_title_idx"),
            # "Flest lediga platser" (and the free-seats filter) read this index in order.
            models.Index(models.F("status"), models.F("seats_left").desc(),
                         models.F("application_deadline"), models.F("id"),
                         name="course_catalogue_seats_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(min_age__lte=models.F("max_age")),
                                   name="course_age_range_ordered"),
            models.CheckConstraint(condition=Q(term_start__lte=models.F("term_end")),
                                   name="course_term_ordered"),
        ]

    def __str__(self):
        return f"{self.title} ({self.school})"

    def save(self, *args, **kwargs):
        self.term = term_code(self.term_start)
        if self._state.adding:
            self.seats_left = self.capacity  # no applications yet
        elif kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            # Only refresh_seats_left() writes the stored seats: an edit of a course read
            # before an application came in must not write back its old figure.
            kwargs["update_fields"] = [field.attname for field in self._meta.concrete_fields
                                       if not field.primary_key and field.name != "seats_left"]
        if kwargs.get("update_fields") is not None:
            # updated_at versions the course's cached card (courses/templatetags).
            kwargs["update_fields"] = {*kwargs["update_fields"], "term", "updated_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("courses:detail", args=[self.pk])

    def clean(self):
        """The course's own rules, for the portal's form and admin alike. Those that
        need its municipalities and teachers are in courses.forms.CourseRulesForm (both
        forms' base); the capacity against places given, in services.save_course."""
        errors = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("Högsta ålder kan inte vara lägre än lägsta ålder.")
        start, end = self.term_start, self.term_end
        if start and end and start > end:
            errors["term_end"] = _("Terminen kan inte sluta innan den börjar.")
        if self.start_time and self.end_time and self.start_time >= self.end_time:
            errors["end_time"] = _("Sluttiden måste vara efter starttiden.")
        if self.application_deadline and start and self.application_deadline > start:
            errors["application_deadline"] = _(
                "Sista ansökningsdag kan inte vara efter terminsstart.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("Kursen behöver minst en plats.")
        if errors:
            raise ValidationError(errors)

    @property
    def term_label(self):
        return term_label(self.term or term_code(self.term_start))

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_advanced(self):
        return self.level in self.ADVANCED_LEVELS

    def deadline_passed(self, today=None) -> bool:
        return (today or timezone.localdate()) > self.application_deadline

    def age_of(self, birth_year: int) -> int:
        """Age the pupil reaches during the year the course starts."""
        return self.term_start.year - birth_year



class CostShare(models.Model):
    """A regional course's co-organising school and its share of the cost. When a course
    has shares (the offering school among them, 100 % together), the settlement splits
    what each home municipality pays by them."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="cost_shares",
                               verbose_name=_("kurs"))
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("medarrangerande skola"))
    percent = models.DecimalField(
        _("andel av kostnaden (%)"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))])

    class Meta:
        ordering = ["course", "-percent", "school__name"]
        verbose_name = _("kostnadsandel")
        verbose_name_plural = _("medarrangörer och kostnadsandelar")
        constraints = [
            models.UniqueConstraint(fields=["course", "school"], name="one_share_per_school"),
            models.CheckConstraint(condition=Q(percent__gt=0) & Q(percent__lte=100),
                                   name="cost_share_percent_range"),
        ]

    def __str__(self):
        return f"{self.school}: {self.percent} %"


class ApplicationQuerySet(models.QuerySet):
    def awaiting_decision(self):
        """Submitted applications the school has not yet answered."""
        return self.filter(status=Application.Status.SUBMITTED)


class Application(models.Model):
    """A pupil's application to one course.

    Keeps its own copy of birth year and home municipality, and the child link is
    SET_NULL: settlement counts stay right when a child's personal data is erased.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Inkommen, väntar på beslut")
        WAITING = "waiting", _("På väntelistan")
        OFFERED = "offered", _("Erbjuden plats")
        ACCEPTED = "accepted", _("Plats antagen")
        DECLINED = "declined", _("Inte antagen")
        OFFER_DECLINED = "offer_declined", _("Tackat nej")
        OFFER_EXPIRED = "offer_expired", _("Svarstiden gick ut")
        WITHDRAWN = "withdrawn", _("Återtagen")

    # Offered + accepted may never exceed the capacity.
    SEAT_TAKING = [Status.OFFERED, Status.ACCEPTED]
    # A new application goes to the waiting list when these fill the course.
    SEAT_HOLDING = [Status.SUBMITTED, Status.OFFERED, Status.ACCEPTED]
    ACTIVE = [Status.SUBMITTED, Status.WAITING, Status.OFFERED, Status.ACCEPTED]

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="applications",
                               verbose_name=_("kurs"))
    child = models.ForeignKey("accounts.Child", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="applications",
                              verbose_name=_("barn"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="course_applications",
                                  verbose_name=_("sökande konto"),
                                  help_text=_("Vårdnadshavaren, eller eleven själv."))
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), validators=bounds.birth_year())
    home_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("hemkommun"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.SUBMITTED)
    decline_reason = models.TextField(_("motivering"), blank=True,
                                      help_text=_("Visas för den sökande när ansökan avslås."))
    # Seen by the receiving head and the course's teachers once the place is accepted
    # (permissions.admitted_pupils_visible_to); erased with the child and by retention.
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    adaptation_needs = models.TextField(_("behov av anpassningar"), max_length=1000,
                                        blank=True)
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True)
    decided_at = models.DateTimeField(_("senaste beslut"), null=True, blank=True)
    reply_by = models.DateField(
        _("svara senast"), null=True, blank=True,
        help_text=_("Ett erbjudande som inte besvarats efter den dagen går till nästa på "
                    "väntelistan."))

    # Not a VersionedQuerySet: applications change seats only, and those reach the public
    # pages through Course.objects.refresh_seats_left(), which every seat service calls.
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("ansökan")
        verbose_name_plural = _("ansökningar")
        constraints = [
            # One live application per child and course (a withdrawn one may be renewed).
            models.UniqueConstraint(
                fields=["course", "child"], name="one_active_application_per_child",
                condition=Q(status__in=["submitted", "waiting", "offered", "accepted"])),
        ]
        indexes = [
            # Seat counts and the waiting list filter by course and status.
            models.Index(fields=["course", "status"], name="application_course_status"),
            # The offer sweep (services.expire_offers) reads offers past their reply date.
            models.Index(fields=["reply_by"], name="application_offer_due",
                         condition=Q(status="offered")),
        ]

    def __str__(self):
        return f"{self.child_name} → {self.course.title}"

    @property
    def child_name(self):
        return self.child.name if self.child_id else _("(uppgifter borttagna)")

    @property
    def is_active(self):
        return self.status in self.ACTIVE

    def offer_expired(self, today=None) -> bool:
        """An offer not answered by its reply date (the sweep then passes it on)."""
        return (self.status == self.Status.OFFERED and self.reply_by is not None
                and (today or timezone.localdate()) > self.reply_by)


def waiting_positions(applications) -> dict[int, int]:
    """Position on the waiting list for each waiting application, in one query."""
    waiting = [a for a in applications if a.status == Application.Status.WAITING]
    if not waiting:
        return {}
    rows = (Application.objects.filter(course_id__in={a.course_id for a in waiting},
                                       status=Application.Status.WAITING)
            .order_by("course_id", "id").values_list("course_id", "pk"))
    positions, seen = {}, defaultdict(int)
    for course_id, pk in rows:
        seen[course_id] += 1
        positions[pk] = seen[course_id]
    return positions


class Wish(models.Model):
    """A wish for a subject near home; heads plan regional courses from the demand."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="course_wishes", verbose_name=_("konto"))
    subject = models.ForeignKey(Subject, on_delete=models.CASCADE, related_name="wishes",
                                verbose_name=_("ämne"))
    home_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                          related_name="wishes", verbose_name=_("hemkommun"))
    age = models.PositiveSmallIntegerField(_("ålder"), validators=bounds.smallint())
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("önskemål")
        verbose_name_plural = _("önskemål")

    def __str__(self):
        return f"{self.subject} – {self.home_municipality} ({self.age})"

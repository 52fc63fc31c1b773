import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import formats
from core.weekdays import Weekday
from schools.models import Subject

LINK_OR_FILE = _("Ange en länk eller ladda upp en fil.")


class NetworkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Network.Status.ACTIVE)

    def proposed(self):
        return self.filter(status=Network.Status.PROPOSED)


class Network(models.Model):
    """A subject network of teachers, or the heads' network (heads only)."""

    class Kind(models.TextChoices):
        SUBJECT = "subject", _("Ämnesnätverk")
        HEADS = "heads", _("Chefsnätverk")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktivt")
        PROPOSED = "proposed", _("Föreslaget")
        DECLINED = "declined", _("Avslaget")

    name = models.CharField(_("namn"), max_length=150, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True,
                            help_text=_("Används i webbadressen, t.ex. gitarr."))
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.SUBJECT)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="networks", verbose_name=_("ämne"))
    description = models.TextField(_("beskrivning"), blank=True)
    is_open = models.BooleanField(
        _("öppet"), default=True,
        help_text=_("Öppna nätverk går att gå med i direkt; i stängda godkänner en "
                    "sammankallande."))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE,
        help_text=_("Ett nätverk som en kulturskolechef föreslagit syns först när samordnaren "
                    "har godkänt det."))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("föreslaget av"),
        help_text=_("Blir sammankallande när nätverket godkänns."))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:detail", args=[self.slug])

    def clean(self):
        """Rules for the portal's form and admin alike."""
        errors = {}
        if self.name:
            self.name = " ".join(self.name.split())
            if Network.objects.filter(name__iexact=self.name).exclude(pk=self.pk).exists():
                errors["name"] = _("Det finns redan ett nätverk med det namnet.")
        if self.kind == self.Kind.SUBJECT and not self.subject_id:
            errors["subject"] = _("Välj vilket ämne nätverket gäller.")
        if errors:
            raise ValidationError(errors)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)

    def convenors(self):
        return self.active().filter(role=Membership.Role.CONVENOR)


class Membership(models.Model):
    """A person in a network, as member or convenor; pending until approved in closed networks."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Medlem")
        CONVENOR = "convenor", _("Sammankallande")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Medlem")
        PENDING = "pending", _("Väntar på godkännande")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships",
                                verbose_name=_("nätverk"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships", verbose_name=_("person"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.ACTIVE)
    notify_posts = models.BooleanField(
        _("mejla om nya inlägg"), default=False,
        help_text=_("Skicka ett mejl när någon skriver i nätverkets diskussion."))
    joined_at = models.DateTimeField(_("gick med"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="one_membership_per_network"),
        ]

    def __str__(self):
        return f"{self.user} i {self.network}"

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def is_convenor(self):
        return self.is_active and self.role == self.Role.CONVENOR


def resource_upload_to(resource, filename):
    # A random name: the original one is kept in a field and never used as a path.
    suffix = PurePosixPath(filename).suffix.lower()
    return f"networks/{resource.network_id}/{uuid.uuid4().hex}{suffix}"


class ResourceQuerySet(models.QuerySet):
    def search(self, text):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(title__icontains=text) | Q(composer__icontains=text)
                           | Q(instrumentation__icontains=text) | Q(notes__icontains=text))


class Resource(models.Model):
    """A piece of shared repertoire or material: a link, an uploaded file, or both."""

    class Level(models.TextChoices):
        BEGINNER = "1-beginner", _("Nybörjare")
        ELEMENTARY = "2-elementary", _("Grundnivå")
        INTERMEDIATE = "3-intermediate", _("Fortsättningsnivå")
        ADVANCED = "4-advanced", _("Avancerad")

    class Occasion(models.TextChoices):
        NONE = "", _("Inget")
        PLAY_DAY = "play_day", _("Speldag")
        CONCERT = "concert", _("Konsert")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="resources",
                                verbose_name=_("nätverk"))
    title = models.CharField(_("titel"), max_length=200)
    composer = models.CharField(_("kompositör/arrangör"), max_length=200, blank=True)
    instrumentation = models.CharField(_("besättning"), max_length=200, blank=True,
                                       help_text=_("T.ex. gitarrensemble, 3 stämmor."))
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices,
                             default=Level.BEGINNER)
    link = models.URLField(_("länk"), max_length=500, blank=True)
    file = models.FileField(_("fil"), upload_to=resource_upload_to, blank=True, max_length=255)
    file_name = models.CharField(_("filnamn"), max_length=255, blank=True, editable=False,
                                 help_text=_("Filens ursprungliga namn, används vid nedladdning."))
    file_size = models.PositiveIntegerField(_("filstorlek (byte)"), null=True, blank=True,
                                            editable=False)
    notes = models.TextField(_("anteckningar"), blank=True)
    occasion = models.CharField(
        _("markerad för"), max_length=20, choices=Occasion.choices, blank=True,
        default=Occasion.NONE, help_text=_("Om stycket ska spelas på en kommande speldag "
                                           "eller konsert."))
    occasion_note = models.CharField(_("vilket tillfälle"), max_length=200, blank=True,
                                     help_text=_("T.ex. Speldag i Tranemo 14 mars."))
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, related_name="+", verbose_name=_("tillagd av"))
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("repertoar/material")
        verbose_name_plural = _("repertoar och material")
        constraints = [
            models.CheckConstraint(condition=~Q(link="") | ~Q(file=""),
                                   name="resource_has_link_or_file"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """Rules for the portal's form and admin alike (the first mirrors the constraint
        resource_has_link_or_file)."""
        if not self.link and not self.file:
            raise ValidationError(LINK_OR_FILE, code="link_or_file")
        if self.occasion_note and not self.occasion:
            raise ValidationError({"occasion": _(
                "Välj speldag eller konsert för tillfället du angett.")})


class PlanningSlot(models.Model):
    """A weekly window in which a member could meet (the study's synchronised planning time)."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE,
                                   related_name="planning_slots", verbose_name=_("medlemskap"))
    weekday = models.PositiveSmallIntegerField(_("veckodag"), choices=Weekday.choices)
    start = models.TimeField(_("från"))
    end = models.TimeField(_("till"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("planeringstid")
        verbose_name_plural = _("planeringstider")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")),
                                   name="planning_slot_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {formats.time(self.start)}–{formats.time(self.end)}"

    def clean(self):
        # Mirrors the constraint planning_slot_ends_after_start, with a message.
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("Sluttiden måste vara senare än starttiden.")})

    @property
    def interval(self):
        """(weekday, start minute, end minute) as the planning module wants it."""
        return (self.weekday, self.start.hour * 60 + self.start.minute,
                self.end.hour * 60 + self.end.minute)


class Thread(models.Model):
    """A discussion topic in a network; its posts are the opening message and the replies."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="threads",
                                verbose_name=_("nätverk"))
    title = models.CharField(_("rubrik"), max_length=200)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("startad av"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_post_at = models.DateTimeField(_("senaste inlägg"), db_index=True,
                                        help_text=_("Trådar med nya svar hamnar överst."))

    class Meta:
        ordering = ["-last_post_at", "-pk"]
        verbose_name = _("diskussionstråd")
        verbose_name_plural = _("diskussionstrådar")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("networks:thread", args=[self.network.slug, self.pk])


class Post(models.Model):
    """One message in a thread."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts",
                               verbose_name=_("tråd"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                               related_name="+", verbose_name=_("skribent"))
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("skrivet"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("inlägg")
        verbose_name_plural = _("inlägg")

    def __str__(self):
        return f"{self.author} i {self.thread}"

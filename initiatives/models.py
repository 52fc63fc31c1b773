"""Joint initiatives (a regional orchestra, the Sjuhärad day…) and what each school commits.

They started out inside events; their tables were renamed from events_* by
migration 0002 (see 0001 for how the rows were kept).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds, formats
from schools.models import School


class Initiative(models.Model):
    """A joint initiative (regional orchestra, Sjuhärad day…) the schools commit to."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Föreslagen")
        ACTIVE = "active", _("Aktiv")
        DECLINED = "declined", _("Avslagen")

    title = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    year = models.PositiveSmallIntegerField(_("år"), validators=bounds.year())
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.ACTIVE)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("föreslagen av"))
    schools = models.ManyToManyField(
        School, blank=True, related_name="initiatives", verbose_name=_("deltagande skolor"),
        help_text=_("Skolorna som är med, även partnerskolor utanför regionen. Tomt: alla sju."))
    events = models.ManyToManyField(
        "events.Event", blank=True, related_name="initiatives", verbose_name=_("evenemang"),
        help_text=_("Satsningens evenemang, t.ex. konserter och läger."))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("gemensam satsning")
        verbose_name_plural = _("gemensamma satsningar")

    def __str__(self):
        return f"{self.title} {self.year}"

    def get_absolute_url(self):
        return reverse("initiatives:detail", args=[self.pk])


class Commitment(models.Model):
    """What one school commits to an initiative: people, hours and money."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE,
                                   related_name="commitments", verbose_name=_("satsning"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("skola"))
    takes_part = models.BooleanField(_("deltar"), default=False)
    people = models.PositiveIntegerField(_("personer"), default=0, validators=bounds.integer())
    hours = models.PositiveIntegerField(_("timmar"), default=0, validators=bounds.integer())
    money_sek = models.PositiveIntegerField(_("pengar (kr)"), default=0,
                                            validators=bounds.integer())
    note = models.CharField(_("kommentar"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("åtagande")
        verbose_name_plural = _("åtaganden")
        constraints = [models.UniqueConstraint(fields=["initiative", "school"],
                                               name="one_commitment_per_school")]

    def __str__(self):
        return f"{self.school} – {self.initiative}"


class CommitmentChange(models.Model):
    """One change of a school's commitment: who changed what, from what to what, and when."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="changes",
                                   verbose_name=_("satsning"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("skola"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("ändrad av"))
    changed_at = models.DateTimeField(_("ändrad"), auto_now_add=True)
    # {field name: [old, new]}; old is null for a school's first commitment.
    changes = models.JSONField(_("ändringar"), default=dict)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("ändring av åtagande")
        verbose_name_plural = _("ändringar av åtaganden")

    def __str__(self):
        return f"{self.school} – {self.initiative} ({formats.date(self.changed_at)})"

    def lines(self):
        """[(field label, old, new)] for the page, booleans as Ja/Nej."""
        def shown(value):
            if isinstance(value, bool):
                return _("Ja") if value else _("Nej")
            return "–" if value in (None, "") else value
        return [(Commitment._meta.get_field(name).verbose_name, shown(old), shown(new))
                for name, (old, new) in self.changes.items()]

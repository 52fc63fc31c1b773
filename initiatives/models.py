"""Joint initiatives (a regional orchestra, the Sjuhärad day…) and what each school commits.

They started out inside events; their tables were renamed from events_* by
migration 0002 (see 0001 for how the rows were kept).
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import bounds
from schools.models import School


class Initiative(models.Model):
    """A joint initiative (regional orchestra, Sjuhärad day…) the schools commit to."""

    title = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    year = models.PositiveSmallIntegerField(_("år"), validators=bounds.year())
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

"""The region's recurring survey of pupils' needs and experience (kartläggning).

Answers are anonymous: no account, no name, no address, nothing that identifies a
person; the home municipality and an age group are the finest detail kept.
"""


from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import bounds
from schools.models import Municipality, Subject


class SurveyRoundQuerySet(models.QuerySet):
    def open_on(self, day):
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def annotate_answer_count(self):
        return self.annotate(answer_count=models.Count("answers"))


class SurveyRound(models.Model):
    title = models.CharField(_("rubrik"), max_length=150)
    intro = models.TextField(_("inledning"), blank=True,
                             help_text=_("Visas överst i formuläret."))
    opens_on = models.DateField(_("öppnar"), validators=[bounds.validate_date_in_range])
    closes_on = models.DateField(_("stänger"), help_text=_("Sista dag att svara."),
                                 validators=[bounds.validate_date_in_range])
    requires_code = models.BooleanField(
        _("svar kräver kod"), default=True,
        help_text=_("Varje svar kräver en svarskod som skolorna delar ut (en kod, ett svar), "
                    "så att ingen ensam kan fylla omgången med svar."))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("kartläggningsomgång")
        verbose_name_plural = _("kartläggningsomgångar")
        constraints = [
            models.CheckConstraint(condition=Q(opens_on__lte=models.F("closes_on")),
                                   name="survey_round_dates_ordered"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_on and self.closes_on and self.opens_on > self.closes_on:
            raise ValidationError({"closes_on": _("Omgången kan inte stänga innan den öppnar.")})

    def is_open(self, today=None) -> bool:
        return self.opens_on <= (today or timezone.localdate()) <= self.closes_on


class SurveyAnswer(models.Model):
    class AgeGroup(models.TextChoices):
        UP_TO_9 = "6-9", _("6–9 år")
        UP_TO_12 = "10-12", _("10–12 år")
        UP_TO_15 = "13-15", _("13–15 år")
        UP_TO_20 = "16-20", _("16–20 år")

    class Interest(models.TextChoices):
        YES = "yes", _("Ja")
        MAYBE = "maybe", _("Kanske")
        NO = "no", _("Nej")

    # The obstacles asked about, as (field name, label): one boolean each, so the
    # results count them with one aggregate.
    OBSTACLES = [
        ("obstacle_distance", _("Avståndet")),
        ("obstacle_cost", _("Kostnaden")),
        ("obstacle_time", _("Tiden")),
        ("obstacle_no_offer", _("Det finns inget som jag vill gå på")),
    ]

    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE,
                                     related_name="answers", verbose_name=_("omgång"))
    home_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("hemkommun"))
    age_group = models.CharField(_("åldersgrupp"), max_length=10, choices=AgeGroup.choices)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="+",
                                      verbose_name=_("önskade ämnen"))
    attends = models.BooleanField(_("går i kulturskolan"))
    experience = models.PositiveSmallIntegerField(
        _("upplevelse (1–5)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)])
    experience_text = models.TextField(_("om upplevelsen"), max_length=2000, blank=True)
    obstacle_distance = models.BooleanField(_("hinder: avstånd"), default=False)
    obstacle_cost = models.BooleanField(_("hinder: kostnad"), default=False)
    obstacle_time = models.BooleanField(_("hinder: tid"), default=False)
    obstacle_no_offer = models.BooleanField(_("hinder: inget utbud"), default=False)
    distance_interest = models.CharField(_("intresse för distanskurser"), max_length=10,
                                         choices=Interest.choices)
    created_on = models.DateField(_("inkommet"), auto_now_add=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        indexes = [
            # The results read one round, per municipality for a head.
            models.Index(fields=["survey_round", "home_municipality"],
                         name="survey_answer_round_home"),
        ]

    def __str__(self):
        return f"{self.survey_round} – {self.home_municipality} ({self.age_group})"


# Letters and digits that cannot be mistaken for each other on paper (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def normalise_code(text: str) -> str:
    """What a person typed or a link carried, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


class SurveyCode(models.Model):
    """One answer's admission to a round: a school hands out codes (on paper or as links),
    each taken once. A code says nothing about who used it, and the answer does not say
    which code it came with."""

    survey_round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE,
                                     related_name="codes", verbose_name=_("omgång"))
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("skola som delar ut koden"))
    code = models.CharField(_("kod"), max_length=CODE_LENGTH, unique=True)
    used_at = models.DateTimeField(_("använd"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("svarskod")
        verbose_name_plural = _("svarskoder")

    def __str__(self):
        return self.display_code

    @property
    def display_code(self) -> str:
        """XXXX-XXXX, easier to read aloud and type."""
        return f"{self.code[:4]}-{self.code[4:]}"

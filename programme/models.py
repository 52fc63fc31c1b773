"""A festival's programme: the schools' contributions (acts).

The programme belongs to an events.Event of a programme kind
(events.models.PROGRAMME_KINDS); its publication time is the event's own
`programme_published_at`. Until the split of events (ADR 0002) Contribution lived in
events, on the table events_contribution (renamed by migration 0002).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.pagecache import VersionedQuerySet
from events.models import Event
from schools.models import School


class Contribution(models.Model):
    """A school's act in a festival's programme: submitted, then accepted (and placed with an
    order and a time) or declined by the organisers, or withdrawn by the school."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Inskickat")
        ACCEPTED = "accepted", _("Antaget")
        DECLINED = "declined", _("Inte antaget")
        WITHDRAWN = "withdrawn", _("Tillbakadraget")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="contributions",
                              verbose_name=_("evenemang"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("skola"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("inskickat av"))
    title = models.CharField(_("titel"), max_length=200)
    ensemble = models.CharField(_("grupp eller ensemble"), max_length=200)
    performers = models.PositiveSmallIntegerField(
        _("antal medverkande"), validators=[MinValueValidator(1), MaxValueValidator(500)])
    length_minutes = models.PositiveSmallIntegerField(
        _("längd (minuter)"), validators=[MinValueValidator(1), MaxValueValidator(240)])
    technical_needs = models.TextField(_("tekniska behov"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.SUBMITTED)
    position = models.PositiveSmallIntegerField(_("ordning i programmet"), null=True,
                                                blank=True)
    starts_at = models.DateTimeField(_("tid i programmet"), null=True, blank=True)
    created_at = models.DateTimeField(_("inskickat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrat"), auto_now=True)

    # Placing is a bulk update (programme.services); the published programme is in the open
    # API's cached answers (api/), so those updates bump the public pages' version too.
    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "starts_at", "pk"]
        verbose_name = _("programpunkt")
        verbose_name_plural = _("programpunkter")

    def __str__(self):
        return f"{self.title} ({self.school})"

    def clean(self):
        """A placed act lies within its festival: it starts no earlier than the festival and
        ends (start + length) no later. Admin, the organisers' page and the service all
        pass here."""
        if self.starts_at is None or self.event_id is None:
            return
        event = self.event
        ends = self.starts_at + timedelta(minutes=self.length_minutes or 0)
        if self.starts_at < event.starts_at or ends > event.ends_at:
            start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
            end_format = "H:i" if start.date() == end.date() else "j F Y H:i"
            raise ValidationError({"starts_at": _(
                "Programpunkten måste rymmas inom festivalen, %(start)s–%(end)s. "
                "Välj en tid då festivalen pågår.") % {
                    "start": formats.date_format(start, "j F Y H:i"),
                    "end": formats.date_format(end, end_format)}})

"""A meeting's agenda, decisions and action items.

A meeting is an events.Event of a meeting kind (events.models.MEETING_KINDS); its
minutes are the event's own `minutes` field. Until the split of events (ADR 0002)
these models lived in events, on the tables events_agendaitem, events_decision and
events_actionitem (renamed by migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core import bounds
from events.models import Event


class AgendaItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items",
                              verbose_name=_("möte"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0,
                                                validators=bounds.smallint())
    title = models.CharField(_("punkt"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("föreslagen av"))
    created_at = models.DateTimeField(_("föreslagen"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("dagordningspunkt")
        verbose_name_plural = _("dagordning")

    def __str__(self):
        return self.title


class Decision(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="decisions",
                              verbose_name=_("möte"))
    text = models.TextField(_("beslut"))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("beslut")
        verbose_name_plural = _("beslut")

    def __str__(self):
        return self.text[:60]


class ActionItemQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_at=None)

    def carried_over_to(self, event):
        """Open items from earlier meetings of the same series (kind, network and audience).

        The audience must match too: items of a members-only meeting never reach a public
        meeting's page or its reminder mails."""
        return self.open().filter(event__kind=event.kind, event__network=event.network,
                                  event__audience=event.audience,
                                  event__starts_at__lt=event.starts_at)


class ActionItem(models.Model):
    """A task from a meeting with an owner; it follows to the next meeting until done."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="action_items",
                              verbose_name=_("möte"))
    text = models.CharField(_("åtgärd"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("ansvarig"))
    due_date = models.DateField(_("klart senast"), null=True, blank=True,
                                validators=[bounds.validate_date_in_range])
    done_at = models.DateTimeField(_("klart"), null=True, blank=True)

    objects = ActionItemQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("åtgärdspunkt")
        verbose_name_plural = _("åtgärdspunkter")

    def __str__(self):
        return self.text



from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from schools.models import Subject


class Network(models.Model):
    """A subject network of teachers, or the heads' network (heads only)."""

    class Kind(models.TextChoices):
        SUBJECT = "subject", _("Ämnesnätverk")
        HEADS = "heads", _("Chefsnätverk")

    name = models.CharField(_("namn"), max_length=150, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.SUBJECT)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="networks", verbose_name=_("ämne"))
    description = models.TextField(_("beskrivning"), blank=True)
    is_open = models.BooleanField(
        _("öppet"), default=True,
        help_text=_("Öppna nätverk går att gå med i direkt; i stängda godkänner en sammankallande."))
    created_at = models.DateTimeField(_("skapat"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("networks:detail", args=[self.slug])


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
    joined_at = models.DateTimeField(_("gick med"), auto_now_add=True)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["network", "user"], name="one_membership_per_network"),
        ]

    def __str__(self):
        return f"{self.user} i {self.network}"

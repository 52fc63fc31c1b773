"""The sites allowed to frame the portal's embeds (the CSP frame-ancestors of those pages)."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.pagecache import VersionedQuerySet

# A scheme and a host (a leading "*." for every subdomain), an optional port, nothing else:
# what CSP accepts as a host-source, without paths, quotes or spaces that could widen or
# break the policy.
ORIGIN = re.compile(
    r"^https?://(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"
    r"(:\d{1,5})?$")


class EmbedOriginQuerySet(VersionedQuerySet):
    def active(self):
        return self.filter(is_active=True)


class EmbedOrigin(models.Model):
    """A municipal website (or CMS) that may show the portal's listings in an iframe."""

    origin = models.CharField(
        _("webbplats"), max_length=200, unique=True,
        help_text=_("Schema och värdnamn utan sökväg, t.ex. https://www.boras.se eller "
                    "https://*.boras.se för alla underdomäner."))
    description = models.CharField(_("beskrivning"), max_length=200, blank=True,
                                   help_text=_("T.ex. vilken kommun och vilken sida."))
    is_active = models.BooleanField(_("aktiv"), default=True)
    created_at = models.DateTimeField(_("tillagd"), auto_now_add=True)

    objects = EmbedOriginQuerySet.as_manager()

    class Meta:
        ordering = ["origin"]
        verbose_name = _("tillåten webbplats för inbäddning")
        verbose_name_plural = _("tillåtna webbplatser för inbäddning")

    def __str__(self):
        return self.origin

    def clean(self):
        self.origin = (self.origin or "").strip().lower().rstrip("/")
        if not ORIGIN.match(self.origin):
            raise ValidationError({"origin": _(
                "Skriv bara schema och värdnamn, t.ex. https://www.boras.se (ingen sökväg).")})

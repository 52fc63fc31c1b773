from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessibilityReport(models.Model):
    """A problem reported from the accessibility statement (the DOS law requires a way)."""

    page_url = models.CharField(_("sida"), max_length=500, blank=True,
                                help_text=_("Adressen till sidan där problemet finns."))
    description = models.TextField(_("beskrivning"))
    contact_email = models.EmailField(_("e-post för svar"), blank=True)
    created_at = models.DateTimeField(_("inkommen"), auto_now_add=True)
    handled = models.BooleanField(_("åtgärdad"), default=False)
    response_notes = models.TextField(_("anteckningar"), blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tillgänglighetsrapport")
        verbose_name_plural = _("tillgänglighetsrapporter")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d}: {self.description[:60]}"

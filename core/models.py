from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """When a periodic job last ran; /health/ turns red when one is too old.

    Kept in the database rather than the cache, so a restarted Redis does not
    look like a dead beat, and `manage.py health` reads the same rows.
    """

    name = models.CharField(_("namn"), max_length=50, primary_key=True)
    beaten_at = models.DateTimeField(_("senast"))

    class Meta:
        verbose_name = _("livstecken")
        verbose_name_plural = _("livstecken")

    def __str__(self):
        return f"{self.name}: {self.beaten_at:%Y-%m-%d %H:%M:%S}"

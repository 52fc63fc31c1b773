from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import privacy


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Ämnesnätverk")

    def ready(self):
        # The hooks import models, which exist only once the app registry is ready.
        from networks import privacy as networks_privacy

        privacy.register("networks", networks_privacy)

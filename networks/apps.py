from django.apps import AppConfig

from core import privacy


class NetworksConfig(AppConfig):
    name = "networks"

    def ready(self):
        # The hooks import models, which exist only once the app registry is ready.
        from networks import privacy as networks_privacy

        privacy.register("networks", networks_privacy)

from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"

    def ready(self):
        from core import privacy
        from networks import privacy as networks_privacy

        privacy.register("networks", networks_privacy)

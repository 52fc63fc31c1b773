from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Öppna data och inbäddning")

    def ready(self):
        from django.core import checks

        from api.checks import check_rate_limit
        from api.models import EmbedOrigin
        from core import pagecache
        from networks.models import Network
        from programme.models import Contribution

        # The API, the feeds and the embeds answer from the public pages' cache version;
        # these are what they show beyond what courses, events and schools already watch
        # (a festival's programme, a network's name), and the sites allowed to frame the
        # embeds (their CSP): a change in admin applies at once.
        pagecache.watch(Contribution, Network, EmbedOrigin)
        checks.register(check_rate_limit)

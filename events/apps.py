from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import privacy
from networks import page_sections


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Evenemang och möten")

    def ready(self):
        # These import models, which Django loads only after every app's config.
        from events import privacy as events_privacy
        from events import services

        privacy.register("events", events_privacy)
        # The network page lists the network's events; networks never imports events.
        page_sections.register(
            "events/_upcoming_for_network.html",
            lambda user, network: {"events": services.upcoming_network_events(user, network)})

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from core import privacy
        from events import privacy as events_privacy
        from events import services
        from networks import page_sections

        privacy.register("events", events_privacy)
        page_sections.register(
            "events/_upcoming_for_network.html",
            lambda user, network: {"events": services.upcoming_network_events(user, network)})

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import pagecache, privacy
from networks import page_sections
from schools import page_sections as school_page_sections


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Evenemang")

    def ready(self):
        # These import models, which Django loads only after every app's config.
        from core import mail_outbox
        from events import privacy as events_privacy
        from events import reminders, services
        from events.models import Event

        privacy.register("events", events_privacy)
        # Reminders are outbox rows: core's engine asks us, when it sends one, whether it
        # is still wanted and what it says.
        mail_outbox.register(reminders.CONCERN, reminders.ReminderChunk)
        # The network page lists the network's events; networks never imports events.
        page_sections.register(
            "events/_upcoming_for_network.html",
            lambda user, network: {"events": services.upcoming_network_events(user, network)})
        # A school's page lists its upcoming public events; schools never imports events.
        school_page_sections.register(
            "events/_school_events.html",
            lambda school: {"events": services.upcoming_public_events_hosted_by(school)})
        # That page is cached for anonymous visitors: an event change is on it at once.
        pagecache.watch(Event, Event.host_schools.through)

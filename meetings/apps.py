from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Möten")

    def ready(self):
        # These import models, which Django loads only after every app's config.
        from core import privacy
        from events import mail_context, page_sections
        from meetings import privacy as meetings_privacy
        from meetings import sections

        privacy.register("meetings", meetings_privacy)
        # A meeting's page shows its agenda, minutes and action items; events never
        # imports meetings, so it renders what is registered here.
        page_sections.register("meetings/_event_section.html", sections.event_section,
                               slot=page_sections.AFTER_QUOTAS)
        # The reminder mail of a meeting lists the agenda and the open action items.
        mail_context.register(sections.reminder_context)

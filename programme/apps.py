from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Festivalprogram")

    def ready(self):
        # These import models, which Django loads only after every app's config.
        from events import page_sections
        from programme import sections

        # A festival's page shows its published programme and the link to the
        # contributions; events never imports programme, so it renders what is
        # registered here.
        page_sections.register("programme/_event_section.html", sections.event_section,
                               slot=page_sections.AFTER_PREPARATION)

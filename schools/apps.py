from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import pagecache


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = _("Skolor och ämnen")

    def ready(self):
        # Models exist only once the app registry is ready.
        from schools.models import Municipality, School, Subject

        # The school list, the catalogue and the course pages show all of these.
        pagecache.watch(Municipality, School, Subject, School.subjects.through)
